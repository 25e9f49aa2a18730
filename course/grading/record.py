"""Record: the gradebook, each student's feedback, written answers, the error log, and marks merged later.

Feedback shows public test messages only; for hidden tests, how many passed, never their source,
values or messages. Every CSV goes through course.grading.csvfile (no cell a spreadsheet would run).
Each student's feedback file has a name of its own, even when two ids differ only in punctuation.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from course.grading import csvfile, lms, report
from course.grading.results import NOT_GRADED, Row, Status

FIXED_COLUMNS = ["student", "assignment", "status", "total", "possible", "isolation", "reason", "file"]


def columns(rows: list[Row]) -> tuple[list[str], list[str]]:
    """Auto-graded and written question columns, in course order, over every assignment in the rows."""
    auto, manual = [], []
    for ag in sorted({id(r.autograder): r.autograder for r in rows if r.autograder}.values(), key=lambda a: a.name):
        auto += [q for q in ag.questions if q not in auto]
        manual += [name for name, _ in ag.manual if name not in manual]
    return auto, manual


def fmt(value: float | None) -> str:
    """A score as the CSV shows it: no trailing .0, at most 4 decimals."""
    return "" if value is None else f"{round(value, 4):g}"


def gradebook_rows(rows: list[Row]) -> tuple[list[str], list[dict[str, Any]]]:
    """The gradebook's header and rows (written-question columns stay empty until marks are merged)."""
    auto, manual = columns(rows)
    header = ["student", "assignment", "status", "total", "possible", *auto, *manual, "isolation", "reason", "file"]
    table = []
    for row in rows:
        ag = row.autograder
        line: dict[str, Any] = {
            "student": row.submission.student,
            "assignment": row.submission.assignment,
            "status": str(row.status),
            "total": fmt(row.total),
            "possible": fmt(ag.auto_possible + sum(p for _, p in ag.manual)) if ag else "",
            "isolation": row.isolation,
            "reason": " | ".join(r for r in row.reasons if r),
            "file": str(row.submission.path),
        }
        for question in auto:
            line[question] = fmt(row.scores[question]) if question in row.scores else ""
        for question in manual:
            line[question] = ""
        table.append(line)
    return header, table


def feedback_text(row: Row) -> str:
    """A student's feedback: per question, passed or what failed, from public test messages only."""
    ag, sub = row.autograder, row.submission
    lines = [f"# {sub.assignment or sub.path.name}: feedback for {sub.student}", ""]
    if ag is None or row.outcome is None or not row.graded:
        lines += [f"Your file `{sub.path.name}` could not be graded: {'; '.join(row.reasons)}.", ""]
        lines.append("Please hand in the notebook again (save it first, then use the notebook's hand-in button).")
        return "\n".join(lines) + "\n"
    lines += [f"Auto-graded score: **{fmt(sum(row.scores.values()))} / {fmt(ag.auto_possible)}**.", ""]
    if ag.manual:
        names = ", ".join(f"{n} ({fmt(p)} points)" for n, p in ag.manual)
        lines += [f"Written questions, marked by hand with the course rubrics: {names}.", ""]
    notes = {
        Status.TIMEOUT: "Your notebook did not finish within the time limit: look for a loop that never ends.",
        Status.CRASHED: "Your notebook stopped Python itself (for example by using too much memory).",
        Status.TAMPERED: "Your notebook changed Python's or the grader's own objects; your teacher will check it.",
        Status.CELL_ERRORS: "Some cells raised errors when your notebook was run from top to bottom:",
        Status.OUTPUT_LIMIT: "Your notebook printed too much output; the rest was cut.",
    }
    if row.status in notes:
        lines.append(notes[Status(row.status)])
        if row.status == Status.CELL_ERRORS:
            lines += [f"- {error}" for error in row.outcome.cell_errors[:10]]
        lines.append("")
    lines += ["Run **Kernel > Restart Kernel and Run All Cells** before you hand in: that is how it is graded.", ""]
    for question in ag.questions:
        result = row.outcome.questions.get(question)
        blank = " (left blank)" if question in row.blank else ""
        lines += [f"## {question}: {fmt(row.scores.get(question, 0.0))} / {fmt(ag.possible[question])}{blank}", ""]
        if result is None:
            lines += ["Not graded: the notebook stopped before this question could be checked.", ""]
            continue
        for case in result.cases:
            if case.hidden:
                continue
            message = public_message(case.message) if not case.passed else ""
            said = f": {message}" if message else ""
            lines.append(f"- {'passed' if case.passed else 'failed'}: {case.name}{said}")
        hidden = [case for case in result.cases if case.hidden]
        if hidden:
            passed = sum(case.passed for case in hidden)
            lines.append(f"- {passed} of {len(hidden)} further checks passed (hidden checks of the answer itself)")
        lines.append("")
    return "\n".join(lines)


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


def write_all(rows: list[Row], out: Path) -> None:
    """gradebook.csv, feedback/, written-answers.csv, grading-errors.log, report.html and canvas.csv."""
    header, table = gradebook_rows(rows)
    csvfile.write(out / "gradebook.csv", header, table)
    for row in rows:
        student = safe_name(row.submission.student)
        assignment = safe_name(row.submission.assignment or row.submission.path.name)
        path = out / "feedback" / student / f"{assignment}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(feedback_text(row), encoding="utf-8")
    written = [
        {
            "student": row.submission.student,
            "assignment": row.submission.assignment,
            "question": name,
            "points": fmt(points),
            "answer": row.written.get(name, ""),
            "blank": "yes" if name in row.blank else "",
            "mark": "",
            "comment": "",
        }
        for row in rows
        if row.autograder and row.graded
        for name, points in row.autograder.manual
    ]
    csvfile.write(
        out / "written-answers.csv",
        ["student", "assignment", "question", "points", "answer", "blank", "mark", "comment"],
        written,
    )
    errors = [row for row in rows if row.status == Status.GRADER_ERROR]
    log = out / "grading-errors.log"
    if errors:
        entries = [f"== {row.submission.path}\n{row.outcome.traceback if row.outcome else ''}\n" for row in errors]
        log.write_text("\n".join(entries), encoding="utf-8")
    elif log.exists():
        log.unlink()
    (out / "report.html").write_text(report.html(rows), encoding="utf-8")
    lms.write_canvas(out / "canvas.csv", out / "gradebook.csv")


def merge_marks(out: Path, marks: Path | None = None) -> tuple[int, list[str]]:
    """Put the rubric marks from written-answers.csv into gradebook.csv (and canvas.csv); return (merged, problems)."""
    marks = marks or out / "written-answers.csv"
    gradebook = out / "gradebook.csv"
    if not gradebook.exists():
        raise FileNotFoundError(f"no gradebook at {gradebook}: run 'python -m course grade' first")
    header, table = csvfile.read(gradebook)
    _, entries = csvfile.read(marks)
    index = {(line["student"], line["assignment"]): line for line in table}
    problems, merged = [], 0
    for number, entry in enumerate(entries, start=2):
        mark = (entry.get("mark") or "").strip()
        if not mark:
            continue
        where = f"{marks.name} line {number} ({entry.get('student')}, {entry.get('question')})"
        line = index.get((entry.get("student", ""), entry.get("assignment", "")))
        question = entry.get("question", "")
        if line is None or question not in header or question in FIXED_COLUMNS:
            problems.append(f"{where}: no such student, assignment or question in the gradebook")
            continue
        try:
            value = float(mark)
        except ValueError:
            problems.append(f"{where}: mark '{mark}' is not a number")
            continue
        points = float(entry.get("points") or 0)
        if not 0 <= value <= points:
            problems.append(f"{where}: mark {mark} is outside 0..{fmt(points)}")
            continue
        line[question] = fmt(value)
        merged += 1
    question_columns = [c for c in header if c not in FIXED_COLUMNS]
    for line in table:
        if line["status"] in NOT_GRADED:
            continue
        line["total"] = fmt(sum(float(line[c]) for c in question_columns if line.get(c, "") != ""))
    csvfile.write(gradebook, header, table)
    lms.write_canvas(out / "canvas.csv", gradebook)
    return merged, problems
