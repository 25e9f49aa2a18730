"""The answer key: for every auto-graded question, wrong answers that must fail and right ones that must pass.

Each notebook has a module ``nbNN.py`` defining ``KEY``, an :class:`AnswerKey`. A case is the code a
student might write in the answer cell. :func:`run_case` runs it in a fresh namespace that holds what
the notebook has defined before the question, built from the master's own cells (:mod:`.setup`: the
provided cells, with every earlier answer left blank, so that checkpoints hand over the course's values),
then runs the question's real test file from the built autograder zip with otter's own test
runner: all tests for the score, the public ones for what ``grader.check`` tells the student.

``python -m tests.answer_key`` prints, per notebook, the questions, the wrong answers that failed and
the alternatives that passed.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tests.answer_key.setup import blank_answer, question_cells

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Case:
    """One answer a student might give.

    `says`: for a wrong answer, words that the public check's message must contain (the check names the
    mistake); None when the public check cannot tell (for example a hard-coded value of the right
    shape): then only the hidden tests catch it, and the public check must pass.
    """

    label: str
    code: str
    says: str | None = None


@dataclass(frozen=True)
class Question:
    """An auto-graded question and its cases. `giveaways`: text that would show the answer if it
    appeared in the student edition (a value, a pattern, a line of the model solution). `pasted`: see below."""

    name: str
    right: list[Case]
    wrong: list[Case]
    giveaways: list[str] = field(default_factory=list)
    # Issue 19, item 5, for a question whose value a checkpoint hands over: how the course's value pasted
    # into the answer cell is caught. "fails": a hidden test runs the answer on other inputs (the practice
    # text, other keywords, other tables), so a pasted value fails it; "flagged": the answer is a value with
    # no code to re-run, so the gradebook marks it "needs a look" (course grade) with the reason.
    pasted: str | None = None
    # What the public check of the edition's blank answer cell says, where that cell is a scaffold that runs
    # (a loop whose body is ..., a function that returns nothing) and the check names what it gives.
    blank_says: str = "not answered"
    # Code run before this question's cases only: earlier answers that its cases use by name, as a student who
    # answered them has them (the set-up leaves every earlier answer blank).
    earlier: str = ""


@dataclass(frozen=True)
class AnswerKey:
    """A notebook's answer key. `extra`: code run after the question's set-up and before every case, for
    names that some cases need and the notebook does not define there (kept short, each with its reason)."""

    notebook: str
    questions: list[Question]
    extra: str = ""


def blank_case(key: AnswerKey, question: str) -> Case:
    """The student edition's answer cell, untouched: a wrong answer whose check says it is not answered
    (or, for a scaffold that runs, what the question's `blank_says` names)."""
    says = next(q.blank_says for q in key.questions if q.name == question)
    return Case("blank (the edition's answer cell)", blank_answer(key.notebook, question), says=says)


class SetupError(RuntimeError):
    """A provided cell of the master raised while building a question's set-up: the key no longer builds."""


@dataclass(frozen=True)
class CaseRun:
    """What the tests said about one case."""

    score: float
    possible: float
    public_passed: bool
    public_messages: list[str]
    hidden_messages: list[str]
    error: str | None = None

    @property
    def full_marks(self) -> bool:
        return self.error is None and abs(self.score - self.possible) < 1e-9


def keys() -> list[AnswerKey]:
    """Every notebook's answer key, in course order."""
    found = sorted(Path(__file__).parent.glob("nb[0-9][0-9].py"))
    return [importlib.import_module(f"tests.answer_key.{p.stem}").KEY for p in found]


@cache
def test_source(notebook: str, question: str) -> str:
    """The question's test file as the built autograder zip holds it (public and hidden tests)."""
    zip_path = ROOT / "dist" / "autograder" / f"{notebook}.zip"
    with zipfile.ZipFile(zip_path) as archive:
        return archive.read(f"tests/{question}.py").decode("utf-8")


def set_up(key: AnswerKey, question: str) -> dict:
    """The namespace a student who answers only `question` has before its answer cell, then the key's `extra`
    and the question's `earlier`.

    Runs in notebooks/ (where a student's notebook runs); the cells' printing is held back.
    """
    env: dict = {"__name__": "__main__", "display": lambda *args, **kwargs: None}
    with contextlib.redirect_stdout(io.StringIO()):
        for number, cell in enumerate(question_cells(key.notebook)[question].setup):
            try:
                exec(compile(cell.source, f"<{key.notebook} cell {number} before {question}>", "exec"), env)
            except Exception as error:
                if not cell.answer:
                    raise SetupError(
                        f"{key.notebook}: a provided cell before {question} raised {error!r} when every earlier "
                        f"answer is blank; the cell:\n{cell.source}"
                    ) from error
        earlier = next(q.earlier for q in key.questions if q.name == question)
        for label, code in (("extra", key.extra), ("earlier answers", earlier)):
            exec(compile(code, f"<{key.notebook} {question}: {label}>", "exec"), env)
    return env


def run_case(key: AnswerKey, question: str, case: Case) -> CaseRun:
    """Run one case's code after the question's set-up, then the question's tests on that namespace."""
    from otter.test_files import ExceptionTestFile

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # as the set-up cell does: coursekit is importable
    cwd = os.getcwd()
    os.chdir(ROOT / "notebooks")  # where a student's notebook runs
    try:
        env = set_up(key, question)
        try:
            exec(compile(case.code, f"<{question}: {case.label}>", "exec"), env)
        except Exception as error:  # a wrong answer may raise in its own cell; the tests still run
            env.setdefault("_cell_error", repr(error))
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / f"{question}.py"
            path.write_text(test_source(key.notebook, question), encoding="utf-8")
            tests = ExceptionTestFile.from_file(str(path))
            tests.run(env)
    finally:
        os.chdir(cwd)
    results = tests.test_case_results
    public = [r for r in results if not r.test_case.hidden]
    return CaseRun(
        score=float(tests.score),
        possible=float(tests.possible),
        public_passed=all(r.passed for r in public),
        public_messages=[r.message for r in public if not r.passed],
        hidden_messages=[r.message for r in results if r.test_case.hidden and not r.passed],
    )


def main() -> int:
    """Print, per notebook, how many wrong answers failed and alternatives passed."""
    problems = 0
    for key in keys():
        wrong_failed = wrong_total = right_passed = right_total = 0
        for question in key.questions:
            for case in [blank_case(key, question.name), *question.wrong]:
                wrong_total += 1
                wrong_failed += not run_case(key, question.name, case).full_marks
            for case in question.right:
                right_total += 1
                right_passed += run_case(key, question.name, case).full_marks
        problems += (wrong_total - wrong_failed) + (right_total - right_passed)
        print(
            f"{key.notebook}: {len(key.questions)} questions; wrong answers failed {wrong_failed}/{wrong_total}; "
            f"alternatives passed {right_passed}/{right_total}"
        )
    return 1 if problems else 0
