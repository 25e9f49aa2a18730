"""Export the gradebook for a learning-management system: Canvas's gradebook CSV.

Canvas imports a CSV with the columns Student, ID, SIS User ID, SIS Login ID, Section and one
column per assignment (its header may carry the Canvas assignment id in brackets; without it Canvas
asks which assignment each column is). Rows are matched on ID (Canvas's user id, known when the
files came from Canvas's "Download submissions", whose names carry it) or on SIS Login ID (here the
student name taken from the file name). Ungraded files (empty, invalid, wrong assignment) leave the
cell empty, so that an import never overwrites a mark with a silent zero.
"""

from __future__ import annotations

from pathlib import Path

from course.grading import csvfile
from course.grading.intake import CANVAS_NAME
from course.grading.results import NOT_GRADED


def canvas_rows(gradebook: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a Canvas gradebook import built from gradebook.csv."""
    _, table = csvfile.read(gradebook)
    assignments = sorted({line["assignment"] for line in table if line["assignment"]})
    students: dict[str, dict[str, str]] = {}
    for line in table:
        if not line["assignment"] or line["status"] in NOT_GRADED:
            continue
        entry = students.setdefault(
            line["student"],
            {"Student": line["student"], "ID": "", "SIS User ID": "", "SIS Login ID": line["student"], "Section": ""},
        )
        match = CANVAS_NAME.match(Path(line["file"]).stem)
        if match:
            entry["ID"] = match["user"]
        entry[line["assignment"]] = line["total"]
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *assignments]
    points = {"Student": "    Points Possible", **{a: "" for a in assignments}}
    for line in table:
        if line["assignment"] and line["possible"]:
            points[line["assignment"]] = line["possible"]
    return header, [points, *sorted(students.values(), key=lambda e: e["Student"])]


def write_canvas(path: Path, gradebook: Path) -> None:
    """Write canvas.csv next to the gradebook."""
    header, rows = canvas_rows(gradebook)
    csvfile.write(path, header, rows)
