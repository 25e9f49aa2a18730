"""Every auto-graded question tells the student what to make before they are asked to make it.

A question's instructions are a markdown cell, after the previous question ends and before the
question's answer cell, that names the answer (the variable or function its tests take) in
backticks. Issue 22 found a 2-point question whose instructions had been lost in an edit: students
saw only `evidence_share = ...`. This test fails on any such question.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, master_paths, read_notebook

QUESTION_NAME = re.compile(r"^name:\s*(\S+)", re.MULTILINE)
MANUAL = re.compile(r"^manual:\s*true", re.MULTILINE | re.IGNORECASE)


@dataclass
class Question:
    """One auto-graded question: its name, its answers, and the markdown a student read before each answer cell.

    The answers are what its tests take and what its answer cell defines (05 asks for `host_state_view()`,
    whose result `host_view` the tests take).
    """

    name: str
    answers: set[str]
    instructions: dict[str, str]


def answers_taken_by_tests(test_cells: list[str]) -> set[str]:
    """The parameters of the question's test functions: the names the student must define."""
    names: set[str] = set()
    for source in test_cells:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                names.update(arg.arg for arg in node.args.args)
    return names


def names_defined(source: str) -> set[str]:
    """Top-level names a code cell assigns or defines (its answer, if it is an answer cell)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a cell with `...` placeholders in odd places is not an answer cell we can read
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def auto_graded_questions(path: Path) -> list[Question]:
    """Walk the master cell by cell.

    The instructions for an answer are the markdown cells a student has read since the previous
    auto-graded question ended, up to the code cell that first defines the answer. A written
    (manual) question does not end the span: in 06 its answer dict is what the auto-graded checks read.
    """
    questions: list[Question] = []
    markdown: list[str] = []
    read_before: dict[str, str] = {}
    config: str | None = None
    tests: list[str] = []
    defined: set[str] = set()  # what the question's own answer cell defines: a function may be what it asks for
    in_tests = False
    for cell in read_notebook(path).cells:
        source = cell.source
        if cell.cell_type == "raw" and source.lstrip().startswith("# BEGIN QUESTION"):
            config, tests, defined = source, [], set()
        elif cell.cell_type == "raw" and source.strip() in ("# BEGIN TESTS", "# END TESTS"):
            in_tests = source.strip() == "# BEGIN TESTS"
        elif cell.cell_type == "raw" and source.strip() == "# END QUESTION" and config is not None:
            if not MANUAL.search(config):
                match = QUESTION_NAME.search(config)
                assert match, f"{path.name}: a question has no name: line in its config"
                answers = answers_taken_by_tests(tests) | defined
                questions.append(Question(match.group(1), answers, {n: read_before.get(n, "") for n in answers}))
                markdown, read_before = [], {}
            config = None
        elif cell.cell_type == "code" and in_tests:
            tests.append(source)
        elif cell.cell_type == "code":
            names = names_defined(source)
            if config is not None:
                defined |= names
            for name in names:
                read_before.setdefault(name, "\n".join(markdown))
        elif cell.cell_type == "markdown":
            markdown.append(source)
    return questions


def names_its_answer(question: Question) -> bool:
    """True when the instructions name one of the answers in code style: `share`, `blocks(text)`."""
    return any(
        re.search(r"`" + re.escape(name) + r"(?![A-Za-z0-9_])", text) for name, text in question.instructions.items()
    )


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


@pytest.mark.parametrize("path", master_paths(), ids=ids(master_paths()))
def test_every_auto_graded_question_names_its_answer_before_the_answer_cell(path: Path) -> None:
    questions = auto_graded_questions(path)
    assert questions, f"{path.name}: no auto-graded question found; has the otter format changed?"
    missing = [f"{q.name} (answer {', '.join(sorted(q.answers))})" for q in questions if not names_its_answer(q)]
    assert not missing, (
        f"{path.name}: these auto-graded questions have no instructions, that is no markdown cell between "
        f"the previous question and the answer cell that names the answer in backticks: {missing}. "
        "Add an exercise cell (### Exercise N · ..., then what to make and how) before the question."
    )


def test_the_check_fails_on_a_question_without_instructions(tmp_path: Path) -> None:
    """The walk above must see a lost instruction cell, or the test above could never fail."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Some reading about the article, naming no answer."),
        nbformat.v4.new_raw_cell("# BEGIN QUESTION\nname: q1_share\npoints: 1"),
        nbformat.v4.new_raw_cell("# BEGIN SOLUTION"),
        nbformat.v4.new_code_cell("share = 0.5  # SOLUTION"),
        nbformat.v4.new_raw_cell("# END SOLUTION"),
        nbformat.v4.new_raw_cell("# BEGIN TESTS"),
        nbformat.v4.new_code_cell("def test_share(share):\n    assert share == 0.5, 'no'"),
        nbformat.v4.new_raw_cell("# END TESTS"),
        nbformat.v4.new_raw_cell("# END QUESTION"),
        nbformat.v4.new_markdown_cell("### Exercise 2\n\nMake `share` again (this comes too late)."),
    ]
    path = tmp_path / "lost.ipynb"
    nbformat.write(nb, path)
    [question] = auto_graded_questions(path)
    assert question.answers == {"share"}
    assert not names_its_answer(question)
