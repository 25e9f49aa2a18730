"""What a student sees at ``grader.check(...)``: one plain message, no test machinery.

otter prints every failing test with its source line ("Error at line 16 in test q1_lines: assert
...") and runs the later tests of a question even after the first has failed, so a student sees the
same mistake several times and raw errors from inside the tests. :class:`Grader` is otter's
``Notebook`` with the same ``check`` call; it shows the first failing public test's message only,
says when the cell that makes an answer last stopped with an error (the name then still holds the
previous attempt) or when the answer does not exist in the kernel (after a restart, or before its cell
ran), hides what the tests' own calls print, and writes no ``.OTTER_LOG`` beside the notebook.
Grading is unchanged: otter grades each question with its own test files, as before.
"""

from __future__ import annotations

import ast
import contextlib
import html
import inspect
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import otter

PASSED = "passed the checks here. More tests check the values when your notebook is graded."
# Where a check sends a student whose answer is not in the kernel: JupyterLab's Run menu item, which
# runs the set-up cell and every cell between it and the check (the answer cell needs the ones above it).
RUN_ABOVE = "Run > Run All Above Selected Cell"
BLANK = "... (not answered yet: write your answer in place of the ...)"


@dataclass(frozen=True)
class CheckReport:
    """The outcome of one ``grader.check``, shown as one message. `result` is otter's own result."""

    question: str
    passed: bool
    message: str
    result: Any = None

    @property
    def label(self) -> str:
        """In words, not symbols: an emoji may show as an empty box where the computer has no emoji font."""
        return "passed" if self.passed else "not passed yet"

    def __repr__(self) -> str:
        return f"{self.question} ({self.label}): {self.message}"

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.passed else "#b42318"
        text = html.escape(self.message).replace("\n", "<br>")
        return (
            f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:2px 0">'
            f"<strong>{html.escape(self.question)} ({self.label})</strong>: {text}</div>"
        )


def student_message(otter_message: str) -> str:
    """The sentence written for the student, from otter's message for a failed test case.

    otter's message holds the test's file position and source line, then ``Type: text``.
    """
    lines = [line for line in (otter_message or "").splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if line.startswith("AssertionError"):
            said = "\n".join([line.partition(":")[2].strip(), *lines[index + 1 :]]).strip()
            return said or "Your answer does not pass this check yet: read the exercise again."
    error = lines[-1] if lines else "an error"
    return (
        f"The check could not run on your answer ({error}). "
        "Look at what your answer is (its type and its contents): it may not be what the exercise asks for."
    )


def answer_names(notebook: Path, question: str) -> list[str]:
    """The variables a question's public tests read: the parameters of its (top-level) test functions."""
    try:
        tests = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["otter"]["tests"][question]
        tree = ast.parse(tests)
    except (OSError, KeyError, TypeError, ValueError, SyntaxError):
        return []
    names: list[str] = []
    for node in tree.body:  # the test functions only: a helper nested inside one has its own arguments
        if isinstance(node, ast.FunctionDef):
            names += [arg.arg for arg in node.args.args if arg.arg not in names]
    return names


def report(question: str, result: Any) -> CheckReport | Any:
    """otter's result for a question as one message; anything else (a grading tool's record) as it is."""
    cases = getattr(result, "test_case_results", None)
    if cases is None:
        return result
    public = [case for case in cases if not case.test_case.hidden]
    failed = next((case for case in public if not case.passed), None)
    if failed is None:
        return CheckReport(question, True, PASSED, result)
    return CheckReport(question, False, student_message(failed.message), result)


@dataclass(frozen=True)
class Run:
    """One cell run by the kernel: its code, and the error it stopped with (None if it ended normally)."""

    source: str
    error: str | None


# The kernel's cell runs since the set-up cell, latest last (the last KEEP_RUNS only).
RUNS: list[Run] = []
KEEP_RUNS = 500


def error_line(error: BaseException | None) -> str | None:
    """An error as the last line of its traceback says it ("TypeError: ..."), cut to one short line."""
    if error is None:
        return None
    said = error.msg if isinstance(error, SyntaxError) and error.msg else str(error)
    said = said.strip().splitlines()[0] if said.strip() else ""
    said = said if len(said) <= 160 else said[:157] + "..."
    return f"{type(error).__name__}: {said}" if said else type(error).__name__


def record_runs() -> None:
    """Keep each cell's code and how it ended (IPython's ``post_run_cell``); outside IPython do nothing.

    A check must not judge the value an answer had before its cell failed: after a TypeError in the
    answer's cell, the name still holds the previous attempt.
    """
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "_course_records_outcomes", False):
        return

    def remember(result: Any) -> None:
        RUNS.append(Run(result.info.raw_cell, error_line(result.error_before_exec or result.error_in_exec)))
        del RUNS[:-KEEP_RUNS]

    shell.events.register("post_run_cell", remember)
    shell._course_records_outcomes = True


def assigned_names(source: str) -> set[str]:
    """The names a cell's code binds (assignments, loops, def, import); by pattern when it does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # the cell that stopped with this very error: `name = ...` at a line's start
        return set(re.findall(r"^\s*([A-Za-z_]\w*)\s*(?::[^=\n]*)?(?:[-+*/%|&]|//)?=(?!=)", source, re.MULTILINE))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def stopped_with_error(names: list[str], runs: list[Run]) -> tuple[str, str] | None:
    """(name, error) when the cell that last made one of the names stopped with an error, else None."""
    for name in names:
        last = next((run for run in reversed(runs) if name in assigned_names(run.source)), None)
        if last is not None and last.error:
            return name, last.error
    return None


def not_ready(names: list[str], env: dict[str, Any], runs: list[Run]) -> str | None:
    """What to say instead of checking, when the answer's cell failed or its names do not exist; else None."""
    failed = stopped_with_error(names, runs)
    if failed:
        name, error = failed
        return (
            f"The cell that makes `{name}` stopped with {error}. Fix that first and run that cell again: "
            f"until it runs without an error, `{name}` is not your latest attempt, so this check does not judge it."
        )
    missing = [name for name in names if name not in env]
    if missing:
        listed = ", ".join(f"`{name}`" for name in missing)
        return (
            f"{listed} does not exist in this session yet: the kernel may have restarted, or the cell that "
            f"makes it has not run. Click this check cell, choose {RUN_ABOVE} in the menu bar, "
            "then run this check again (Shift+Enter)."
        )
    return None


def show_blank_answers() -> None:
    """Show an unanswered ``...`` as "not answered yet", not as Python's ``Ellipsis``; outside IPython do nothing."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:  # IPython prints None, True and ... by identity, before looking at their type
        shell.display_formatter.formatters["text/plain"].singleton_printers[id(...)] = lambda _value, printer, _cycle: (
            printer.text(BLANK)
        )


class Grader(otter.Notebook):
    """otter's Notebook with checks that speak to the student (see the module's docstring)."""

    def __init__(self, nb_path: str | None = None, *args: Any, **kwargs: Any) -> None:
        """otter's Notebook, reading the notebook's test metadata without validating the whole file.

        otter reads the notebook with nbformat, whose first validation builds a JSON-schema validator:
        about 0.1 s of every notebook's start (benchmarks/startup.py). The metadata is all it needs, so
        the file is read as plain JSON here. A notebook renamed since (an LMS's copy) is left to otter.
        """
        super().__init__(None, *args, **kwargs)
        if nb_path and Path(nb_path).is_file():
            import nbformat
            from otter.nbmeta_config import NBMetadataConfig

            notebook = nbformat.from_dict(json.loads(Path(nb_path).read_text(encoding="utf-8")))
            self._notebook = nb_path
            self._nbmeta_config = NBMetadataConfig.from_notebook(notebook)
        if not type(self)._grading_mode:
            record_runs()
            show_blank_answers()

    def _log_event(self, *args: Any, **kwargs: Any) -> None:
        """Keep no .OTTER_LOG: the course does not grade from logs, and it piles up beside the notebook."""

    def check(self, question: str, global_env: dict[str, Any] | None = None) -> Any:
        """Run a question's public tests and show the first failing message, or that it passed."""
        env = global_env if global_env is not None else inspect.currentframe().f_back.f_globals
        if not type(self)._grading_mode and self._notebook:
            said = not_ready(answer_names(Path(self._notebook), question), env, RUNS)
            if said:
                return CheckReport(question, False, said)
        # What the tests' own calls print (a student's function that prints) is not for the student.
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            result = super().check(question, global_env=env)
        return report(question, result)
