"""python -m course build/check: generated files are reproducible and drift is caught."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course import build
from tests.conftest import ROOT, master_paths

COPIED = ["binder", "course", "coursekit", "data", "seeds", "notebooks", "pyproject.toml"]


def run_course(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI from cwd, so that the `course` package of that tree is the one imported."""
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture()
def course_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the parts of the repository the build reads and writes."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.zip"))
        else:
            shutil.copy(source, tmp_path / name)
    return tmp_path


def test_check_passes_on_the_committed_tree() -> None:
    result = run_course(ROOT, "check")
    assert result.returncode == 0, result.stderr
    assert "current" in result.stdout


def test_check_fails_and_names_a_changed_master(course_copy: Path) -> None:
    master = course_copy / "course" / "source" / master_paths()[0].name
    notebook = json.loads(master.read_text(encoding="utf-8"))
    markdown = next(cell for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    markdown["source"] = ["A changed introduction.\n"]
    master.write_text(json.dumps(notebook, indent=1), encoding="utf-8")

    result = run_course(course_copy, "check")
    assert result.returncode == 1
    assert f"notebooks/{master.name}" in result.stderr
    assert "python -m course build" in result.stderr


def test_check_fails_on_stale_generated_data(course_copy: Path) -> None:
    paragraphs = course_copy / "data" / "paragraphs.csv"
    paragraphs.write_text(paragraphs.read_text(encoding="utf-8").replace("P25", "P99"), encoding="utf-8")
    result = run_course(course_copy, "check")
    assert result.returncode == 1
    assert "data/paragraphs.csv" in result.stderr


def test_check_fails_on_a_student_edition_without_master(course_copy: Path) -> None:
    shutil.copy(course_copy / "notebooks" / master_paths()[0].name, course_copy / "notebooks" / "99_renamed.ipynb")
    result = run_course(course_copy, "check")
    assert result.returncode == 1
    assert "notebooks/99_renamed.ipynb: no master" in result.stderr


def test_build_is_reproducible_byte_for_byte(course_copy: Path) -> None:
    first = run_course(course_copy, "build")
    assert first.returncode == 0, first.stderr
    snapshot = {p: p.read_bytes() for p in (course_copy / "notebooks").glob("*.ipynb")}
    zips = {p: p.read_bytes() for p in (course_copy / "dist" / "autograder").glob("*.zip")}
    second = run_course(course_copy, "build")
    assert second.returncode == 0, second.stderr
    assert "0 committed file(s) changed" in second.stdout
    assert snapshot == {p: p.read_bytes() for p in (course_copy / "notebooks").glob("*.ipynb")}
    assert zips == {p: p.read_bytes() for p in (course_copy / "dist" / "autograder").glob("*.zip")}
    assert len(zips) == len(master_paths())


def test_cell_ids_do_not_depend_on_the_run() -> None:
    built = build.assign(master_paths()[0])
    again = build.assign(master_paths()[0])
    assert built.student == again.student
    assert built.autograder == again.autograder


def test_missing_masters_are_an_error_that_says_where(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no master notebooks"):
        build.masters(tmp_path)


@pytest.mark.parametrize("command", ["build", "check"])
def test_each_command_has_help(command: str) -> None:
    result = run_course(ROOT, command, "--help")
    assert result.returncode == 0
    assert "usage: python -m course " + command in result.stdout


def test_check_fails_on_a_drifted_checkpoint_store(course_copy: Path) -> None:
    """The store students get (data/checkpoints/) is made from course/answers; an edited copy is caught."""
    store = course_copy / "data" / "checkpoints" / "01.json"
    store.write_text(store.read_text(encoding="utf-8").replace('"q1_lines"', '"q2_headings"'), encoding="utf-8")
    result = run_course(course_copy, "check")
    assert result.returncode == 1
    assert "data/checkpoints/01.json" in result.stderr
