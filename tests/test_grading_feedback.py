"""Each student's feedback: what to fix from the public checks, only a count of the hidden ones (never their
names, source or messages), the written mark and the marker's comment once marked, "provisional" while the
mark waits for a second look, and one file per student and assignment, whatever the student's name holds."""

from __future__ import annotations

from pathlib import Path

from course.grading import feedback, lms
from tests.grading_rows import ASSIGNMENT, WRITTEN, row


def test_feedback_says_what_to_fix_and_counts_the_hidden_checks(tmp_path: Path) -> None:
    text = feedback.feedback_text(row("ada", tmp_path, scores={"q1_lines": 0.0}, blank=["q1_lines"]))

    assert text.startswith(f"# Feedback on {ASSIGNMENT}")
    assert "Auto-graded score: **0 / 2**" in text
    assert "## q1_lines: 0 / 2 (left blank)" in text
    assert "- check 1 not passed: lines should be a list of strings" in text
    assert "- 0 of 1 further checks of your answer passed" in text
    assert "check 2" not in text and "AssertionError" not in text  # the hidden case is counted, never named
    assert f"## {WRITTEN} (written, marked with the course rubric): not marked yet (out of 4)" in text


def test_a_written_mark_shows_with_its_criteria_and_comment_and_is_provisional_while_flagged(tmp_path: Path) -> None:
    criteria = {"Accuracy about the text [0-1]": "1", "Use of measurement [0-1]": "0.5", "Evidence [0-1]": "1"}
    entry = {**criteria, "Argument and clarity [0-1]": "1", "comment": "Clear claim.", "check": ""}
    sheet = {("ada", ASSIGNMENT, WRITTEN): entry}
    text = feedback.feedback_text(row("ada", tmp_path), sheet)

    assert f"## {WRITTEN} (written, marked with the course rubric): 3.5 / 4\n" in text  # the criteria's sum
    assert "- Use of measurement: 0.5 / 1" in text and "Comment from your marker: Clear claim." in text
    assert feedback.PROVISIONAL not in text

    entry["check"] = "answer changed after it was marked"
    flagged = feedback.feedback_text(row("ada", tmp_path), sheet)
    assert "3.5 / 4 (provisional)" in flagged and feedback.PROVISIONAL in flagged


def test_a_file_that_could_not_be_graded_is_asked_for_again(tmp_path: Path) -> None:
    text = feedback.feedback_text(row("cy", tmp_path, status="invalid"))
    assert "could not be graded: the invalid reason." in text and "hand in the notebook again" in text
    assert "Auto-graded score" not in text


def test_write_feedback_gives_each_student_their_own_file(tmp_path: Path) -> None:
    names = ["o'brien", "o_brien", "obrien", "Zoë Lee"]
    rows = [row(name, tmp_path / "hand-ins") for name in names]
    out = tmp_path / "out"
    feedback.write_feedback(rows, out, {})

    files = sorted(out.glob("feedback/*/*.md"))
    assert len(files) == len(names) and {f.name for f in files} == {f"{ASSIGNMENT}.md"}
    assert len({feedback.safe_name(name) for name in names}) == len(names)
    assert feedback.safe_name("obrien") == "obrien" and feedback.safe_name("o'brien").startswith("o_brien-")
    read = (out / "feedback" / feedback.safe_name("o'brien") / f"{ASSIGNMENT}.md").read_text(encoding="utf-8")
    assert read == feedback.feedback_text(rows[0])
    assert not (out / lms.FEEDBACK_ZIP).exists()  # no file was a Canvas download: nothing to re-upload
