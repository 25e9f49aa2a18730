"""Notebook 06's rules: filler earns nothing, a fair paraphrase earns everything (issue 19.6), and long
arguments stay readable (issue 23.5).

tests/test_answer_key.py only asks that a wrong answer miss full marks. For 06's filler that is not
enough: a position with ids and words that do not argue once scored 1 of 3 (the evidence-fit test did
not look at the argument). Here every filler case of the answer key must fail every auto-graded test of
its prompt, public and hidden, and every answer made of fair paraphrases, or written plainly by a
careful student, must pass them all, through otter's own runner on the built autograder's test files.
The notebook's worked example must pass too, as the notebook says it does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.answer_key import Case, run_case
from tests.answer_key.nb06 import FAIR, FILLER_LABELS, KEY, PLAIN, PLAIN_MORE
from tests.conftest import NOTEBOOKS, read_notebook

FILLER = [
    pytest.param(question.name, case, id=f"{question.name}-{case.label}")
    for question in KEY.questions
    for case in question.wrong
    if case.label in FILLER_LABELS
]
PARAPHRASED = [
    pytest.param(question.name, case, id=f"{question.name}-{case.label}")
    for question in KEY.questions
    for case in question.right
    if case.code in [*FAIR.values(), *PLAIN.values(), *PLAIN_MORE.values()]
]


def test_the_key_holds_every_kind_of_filler_and_fair_paraphrases() -> None:
    assert len(FILLER) == len(FILLER_LABELS) * len(KEY.questions)
    assert len(PARAPHRASED) == len(FAIR) + len(PLAIN) + len(PLAIN_MORE) >= 3 + 6


@pytest.mark.parametrize(("question", "case"), FILLER)
def test_filler_fails_every_test_of_its_prompt(question: str, case: Case, built_dist: Path) -> None:
    run = run_case(KEY, question, case)
    assert run.error is None, run.error
    assert run.possible == 3
    assert run.score == 0, f"filler ({case.label}) scores {run.score}/{run.possible}"


@pytest.mark.parametrize(("question", "case"), PARAPHRASED)
def test_fair_paraphrases_and_plain_answers_pass_every_test(question: str, case: Case, built_dist: Path) -> None:
    run = run_case(KEY, question, case)
    assert run.full_marks, f"{run.score}/{run.possible}: {run.public_messages + run.hidden_messages}"


def test_a_pasted_one_line_argument_is_shown_wrapped_and_whole() -> None:
    from coursekit.nb06_rules import wrapped

    memo = "To: the Minister\nFrom: adviser\n\n" + " ".join(["Rwanda's troops arrived quickly (P22)."] * 30)
    shown = wrapped(memo)
    assert shown.splitlines()[:3] == ["To: the Minister", "From: adviser", ""]
    assert max(len(line) for line in shown.splitlines()) <= 96
    assert shown.split() == memo.split()


def test_messages_quote_a_long_answer_in_part_only() -> None:
    from coursekit.nb06_rules import review

    pasted = " ".join(["Rwanda intervened in Mozambique and its troops did very well there."] * 12)
    answer = {"position": "partly supported", "evidence": ["P15", "P13"], "argument": f'"{pasted}" (P15) P13'}
    message = review(answer, 4)[0]
    assert "not in the article word for word" in message
    assert len(message) < 400, message


def test_the_worked_example_passes_and_its_flawed_versions_fail_as_the_notebook_says() -> None:
    from coursekit.nb06_rules import review

    cells = [cell.source for cell in read_notebook(NOTEBOOKS / "06_discussion-exercises.ipynb").cells]
    env: dict = {}
    exec(next(source for source in cells if source.startswith("example = {")), env)
    example = env["example"]
    assert review(example, 0) == []  # the notebook says "Everything passes"
    flawed = {"position": "success", "evidence": ["P09", "H4", "P23"], "argument": example["argument"]}
    assert "not on the list" in review(flawed, 0)[0]
    invented = example["argument"].replace('"weren\'t decisive in resolving years of conflict"', '"won the war"')
    assert "not in the article word for word" in review(dict(example, argument=invented), 0)[0]
