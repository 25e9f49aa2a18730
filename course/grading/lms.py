"""Export the gradebook for a learning-management system: Canvas's gradebook CSV.

Canvas imports a CSV with the columns Student, ID, SIS User ID, SIS Login ID, Section and one
column per assignment, named as Canvas names it ("01 Reading the raw text (123456)": the number in
brackets is the Canvas assignment id; a column without one makes a new assignment on import). Each
notebook has two columns, its auto-graded part and its written part, since the syllabus weights them
apart. With a roster (Canvas's own gradebook export, see course.grading.roster) the rows carry the
students' real Canvas ids and the columns the roster's names for the assignments. Ungraded files and
written parts not yet marked leave the cell empty, so that an import never writes a silent zero.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import nbformat

from course.grading import csvfile, intake
from course.grading.results import NOT_GRADED

FIXED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
PARTS = {"auto": "auto-graded", "written": "written"}
# The column of canvas.csv that records lateness for the instructor (named as Canvas's gradebook names its
# notes column; how a Canvas import treats it is not checked here: the guide says to look before importing).
NOTES = "Notes"


def column_for(assignment: str, part: str, columns: list[str]) -> str:
    """The roster's column for an assignment's part, or a new column named after it.

    A roster column belongs to notebook NN when its name (without the Canvas id) starts with NN or holds
    the notebook's name; it is the written part when it says "written", else the auto-graded part.
    """
    number, _, slug = assignment.partition("_")
    words = slug.replace("-", " ").lower()
    for column in columns:
        name = re.sub(r"\s*\(\d+\)\s*$", "", column).strip().lower()
        mine = re.match(rf"^0*{int(number)}\b", name) if number.isdigit() else None
        if (mine or words and words in name.replace("-", " ")) and ("written" in name) == (part == "written"):
            return column
    return f"{assignment} ({PARTS[part]})"


def canvas_rows(gradebook: Path, roster: dict[str, Any] | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a Canvas gradebook import built from gradebook.csv (and the roster, when given)."""
    roster = roster or {}
    columns = list(roster.get("columns", []))
    _, table = csvfile.read(gradebook)
    assignments = sorted({line["assignment"] for line in table if line["assignment"]})
    names = {(a, part): column_for(a, part, columns) for a in assignments for part in PARTS}
    header = [*FIXED, *dict.fromkeys(names.values())]
    late = [line for line in table if line.get("late") and line["assignment"] and line["status"] not in NOT_GRADED]
    if late:  # Canvas's Notes column: lateness recorded for the instructor, no penalty applied
        header.append(NOTES)
    students: dict[str, dict[str, str]] = {}
    for person in roster.get("students", []):
        students[person["key"]] = {
            "Student": person["name"],
            "ID": person["id"],
            "SIS User ID": person["sis_user"],
            "SIS Login ID": person["login"],
            "Section": person["section"],
        }
    matched = bool(roster.get("students"))
    for line in table:
        if not line["assignment"] or line["status"] in NOT_GRADED:
            continue
        entry = students.get(line["student"])
        if entry is None:
            if matched:  # a file that matched no one in the roster: listed in roster-report.csv, not imported
                continue
            entry = students.setdefault(
                line["student"],
                {"Student": line["student"], "ID": "", "SIS User ID": "", "SIS Login ID": "", "Section": ""},
            )
            user = re.search(r"-(\d+)$", line["student"])
            entry["ID"] = user.group(1) if user else ""
            entry["SIS Login ID"] = "" if user else line["student"]
        entry[names[(line["assignment"], "auto")]] = line.get("auto", line["total"])
        entry[names[(line["assignment"], "written")]] = line.get("written", "")
        if line.get("late"):
            note = f"{line['assignment']}: {line['late']}"
            entry[NOTES] = f"{entry[NOTES]}; {note}" if entry.get(NOTES) else note
    points: dict[str, str] = {"Student": "    Points Possible"}
    for line in table:
        if line["assignment"] and line["possible"]:
            points[names[(line["assignment"], "auto")]] = line.get("auto_possible") or line["possible"]
            points[names[(line["assignment"], "written")]] = line.get("written_possible", "")
    return header, [points, *sorted(students.values(), key=lambda e: e["Student"])]


def write_canvas(path: Path, gradebook: Path, roster: dict[str, Any] | None = None) -> None:
    """Write canvas.csv next to the gradebook."""
    header, rows = canvas_rows(gradebook, roster)
    csvfile.write(path, header, rows)


# --- feedback back to students through Canvas's "Re-Upload Submissions" -----------------------------------------

FEEDBACK_ZIP = "feedback-canvas.zip"
# Every entry gets this time: the same feedback makes the same zip.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
NOT_YOUR_NOTEBOOK = (
    "> **Feedback from your teacher, not your notebook.** Canvas may show this file under your notebook's name: "
    "save it under another name (for example `feedback.ipynb`) so that it never replaces your work."
)


def canvas_feedback_name(handed_in: str, assignment: str) -> str | None:
    """The name under which Canvas's re-upload attaches feedback to this hand-in's submission, or None.

    Canvas reads a re-uploaded file's name as its "Download Submissions" zip wrote it: the first two
    all-digit parts between underscores are the student's user id and the id of the file they handed in,
    and the file is attached to that student's submission only if that file is part of it
    (canvas-lms, app/models/assignment.rb, ``infer_comment_context_from_filename``). So the feedback keeps
    the hand-in's ``name[_LATE]_USERID_FILEID_`` and only the rest changes. Anonymous downloads carry no
    user id: no name.
    """
    path = Path(handed_in)
    match = intake.CANVAS_NAME.match(path.stem)
    if not match or match["name"].lower().startswith("anon"):
        return None
    return f"{path.stem[: match.start('rest')]}feedback-{assignment}{path.suffix.lower()}"


def feedback_file(suffix: str, assignment: str, text: str) -> bytes:
    """The feedback in the hand-in's own format, since Canvas shows it under the hand-in's file name: a
    notebook with the feedback as its one markdown cell, a zip holding feedback.md, or the markdown itself."""
    if suffix == ".ipynb":
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"{NOT_YOUR_NOTEBOOK}\n\n{text}")])
        notebook.cells[0].id = "feedback"
        return nbformat.writes(notebook).encode("utf-8")
    if suffix == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(zipfile.ZipInfo(f"feedback-{assignment}.md", ZIP_TIME), text)
        return buffer.getvalue()
    return text.encode("utf-8")


def write_feedback_zip(path: Path, feedback: list[tuple[str, str, str]]) -> int:
    """Write Canvas's re-upload zip from (hand-in file name, assignment, feedback text); return its file count.

    Hand-ins whose names are not Canvas's (or anonymous) get no entry; with none at all, no zip is left.
    """
    entries = {}
    for handed_in, assignment, text in feedback:
        name = canvas_feedback_name(handed_in, assignment)
        if name:
            entries[name] = feedback_file(Path(handed_in).suffix.lower(), assignment, text)
    if not entries:
        path.unlink(missing_ok=True)
        return 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), entries[name])
    return len(entries)
