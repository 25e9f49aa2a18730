"""What a student sees at ``grader.check(...)``: one plain message, no test machinery.

otter prints every failing test with its source line ("Error at line 16 in test q1_lines: assert
...") and runs the later tests of a question even after the first has failed, so a student sees the
same mistake several times and raw errors from inside the tests. :class:`Grader` is otter's
``Notebook`` with the same ``check`` call; it shows the first failing public test's message only,
says when an answer's variable does not exist in the kernel (after a restart, or before its cell
ran), and writes no ``.OTTER_LOG`` beside the notebook. Grading is unchanged: otter grades each
question with its own test files, as before.
"""

from __future__ import annotations

import ast
import html
import inspect
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import otter

PASSED = "passed the checks here. More tests check the values when your notebook is graded."


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

    def _log_event(self, *args: Any, **kwargs: Any) -> None:
        """Keep no .OTTER_LOG: the course does not grade from logs, and it piles up beside the notebook."""

    def check(self, question: str, global_env: dict[str, Any] | None = None) -> Any:
        """Run a question's public tests and show the first failing message, or that it passed."""
        env = global_env if global_env is not None else inspect.currentframe().f_back.f_globals
        if not type(self)._grading_mode and self._notebook:
            missing = [name for name in answer_names(Path(self._notebook), question) if name not in env]
            if missing:
                names = ", ".join(f"`{name}`" for name in missing)
                return CheckReport(
                    question,
                    False,
                    f"{names} does not exist in this session yet: the kernel may have restarted, or the cell "
                    "that makes it has not run. Run the set-up cell at the top, then your answer cell, "
                    "then this check again.",
                )
        return report(question, super().check(question, global_env=env))
