"""Odd files of a class never stop the batch (issue 20.5-20.8, intake side): a file name that is not UTF-8,
a bulk download's member with a 300-byte name or that is both a file and a folder, and a zip bomb each
become one row with a reason; only a Gradescope export's own metadata says who a file belongs to; a hand-in
zip's extra files that grading does not need stay out of the jail, and stored outputs are dropped."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

from course.grading import intake

A = "01_reading-the-raw-text"


def notebook(outputs: int = 0) -> str:
    cell = {"cell_type": "code", "source": "x = 1", "metadata": {}, "execution_count": 3, "outputs": []}
    if outputs:
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "y" * outputs}]
    nb = {"cells": [cell], "metadata": {"otter": {"assignment_name": A}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb)


def rows(folder: Path) -> dict[str, intake.Submission]:
    """Every file intake finds under folder, read, by student."""
    found = [intake.load(path, given, [A]) for path, given in intake.find_files([folder])]
    assert len({sub.student for sub in found}) == len(found), [sub.student for sub in found]
    return {sub.student: sub for sub in found}


def test_a_file_name_that_is_not_utf8_is_a_row_that_can_be_written(tmp_path: Path) -> None:
    (tmp_path / f"ada_{A}.ipynb").write_text(notebook(), encoding="utf-8")
    with open(os.path.join(os.fsencode(tmp_path), f"caf\xe9_{A}.ipynb".encode("latin-1")), "w") as handle:
        handle.write(notebook())
    found = rows(tmp_path)
    odd = found["caf\ufffd"]
    assert odd.status == "invalid" and "not UTF-8" in odd.reason, odd.reason
    assert str(odd.path).encode("utf-8") and odd.mtime > 0
    assert found["ada"].status == ""


def canvas_zip(path: Path, members: list[tuple[str, bytes]]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)


def test_members_that_cannot_be_unpacked_are_rows_with_a_reason(tmp_path: Path) -> None:
    long = f"longname_103_203_{'x' * 280}_{A}.ipynb"
    both = f"both_104_204_{A}.ipynb"
    canvas_zip(
        tmp_path / "submissions.zip",
        [
            (f"ada_101_201_{A}.ipynb", notebook().encode()),
            (long, notebook().encode()),
            (both, notebook().encode()),
            (f"{both}/other_105_205_{A}.ipynb", notebook().encode()),
            (intake.UNPACK_PROBLEMS, json.dumps({f"ada_101_201_{A}.ipynb": "planted"}).encode()),
        ],
    )
    assert intake.bulk_zip(tmp_path / "submissions.zip")
    folder = intake.unpack_bulk(tmp_path / "submissions.zip", tmp_path / "unpacked")
    found = rows(folder)
    assert found["ada-101"].status == "" and found["both-104"].status == ""
    assert found["longname-103"].status == "invalid" and "longer than the 255 bytes" in found["longname-103"].reason
    assert found["other-105"].status == "invalid" and "both as a file and as a folder" in found["other-105"].reason


def test_a_zip_bomb_stops_at_its_total_and_the_rest_are_rows(tmp_path: Path) -> None:
    big = b" " * (150 * 1024**2)
    canvas_zip(
        tmp_path / "submissions.zip",
        [(f"ada_101_201_{A}.ipynb", notebook().encode()), (f"b_107_207_{A}.ipynb", big), (f"c_108_208_{A}.ipynb", big)],
    )
    assert (tmp_path / "submissions.zip").stat().st_size < 2 * 1024**2
    folder = intake.unpack_bulk(tmp_path / "submissions.zip", tmp_path / "unpacked")
    on_disk = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert on_disk <= intake.MAX_ZIP_TOTAL
    found = rows(folder)
    assert found["ada-101"].status == ""
    assert found["c-108"].status == "invalid" and "more than 200 MB in all" in found["c-108"].reason


def test_only_the_exports_own_metadata_says_who_a_file_belongs_to(tmp_path: Path) -> None:
    export = tmp_path / "export"
    metadata = {
        "submission_1": {":submitters": [{":name": "Ada", ":sid": "1001"}]},
        "submission_2": {":submitters": [{":name": "Bob", ":sid": "1002"}]},
    }
    (export / "submission_1").mkdir(parents=True)
    (export / intake.GRADESCOPE_METADATA).write_text(json.dumps(metadata), encoding="utf-8")  # JSON is YAML
    (export / "submission_1" / f"{A}.ipynb").write_text(notebook(), encoding="utf-8")
    planted = export / "submission_2" / "upload"  # Bob's upload claims its folder x is Ada's
    (planted / "x").mkdir(parents=True)
    (planted / intake.GRADESCOPE_METADATA).write_text(
        json.dumps({"x": {":submitters": [{":name": "Ada", ":sid": "1001"}]}}), encoding="utf-8"
    )
    (planted / "x" / f"{A}.ipynb").write_text(notebook(), encoding="utf-8")
    found = rows(tmp_path)
    assert found["1001"].path.parent.name == "submission_1"
    assert found["1002"].path.parent.name == "x" and found["1002"].who["name"] == "Bob"


def test_a_hand_in_zip_sends_only_what_grading_needs(tmp_path: Path) -> None:
    path = tmp_path / f"ada_{A}.zip"
    canvas_zip(
        path,
        [
            (f"{A}.ipynb", notebook(outputs=45 * 1024**2).encode()),
            ("coursekit", b"not the course's"),
            ("n" * 300 + ".txt", b"x"),
            ("big.bin", os.urandom(40 * 1024**2)),
            ("my-text.txt", b"a text of my own"),
        ],
    )
    sub = intake.load(path, tmp_path, [A])
    assert sub.status == "", sub.reason
    assert [name for name, _ in sub.extra_files] == ["my-text.txt"]
    assert len(sub.notebook_text) < 2000 and json.loads(sub.notebook_text)["cells"][0]["outputs"] == []
    said = "; ".join(sub.left_out)
    assert "coursekit: coursekit is the course's own" in said and "longer than the 255 bytes" in said
    assert "big.bin: it is 40 MB" in said
