"""python -m course grade on a class built from the real notebooks: every kind of hand-in gets the
status and score it should, scores equal `otter run`'s question by question, hidden tests never leak
into feedback, and nothing outside the output folder changes."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests import grade_corpus
from tests.conftest import ROOT, master_paths, otter_run

pytestmark = pytest.mark.xdist_group("grading")
TIMEOUT = 8
CORPUS_ASSIGNMENT = "01_reading-the-raw-text"


def built_names(dist: Path) -> list[str]:
    """Assignments with a built autograder, a solution and a student edition."""
    return [
        m.stem
        for m in master_paths()
        if (dist / "autograder" / f"{m.stem}.zip").exists()
        and (dist / "solutions" / m.name).exists()
        and (ROOT / "notebooks" / m.name).exists()
    ]


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def graded(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Build the corpus, grade it once with the CLI, and read back what it wrote."""
    # The corpus's misbehaving hand-ins are written against notebook 01's names (article, lines): 01 goes first,
    # although notebook 00 now sorts before it.
    names = sorted(built_names(built_dist), key=lambda name: name != CORPUS_ASSIGNMENT)
    base = tmp_path_factory.mktemp("grading")
    folder, out = base / "submissions", base / "out"
    entries = grade_corpus.build(folder, ROOT / "notebooks", built_dist / "solutions", ROOT, names[0], names[1:])
    before = digest(folder)
    autograders = {p.name: p.read_bytes() for p in (built_dist / "autograder").glob("*.zip")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "course",
            "grade",
            str(folder),
            "-o",
            str(out),
            "--timeout",
            str(TIMEOUT),
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        "entries": entries,
        "rows": rows,
        "out": out,
        "folder": folder,
        "stdout": result.stdout,
        "stderr": result.stderr,
        "unchanged": before == digest(folder),
        "autograders": autograders,
        "dist": built_dist,
    }


def row_for(graded: dict, entry: grade_corpus.Entry) -> dict:
    matches = [r for r in graded["rows"] if r["student"] == entry.student and Path(r["file"]).name == entry.file]
    if not matches and entry.status == "duplicate":
        matches = [r for r in graded["rows"] if r["student"] == entry.student and r["assignment"] == entry.assignment]
    assert len(matches) == 1, f"{entry.file}: {len(matches)} gradebook rows"
    return matches[0]


def test_every_file_gets_its_status_and_score(graded: dict) -> None:
    problems = []
    for entry in graded["entries"]:
        row = row_for(graded, entry)
        if row["status"] not in entry.status.split("|"):
            problems.append(f"{entry.file}: status {row['status']} ({row['reason']}), expected {entry.status}")
            continue
        assert row["reason"] or row["status"] == "ok", f"{entry.file}: status {row['status']} without a reason"
        total = row["total"]
        if entry.score == "none":
            ok = total == ""
        else:
            possible = float(row["possible"]) - sum(float(p) for _, p in manual_points(graded, row["assignment"]))
            value = float(total)
            ok = {
                "full": value == possible,
                "zero": value == 0,
                "some": 0 < value < possible,
                "otter": True,  # checked against otter run below
            }[entry.score]
        if not ok:
            problems.append(f"{entry.file}: total {total!r} is not {entry.score} ({row['reason']})")
    assert not problems, "\n".join(problems)


def manual_points(graded: dict, assignment: str) -> list[str]:
    with (graded["out"] / "written-answers.csv").open(encoding="utf-8") as handle:
        return list({(r["question"], r["points"]) for r in csv.DictReader(handle) if r["assignment"] == assignment})


def otter_scores(autograder: Path, submission: Path, out: Path) -> dict[str, float]:
    """otter run's score per question."""
    tests = otter_run(autograder, submission, out)["tests"]
    return {t["name"].split(" - ")[0]: t["score"] for t in tests if "max_score" in t}


def test_scores_equal_otter_run_question_by_question(graded: dict, tmp_path: Path) -> None:
    compared = [e for e in graded["entries"] if e.compare]
    assert len(compared) >= 8

    def run(entry: grade_corpus.Entry) -> tuple[grade_corpus.Entry, dict[str, float]]:
        autograder = graded["dist"] / "autograder" / f"{entry.assignment}.zip"
        return entry, otter_scores(autograder, graded["folder"] / entry.file, tmp_path / entry.file)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, compared))
    problems = []
    for entry, theirs in results:
        row = row_for(graded, entry)
        ours = {q: float(row[q]) for q in theirs}
        if ours != theirs:
            problems.append(f"{entry.file}: course grade {ours} != otter run {theirs}")
    assert not problems, "\n".join(problems)


def test_feedback_never_shows_hidden_tests(graded: dict) -> None:
    hidden_lines = set()
    for blob in graded["autograders"].values():
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            for name in archive.namelist():
                if name.startswith("tests/"):
                    source = archive.read(name).decode()
                    for block in source.split("@test_case")[1:]:
                        if "hidden=True" in block.split("\n", 1)[0]:
                            hidden_lines |= {
                                line.strip() for line in block.split("\n")[2:] if line.strip().startswith("assert")
                            }
    assert hidden_lines
    feedback = list((graded["out"] / "feedback").rglob("*.md"))
    assert len(feedback) == len(graded["rows"])
    for path in feedback:
        text = path.read_text(encoding="utf-8")
        leaked = [line for line in hidden_lines if line in text]
        assert not leaked, f"{path} shows hidden test code: {leaked[:2]}"
    ada = (graded["out"] / "feedback" / "ada").glob("*.md")
    assert all("passed" in p.read_text(encoding="utf-8") for p in ada)


def test_nothing_outside_the_output_changes(graded: dict, built_dist: Path) -> None:
    assert graded["unchanged"], "the submissions folder changed"
    assert not (ROOT / "ESCAPED-BY-A-SUBMISSION.txt").exists()
    assert not (graded["folder"].parent / "escaped.txt").exists()
    assert {p.name: p.read_bytes() for p in (built_dist / "autograder").glob("*.zip")} == graded["autograders"]


def test_summary_line_and_outputs(graded: dict) -> None:
    assert graded["stdout"].strip().startswith("graded ")
    assert "\n" not in graded["stdout"].strip()
    out = graded["out"]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "vega" in report and "https://cdn" not in report and "<script src=" not in report
    with (out / "written-answers.csv").open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert written and {"student", "assignment", "question", "answer", "mark"} <= set(written[0])
    canvas = (out / "canvas.csv").read_text(encoding="utf-8").splitlines()
    assert canvas[0].startswith("Student,ID,SIS User ID,SIS Login ID,Section")


def test_merge_marks_puts_rubric_marks_into_the_gradebook(graded: dict, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(graded["out"], out)
    path = out / "written-answers.csv"
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, marks = reader.fieldnames, list(reader)
    target = next(m for m in marks if m["student"] == "ada")
    target["mark"] = "3"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(marks)
    result = subprocess.run(
        [sys.executable, "-m", "course", "merge-marks", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    row = next(r for r in rows if r["student"] == "ada" and r["assignment"] == target["assignment"])
    before = next(r for r in graded["rows"] if r["student"] == "ada" and r["assignment"] == target["assignment"])
    assert row[target["question"]] == "3"
    assert float(row["total"]) == float(before["total"]) + 3
