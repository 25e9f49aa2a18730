"""Graded rows for the tests of the output modules (state, gradebook, feedback, written), built as the state keeps
them, so that each module is tested on its own without running a notebook in the jail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from course.grading.results import Row
from course.grading.state import row_from

ASSIGNMENT = "01_reading-the-raw-text"
WRITTEN = "q9_structure"  # a written question with a rubric in course/rubrics.md (four criteria, 0-1 each)


def row_data(
    student: str,
    folder: Path,
    *,
    scores: dict[str, float] | None = None,
    written: str = "",
    status: str = "ok",
    blank: list[str] | None = None,
) -> dict[str, Any]:
    """A row as grading-state.json holds it: q1_lines (2 points: one public and one hidden case) and the
    written question (4 points); q1_lines's public case passes when the score is full."""
    scores = {"q1_lines": 2.0} if scores is None else scores
    passed = scores.get("q1_lines", 0.0) == 2.0
    cases = [
        {
            "name": "q1_lines - 1",
            "hidden": False,
            "passed": passed,
            "message": "" if passed else "AssertionError: lines should be a list of strings",
        },
        {"name": "q1_lines - 2", "hidden": True, "passed": passed, "message": ""},
    ]
    graded = status not in ("grader-error", "invalid")
    outcome = {
        "key": f"0:{student}",
        "state": "grader-error" if status == "grader-error" else "ok",
        "traceback": "Traceback: the grader's own" if status == "grader-error" else "",
        "questions": {
            "q1_lines": {"score": scores.get("q1_lines", 0.0), "possible": 2, "when": "check", "cases": cases}
        }
        if graded
        else {},
    }
    return {
        "student": student,
        "assignment": ASSIGNMENT,
        "file": str(folder / f"{student}.ipynb"),
        "status": status,
        "reasons": [] if status == "ok" else [f"the {status} reason"],
        "scores": scores if graded else {},
        "outcome": None if status == "invalid" else outcome,
        "blank": blank or [],
        "written": {WRITTEN: written},
        "duplicates": [],
        "late": "",
        "autograder": {
            "name": ASSIGNMENT,
            "questions": ["q1_lines"],
            "possible": {"q1_lines": 2.0},
            "manual": [[WRITTEN, 4.0]],
        },
    }


def row(student: str, folder: Path, **kwargs: Any) -> Row:
    """A graded row, rebuilt from its state data as a later run rebuilds it."""
    return row_from(row_data(student, folder, **kwargs))
