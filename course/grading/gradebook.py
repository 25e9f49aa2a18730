"""The gradebook: one row per student and assignment, the auto-graded part and the written marks apart.

gradebook.csv is the teacher's table, and what canvas.csv is built from (course.grading.lms). It is a
module of its own because it is a pure function of the graded rows and the marks merged so far: it
keeps no state and reads no sheet, so a re-grade or a merge rebuilds it the same way. The error log
(grading-errors.log) is written here too: it is the teacher's list of the rows the gradebook marks
grader-error, with the traceback each one needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from course.grading.results import NOT_GRADED, Row, Status, fmt

PARTS = ["auto", "written", "auto_possible", "written_possible"]
FIXED_COLUMNS = ["student", "assignment", "status", "total", "possible", *PARTS, "late", "isolation", "reason", "file"]


def columns(rows: list[Row]) -> tuple[list[str], list[str]]:
    """Auto-graded and written question columns, in course order, over every assignment in the rows."""
    auto, manual = [], []
    for ag in sorted({r.autograder.name: r.autograder for r in rows if r.autograder}.values(), key=lambda a: a.name):
        auto += [q for q in ag.questions if q not in auto]
        manual += [name for name, _ in ag.manual if name not in manual]
    return auto, manual


Marks = dict[tuple[str, str, str], float]


def gradebook_rows(rows: list[Row], given: Marks | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """The gradebook's header and rows; written-question columns hold the marks merged from the sheet.

    ``total`` is the auto-graded score plus the written marks given so far; ``auto`` and ``written``
    are the two parts (the syllabus weights them apart).
    """
    given = given or {}
    auto, manual = columns(rows)
    header = ["student", "assignment", "status", "total", "possible", *PARTS, *auto, *manual]
    header += ["late", "isolation", "reason", "file"]
    table = []
    for row in rows:
        ag, sub = row.autograder, row.submission
        written = {
            name: given[(sub.student, sub.assignment, name)]
            for name, _ in (ag.manual if ag else [])
            if (sub.student, sub.assignment, name) in given
        }
        graded = row.total is not None and row.status not in NOT_GRADED
        line: dict[str, Any] = {
            "student": sub.student,
            "assignment": sub.assignment,
            "status": str(row.status),
            "total": fmt(row.total + sum(written.values())) if graded and row.total is not None else "",
            "possible": fmt(ag.auto_possible + sum(p for _, p in ag.manual)) if ag else "",
            "auto": fmt(row.total) if graded else "",
            "written": fmt(sum(written.values())) if graded and written else "",
            "auto_possible": fmt(ag.auto_possible) if ag else "",
            "written_possible": fmt(sum(p for _, p in ag.manual)) if ag and ag.manual else "",
            "late": row.late,
            "isolation": row.isolation,
            "reason": " | ".join(r for r in row.reasons if r),
            "file": str(sub.path),
        }
        for question in auto:
            line[question] = fmt(row.scores[question]) if question in row.scores else ""
        for question in manual:
            line[question] = fmt(written[question]) if question in written else ""
        table.append(line)
    return header, table


def write_error_log(rows: list[Row], out: Path) -> None:
    """grading-errors.log: the traceback of every grader-error row; no log (an old one removed) when there is none."""
    errors = [row for row in rows if row.status == Status.GRADER_ERROR]
    log = out / "grading-errors.log"
    if errors:
        entries = [f"== {row.submission.path}\n{row.outcome.traceback if row.outcome else ''}\n" for row in errors]
        log.write_text("\n".join(entries), encoding="utf-8")
    elif log.exists():
        log.unlink()
