"""Record: the two runs that write an output folder, grading (write_all) and merging marks (merge_marks).

An output folder is kept across runs: ``grading-state.json`` (course.grading.state) holds every graded
row, so grading one late file into the folder updates that student's row and keeps every other row, and
every mark, criterion mark and comment the markers typed into written-answers.csv
(course.grading.written builds the sheet, course.grading.marks reads it). The gradebook
(course.grading.gradebook), feedback (course.grading.feedback), report and canvas.csv are always
rebuilt from the state and the sheet, so a merge run twice gives the same files. This module only puts
those steps in order; each file's content is its own module's job. Every CSV goes through
course.grading.csvfile.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.grading import csvfile, feedback, gradebook, lms, marks, report
from course.grading.gradebook import gradebook_rows
from course.grading.results import Row
from course.grading.state import STATE, Changes, combine, load_state, save_state
from course.grading.written import sheet_table


def write_outputs(rows: list[Row], out: Path, sheet_header: list[str], sheet: list[dict], roster: dict) -> list[str]:
    """gradebook.csv, feedback/, written-answers.csv, grading-errors.log, report.html and canvas.csv; the problems
    of marks that could not be used."""
    csvfile.write(out / "written-answers.csv", sheet_header, sheet)
    given, problems = marks.marks_of(sheet, list(range(2, len(sheet) + 2)), "written-answers.csv")
    header, table = gradebook_rows(rows, given)
    csvfile.write(out / "gradebook.csv", header, table)
    by_key = {marks.key(e): e for e in sheet}
    feedback.write_feedback(rows, out, by_key)
    gradebook.write_error_log(rows, out)
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
