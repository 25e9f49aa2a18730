"""Each question's set-up and blank answer, read from the notebook's master and student edition (issue 24.6).

A case of the answer key runs after what a student who answers only that question has run: every code
cell of the master that comes before the question and is not a solution or a test (the provided cells),
with every earlier answer cell as the student edition gives it, the blank ``...``. The provided cells
after an exercise take the course's value through ``coursekit.checkpoint`` when the student's answer is
blank, so later questions see the values they would see in the notebook. Nothing is copied by hand: a
master's set-up that changes changes the key's set-up with it.

Skipped, by one rule: every top-level statement that names ``grader`` (the ``coursekit.Grader(...)`` line
of the set-up cell, whose IPython hooks need a kernel, the ``grader.check`` cells, the hand-in button).
``display`` is a no-op (IPython's builtin in a notebook; tables and charts are not drawn here).

Master cells are paired with edition cells by order: otter assign turns the n-th code cell of a
solution block into the n-th code answer cell of the edition (``otter_answer_cell``). A question with no
solution cell of its own (06's checks of the written answers) has the last answer cell before it, and
its set-up is what comes before that cell.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Cell:
    """A code cell as a case's set-up runs it. `answer`: a blank answer cell (it may raise, as the blank
    ``...`` of a function body called at the end of its cell can; a provided cell must not)."""

    source: str
    answer: bool


@dataclass(frozen=True)
class QuestionCells:
    """What comes before a question's answer cell, and that answer cell as the student edition gives it."""

    setup: tuple[Cell, ...]
    blank: str


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _names_grader(statement: ast.stmt) -> bool:
    return any(isinstance(node, ast.Name) and node.id == "grader" for node in ast.walk(statement))


def without_grader(source: str) -> str:
    """The cell without its top-level statements that name ``grader`` (see the module's docstring)."""
    lines = source.splitlines()
    for statement in reversed(ast.parse(source).body):
        if _names_grader(statement):
            del lines[statement.lineno - 1 : statement.end_lineno]
    return "\n".join(lines) + "\n" if lines else ""


@cache
def question_cells(notebook: str, root: Path = ROOT) -> dict[str, QuestionCells]:
    """Every question of a notebook (auto-graded and manual), in order, with its set-up and blank answer."""
    master = _cells(root / "course" / "source" / f"{notebook}.ipynb")
    edition = [
        _source(c)
        for c in _cells(root / "notebooks" / f"{notebook}.ipynb")
        if c["cell_type"] == "code" and "otter_answer_cell" in c.get("metadata", {}).get("tags", [])
    ]
    found: dict[str, QuestionCells] = {}
    before: list[Cell] = []
    block, question, answers = None, None, 0
    blanks: list[str] = []
    last: tuple[int, str] | None = None  # where the last answer cells start in `before`, and their code
    for cell in master:
        text = _source(cell).strip()
        if cell["cell_type"] == "raw":
            if text.startswith("# BEGIN QUESTION"):
                question = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("name:"))
                blanks = []
            elif text.startswith("# BEGIN SOLUTION"):
                block = "solution"
            elif text.startswith("# BEGIN TESTS"):
                block = "tests"
            elif text.startswith("# END QUESTION"):
                assert question is not None
                if blanks:
                    found[question] = QuestionCells(tuple(before), "\n".join(blanks))
                    last = (len(before), "\n".join(blanks))
                    before = [*before, *(Cell(blank, answer=True) for blank in blanks)]
                elif last is not None:
                    # No answer cell of its own: the check reads the last answer cell (06's written answers,
                    # whose cell belongs to the hand-marked question just before), which the case replaces;
                    # the set-up stops before it (the cells between, 06's previews, show that answer).
                    at, blank = last
                    found[question] = QuestionCells(tuple(before[:at]), blank)
                question = None
            elif text.startswith("# END"):
                block = None
        elif cell["cell_type"] == "code" and block == "solution":
            blanks.append(edition[answers] if answers < len(edition) else "")
            answers += 1
        elif cell["cell_type"] == "code" and block is None:
            code = without_grader(_source(cell))
            if code.strip():
                before.append(Cell(code, answer=False))
    if answers != len(edition):
        raise ValueError(
            f"{notebook}: the master has {answers} solution code cells but the edition {len(edition)} answer cells; "
            "rebuild the editions (python -m course build)"
        )
    return found


def blank_answer(notebook: str, question: str) -> str:
    """The question's answer cell as the student edition gives it (the blank ``...``)."""
    return question_cells(notebook)[question].blank
