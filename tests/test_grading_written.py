"""The written answers: taken from a notebook's manual questions, and laid out in the written-answers sheet with
every mark, criterion mark, comment and added column an earlier sheet held; a mark whose answer changed is
flagged for a second look, and a marked row is never dropped."""

from __future__ import annotations

import csv
from pathlib import Path

from course.grading import marks, written
from course.grading.state import Changes
from tests.grading_rows import ASSIGNMENT, WRITTEN, row


def cell(kind: str, source: str, answer: bool = False) -> dict:
    return {"cell_type": kind, "source": source, "metadata": {"tags": ["otter_answer_cell"] if answer else []}}


def test_written_answers_are_the_answer_cells_between_a_manual_questions_markers() -> None:
    notebook = {
        "cells": [
            cell("code", "lines = ...", answer=True),
            cell("code", 'grader.check("q1_lines")'),
            cell("markdown", "<!-- BEGIN QUESTION -->\n**Question 9.** Describe the structure."),
            cell("markdown", "The middle is long (P13).", answer=True),
            cell("markdown", "<!-- END QUESTION -->"),
        ]
    }
    assert written.written_answers(notebook, [WRITTEN]) == {WRITTEN: "The middle is long (P13)."}
    assert written.written_answers({"cells": []}, [WRITTEN]) == {WRITTEN: ""}


def test_written_text_is_the_argument_of_a_dict_answer_else_the_text() -> None:
    assert written.written_text('answer_1 = {"position": "regional", "argument": "Further afield (P14)."}') == (
        "Further afield (P14)."
    )
    assert written.written_text('answer_1 = {"position": ..., "argument": "..."}') == ""
    assert written.written_text("A markdown answer (P05).") == "A markdown answer (P05)."


def write_sheet(path: Path, entries: list[dict[str, str]]) -> marks.Sheet:
    header = [*marks.BASE, "Evidence [0-1]", *marks.MARKER, marks.CHECK, "second marker"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, restval="")
        writer.writeheader()
        writer.writerows(entries)
    return marks.read(path)


def test_the_sheet_keeps_every_mark_and_flags_a_changed_answer(tmp_path: Path) -> None:
    base = {"assignment": ASSIGNMENT, "question": WRITTEN, "points": "4"}
    earlier = write_sheet(
        tmp_path / "written-answers.csv",
        [
            {
                **base,
                "student": "ada",
                "answer": "Same answer.",
                "mark": "3",
                "comment": "Good.",
                "second marker": "JK",
            },
            {**base, "student": "bob", "answer": "First answer.", "mark": "2"},
            {**base, "student": "cy", "answer": "Gone.", "mark": "1"},  # cy's hand-in is no longer graded
            {**base, "student": "dan", "answer": "Not marked."},
        ],
    )
    rows = [
        row("ada", tmp_path, written="Same  answer."),  # the same words, spaced differently: not a change
        row("bob", tmp_path, written="Second answer."),
        row("dan", tmp_path, written="Not marked."),
        row("eve", tmp_path, status="grader-error"),  # not graded: no row in the sheet
    ]
    changes = Changes()

    header, entries = written.sheet_table(rows, earlier, changes)

    assert header[: len(marks.BASE)] == marks.BASE and header[-1] == "second marker"
    assert [c for c in header if marks.CRITERION.match(c)][:2] == [
        "Accuracy about the text [0-1]",
        "Use of measurement [0-1]",
    ]
    by_student = {e["student"]: e for e in entries}
    assert set(by_student) == {"ada", "bob", "cy", "dan"}
    ada, bob, cy, dan = (by_student[s] for s in ["ada", "bob", "cy", "dan"])
    assert (ada["mark"], ada["comment"], ada["second marker"], ada["check"]) == ("3", "Good.", "JK", "")
    assert (bob["mark"], bob["answer"], bob["check"]) == ("2", "Second answer.", "answer changed after it was marked")
    assert (cy["mark"], cy["check"]) == ("1", "no graded hand-in for this row any more")
    assert "mark" not in dan and dan["check"] == "" and dan["points"] == "4"
    assert changes.marks_kept == 3 and changes.answer_changed == [f"bob {WRITTEN}"]
