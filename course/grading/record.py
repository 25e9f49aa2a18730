"""Record: the gradebook, each student's feedback, the written-answers sheet, the error log, marks merged later.

An output folder is kept across runs: ``grading-state.json`` holds every graded row, so grading one
late file into the folder updates that student's row and keeps every other row, and every mark,
criterion mark and comment the markers typed into written-answers.csv. The gradebook, feedback,
report and canvas.csv are always rebuilt from the state and the sheet, so a merge run twice gives
the same files. Feedback shows public test messages only; for hidden tests, how many passed, never
their source, values or messages. Every CSV goes through course.grading.csvfile.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.grading import csvfile, intake, lms, marks, report
from course.grading.autograder import Autograder
from course.grading.results import NOT_GRADED, NOT_REACHED, Outcome, Row, Status

STATE = "grading-state.json"
STATE_VERSION = 1
PARTS = ["auto", "written", "auto_possible", "written_possible"]
FIXED_COLUMNS = ["student", "assignment", "status", "total", "possible", *PARTS, "isolation", "reason", "file"]


def columns(rows: list[Row]) -> tuple[list[str], list[str]]:
    """Auto-graded and written question columns, in course order, over every assignment in the rows."""
    auto, manual = [], []
    for ag in sorted({r.autograder.name: r.autograder for r in rows if r.autograder}.values(), key=lambda a: a.name):
        auto += [q for q in ag.questions if q not in auto]
        manual += [name for name, _ in ag.manual if name not in manual]
    return auto, manual


def fmt(value: float | None) -> str:
    """A score as the CSV shows it: no trailing .0, at most 4 decimals."""
    return "" if value is None else f"{round(value, 4):g}"


Marks = dict[tuple[str, str, str], float]


def gradebook_rows(rows: list[Row], given: Marks | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """The gradebook's header and rows; written-question columns hold the marks merged from the sheet.

    ``total`` is the auto-graded score plus the written marks given so far; ``auto`` and ``written``
    are the two parts (the syllabus weights them apart).
    """
    given = given or {}
    auto, manual = columns(rows)
    header = ["student", "assignment", "status", "total", "possible", *PARTS, *auto, *manual]
    header += ["isolation", "reason", "file"]
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
        if missed:
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
        lines += [f"## {name} (written, marked with the course rubric): {shown}", ""]
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


# --- the state: every row, so that a later run can keep what it does not grade --------------------------------


def row_data(row: Row) -> dict[str, Any]:
    """A row as JSON data (what the next run needs to keep it and rewrite its files)."""
    ag, sub = row.autograder, row.submission
    return {
        "student": sub.student,
        "canvas_id": sub.canvas_id,
        "assignment": sub.assignment,
        "file": str(sub.path),
        "sub_status": sub.status,
        "sub_reason": sub.reason,
        "matched": sub.matched,
        "status": str(row.status),
        "reasons": row.reasons,
        "scores": row.scores,
        "outcome": row.outcome.to_data() if row.outcome else None,
        "blank": row.blank,
        "written": row.written,
        "duplicates": [str(p) for p in row.duplicates],
        "isolation": row.isolation,
        "autograder": {"name": ag.name, "questions": ag.questions, "possible": ag.possible, "manual": ag.manual}
        if ag
        else None,
    }


def row_from(data: dict[str, Any]) -> Row:
    """A row of an earlier run, rebuilt from the state (its autograder as the run saw it)."""
    sub = intake.Submission(
        path=Path(data["file"]),
        student=data["student"],
        canvas_id=data.get("canvas_id", ""),
        assignment=data["assignment"],
        status=data.get("sub_status", ""),
        reason=data.get("sub_reason", ""),
        matched=data.get("matched", ""),
    )
    ag = data.get("autograder")
    autograder = (
        Autograder(
            name=ag["name"],
            zip_path=Path(),
            questions=list(ag["questions"]),
            possible={k: float(v) for k, v in ag["possible"].items()},
            support_dir=Path(),
            manual=[(str(n), float(p)) for n, p in ag["manual"]],
            template={},
        )
        if ag
        else None
    )
    return Row(
        submission=sub,
        autograder=autograder,
        status=data["status"],
        reasons=list(data["reasons"]),
        scores={k: float(v) for k, v in data["scores"].items()},
        outcome=Outcome.from_data(data["outcome"]) if data.get("outcome") else None,
        blank=list(data["blank"]),
        written=dict(data["written"]),
        duplicates=[Path(p) for p in data["duplicates"]],
        isolation=data.get("isolation", ""),
    )


def load_state(out: Path) -> tuple[list[Row], dict[str, Any]]:
    """The rows and the roster of the runs so far; ([], {}) for a new folder.

    Raises RuntimeError for a folder with a gradebook but no state (written by an older version), so that
    nothing in it is overwritten.
    """
    path = out / STATE
    if not path.exists():
        if (out / "gradebook.csv").exists():
            raise RuntimeError(
                f"{out} holds a gradebook but no {STATE} (it was written by an older version), so grading into it "
                "could lose marks. Grade every hand-in into a new folder, then bring the marks over with "
                f"'python -m course merge-marks NEW --marks {out / 'written-answers.csv'}'"
            )
        return [], {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return [row_from(item) for item in data["rows"]], data.get("roster") or {}


def save_state(out: Path, rows: list[Row], roster: dict[str, Any]) -> None:
    data = {"version": STATE_VERSION, "rows": [row_data(r) for r in rows], "roster": roster}
    temporary = out / (STATE + ".new")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(out / STATE)


def row_key(row: Row) -> tuple[str, str]:
    """Rows are one per student and assignment; a file that is no assignment's is its own row."""
    sub = row.submission
    return (sub.student, sub.assignment) if sub.assignment else (sub.student, f"file:{sub.path}")


@dataclass
class Changes:
    """What a run changed in an output folder."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: int = 0
    marks_kept: int = 0
    answer_changed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def text(self) -> str:
        """A line for the console (more lines when a mark needs a look)."""

        def names(items: list[str]) -> str:
            return f" ({', '.join(items[:6])}{', ...' if len(items) > 6 else ''})" if items else ""

        lines = [
            f"output folder updated: {len(self.new)} new row(s){names(self.new)}, {len(self.updated)} updated"
            f"{names(self.updated)}, {self.kept} kept as they were; {self.marks_kept} marked written answer(s) kept"
        ]
        if self.answer_changed:
            lines.append(
                f"check these marks: the answer changed after it was marked (column 'check' of written-answers.csv): "
                f"{', '.join(self.answer_changed[:10])}"
            )
        lines += [f"not merged: {problem}" for problem in self.problems[:20]]
        if self.unmatched or self.missing:
            lines.append(
                f"roster: {len(self.unmatched)} file(s) match no student, {len(self.missing)} hand-in(s) missing "
                "(all listed in roster-report.csv beside the gradebook)"
            )
            lines += [f"  matches no student: {item}" for item in self.unmatched[:20]]
            lines += [f"  no hand-in: {item}" for item in self.missing[:20]]
        return "\n".join(lines)


def combine(old: list[Row], new: list[Row], changes: Changes) -> list[Row]:
    """The earlier rows with the rows graded now in their place (same student and assignment, or same file)."""
    by_key = {row_key(r): r for r in new}
    files = {str(r.submission.path) for r in new}
    kept = []
    for row in old:
        label = f"{row.submission.student} {row.submission.assignment}".strip()
        if row_key(row) in by_key or str(row.submission.path) in files:
            if row_key(row) in by_key:
                changes.updated.append(label)
            continue
        kept.append(row)
    replaced = {row_key(r) for r in old}
    changes.new = [
        f"{r.submission.student} {r.submission.assignment}".strip() for r in new if row_key(r) not in replaced
    ]
    changes.kept = len(kept)
    rows = kept + new
    rows.sort(key=lambda r: (r.submission.assignment, r.submission.student, str(r.submission.path)))
    return rows


def sheet_table(rows: list[Row], earlier: marks.Sheet | None, changes: Changes) -> tuple[list[str], list[dict]]:
    """The written-answers sheet: a row per student and written question, the markers' cells carried over."""
    table = marks.rubrics()
    criteria: list[str] = []
    for row in rows:
        for name, _ in row.autograder.manual if row.autograder and row.graded else []:
            criteria += [marks.criterion_column(c, t) for c, t in table.get(name, [])]
    criteria = list(dict.fromkeys(criteria))
    old = {marks.key(e): e for e in earlier.rows} if earlier else {}
    extra = earlier.extra_columns() if earlier else []
    carried = [*criteria, *(c for c in (earlier.criteria_columns().values() if earlier else []) if c not in criteria)]
    header = [*marks.BASE, *carried, *marks.MARKER, marks.CHECK, *extra]
    entries, seen = [], set()
    for row in rows:
        if not (row.autograder and row.graded):
            continue
        sub = row.submission
        for name, points in row.autograder.manual:
            entry = {
                "student": sub.student,
                "assignment": sub.assignment,
                "question": name,
                "points": fmt(points),
                "blank": "yes" if name in row.blank else "",
                "answer": intake.written_text(row.written.get(name, "")),
                "check": "",
            }
            before = old.get(marks.key(entry))
            if before is not None:
                seen.add(marks.key(entry))
                typed = marks.marker_fields(earlier, before) if earlier else {}
                entry.update(typed)
                if typed:
                    changes.marks_kept += 1
                    if " ".join(before.get("answer", "").split()) != " ".join(entry["answer"].split()):
                        entry["check"] = "answer changed after it was marked"
                        changes.answer_changed.append(f"{sub.student} {name}")
                    elif before.get("check"):
                        entry["check"] = before["check"]
            entries.append(entry)
    for entry_key, before in old.items():  # a marked row whose hand-in is no longer graded is kept, never dropped
        if entry_key not in seen and earlier and marks.marker_fields(earlier, before):
            entries.append({**before, "check": "no graded hand-in for this row any more"})
            changes.marks_kept += 1
    return header, entries


def write_outputs(rows: list[Row], out: Path, sheet_header: list[str], sheet: list[dict], roster: dict) -> list[str]:
    """gradebook.csv, feedback/, written-answers.csv, grading-errors.log, report.html and canvas.csv; the problems
    of marks that could not be used."""
    csvfile.write(out / "written-answers.csv", sheet_header, sheet)
    given, problems = marks.marks_of(sheet, list(range(2, len(sheet) + 2)), "written-answers.csv")
    header, table = gradebook_rows(rows, given)
    csvfile.write(out / "gradebook.csv", header, table)
    by_key = {marks.key(e): e for e in sheet}
    for row in rows:
        student = safe_name(row.submission.student)
        assignment = safe_name(row.submission.assignment or row.submission.path.name)
        path = out / "feedback" / student / f"{assignment}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(feedback_text(row, by_key), encoding="utf-8")
    errors = [row for row in rows if row.status == Status.GRADER_ERROR]
    log = out / "grading-errors.log"
    if errors:
        entries = [f"== {row.submission.path}\n{row.outcome.traceback if row.outcome else ''}\n" for row in errors]
        log.write_text("\n".join(entries), encoding="utf-8")
    elif log.exists():
        log.unlink()
    (out / "report.html").write_text(report.html(rows, out=out), encoding="utf-8")
    lms.write_canvas(out / "canvas.csv", out / "gradebook.csv", roster)
    return problems


def write_all(rows: list[Row], out: Path, roster: dict[str, Any] | None = None) -> Changes:
    """Write the outputs for the rows graded now, keeping every other row and every mark already in ``out``."""
    changes = Changes()
    old, old_roster = load_state(out)
    sheet_path = out / "written-answers.csv"
    earlier = marks.read(sheet_path) if sheet_path.exists() else None
    everything = combine(old, rows, changes)
    header, sheet = sheet_table(everything, earlier, changes)
    out.mkdir(parents=True, exist_ok=True)
    kept_roster = roster if roster is not None else old_roster
    save_state(out, everything, kept_roster)
    changes.problems = write_outputs(everything, out, header, sheet, kept_roster)
    if kept_roster:
        from course.grading import roster as course_roster

        found = course_roster.report([r.submission for r in everything], kept_roster)
        csvfile.write(out / "roster-report.csv", ["problem", "assignment", "student", "file", "detail"], found)
        changes.unmatched = [f"{line['file']} ({line['detail']})" for line in found if line["file"]]
        changes.missing = [f"{line['student']} {line['assignment']}" for line in found if not line["file"]]
    return changes


@dataclass
class Merged:
    """What merge-marks did."""

    marked: int
    """marked rows in the sheet (each question of each student counts once)"""
    changed: int
    """cells of the sheet that the --marks file changed"""
    comments: int


def merge_marks(out: Path, marks_file: Path | None = None) -> Merged:
    """Bring marks into written-answers.csv (from a marker's copy, when given), then rebuild the gradebook,
    feedback and canvas.csv from it. All or nothing: raises marks.MarksError naming each row and column at fault."""
    if not (out / "gradebook.csv").exists():
        raise FileNotFoundError(f"no gradebook at {out / 'gradebook.csv'}: run 'python -m course grade' first")
    rows, roster = load_state(out)
    if not rows:
        raise RuntimeError(f"no graded rows in {out / STATE}: run 'python -m course grade' into {out} first")
    master_path = out / "written-answers.csv"
    master = marks.read(master_path)
    changed = 0
    if marks_file is not None and marks_file.resolve() != master_path.resolve():
        incoming = marks.read(marks_file)
        index = {marks.key(e): e for e in master.rows}
        problems = []
        for entry, line in zip(incoming.rows, incoming.lines, strict=True):
            typed = marks.marker_fields(incoming, entry)
            if not typed:
                continue
            target = index.get(marks.key(entry))
            if target is None:
                problems.append(
                    f"{marks_file.name} row {line}: no row for {' / '.join(marks.key(entry))} in {master_path}"
                )
                continue
            for column, cell in typed.items():
                if column not in master.header:
                    master.header.append(column)
                if target.get(column, "") != cell:
                    target[column] = cell
                    changed += 1
        if problems:
            raise marks.MarksError(problems)
    given, problems = marks.marks_of(master.rows, master.lines, master_path.name)
    graded = {
        (r.submission.student, r.submission.assignment, name)
        for r in rows
        if r.autograder and r.graded
        for name, _ in r.autograder.manual
    }
    problems += [
        f"{master_path.name} row {line}: a mark for {' / '.join(k)}, which has no graded hand-in in the gradebook"
        for entry, line in zip(master.rows, master.lines, strict=True)
        if (k := marks.key(entry)) in given and k not in graded
    ]
    if problems:
        raise marks.MarksError(problems)
    for entry in master.rows:
        for column in master.header:
            entry.setdefault(column, "")
    header, table = sheet_table(rows, master, Changes())
    write_outputs(rows, out, header, table, roster)
    comments = sum(1 for e in master.rows if e.get("comment", "").strip())
    return Merged(marked=len(given), changed=changed, comments=comments)
