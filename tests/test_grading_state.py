"""grading-state.json: a row written to the state comes back as it was, a folder written by an older version is
refused rather than overwritten, and combining a run's rows with the earlier ones replaces only the rows graded
now (same student and assignment, or same file) and keeps the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course.grading import state
from tests.grading_rows import ASSIGNMENT, row, row_data


def test_a_row_saved_in_the_state_is_read_back_as_it_was(tmp_path: Path) -> None:
    rows = [row("ada", tmp_path, written="The middle is long (P13)."), row("bob", tmp_path, status="grader-error")]
    roster = {"students": [{"name": "Ada"}], "columns": []}
    state.save_state(tmp_path, rows, roster)

    saved = json.loads((tmp_path / state.STATE).read_text(encoding="utf-8"))
    assert saved["version"] == state.STATE_VERSION and not (tmp_path / (state.STATE + ".new")).exists()
    again, roster_again = state.load_state(tmp_path)
    assert roster_again == roster
    assert [state.row_data(r) for r in again] == [state.row_data(r) for r in rows]
    assert again[0].written == {"q9_structure": "The middle is long (P13)."}
    assert again[0].outcome is not None and again[0].outcome.questions["q1_lines"].cases[1].hidden
    assert again[1].outcome is not None and again[1].outcome.traceback == "Traceback: the grader's own"


def test_a_new_folder_has_no_rows_and_an_old_gradebook_without_state_is_refused(tmp_path: Path) -> None:
    assert state.load_state(tmp_path) == ([], {})
    (tmp_path / "gradebook.csv").write_text("student,assignment\nada,x\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="merge-marks"):
        state.load_state(tmp_path)


def test_combine_replaces_the_rows_graded_now_and_keeps_the_others(tmp_path: Path) -> None:
    old = [row("ada", tmp_path), row("bob", tmp_path, scores={"q1_lines": 0.0})]
    stray = state.row_from({**row_data("cy", tmp_path), "assignment": "", "file": str(tmp_path / "notes.ipynb")})
    old.append(stray)
    new = [row("bob", tmp_path), row("dan", tmp_path)]
    changes = state.Changes()

    rows = state.combine(old, new, changes)

    assert [(r.submission.student, r.submission.assignment) for r in rows] == [
        ("cy", ""),
        ("ada", ASSIGNMENT),
        ("bob", ASSIGNMENT),
        ("dan", ASSIGNMENT),
    ]
    assert next(r for r in rows if r.submission.student == "bob").scores == {"q1_lines": 2.0}  # the new row
    assert changes.updated == [f"bob {ASSIGNMENT}"] and changes.new == [f"dan {ASSIGNMENT}"] and changes.kept == 2
    assert state.row_key(stray) == ("cy", f"file:{tmp_path / 'notes.ipynb'}")  # a file of no assignment: its own row


def test_changes_name_the_marks_to_check() -> None:
    changes = state.Changes(new=["ada 01"], kept=3, marks_kept=2, answer_changed=["bob q9_structure"])
    text = changes.text()
    assert "1 new row(s) (ada 01)" in text and "3 kept" in text and "2 marked written answer(s) kept" in text
    assert "answer changed after it was marked" in text and "bob q9_structure" in text
    assert "answer changed" not in state.Changes().text()
