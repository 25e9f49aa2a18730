"""Lateness from both platforms' own records: Canvas's LATE in its file names, and Gradescope's submission time
against --due; written to gradebook.csv's late column, report.html and canvas.csv's Notes, with no penalty."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from course import grading
from course.grading import csvfile, lateness
from tests.conftest import ROOT

ASSIGNMENT = "01_reading-the-raw-text"
DUE = "2025-03-01T12:00:00-08:00"
METADATA = """submission_1:
  :submitters:
  - :name: Sam Lee
    :sid: '45678'
  :created_at: 2025-03-01 13:30:00.000000000 -08:00
submission_2:
  :submitters:
  - :name: Ada Obi
    :sid: '45679'
  :created_at: 2025-03-01 11:59:00.000000000 -08:00
"""


def class_folder(folder: Path) -> None:
    """One Canvas LATE hand-in, one on time; two Gradescope hand-ins, one after the due time."""
    notebook = ROOT / "notebooks" / f"{ASSIGNMENT}.ipynb"
    text = notebook.read_text(encoding="utf-8")
    files = [
        f"canvas/parkkim_LATE_40001_6790_{ASSIGNMENT}.ipynb",
        f"canvas/doejane_12345_6789_{ASSIGNMENT}.ipynb",
        f"gradescope/submission_1/{ASSIGNMENT}.ipynb",
        f"gradescope/submission_2/{ASSIGNMENT}.ipynb",
    ]
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "gradescope" / lateness.GRADESCOPE_METADATA).write_text(METADATA, encoding="utf-8")


def test_late_column_from_canvas_and_gradescope(tmp_path: Path, built_dist: Path) -> None:
    folder, out = tmp_path / "handins", tmp_path / "out"
    class_folder(folder)
    due = lateness.parse_due(DUE)
    rows = grading.grade(
        [folder / "canvas", folder / "gradescope"],
        out,
        timeout=30,
        jobs=2,
        unisolated=True,
        show_progress=False,
        due=due,
    )
    assert len(rows) == 4 and all(row.graded for row in rows), [row.reasons for row in rows]
    _, table = csvfile.read(out / "gradebook.csv")
    late = {line["student"]: line["late"] for line in table}
    assert late == {
        "parkkim-40001": lateness.CANVAS_LATE,
        "doejane-12345": "",
        "45678": "late by 1 h 30 min (Gradescope: received 2025-03-01 13:30-08:00)",
        "45679": "",
    }
    _, canvas = csvfile.read(out / "canvas.csv")
    notes = {line["Student"]: line["Notes"] for line in canvas[1:]}
    assert notes["parkkim-40001"] == f"{ASSIGNMENT}: {lateness.CANVAS_LATE}"
    assert notes["45678"].startswith(f"{ASSIGNMENT}: late by 1 h 30 min")
    assert notes["doejane-12345"] == notes["45679"] == ""
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="late-table"' in page and "late by 1 h 30 min" in page and "No penalty" in page
    # no penalty: the late hand-ins score as the same notebook handed in on time
    totals = {line["student"]: line["total"] for line in table}
    assert totals["parkkim-40001"] == totals["doejane-12345"] and totals["45678"] == totals["45679"]


def test_due_without_an_offset_is_local_and_a_bad_due_says_what_to_give() -> None:
    assert lateness.parse_due("2025-03-01T23:59").tzinfo is not None
    assert lateness.parse_due(DUE) == datetime.fromisoformat("2025-03-01T20:00:00+00:00")
    result = subprocess.run(
        [sys.executable, "-m", "course", "grade", "nothing", "--due", "next Friday", "--unisolated"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "YYYY-MM-DDTHH:MM" in result.stderr
    assert lateness.how_late(2 * 86400 + 3 * 3600 + 5 * 60) == "2 d 3 h 5 min"
