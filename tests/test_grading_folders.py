"""Where hand-ins sit: a Canvas submissions.zip left inside the folder is unpacked as when it is given as its
own path, and a file whose name names no one ('Ming Xu/HW1 final.zip') belongs to the student its folder names."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from course.grading import intake, roster

ASSIGNMENT = "01_reading-the-raw-text"
NOTEBOOK = json.dumps(
    {"cells": [], "metadata": {"otter": {"assignment_name": ASSIGNMENT}}, "nbformat": 4, "nbformat_minor": 5}
)
CANVAS_FILES = [
    f"doejane_12345_6789_{ASSIGNMENT}.ipynb",
    f"parkkim_LATE_40001_6790_{ASSIGNMENT}.ipynb",
    f"leesam_40002_6791_{ASSIGNMENT}.ipynb",
]


def export_zip(path: Path) -> None:
    """A student's hand-in zip (what the notebook's export cell makes): one notebook inside."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{ASSIGNMENT}.ipynb", NOTEBOOK)


def canvas_bulk(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name in CANVAS_FILES:
            archive.writestr(name, NOTEBOOK)


def students(files: list[tuple[Path, Path]]) -> list[str]:
    return sorted(intake.load(path, given, [ASSIGNMENT]).student for path, given in files)


def test_a_bulk_zip_inside_the_folder_is_unpacked_as_when_given_alone(tmp_path: Path) -> None:
    folder = tmp_path / "handins"
    canvas_bulk(folder / "submissions.zip")
    (folder / "ada.ipynb").write_text(NOTEBOOK, encoding="utf-8")
    inside = intake.unpack_bulk_files(intake.find_files([folder]), tmp_path / "out1" / "unpacked", lambda line: None)
    alone = intake.unpack_bulk_files(
        intake.find_files([folder / "submissions.zip"]), tmp_path / "out2" / "unpacked", lambda line: None
    )
    assert all(path.suffix == ".ipynb" for path, _ in inside)  # the bulk zip itself is no hand-in
    assert students(inside) == ["ada", "doejane-12345", "leesam-40002", "parkkim-40001"]
    assert students(alone) == ["doejane-12345", "leesam-40002", "parkkim-40001"]
    loaded = [intake.load(path, given, [ASSIGNMENT]) for path, given in inside]
    assert not [sub.reason for sub in loaded if sub.status]
    assert [sub.late for sub in loaded if sub.student == "parkkim-40001"] == [True]


def test_the_folder_names_the_student_when_the_file_name_does_not(tmp_path: Path) -> None:
    folder = tmp_path / "handins"
    export_zip(folder / "Ming Xu" / "HW1 final.zip")
    (folder / "Ada Obi").mkdir()
    (folder / "Ada Obi" / "notebook (2).ipynb").write_text(NOTEBOOK, encoding="utf-8")
    (folder / "section A").mkdir()
    (folder / "section A" / "Kim Park notebook 1.ipynb").write_text(NOTEBOOK, encoding="utf-8")
    (folder / "HW1 final.ipynb").write_text(NOTEBOOK, encoding="utf-8")  # no folder to name anyone
    subs = {
        str(path.relative_to(folder)): intake.load(path, given, [ASSIGNMENT])
        for path, given in intake.find_files([folder])
    }
    assert {name: sub.student for name, sub in subs.items()} == {
        "Ming Xu/HW1 final.zip": "Ming Xu",
        "Ada Obi/notebook (2).ipynb": "Ada Obi",
        "section A/Kim Park notebook 1.ipynb": "Kim Park notebook 1",
        "HW1 final.ipynb": "HW1 final",
    }
    (tmp_path / "class.csv").write_text("name,id,login\nMing Xu,501,mxu\nKim Park,502,kpark\n", encoding="utf-8")
    class_list = roster.read(tmp_path / "class.csv")
    roster.assign(list(subs.values()), class_list)
    assert subs["Ming Xu/HW1 final.zip"].student == "mxu"
    assert subs["section A/Kim Park notebook 1.ipynb"].student == "kpark"
    missing = [line["student"] for line in roster.report(list(subs.values()), class_list) if not line["file"]]
    assert missing == []
