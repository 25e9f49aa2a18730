"""gradebook.csv's rows: the auto-graded part, the written marks merged so far and their sum apart; no mark for a
hand-in that was not graded (an LMS import must leave it empty, never write a zero); grading-errors.log lists
exactly the grader-error rows."""

from __future__ import annotations

import csv
from pathlib import Path

from course.grading import csvfile, gradebook
from course.grading.results import fmt
from tests.grading_rows import ASSIGNMENT, WRITTEN, row


def test_gradebook_rows_add_the_written_marks_to_the_auto_graded_part(tmp_path: Path) -> None:
    rows = [
        row("ada", tmp_path, scores={"q1_lines": 1.5}),
        row("bob", tmp_path),
        row("cy", tmp_path, status="invalid"),
    ]
    header, table = gradebook.gradebook_rows(rows, {("ada", ASSIGNMENT, WRITTEN): 2.5})
    csvfile.write(tmp_path / "gradebook.csv", header, table)

    with (tmp_path / "gradebook.csv").open(encoding="utf-8") as handle:
        read = {line["student"]: line for line in csv.DictReader(handle)}
    assert header[: len(gradebook.FIXED_COLUMNS) - 4] == gradebook.FIXED_COLUMNS[:-4]
    assert header.index("q1_lines") < header.index(WRITTEN) < header.index("late")
    ada, bob, cy = read["ada"], read["bob"], read["cy"]
    assert (ada["total"], ada["auto"], ada["written"], ada["q1_lines"], ada[WRITTEN]) == (
        "4",
        "1.5",
        "2.5",
        "1.5",
        "2.5",
    )
    assert (ada["possible"], ada["auto_possible"], ada["written_possible"]) == ("6", "2", "4")
    assert (bob["total"], bob["written"], bob[WRITTEN]) == ("2", "", "")  # not marked yet: no written mark
    assert (cy["status"], cy["total"], cy["auto"]) == ("invalid", "", "")
    assert cy["reason"] == "the invalid reason"


def test_the_error_log_lists_the_grader_errors_and_goes_when_there_are_none(tmp_path: Path) -> None:
    log = tmp_path / "grading-errors.log"
    gradebook.write_error_log([row("ada", tmp_path), row("bob", tmp_path, status="grader-error")], tmp_path)
    text = log.read_text(encoding="utf-8")
    assert f"== {tmp_path / 'bob.ipynb'}" in text and "Traceback: the grader's own" in text and "ada" not in text

    gradebook.write_error_log([row("bob", tmp_path)], tmp_path)  # bob graded again, this time without an error
    assert not log.exists()


def test_fmt_shows_a_score_without_trailing_zeros() -> None:
    assert [fmt(v) for v in (3.0, 2.5, 1 / 3, None)] == ["3", "2.5", "0.3333", ""]
    assert fmt(1 / 3, 2) == "0.33"
