"""A roster matches every hand-in to a student, or reports it: file names as Canvas writes them (LATE,
accents, non-Latin names, anonymous grading, resubmissions), as Gradescope exports them, copies like
'name (1).ipynb' and students' own names; canvas.csv carries the roster's ids and column names, with
the auto-graded and written parts apart; Canvas's submissions.zip is unpacked as it is."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from course.grading import csvfile, intake, lms, roster

ASSIGNMENT = "01_reading-the-raw-text"
CANVAS_EXPORT = (
    "Student,ID,SIS User ID,SIS Login ID,Section,01 Reading the raw text (111),01 Reading the raw text - written "
    "(112),Current Score\n"
    "    Points Possible,,,,,12,4,(read only)\n"
    '"Doe, Jane",12345,S001,jdoe,Sec A,,,\n'
    '"Müller, José",23456,S002,jmuller,Sec A,,,\n'
    '"李, 明",34567,S003,li,Sec B,,,\n'
    '"Park, Kim",40001,S004,kpark,Sec B,,,\n'
    '"Lee, Sam",40002,45678,slee,Sec B,,,\n'
    '"Absent, Al",40003,S006,aal,Sec B,,,\n'
    '"Student, Test",40009,,,Sec A,,,\n'
)
FILES = {
    f"doejane_12345_6789_{ASSIGNMENT}.ipynb": "jdoe",
    f"doejane_LATE_12345_6790_{ASSIGNMENT}-1.ipynb": "jdoe",
    f"doejane_12345_6789_{ASSIGNMENT} (1).ipynb": "jdoe",
    f"müllerjosé_23456_7001_{ASSIGNMENT}.ipynb": "jmuller",
    f"李明_34567_7002_{ASSIGNMENT}.ipynb": "li",
    "Kim Park notebook 1.ipynb": "kpark",
    f"gradescope/submission_111/{ASSIGNMENT}.ipynb": "slee",
    f"anonymous_98765_7003_{ASSIGNMENT}.ipynb": "",
    f"ghost_99999_7004_{ASSIGNMENT}.ipynb": "",
    "mystery.ipynb": "",
}
METADATA = """submission_111:
  :submitters:
  - :name: Sam Lee
    :sid: '45678'
    :email: sam@example.edu
  :created_at: 2025-03-01 10:00:00.000000000 -08:00
"""


def write_files(folder: Path) -> None:
    nb = {"cells": [], "metadata": {"otter": {"assignment_name": ASSIGNMENT}}, "nbformat": 4, "nbformat_minor": 5}
    for name in FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(nb), encoding="utf-8")
    (folder / "gradescope" / intake.GRADESCOPE_METADATA).write_text(METADATA, encoding="utf-8")


def test_every_file_name_form_is_matched_or_reported(tmp_path: Path) -> None:
    (tmp_path / "grades.csv").write_text(CANVAS_EXPORT, encoding="utf-8-sig")
    class_list = roster.read(tmp_path / "grades.csv")
    assert [p["key"] for p in class_list["students"]] == ["jdoe", "jmuller", "li", "kpark", "slee", "aal"]
    assert class_list["columns"] == ["01 Reading the raw text (111)", "01 Reading the raw text - written (112)"]
    folder = tmp_path / "subs"
    write_files(folder)
    subs = [intake.load(path, given, [ASSIGNMENT]) for path, given in intake.find_files([folder])]
    assert len(subs) == len(FILES)
    roster.assign(subs, class_list)
    found = {str(s.path.relative_to(folder)): s for s in subs}
    for name, student in FILES.items():
        sub = found[name]
        if student:
            assert sub.student == student, (name, sub.student, sub.matched)
        else:
            assert sub.student not in {p["key"] for p in class_list["students"]}, name
            assert sub.matched, name  # says why
    assert found[f"doejane_LATE_12345_6790_{ASSIGNMENT}-1.ipynb"].late
    assert found[f"anonymous_98765_7003_{ASSIGNMENT}.ipynb"].anonymous
    assert "anonymous" in found[f"anonymous_98765_7003_{ASSIGNMENT}.ipynb"].matched
    assert "not in the roster" in found[f"ghost_99999_7004_{ASSIGNMENT}.ipynb"].matched

    report = roster.report(subs, class_list)
    unmatched = {Path(line["file"]).name for line in report if line["problem"] == "file matches no student"}
    assert unmatched == {
        f"anonymous_98765_7003_{ASSIGNMENT}.ipynb",
        f"ghost_99999_7004_{ASSIGNMENT}.ipynb",
        "mystery.ipynb",
    }
    assert [line["student"] for line in report if line["problem"] == "no hand-in"] == ["aal"]


def test_without_a_roster_copies_and_late_files_are_the_same_student(tmp_path: Path) -> None:
    names = [
        f"doejane_12345_6789_{ASSIGNMENT}.ipynb",
        f"doejane_LATE_12345_6790_{ASSIGNMENT}-1.ipynb",
        f"doejane_12345_6789_{ASSIGNMENT} (1).ipynb",
    ]
    students = {intake.student_from_name(tmp_path / n, tmp_path, [ASSIGNMENT], ASSIGNMENT)[0] for n in names}
    assert students == {"doejane-12345"}
    assert intake.student_from_name(tmp_path / "ada (2).ipynb", tmp_path, [ASSIGNMENT], "")[0] == "ada"


def test_canvas_csv_has_the_rosters_ids_and_columns(tmp_path: Path) -> None:
    (tmp_path / "grades.csv").write_text(CANVAS_EXPORT, encoding="utf-8")
    class_list = roster.read(tmp_path / "grades.csv")
    header = ["student", "assignment", "status", "total", "possible", "auto", "written", "auto_possible"]
    header += ["written_possible", "file"]
    rows = [
        {
            "student": "jdoe",
            "assignment": ASSIGNMENT,
            "status": "ok",
            "total": "13",
            "possible": "16",
            "auto": "10",
            "written": "3",
            "auto_possible": "12",
            "written_possible": "4",
            "file": "x",
        },
        {
            "student": "mystery",
            "assignment": ASSIGNMENT,
            "status": "ok",
            "total": "5",
            "possible": "16",
            "auto": "5",
            "written": "",
            "auto_possible": "12",
            "written_possible": "4",
            "file": "y",
        },
    ]
    csvfile.write(tmp_path / "gradebook.csv", header, rows)
    head, table = lms.canvas_rows(tmp_path / "gradebook.csv", class_list)
    assert head[5:] == ["01 Reading the raw text (111)", "01 Reading the raw text - written (112)"]
    assert (
        table[0]["01 Reading the raw text (111)"] == "12" and table[0]["01 Reading the raw text - written (112)"] == "4"
    )
    jane = next(r for r in table if r.get("ID") == "12345")
    assert jane["Student"] == "Doe, Jane" and jane["SIS Login ID"] == "jdoe" and jane["Section"] == "Sec A"
    assert jane["01 Reading the raw text (111)"] == "10" and jane["01 Reading the raw text - written (112)"] == "3"
    assert not any(r["Student"] == "mystery" for r in table)  # unmatched: reported, never imported
    absent = next(r for r in table if r.get("ID") == "40003")
    assert absent.get("01 Reading the raw text (111)", "") == ""  # no hand-in: empty, never a zero


def test_a_plain_roster_and_canvas_bulk_zip(tmp_path: Path) -> None:
    (tmp_path / "class.csv").write_text("name;id;login\nJane Doe;12345;jdoe\nKim Park;;kpark\n", encoding="utf-8")
    class_list = roster.read(tmp_path / "class.csv")
    assert [(p["name"], p["key"]) for p in class_list["students"]] == [("Jane Doe", "jdoe"), ("Kim Park", "kpark")]
    folder = tmp_path / "subs"
    write_files(folder)
    bulk = tmp_path / "submissions.zip"
    with zipfile.ZipFile(bulk, "w") as archive:
        for name in list(FILES)[:3]:
            archive.write(folder / name, name)
    assert intake.bulk_zip(bulk)
    unpacked = intake.unpack_bulk(bulk, tmp_path / "out" / "unpacked")
    assert sorted(p.name for p in unpacked.iterdir()) == sorted(list(FILES)[:3])
    single = tmp_path / "one.zip"
    with zipfile.ZipFile(single, "w") as archive:
        archive.write(folder / "mystery.ipynb", f"{ASSIGNMENT}.ipynb")
    assert not intake.bulk_zip(single)  # a student's own export zip is one hand-in
