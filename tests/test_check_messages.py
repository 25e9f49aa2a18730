"""What ``grader.check`` says in a real IPython shell: after an error, after a restart, at a blank answer.

The shell runs the cells as a student's kernel does (IPython's ``run_cell``, with its events), so the
check sees the same history of runs as in JupyterLab. tests/test_browser.py shows the same in the browser.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import coursekit
from tests.conftest import ROOT

NOTEBOOK = "01_reading-the-raw-text.ipynb"


@pytest.fixture
def shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator:  # noqa: ANN001
    """An IPython shell that has run notebook 01's set-up (a Grader) and its article cell, in a scratch folder."""
    from IPython.core.interactiveshell import InteractiveShell

    from coursekit import checks

    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, tmp_path / NOTEBOOK)
    instance = InteractiveShell.instance()
    monkeypatch.setattr(checks, "RUNS", [])
    instance.user_ns["article"] = coursekit.ARTICLE.read_text(encoding="utf-8")
    assert instance.run_cell(f'from coursekit import Grader\ngrader = Grader("{NOTEBOOK}")').success
    yield instance
    instance.user_ns.pop("lines", None)


def check(shell, question: str):  # noqa: ANN001, ANN201
    """Run a check cell; return what it shows."""
    shell.run_cell(f'shown = grader.check("{question}")')
    return shell.user_ns["shown"]


@pytest.mark.parametrize(
    ("broken", "error"),
    [
        ("lines = article.split(1)", "TypeError: must be str or None, not int"),
        ('lines = article.split("\\n"', "SyntaxError"),
    ],
)
def test_after_an_error_the_check_names_it_and_does_not_judge_the_previous_value(
    shell, broken: str, error: str
) -> None:
    assert shell.run_cell("lines = article.split()").success  # a wrong first attempt, kept in `lines`
    assert not shell.run_cell(broken).success
    shown = check(shell, "q1_lines")
    assert not shown.passed
    assert shown.message.startswith(f"The cell that makes `lines` stopped with {error}"), shown.message
    assert "Fix that first" in shown.message
    assert shell.run_cell('lines = article.split("\\n")').success  # fixed: now the value is judged
    assert check(shell, "q1_lines").passed


def test_an_error_in_another_cell_does_not_hide_the_answer(shell) -> None:
    assert shell.run_cell('lines = article.split("\\n")').success
    assert not shell.run_cell("1 / 0").success
    assert check(shell, "q1_lines").passed


def test_a_missing_answer_sends_the_student_to_run_all_above(shell) -> None:
    shown = check(shell, "q1_lines")
    assert "`lines` does not exist in this session" in shown.message
    assert "Run > Run All Above Selected Cell" in shown.message


def test_what_a_function_prints_while_the_tests_call_it_is_not_shown(shell, capsys: pytest.CaptureFixture) -> None:
    code = (
        "def kwic(text, keyword, width=40):\n"
        "    print('looking for', keyword)\n"
        "    return [(text[max(0, i - width):i], keyword, text[i + len(keyword):i + len(keyword) + width])\n"
        "            for i in range(len(text)) if text.startswith(keyword, i)]\n"
    )
    assert shell.run_cell(code).success
    capsys.readouterr()
    shown = check(shell, "q7_kwic")
    assert "looking for" not in capsys.readouterr().out
    assert "looking for" not in shown.message


def test_a_blank_answer_shows_as_not_answered_not_as_ellipsis(shell) -> None:
    shown, _ = shell.display_formatter.format(...)
    assert "not answered yet" in shown["text/plain"] and "Ellipsis" not in shown["text/plain"]
