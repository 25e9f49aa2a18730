"""What a student sees at ``grader.check(...)``: one plain message, no test machinery.

otter prints every failing test with its source line ("Error at line 16 in test q1_lines: assert
...") and runs the later tests of a question even after the first has failed, so a student sees the
same mistake several times and raw errors from inside the tests. :class:`Grader` is otter's
``Notebook`` with the same ``check`` call; it shows the first failing public test's message only,
says when the cell that makes an answer last stopped with an error (the name then still holds the
previous attempt) or when the answer does not exist in the kernel (after a restart, or before its cell
ran), hides what the tests' own calls print, and writes no ``.OTTER_LOG`` beside the notebook.
Grading is unchanged: otter grades each question with its own test files, as before.

In otter's grading mode (``otter run``, Gradescope) each question is graded where it is captured,
by the same rule as ``course grade``'s runner (course/grading/jailed.py): when its check cell (a cell
that is exactly ``grader.check("q")``) runs, the last such cell winning; a question with no such cell
in the notebook right after the first cell that binds one of its answer's names; a question never
captured scores what its tests give on nothing (0). otter itself would grade every question that no
check recorded at the end of the notebook (its last cell runs ``check_if_not_already_checked``), and
a check called from an edited cell wherever it is called; here neither happens.
"""

from __future__ import annotations

import ast
import contextlib
import html
import io
import json
import re
import sys
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


def test_answer_names(test_source: str) -> list[str]:
    """The names a test file's public test functions read (their parameters): the question's answer."""
    names: list[str] = []
    try:
        tree = ast.parse(test_source)
    except SyntaxError:
        return names
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not any(_hidden(d) for d in node.decorator_list):
            names += [arg.arg for arg in node.args.args if arg.arg not in names and arg.arg != "env"]
    return names


def _hidden(decorator: ast.expr) -> bool:
    """Whether a ``@test_case(...)`` decorator marks its case hidden."""
    keywords = decorator.keywords if isinstance(decorator, ast.Call) else []
    return any(k.arg == "hidden" and isinstance(k.value, ast.Constant) and k.value.value is True for k in keywords)


def checked_question(source: str) -> str | None:
    """The question a cell checks when the cell is exactly ``grader.check("q")`` (comments aside), else None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return None
    call = tree.body[0].value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "check"):
        return None
    owner = call.func.value
    if not (isinstance(owner, ast.Name) and owner.id == "grader") or call.keywords or len(call.args) != 1:
        return None
    argument = call.args[0]
    return argument.value if isinstance(argument, ast.Constant) and type(argument.value) is str else None


def bound_names(source: str) -> set[str]:
    """The global names a cell binds (assignments, definitions, imports, loop and with targets)."""
    try:
        stack: list[ast.AST] = list(ast.parse(source).body)
    except SyntaxError:
        return set()
    found: set[str] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
            continue  # their bodies bind local names
        if isinstance(node, ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            found.add(node.id)
        stack.extend(ast.iter_child_nodes(node))
    return found


# Questions captured in this kernel: their check ran (or, in otter's grading mode, their answer's cell).
_captured: set[str] = set()
# Questions whose capture is final: a checkpoint may have handed out their course value.
_final: set[str] = set()


def was_checked(question: str) -> bool:
    """Whether a question has been captured in this kernel (its ``grader.check`` ran, or its answer's cell
    when the notebook has no check cell for it): only then may a checkpoint hand out its course value.

    A True answer makes the capture final while otter grades: a check run again once the course's
    value may be in the answer is shown, not recorded (the harness of ``course grade`` does the same).
    """
    if question in _captured:
        _final.add(question)
        return True
    return False


def in_otter_grading() -> bool:
    """Whether otter is grading this kernel (``otter run``, Gradescope) with no checkpoint provider set
    (``course grade``'s runner sets one: its harness decides what a checkpoint gets)."""
    notebook = sys.modules.get("otter.check.notebook")
    if notebook is None or not notebook.Notebook._grading_mode:
        return False
    checkpoints = sys.modules.get("coursekit.checkpoints")
    return getattr(checkpoints, "provider", None) is None


def notebook_cells(path: Path) -> list[str] | None:
    """The sources of the code cells otter runs (not tagged otter_ignore), or None if it cannot be read."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, KeyError, TypeError, ValueError):
        return None
    found = []
    for cell in cells:
        meta = cell.get("metadata") or {}
        if cell.get("cell_type") != "code" or "otter_ignore" in (meta.get("tags") or []):
            continue
        if (meta.get("otter") or {}).get("ignore") is True:
            continue
        source = cell.get("source", "")
        found.append("".join(source) if isinstance(source, list) else str(source))
    return found


class AtCheckGrading:
    """otter's grading mode, held to the course's capture rule (see the module's docstring).

    otter's ``Checker`` keeps every check's result, and the results the notebook ends with are the last
    one of each question. Every question starts with its tests run on nothing (so none is left for
    otter's last cell to grade at the end); a capture appends the question's result where it happens.
    """

    def __init__(self, tests_dir: str, notebook: Path | None) -> None:
        from otter.execute import Checker
        from otter.nbmeta_config import NBMetadataConfig

        self.checker, self.config = Checker, NBMetadataConfig()
        self.tests = {path.stem: path for path in sorted(Path(tests_dir).glob("*.py")) if path.stem != "__init__"}
        self.answers = {q: test_answer_names(path.read_text(encoding="utf-8")) for q, path in self.tests.items()}
        cells = notebook_cells(notebook) if notebook is not None else None
        checked = {checked_question(self.transform(source)) for source in cells or []}
        # A notebook that cannot be read: grade at the check cells only, with no fallback.
        self.with_check_cell = set(self.tests) if cells is None else checked & set(self.tests)
        self.cell = ""
        for question in self.tests:
            self.record(question, {})

    @staticmethod
    def transform(source: str) -> str:
        """A cell's source as Python, its IPython magics turned into calls (as the kernel runs it)."""
        from IPython import get_ipython

        shell = get_ipython()
        try:
            return shell.transform_cell(source) if shell is not None else source
        except Exception:  # noqa: BLE001 - a cell IPython cannot read checks and binds nothing
            return ""

    def record(self, question: str, env: dict[str, Any]) -> Any:
        """Run a question's tests in env and keep the result as the one otter will report."""
        return self.checker.check(str(self.tests[question]), self.config, None, env)

    def before(self, info: Any) -> None:
        self.cell = self.transform(getattr(info, "raw_cell", "") or "")

    def after(self, result: Any) -> None:
        """A question with no check cell is captured after the first cell that binds one of its names."""
        from IPython import get_ipython

        bound = bound_names(self.cell)
        for question, names in self.answers.items():
            if question in _captured or question in self.with_check_cell or not bound & set(names):
                continue
            _captured.add(question)
            self.record(question, get_ipython().user_ns)

    def at_check(self, question: str) -> bool:
        """Whether the cell running now is exactly this question's check cell (an edited one is not)."""
        return checked_question(self.cell) == question


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
        self._start_grading()

    _at_check: AtCheckGrading | None = None

    def _start_grading(self) -> None:
        """In otter's grading mode, grade each question where it is captured (once per kernel)."""
        from IPython import get_ipython

        shell = get_ipython()
        if type(self)._at_check is not None or not in_otter_grading() or shell is None:
            return
        notebook = Path(self._notebook) if self._notebook and Path(self._notebook).is_file() else None
        if notebook is None:
            found = sorted(Path.cwd().glob("*.ipynb"))  # otter runs the hand-in in its own folder
            notebook = found[0] if len(found) == 1 else None
        grading = Grader._at_check = AtCheckGrading(self._tests_dir, notebook)
        shell.events.register("pre_run_cell", grading.before)
        shell.events.register("post_run_cell", grading.after)

    def _log_event(self, *args: Any, **kwargs: Any) -> None:
        """Keep no .OTTER_LOG: the course does not grade from logs, and it piles up beside the notebook."""

    def check(self, question: str, global_env: dict[str, Any] | None = None) -> Any:
        """Run a question's public tests and show the first failing message, or that it passed."""
        env = global_env if global_env is not None else sys._getframe(1).f_globals  # the caller's globals
        if not type(self)._grading_mode and self._notebook:
            said = not_ready(answer_names(Path(self._notebook), question), env, RUNS)
            if said:
                return CheckReport(question, False, said)
        grading = type(self)._at_check
        if grading is None or question not in grading.tests:
            _captured.add(question)
            # What the tests' own calls print (a student's function that prints) is not for the student.
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                result = super().check(question, global_env=env)
            return report(question, result)
        if grading.at_check(question) and question not in _final:
            _captured.add(question)
            return report(question, grading.record(question, env))
        return report(question, create_test_file_result(grading, question, env))


def create_test_file_result(grading: AtCheckGrading, question: str, env: dict[str, Any]) -> Any:
    """A check called from an edited cell while otter grades: its result is shown, never recorded."""
    from otter.test_files import create_test_file

    test = create_test_file(str(grading.tests[question]), grading.config)
    test.run(env)
    return test
