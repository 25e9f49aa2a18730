"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "course" / "source"
NOTEBOOKS = ROOT / "notebooks"
SEED = ROOT / "seeds" / "rwanda-military-diplomacy.txt"


def master_paths() -> list[Path]:
    """Every master notebook, in course order."""
    return sorted(SOURCE.glob("[0-9][0-9]_*.ipynb"))


def student_paths() -> list[Path]:
    """Every student edition, in course order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """A notebook as nbformat reads it (validated, version 4)."""
    return nbformat.read(path, as_version=4)


def raw_json(path: Path) -> dict:
    """A notebook's JSON, for checks that must see exactly what is on disk."""
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The article, as the notebooks read it."""
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_dist() -> Path:
    """dist/ with autograders and solution notebooks, built once per test session if missing or stale."""
    from course import build

    dist = ROOT / "dist"
    newest_input = max(p.stat().st_mtime for p in [*master_paths(), *(ROOT / "data").iterdir()])
    zips = list((dist / "autograder").glob("*.zip"))
    if len(zips) < len(master_paths()) or min(z.stat().st_mtime for z in zips) < newest_input:
        build.build(log=lambda line: None)
    return dist


def otter_run(autograder: Path, notebook: Path, out: Path) -> dict:
    """Grade one notebook with `otter run` (in otter's own scratch directory) and return its results.json."""
    out.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "otter", "run", "-a", str(autograder), "-o", str(out), str(notebook)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=out,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((out / "results.json").read_text(encoding="utf-8"))
