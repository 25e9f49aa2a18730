"""The answer key, run through otter's own test runner against the real test files (tests/answer_key/).

For every auto-graded question of every notebook: at least three plausible wrong answers that must not
get full marks (and whose public check names the mistake, where it can), and at least one correct answer
unlike the model solution that must get full marks; and the student edition's blank answer cell, whose
public check must say it is not answered. Each case runs after its question's set-up, built from the
master's own cells (tests/answer_key/setup.py); the drift tests below fail when a master's provided cells no
longer build it. And no question's answer is in sight in the student edition.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.answer_key import AnswerKey, Case, SetupError, blank_case, keys, run_case, set_up
from tests.answer_key.setup import question_cells
from tests.conftest import NOTEBOOKS, master_paths, read_notebook

KEYS = {key.notebook: key for key in keys()}
CASES = [
    pytest.param(key, question.name, case, kind, id=f"{key.notebook[:2]}-{question.name}-{kind}-{case.label}")
    for key in KEYS.values()
    for question in key.questions
    for kind, cases in (("wrong", question.wrong), ("right", question.right))
    for case in cases
]
BLANKS = [
    pytest.param(key, question.name, id=f"{key.notebook[:2]}-{question.name}-blank")
    for key in KEYS.values()
    for question in key.questions
]


def auto_graded(master: Path) -> list[str]:
    """Names of a master's auto-graded questions, in order."""
    names = []
    for cell in read_notebook(master).cells:
        if cell.source.startswith("# BEGIN QUESTION") and "manual: true" not in cell.source:
            names.append(re.search(r"name:\s*(\S+)", cell.source).group(1))
    return names


@pytest.mark.parametrize("master", master_paths(), ids=[p.stem for p in master_paths()])
def test_every_auto_graded_question_has_a_full_key(master: Path) -> None:
    key = KEYS.get(master.stem)
    assert key is not None, f"tests/answer_key/ has no key for {master.stem} (nb{master.stem[:2]}.py)"
    assert [q.name for q in key.questions] == auto_graded(master), f"{master.stem}: key and questions differ"
    for question in key.questions:
        # The blank answer cell (test_the_blank_answer_is_not_answered) is one more, made from the edition.
        assert len(question.wrong) >= 3, f"{master.stem} {question.name}: fewer than three wrong answers"
        assert len(question.right) >= 1, f"{master.stem} {question.name}: no correct alternative"


@pytest.mark.parametrize(("key", "question", "case", "kind"), CASES)
def test_answer_key_case(key: AnswerKey, question: str, case: Case, kind: str, built_dist: Path) -> None:
    run = run_case(key, question, case)
    if kind == "right":
        assert run.full_marks, (
            f"a correct answer scores {run.score}/{run.possible}: {run.public_messages + run.hidden_messages}"
        )
        assert run.public_passed, f"the public check rejects a correct answer: {run.public_messages}"
        return
    assert not run.full_marks, f"a wrong answer ({case.label}) gets full marks"
    if case.says is None:
        assert run.public_passed, f"expected only the hidden tests to catch this, but: {run.public_messages}"
    else:
        shown = "\n".join(run.public_messages)
        assert not run.public_passed, f"the public check passes a wrong answer ({case.label})"
        assert case.says in shown, f"the public check should say {case.says!r}, but it says:\n{shown}"
    assert all("Error at line" not in m or "AssertionError" in m for m in run.hidden_messages), (
        f"a hidden test crashed instead of failing with a message: {run.hidden_messages}"
    )


@pytest.mark.parametrize(("key", "question"), BLANKS)
def test_the_blank_answer_is_not_answered(key: AnswerKey, question: str, built_dist: Path) -> None:
    """The edition's answer cell, untouched, gets no full marks and its check says it is not answered (a
    scaffold that runs: what the key's `blank_says` names, such as "is empty")."""
    case = blank_case(key, question)
    assert "..." in case.code, f"{key.notebook} {question}: the edition's answer cell has no blank ...:\n{case.code}"
    run = run_case(key, question, case)
    assert not run.full_marks, f"{key.notebook} {question}: the blank answer cell gets full marks"
    shown = "\n".join(run.public_messages)
    assert case.says is not None and case.says in shown, (
        f"{key.notebook} {question}: the check of a blank answer should say {case.says!r}, but says:\n{shown}"
    )


@pytest.mark.parametrize("master", master_paths(), ids=[p.stem for p in master_paths()])
def test_every_question_set_up_builds_from_its_master(master: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drift: every auto-graded question's set-up, the master's provided cells with earlier answers blank,
    runs without error (a provided cell that changed so that it raises, or no longer defines what a later
    one uses, fails here, naming the cell)."""
    key = KEYS[master.stem]
    monkeypatch.chdir(master.parents[2] / "notebooks")
    for question in key.questions:
        try:
            set_up(key, question.name)
        except SetupError as error:
            pytest.fail(str(error))


def write_notebook(path: Path, cells: list[tuple[str, str] | tuple[str, str, list[str]]]) -> None:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    made = [
        {"cell_type": kind, "metadata": {"tags": rest[0]} if rest else {}, "source": source}
        | ({"outputs": [], "execution_count": None} if kind == "code" else {})
        for kind, source, *rest in cells
    ]
    path.write_text(json.dumps({"cells": made, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))


def test_set_up_is_the_provided_cells_with_earlier_answers_blank(tmp_path: Path) -> None:
    """On a two-question fixture: provided cells in order, solutions and tests left out, the first answer
    blank before the second question, statements naming grader dropped; a master and edition out of step
    is an error that says to rebuild."""
    write_notebook(
        tmp_path / "course" / "source" / "nb.ipynb",
        [
            ("code", "import coursekit\ngrader = coursekit.Grader('nb.ipynb')\nx = 1"),
            ("raw", "# BEGIN QUESTION\nname: q1\npoints: 1"),
            ("raw", "# BEGIN SOLUTION"),
            ("code", "a = x + 1  # SOLUTION"),
            ("raw", "# END SOLUTION"),
            ("raw", "# BEGIN TESTS"),
            ("code", "def test_a(a):\n    assert a == 2"),
            ("raw", "# END TESTS"),
            ("raw", "# END QUESTION"),
            ("code", "a_ok = coursekit.checkpoint('a', a)"),
            ("raw", "# BEGIN QUESTION\nname: q2\npoints: 1"),
            ("raw", "# BEGIN SOLUTION"),
            ("code", "b = a_ok * 2  # SOLUTION"),
            ("raw", "# END SOLUTION"),
            ("raw", "# END QUESTION"),
            ("code", "coursekit.hand_in_button(grader)"),
        ],
    )
    answers = [("code", "a = ...", ["otter_answer_cell"]), ("code", "b = ...", ["otter_answer_cell"])]
    write_notebook(tmp_path / "notebooks" / "nb.ipynb", answers)
    cells = question_cells("nb", tmp_path)
    assert list(cells) == ["q1", "q2"]
    assert [c.source.strip() for c in cells["q1"].setup] == ["import coursekit\nx = 1"]
    assert [(c.source.strip(), c.answer) for c in cells["q2"].setup] == [
        ("import coursekit\nx = 1", False),
        ("a = ...", True),
        ("a_ok = coursekit.checkpoint('a', a)", False),
    ]
    assert (cells["q1"].blank, cells["q2"].blank) == ("a = ...", "b = ...")
    write_notebook(tmp_path / "notebooks" / "nb.ipynb", answers[:1])
    question_cells.cache_clear()
    with pytest.raises(ValueError, match="python -m course build"):
        question_cells("nb", tmp_path)


def solution_lines(master: Path) -> list[str]:
    """Lines of the model solution in a master's code cells, long enough to be an answer."""
    lines, inside = [], False
    for cell in read_notebook(master).cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            stripped = line.strip()
            if stripped.startswith("# BEGIN SOLUTION"):
                inside = True
            elif stripped.startswith("# END SOLUTION"):
                inside = False
            elif (inside or stripped.endswith("# SOLUTION")) and len(stripped) > 12:
                lines.append(stripped.split("# SOLUTION")[0].strip())
    return [line for line in lines if len(line) > 12]


@pytest.mark.parametrize("master", master_paths(), ids=[p.stem for p in master_paths()])
def test_no_model_answer_is_in_the_student_edition(master: Path) -> None:
    student = read_notebook(NOTEBOOKS / master.name)
    shown = "\n".join(
        [cell.source for cell in student.cells]
        + [str(output) for cell in student.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]
    )
    squeezed = re.sub(r"\s+", "", shown)
    leaked = [line for line in solution_lines(master) if re.sub(r"\s+", "", line) in squeezed]
    key = KEYS.get(master.stem)
    giveaways = [g for q in (key.questions if key else []) for g in q.giveaways if g in shown]
    assert not leaked and not giveaways, f"{master.name} shows answers: {leaked[:3]} {giveaways[:3]}"


CHECKPOINT = re.compile(r"^(\w+)\s*=\s*coursekit\.checkpoint\(", re.MULTILINE)


@pytest.mark.parametrize("master", master_paths(), ids=[p.stem for p in master_paths()])
def test_no_checkpoint_puts_the_course_value_into_a_graded_name(master: Path) -> None:
    """otter grades at the end of the notebook when a student's grader is broken or the file renamed:
    a checkpoint that assigned to an answer's own name would hand a blank notebook the course's marks."""
    import ast
    import json

    tests = json.loads((NOTEBOOKS / master.name).read_text(encoding="utf-8"))["metadata"]["otter"]["tests"]
    graded = {
        arg.arg
        for source in tests.values()
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef)
        for arg in node.args.args
    }
    targets = {m.group(1) for cell in read_notebook(master).cells for m in CHECKPOINT.finditer(cell.source)}
    assert not targets & graded, f"{master.name}: checkpoints overwrite graded answers {sorted(targets & graded)}"
