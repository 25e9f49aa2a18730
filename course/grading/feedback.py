"""Feedback: what each student reads about their hand-in, one Markdown file per student and assignment.

Feedback shows public test messages only; for hidden tests, how many passed, never their source,
values or messages. Written questions show the marker's mark, criterion marks and comment from the
written-answers sheet, and say "provisional" while the sheet's check column holds a mark whose
answer changed after it was marked. It is separate from the gradebook because it is written to the
student, not the teacher: what it may show is the security boundary of the hidden tests. The same
texts go into feedback-canvas.zip for Canvas's re-upload (course.grading.lms, which knows Canvas's
file names).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from course.grading import lms, marks
from course.grading.results import NOT_GRADED, NOT_REACHED, Row, Status, fmt

NOTES = {
    Status.TIMEOUT: "Your notebook did not finish within the time limit, so the questions after the point where it "
    "stopped were not reached. Look for a loop that never ends or a very slow cell.",
    Status.CRASHED: "Your notebook stopped Python itself (for example by using too much memory), so it could not "
    "be graded.",
    Status.TAMPERED: "Your notebook changed some of Python's own names or the checking code. Your teacher will "
    "look at your answers by hand.",
    Status.NEEDS_A_LOOK: "Your teacher will look at some of your answers by hand before your mark is final.",
    Status.CELL_ERRORS: "Some cells stopped with an error when your notebook was run from top to bottom:",
    Status.OUTPUT_LIMIT: "Your notebook printed a very large amount of output; only the first part was kept.",
    Status.DUPLICATE: "You handed in more than one file; the newest one was graded.",
}


PROVISIONAL = (
    "This mark is provisional: your answer changed after it was marked, so your marker will look at it again. "
    "It becomes final when they have."
)


def readable(name: str) -> str:
    """A test's name for a student: 'q1_lines - 2' becomes 'check 2'."""
    number = name.rsplit(" - ", 1)[-1].strip()
    return f"check {number}" if number.isdigit() else name.replace("_", " ")


def feedback_text(row: Row, sheet: dict[tuple[str, str, str], dict[str, str]] | None = None) -> str:
    """A student's feedback, written to them: per question, what passed, what to fix, and their marker's comments."""
    ag, sub = row.autograder, row.submission
    title = sub.assignment or sub.path.name
    lines = [f"# Feedback on {title}", ""]
    if ag is None or row.outcome is None or not row.graded or row.status in NOT_GRADED:
        lines += [f"Your file `{sub.path.name}` could not be graded: {'; '.join(r for r in row.reasons if r)}.", ""]
        lines.append(
            "Please hand in the notebook again: save it, then use the hand-in cell at the end of the notebook."
        )
        return "\n".join(lines) + "\n"
    lines += [f"Auto-graded score: **{fmt(sum(row.scores.values()))} / {fmt(ag.auto_possible)}**.", ""]
    if row.status in NOTES:
        lines.append(NOTES[Status(row.status)])
        if row.status == Status.CELL_ERRORS:
            lines += [f"- {error}" for error in row.outcome.cell_errors[:10]]
        lines.append("")
    lines += [
        "Before you hand in, run **Kernel > Restart Kernel and Run All Cells**: that is how your notebook is graded.",
        "",
    ]
    stopped = row.outcome.state in ("timeout", "killed", "crashed")
    for question in ag.questions:
        result = row.outcome.questions.get(question)
        blank = " (left blank)" if question in row.blank else ""
        missed = result is None or result.when.startswith(NOT_REACHED)
        heading = f"## {question}: {fmt(row.scores.get(question, 0.0))} / {fmt(ag.possible[question])}"
        lines += [heading + (" (not reached)" if missed and stopped else blank), ""]
        if result is None or missed:
            where = result.when[:1].upper() + result.when[1:] + "." if result is not None else ""
            lines += [
                where or "Not reached: your notebook stopped before this question could be checked."
                if stopped
                else "Not checked: the notebook did not get as far as this question's check.",
                "",
            ]
            continue
        for case in result.cases:
            if case.hidden:
                continue
            message = public_message(case.message) if not case.passed else ""
            said = f": {message}" if message else ""
            lines.append(f"- {readable(case.name)} {'passed' if case.passed else 'not passed'}{said}")
        hidden = [case for case in result.cases if case.hidden]
        if hidden:
            passed = sum(case.passed for case in hidden)
            lines.append(f"- {passed} of {len(hidden)} further checks of your answer passed")
        lines.append("")
    lines += written_feedback(row, sheet or {})
    return "\n".join(lines)


def written_feedback(row: Row, sheet: dict[tuple[str, str, str], dict[str, str]]) -> list[str]:
    """The written questions: the mark and each criterion once marked, and the marker's comment."""
    ag, sub = row.autograder, row.submission
    assert ag is not None
    lines: list[str] = []
    table = marks.rubrics()
    for name, points in ag.manual:
        entry = sheet.get((sub.student, sub.assignment, name), {})
        mark = entry.get("mark", "").strip()
        criteria = [(c, top, entry.get(marks.criterion_column(c, top), "").strip()) for c, top in table.get(name, [])]
        if not mark and criteria and all(v for _, _, v in criteria):
            try:
                mark = fmt(sum(marks.number(v) for _, _, v in criteria))
            except ValueError:
                mark = ""
        shown = f"{mark} / {fmt(points)}" if mark else f"not marked yet (out of {fmt(points)})"
        flagged = bool(mark and entry.get(marks.CHECK, "").strip())
        lines += [f"## {name} (written, marked with the course rubric): {shown}{' (provisional)' if flagged else ''}"]
        lines.append("")
        if flagged:  # the answer changed after it was marked: final only once the marker clears the check
            lines += [PROVISIONAL, ""]
        lines += [f"- {c}: {v} / {fmt(top)}" for c, top, v in criteria if v]
        comment = entry.get("comment", "").strip()
        if comment:
            lines += ["", f"Comment from your marker: {comment}"]
        lines.append("")
    return lines


def public_message(message: str) -> str:
    """The assertion message of a failed public test (what to fix), without the test's code."""
    text = (message or "").strip().splitlines()
    last = text[-1] if text else ""
    return last[len("AssertionError: ") :] if last.startswith("AssertionError: ") else last


def safe_name(text: str) -> str:
    """A file-name-safe version of a name, unique to it: a short hash is added when characters were replaced."""
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in text).strip("._")
    if cleaned == text and cleaned:
        return cleaned
    return f"{cleaned or 'unknown'}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def write_feedback(rows: list[Row], out: Path, sheet: dict[tuple[str, str, str], dict[str, str]]) -> None:
    """feedback/STUDENT/ASSIGNMENT.md for every row, and feedback-canvas.zip for the rows Canvas handed in."""
    returned: list[tuple[str, str, str]] = []
    for row in rows:
        student = safe_name(row.submission.student)
        assignment = safe_name(row.submission.assignment or row.submission.path.name)
        path = out / "feedback" / student / f"{assignment}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = feedback_text(row, sheet)
        path.write_text(text, encoding="utf-8")
        returned.append((row.submission.path.name, assignment, text))
    lms.write_feedback_zip(out / lms.FEEDBACK_ZIP, returned)
