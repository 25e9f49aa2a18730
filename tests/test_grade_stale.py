"""course grade never grades silently with a stale autograder: after a hidden test in a master is edited,
it refuses, names the zip and says how to rebuild it, before grading anything."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from course.grading import autograder
from tests.conftest import ROOT

NAME = "01_reading-the-raw-text"
COPIED = ["binder", "course", "coursekit", "data", "seeds", "notebooks", "pyproject.toml"]


def course_copy(folder: Path, dist: Path) -> Path:
    """A copy of the parts of the repository that grading reads, with master 01's built autograder."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__", "*.zip"))
        else:
            shutil.copy(source, folder / name)
    (folder / "dist" / "autograder").mkdir(parents=True)
    shutil.copy(dist / "autograder" / f"{NAME}.zip", folder / "dist" / "autograder")
    return folder


def edit_a_hidden_test(master: Path) -> None:
    notebook = json.loads(master.read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if "".join(c["source"]).startswith("# HIDDEN"))
    cell["source"] = "".join(cell["source"]) + "\n    assert len(lines) > 1, 'lines should hold more than one line.'\n"
    master.write_text(json.dumps(notebook, indent=1, ensure_ascii=False), encoding="utf-8")


def test_grade_refuses_a_zip_older_than_its_master(tmp_path: Path, built_dist: Path) -> None:
    root = course_copy(tmp_path / "course", built_dist)
    autograder.refuse_stale(NAME, root)  # the copied zip matches its master: no refusal
    edit_a_hidden_test(root / "course" / "source" / f"{NAME}.ipynb")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "course", "grade", f"notebooks/{NAME}.ipynb", "-o", str(out), "--unisolated"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"dist/autograder/{NAME}.zip" in result.stderr
    assert "nothing graded" in result.stderr and "python -m course build 01" in result.stderr
    assert not (out / "gradebook.csv").exists()
