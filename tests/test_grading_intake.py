"""Intake and output never stop the batch and keep students apart: odd files become reasons, ids keep
punctuation and Canvas user ids, feedback files never collide, and CSV cells never run as formulas."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from course.grading import csvfile, feedback, intake

ASSIGNMENT = "01_reading-the-raw-text"


def notebook(**changes: object) -> dict:
    nb = {"cells": [], "metadata": {"otter": {"assignment_name": ASSIGNMENT}}, "nbformat": 4, "nbformat_minor": 5}
    nb.update(changes)
    return nb


def test_odd_files_get_a_reason_never_an_exception(tmp_path: Path) -> None:
    cases = {
        "meta-list.ipynb": json.dumps(notebook(metadata=[1, 2])),
        "cell-number.ipynb": json.dumps(notebook(cells=[7])),
        "source-dict.ipynb": json.dumps(notebook(cells=[{"cell_type": "code", "source": {"a": 1}, "metadata": {}}])),
        "tags-string.ipynb": json.dumps(
            notebook(cells=[{"cell_type": "code", "source": "", "metadata": {"tags": "x"}}])
        ),
        "otter-list.ipynb": json.dumps(notebook(metadata={"otter": ["x"]})),
        "name-number.ipynb": json.dumps(notebook(metadata={"otter": {"assignment_name": 5}})),
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "corrupt.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with zipfile.ZipFile(tmp_path / "lies.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{ASSIGNMENT}.ipynb", json.dumps(notebook()) + " " * 5_000_000)
    data = bytearray((tmp_path / "lies.zip").read_bytes())
    (tmp_path / "lies.zip").write_bytes(bytes(data[:-40]) + bytes(40))  # a truncated central directory
    with zipfile.ZipFile(tmp_path / "bzip.zip", "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr(f"{ASSIGNMENT}.ipynb", json.dumps(notebook()))
    for path, given in intake.find_files([tmp_path]):
        sub = intake.load(path, given, [ASSIGNMENT])
        if path.name == "bzip.zip":
            assert not sub.status, sub.reason  # an oddly compressed but sound zip is read
        else:
            assert sub.status in ("invalid", "not-a-notebook", "wrong-assignment"), (path.name, sub.status)
            assert sub.reason


def test_ids_keep_what_tells_students_apart(tmp_path: Path) -> None:
    names = ["o'brien_x.ipynb", "obrien_x.ipynb", "smithjo_123_9_x.ipynb", "smithjo_456_9_x.ipynb"]
    students = [intake.student_from_name(tmp_path / n, tmp_path, [ASSIGNMENT], ASSIGNMENT)[0] for n in names]
    assert len(set(students)) == 4, students
    assert students[2] == "smithjo-123" and students[3] == "smithjo-456"
    files = {feedback.safe_name(s) for s in ["o'brien", "o_brien", "obrien", "o.brien"]}
    assert len(files) == 4


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    row = {"student": '=HYPERLINK("http://x")', "reason": "+cmd|' /C calc'!A0", "answer": "@SUM(A1)"}
    rows = [{**row, "mark": "-2", "n": "-x"}]
    path = tmp_path / "out.csv"
    csvfile.write(path, list(rows[0]), rows)
    text = path.read_text(encoding="utf-8")
    assert "'+cmd" in text and "'=HYPERLINK" in text and "'@SUM" in text and "'-x" in text and ",-2," in text
    assert csvfile.read(path)[1] == [{k: str(v) for k, v in rows[0].items()}]


def test_progress_says_how_long_is_left() -> None:
    from course.grading.pool import eta

    assert eta(10.0, 2, 10) == ", about 40 s left"
    assert eta(60.0, 1, 200) == ", about 199 min left"
    assert eta(5.0, 10, 10) == "" and eta(0.0, 0, 10) == ""
