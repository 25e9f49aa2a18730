"""course grade --shard K/N and merge-shards: the shards of a class are disjoint, hold every hand-in between
them, and merged give the same gradebook, sheet, feedback and canvas.csv as one whole run, row by row,
with the marks typed into a shard's sheet kept."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.xdist_group("grading")
FIRST, SECOND = "01_reading-the-raw-text", "02_tabulating-deployments"


def course(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course", *args], capture_output=True, text=True, cwd=ROOT, timeout=900
    )


def table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def outputs(out: Path) -> dict[str, object]:
    """What a teacher uses from an output folder (report.html aside: it is stamped with the time)."""
    return {
        "gradebook": table(out / "gradebook.csv"),
        "sheet": table(out / "written-answers.csv"),
        "canvas": table(out / "canvas.csv"),
        "feedback": {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in (out / "feedback").rglob("*.md")},
    }


def type_mark(sheet: Path, student: str, mark: str, comment: str) -> None:
    rows = table(sheet)
    header = list(rows[0])
    for row in rows:
        if row["student"] == student:
            row.update(mark=mark, comment=comment)
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def test_two_shards_merged_equal_one_whole_run(built_dist: Path, tmp_path: Path) -> None:
    hand_ins = tmp_path / "hand-ins"
    hand_ins.mkdir()
    for student, name, source in [
        ("ada", FIRST, built_dist / "solutions"),
        ("bob", FIRST, ROOT / "notebooks"),
        ("cy", SECOND, built_dist / "solutions"),
        ("dee", SECOND, ROOT / "notebooks"),
        ("eve", FIRST, built_dist / "solutions"),
    ]:
        notebook = json.loads((source / f"{name}.ipynb").read_text(encoding="utf-8"))
        (hand_ins / f"{student}_{name}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    whole, one, two, merged = (tmp_path / n for n in ("whole", "shard-1", "shard-2", "merged"))
    for out, shard in [(whole, None), (one, "1/2"), (two, "2/2")]:
        result = course(
            "grade", str(hand_ins), "-o", str(out), "--timeout", "30", *(["--shard", shard] if shard else [])
        )
        assert result.returncode == 0, result.stdout + result.stderr

    students = {
        key: {(r["student"], r["assignment"]) for r in table(out / "gradebook.csv")}
        for key, out in [("whole", whole), ("one", one), ("two", two)]
    }
    assert students["one"] and students["two"] and not students["one"] & students["two"]
    assert students["one"] | students["two"] == students["whole"] and len(students["whole"]) == 5

    # A mark typed in the whole run's sheet, and the same mark typed in the shard that holds ada.
    type_mark(whole / "written-answers.csv", "ada", "3", "Clear.")
    assert course("merge-marks", str(whole)).returncode == 0
    holder = one if ("ada", FIRST) in students["one"] else two
    type_mark(holder / "written-answers.csv", "ada", "3", "Clear.")

    result = course("merge-shards", str(merged), str(one), str(two))
    assert result.returncode == 0, result.stdout + result.stderr
    expected, found = outputs(whole), outputs(merged)
    assert len(found["gradebook"]) == 5
    for row_whole, row_merged in zip(expected["gradebook"], found["gradebook"], strict=True):
        assert row_merged == row_whole
    assert next(r for r in found["gradebook"] if r["student"] == "ada")["written"] == "3"
    assert found == expected

    again = course("merge-shards", str(tmp_path / "twice"), str(one), str(one))
    assert again.returncode == 2 and "not shards of one run" in again.stderr
    bad = course("grade", str(hand_ins), "-o", str(tmp_path / "bad"), "--shard", "3/2")
    assert bad.returncode == 2 and "1 <= K <= N" in bad.stderr
