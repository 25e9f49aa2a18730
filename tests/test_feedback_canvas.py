"""feedback-canvas.zip: one file per Canvas hand-in, named so that Canvas's "Re-Upload Submissions" attaches it
to that student's submission as a comment. Canvas reads the first two all-digit parts of a file name between
underscores as the user id and the id of the file the student handed in (canvas-lms,
app/models/assignment.rb, infer_comment_context_from_filename); the names here are those of a Canvas
download as the roster tests write them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import nbformat

from course.grading import intake, lms, record
from course.grading.feedback import safe_name
from course.grading.state import row_from
from tests.test_grading_roster import ASSIGNMENT, FILES

CANVAS_FILES = [name for name in FILES if intake.CANVAS_NAME.match(Path(name).stem)]
ZIP_HAND_IN = f"parkkim_40001_7005_{ASSIGNMENT}_2025_03_01T10_00_00_000000.zip"


def canvas_reads(name: str) -> tuple[str, str]:
    """(user id, file id) as Canvas's re-upload reads a file name: its first two all-digit '_' parts."""
    numbers = [part for part in Path(name).name.split("_") if part.isdigit()]
    return numbers[0], numbers[1]


def state(path: Path, student: str) -> dict:
    """A graded row as the output folder's state keeps it: one question, a public check failed."""
    case = {"name": "q1_lines - 1", "hidden": False, "passed": False, "message": "AssertionError: lines is a list"}
    return {
        "student": student,
        "assignment": ASSIGNMENT,
        "file": str(path),
        "status": "ok",
        "reasons": [],
        "scores": {"q1_lines": 0.0},
        "outcome": {
            "key": f"0:{student}",
            "questions": {"q1_lines": {"score": 0, "possible": 2, "when": "check", "cases": [case]}},
        },
        "blank": [],
        "written": {},
        "duplicates": [],
        "autograder": {"name": ASSIGNMENT, "questions": ["q1_lines"], "possible": {"q1_lines": 2.0}, "manual": []},
    }


def test_feedback_zip_names_are_read_by_canvas_as_their_hand_ins(tmp_path: Path) -> None:
    folder, out = tmp_path / "subs", tmp_path / "out"
    rows, seen = [], set()
    for name in [*CANVAS_FILES, "Kim Park notebook 1.ipynb", ZIP_HAND_IN]:
        path = folder / name
        student = intake.student_from_name(path, folder, [ASSIGNMENT], ASSIGNMENT)[0]
        if student in seen:  # one row per student: the newest of doejane's three files is the graded one
            continue
        seen.add(student)
        rows.append(row_from(state(path, student)))
    record.write_all(rows, out)

    with zipfile.ZipFile(out / lms.FEEDBACK_ZIP) as archive:
        names = sorted(archive.namelist())
        contents = {name: archive.read(name) for name in names}
    handed = {row.submission.path.name: row for row in rows}
    canvas = [name for name in handed if intake.CANVAS_NAME.match(Path(name).stem) and not name.startswith("anon")]
    expected = sorted(lms.canvas_feedback_name(name, ASSIGNMENT) for name in canvas)
    assert names == expected and len(names) == 5, names  # none for the anonymous or non-Canvas names
    for name in names:
        original = next(h for h in canvas if canvas_reads(h) == canvas_reads(name))
        assert Path(name).suffix == Path(original).suffix
        row = handed[original]
        feedback = (out / "feedback" / safe_name(row.submission.student) / f"{ASSIGNMENT}.md").read_text(
            encoding="utf-8"
        )
        assert "lines is a list" in feedback
        if name.endswith(".ipynb"):
            notebook = nbformat.reads(contents[name].decode("utf-8"), as_version=4)
            nbformat.validate(notebook)
            assert notebook.cells[0].source.endswith(feedback)
        else:
            with zipfile.ZipFile(io.BytesIO(contents[name])) as inner:
                assert inner.read(f"feedback-{ASSIGNMENT}.md").decode("utf-8") == feedback
    late = lms.canvas_feedback_name(f"doejane_LATE_12345_6790_{ASSIGNMENT}-1.ipynb", ASSIGNMENT)
    assert late == f"doejane_LATE_12345_6790_feedback-{ASSIGNMENT}.ipynb"
    assert canvas_reads(late) == ("12345", "6790")

    # Graded again with no Canvas names: no zip is left that would send the old feedback.
    record.write_all([row_from(state(folder / "x" / "ada.ipynb", "ada"))], tmp_path / "plain")
    assert not (tmp_path / "plain" / lms.FEEDBACK_ZIP).exists()
