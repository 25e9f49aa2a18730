"""Re-grading never loses a mark or a comment: a class is graded, marks and comments are typed into the
written-answers sheet, a late file and a re-hand-in are graded into the same folder, and every mark,
criterion mark and comment is still there; merge-marks run twice gives the same files; the sheet is
read as spreadsheets write it, or the merge stops at the cell at fault."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from course.grading import marks, written
from course.grading.feedback import PROVISIONAL
from tests.conftest import ROOT

pytestmark = pytest.mark.xdist_group("grading")
ASSIGNMENT = "01_reading-the-raw-text"
CRITERIA = ["Accuracy about the text [0-1]", "Use of measurement [0-1]", "Evidence [0-1]", "Argument and clarity [0-1]"]


def hand_in(source: Path, target: Path, written: str) -> None:
    """A copy of a notebook with its written answer (q9_structure) typed in."""
    nb = json.loads(source.read_text(encoding="utf-8"))
    cell = next(
        c
        for c in nb["cells"]
        if c["cell_type"] == "markdown" and "otter_answer_cell" in (c["metadata"].get("tags") or [])
    )
    cell["source"] = written
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(nb), encoding="utf-8")


def course(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course", *args], capture_output=True, text=True, cwd=ROOT, timeout=600
    )


def sheet(out: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (out / "written-answers.csv").open(encoding="utf-8") as handle:
        return {(r["student"], r["question"]): r for r in csv.DictReader(handle)}


def gradebook(out: Path) -> dict[str, dict[str, str]]:
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        return {r["student"]: r for r in csv.DictReader(handle)}


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "report.html"
    }


def test_regrading_a_late_file_keeps_every_mark_and_comment(built_dist: Path, tmp_path: Path) -> None:
    solution = built_dist / "solutions" / f"{ASSIGNMENT}.ipynb"
    blank = ROOT / "notebooks" / f"{ASSIGNMENT}.ipynb"
    first, late, out = tmp_path / "first", tmp_path / "late", tmp_path / "out"
    hand_in(solution, first / f"ada_{ASSIGNMENT}.ipynb", "The motivations section is longest (P13, P14).")
    hand_in(blank, first / f"bob_{ASSIGNMENT}.ipynb", "Short answer by Bob (P06).")
    hand_in(solution, first / f"dan_{ASSIGNMENT}.ipynb", "Dan's answer (P12).")
    result = course("grade", str(first), "-o", str(out), "--timeout", "30", "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(gradebook(out)) == 3

    # The markers type criterion marks, a mark with a decimal comma and comments, then merge.
    path = out / "written-answers.csv"
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, entries = list(reader.fieldnames or []), list(reader)
    assert all(c in header for c in CRITERIA), header
    typed = {
        "ada": {**dict(zip(CRITERIA, ["1", "1", "0.5", "1"], strict=True)), "comment": "Clear; cite P25 too."},
        "bob": {"mark": "2,5", "comment": "Say what the lengths show."},
        "dan": {"mark": "4", "comment": "Excellent — «exact» quotes."},
    }
    for entry in entries:
        entry.update(typed[entry["student"]])
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # as a spreadsheet saves it: BOM, semicolons
        writer = csv.DictWriter(handle, fieldnames=header, delimiter=";")
        writer.writeheader()
        writer.writerows(entries)
    merged = course("merge-marks", str(out))
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "3 written question(s) marked, 3 comment(s)" in merged.stdout
    before = gradebook(out)
    assert before["ada"]["written"] == "3.5" and before["bob"]["written"] == "2.5" and before["dan"]["written"] == "4"

    # One late file (carol) and a re-hand-in (bob, with a new answer) into the same folder.
    hand_in(solution, late / f"carol_{ASSIGNMENT}.ipynb", "Carol's late answer (P05).")
    hand_in(solution, late / f"bob_{ASSIGNMENT}.ipynb", "Bob's corrected answer (P06, P13).")
    again = course("grade", str(late), "-o", str(out), "--timeout", "30", "--jobs", "2")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "1 new row(s) (carol" in again.stdout and "1 updated (bob" in again.stdout, again.stdout
    assert "2 kept as they were" in again.stdout and "3 marked written answer(s) kept" in again.stdout
    assert "answer changed after it was marked" in again.stdout

    after, rows = sheet(out), gradebook(out)
    assert set(rows) == {"ada", "bob", "carol", "dan"}
    ada, bob, dan = after[("ada", "q9_structure")], after[("bob", "q9_structure")], after[("dan", "q9_structure")]
    assert [ada[c] for c in CRITERIA] == ["1", "1", "0.5", "1"] and ada["comment"] == "Clear; cite P25 too."
    assert bob["mark"] == "2,5" and bob["comment"] == "Say what the lengths show."
    assert (
        bob["answer"] == "Bob's corrected answer (P06, P13)." and bob["check"] == "answer changed after it was marked"
    )
    assert dan["mark"] == "4" and dan["comment"] == "Excellent — «exact» quotes." and not dan["check"]
    assert after[("carol", "q9_structure")]["mark"] == ""
    assert rows["bob"]["auto"] == rows["ada"]["auto"]  # bob's row is the solution now (updated)
    assert rows["bob"]["file"].startswith(str(late))
    for student in ("ada", "dan"):
        assert rows[student] == before[student]
    assert rows["bob"]["written"] == "2.5" and float(rows["bob"]["total"]) == float(rows["bob"]["auto"]) + 2.5
    feedback = (out / "feedback" / "ada" / f"{ASSIGNMENT}.md").read_text(encoding="utf-8")
    assert "Comment from your marker: Clear; cite P25 too." in feedback and "3.5 / 4" in feedback
    assert "Comment from your marker: Excellent" in (out / "feedback" / "dan" / f"{ASSIGNMENT}.md").read_text()

    # bob's mark is flagged (his answer changed): his feedback says it is provisional until the check is cleared.
    bob_feedback = out / "feedback" / "bob" / f"{ASSIGNMENT}.md"
    assert "2,5 / 4 (provisional)" in bob_feedback.read_text(encoding="utf-8")
    assert PROVISIONAL in bob_feedback.read_text(encoding="utf-8")
    assert "provisional" not in feedback
    marked = marks.read(path)
    for entry in marked.rows:
        entry[marks.CHECK] = ""  # the marker looked again and cleared the check
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=marked.header)
        writer.writeheader()
        writer.writerows(marked.rows)
    assert course("merge-marks", str(out)).returncode == 0
    assert "provisional" not in bob_feedback.read_text(encoding="utf-8")
    assert "2,5 / 4" in bob_feedback.read_text(encoding="utf-8")

    # merge-marks twice: the same files.
    assert course("merge-marks", str(out)).returncode == 0
    once = digest(out)
    assert course("merge-marks", str(out)).returncode == 0
    assert digest(out) == once


def test_a_bad_cell_stops_the_merge_with_its_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "written-answers.csv"
    path.write_bytes(
        "\ufeffstudent;assignment;question;points;answer;mark;comment\r\n"
        "ada;01_reading-the-raw-text;q9_structure;4;text;3,5;good\r\n"
        "bob;01_reading-the-raw-text;q9_structure;4;text;three;\r\n"
        "cy;01_reading-the-raw-text;q9_structure;4;text;7;\r\n".encode()
    )
    read = marks.read(path)
    assert read.rows[0]["mark"] == "3,5" and marks.number(read.rows[0]["mark"]) == 3.5
    found, problems = marks.marks_of(read.rows, read.lines, path.name)
    assert found == {("ada", "01_reading-the-raw-text", "q9_structure"): 3.5}
    assert any("row 3" in p and "column 'mark'" in p and "'three'" in p for p in problems), problems
    assert any("row 4" in p and "outside 0-4" in p for p in problems), problems


def test_a_sheet_without_its_header_is_refused_never_merged_0(tmp_path: Path) -> None:
    path = tmp_path / "written-answers.csv"
    path.write_text("ada,01_reading-the-raw-text,q9_structure,4,text,3\n", encoding="utf-8")
    with pytest.raises(marks.MarksError, match="row 1"):
        marks.read(path)


def test_criteria_come_from_the_rubrics_and_must_add_up() -> None:
    table = marks.rubrics()
    assert [c for c, _ in table["q1_motivation_argument"]] == [
        "Claim",
        "Evidence",
        "Counter-evidence and fairness",
        "Reasoning",
    ]
    assert sum(t for _, t in table["q10_briefing"]) == 6
    entry = {"question": "q9_structure", "mark": "3", **dict(zip(CRITERIA, ["1", "1", "0.5", "1"], strict=True))}
    with pytest.raises(marks.MarksError, match="not the sum"):
        marks.value(entry, "row 2", 4, table["q9_structure"])
    del entry["mark"]
    assert marks.value(entry, "row 2", 4, table["q9_structure"]) == 3.5


def test_notebook_06_sheet_holds_the_argument_not_the_cell() -> None:
    cell = (
        'answer_1 = {\n    # position: one of ...\n    "position": "mostly regional",\n    "evidence": ["P14"],\n'
        '    "argument": """\nRwanda looks further afield (P14).\n""",\n}\n'
    )
    assert written.written_text(cell) == "Rwanda looks further afield (P14)."
    template = 'answer_2 = {\n    "position": ...,\n    "evidence": [...],\n    "argument": """\n...\n""",\n}\n'
    assert written.written_text(template) == ""
    assert written.written_text("A markdown answer (P05).") == "A markdown answer (P05)."
