"""Issue 19: no marks for no work, under the autograder zip's ``otter run`` and under ``course grade``.

For every notebook with checkpoints (01-05, 07) and every kind of no-work case of tests/answer_key/gaming.py,
each checkpointed question earns what the case expects: 0 for a checkpoint call or a coursekit import in
the answer cell, 0 for the course's value assigned after the check, 0 for a pasted value where the key
says a hidden test catches it (else full marks, and "needs a look" in the gradebook), and what it had at
its check for an answer reassigned after it. In the checkpoint and import cases every other answer cell
imports its answer from coursekit too, and the whole notebook must score 0.

Under ``course grade`` a pasted value that the key says is "flagged" must also mark the row
``needs-a-look`` (course/grading/pasted.py); ``otter run`` has no such status, so there the flag is the
instructor's only guard and it shows in ``course grade`` alone.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.answer_key import keys
from tests.answer_key.gaming import KINDS, case
from tests.conftest import ROOT, otter_run

NOTEBOOKS = [key for key in keys() if key.notebook[:2] in ("01", "02", "03", "04", "05", "07")]


def possible_points(autograder: Path) -> dict[str, float]:
    import zipfile

    from otter.test_files.exception_test import ExceptionTestFile

    with zipfile.ZipFile(autograder) as archive:
        return {
            Path(name).stem: float(
                ExceptionTestFile.from_string(archive.read(name).decode(), path=f"./{name}").possible
            )
            for name in archive.namelist()
            if name.startswith("tests/") and name.endswith(".py") and not name.endswith("__init__.py")
        }


def by_otter_run(autograder: Path, notebook: Path, scratch: Path) -> tuple[dict[str, float], str]:
    """Scores per question from the zip's `otter run`; otter has no row status ("")."""
    results = otter_run(autograder, notebook, scratch)
    return {t["name"]: float(t["score"]) for t in results["tests"] if "max_score" in t}, ""


def by_course_grade(autograder: Path, notebook: Path, scratch: Path) -> tuple[dict[str, float], str]:
    """Scores per question from `python -m course grade` (its gradebook's q... columns), and the row's status."""
    out = scratch / "graded"
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "course",
            "grade",
            str(notebook.parent),
            "--out",
            str(out),
            "--assignment",
            autograder.stem,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    scores = {name: float(value) for name, value in row.items() if name.startswith("q") and value not in ("", None)}
    return scores, row["status"]


GRADERS: dict[str, Callable[[Path, Path, Path], tuple[dict[str, float], str]]] = {
    "otter run": by_otter_run,
    "course grade": by_course_grade,
}
CASES = [
    pytest.param(
        key,
        kind,
        grader,
        id=f"{key.notebook[:2]}-{kind}-{grader.replace(' ', '_')}",
    )  # fmt: skip
    for key in NOTEBOOKS
    for kind in KINDS
    for grader in GRADERS
]


def test_every_checkpointed_question_says_how_a_pasted_value_is_caught() -> None:
    """Item 5: for each checkpointed question the key says "fails" (a hidden test runs the answer on other
    inputs) or "flagged" (A2's 'needs a look' flag is the guard)."""
    from tests.answer_key.gaming import checkpointed

    for key in NOTEBOOKS:
        rules = {q.name: q.pasted for q in key.questions}
        for question in checkpointed(key.notebook):
            assert rules.get(question) in ("fails", "flagged"), f"{key.notebook} {question}: pasted= is not set"


@pytest.mark.parametrize(("key", "kind", "grader"), CASES)
def test_no_work_earns_nothing(key, kind: str, grader: str, built_dist: Path, tmp_path: Path) -> None:  # noqa: ANN001
    autograder = built_dist / "autograder" / f"{key.notebook}.zip"
    rules = {q.name: q.pasted for q in key.questions if q.pasted}
    made = case(key.notebook, kind, possible_points(autograder), rules)
    assert made.expected, f"{key.notebook} has no checkpointed question"
    folder = tmp_path / "hand-ins" / "student"
    folder.mkdir(parents=True)
    notebook = folder / f"{key.notebook}.ipynb"
    notebook.write_text(made.source, encoding="utf-8")
    scores, status = GRADERS[grader](autograder, notebook, tmp_path / "run")
    wrong = {q: (scores.get(q), want) for q, want in made.expected.items() if scores.get(q) != pytest.approx(want)}
    assert not wrong, f"{key.notebook} {kind} under {grader}: question -> (score, expected) {wrong}"
    if made.total_zero:
        earned = {q: score for q, score in scores.items() if score}
        assert not earned, f"{key.notebook} {kind} under {grader}: a notebook of no work earns {earned}"
    if grader == "course grade" and kind == "pasted" and "flagged" in rules.values():
        assert status == "needs-a-look", f"{key.notebook}: a pasted course value is not flagged (status {status})"
