"""Which cell answers which question: the basis of blank detection and of written-answers.csv."""

from __future__ import annotations

import json

from course.grading import intake as submissions
from course.grading.written import written_answers
from tests.conftest import NOTEBOOKS


def answered(notebook: dict, variable: str, source: str) -> dict:
    """A copy of a student edition with the answer cell that assigns `variable` replaced."""
    copy = json.loads(json.dumps(notebook))
    cell = next(
        c
        for c in copy["cells"]
        if "otter_answer_cell" in (c["metadata"].get("tags") or []) and "".join(c["source"]).startswith(variable)
    )
    cell["source"] = source
    return copy


def test_code_answer_inside_a_manual_question_is_a_written_answer() -> None:
    student = json.loads((NOTEBOOKS / "06_discussion-exercises.ipynb").read_text(encoding="utf-8"))
    argument = "Rwanda looks further afield (P14)."
    source = f'answer_1 = {{"position": "mostly regional", "evidence": ["P14"], "argument": "{argument}"}}'
    names = ["q1_argument", "q2_argument", "q3_argument", "q4_argument", "q5_argument", "q6_argument"]

    written = written_answers(answered(student, "answer_1", source), names)
    assert argument in written["q1_argument"]
    assert "answer_2" in written["q2_argument"]  # the untouched template, which blank detection compares with

    blank = submissions.blank_questions(answered(student, "answer_1", source), student, names)
    assert "q1_argument" not in blank and "q1_motivation" not in blank
    assert "q2_argument" in blank and "q2_top_down" in blank


def test_markdown_answer_is_a_written_answer() -> None:
    student = json.loads((NOTEBOOKS / "01_reading-the-raw-text.ipynb").read_text(encoding="utf-8"))
    copy = json.loads(json.dumps(student))
    cell = next(
        c
        for c in copy["cells"]
        if c["cell_type"] == "markdown" and "otter_answer_cell" in (c["metadata"].get("tags") or [])
    )
    cell["source"] = "The motivations section is the longest (P13, P14)."
    assert written_answers(copy, ["q9_structure"]) == {
        "q9_structure": "The motivations section is the longest (P13, P14)."
    }
    assert submissions.blank_questions(student, student, ["q9_structure"]).count("q9_structure") == 1
    assert "q9_structure" not in submissions.blank_questions(copy, student, ["q9_structure"])
