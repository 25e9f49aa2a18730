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

import re
from pathlib import Path
from typing import Any

from course.grading import csvfile
from course.grading.results import NOT_GRADED

FIXED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
PARTS = {"auto": "auto-graded", "written": "written"}
# Canvas's gradebook has a Notes column of its own (a column for the instructor, never shown to students).
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
