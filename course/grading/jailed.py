"""JAIL SIDE: run one submission's cells and answer the harness's questions about its values.

Named ``jailed`` because it is the one module that runs inside the jail (it was ``runner.py``, a name
that did not say which side it is on; the process it makes is still called the runner). This is the only
grading code that shares a process with student code, inside the bubblewrap jail
(course.grading.jail). It imports nothing of the course but the protocol, the codec and otter_standin
(a test enforces it), and nothing imports it: the jail runs it from a read-only copy of those files.
It holds no test and no course file beyond the student's own copies of data/, seeds/ and coursekit/.
Everything it reports is treated by the harness as the student's word, to be decoded as data.

Steps: import what the notebooks use (while the harness prepares the job), say "ready"; on "run",
write the hand-in into the scratch folder and run the code cells in order in IPython, as otter's
grading kernel does (an error in one cell does not stop the next). Each question is captured as otter
grades it (coursekit.checks.Grader holds otter's side to the same rule): a snapshot of the namespace
when its check cell (a cell that is exactly ``grader.check("q")``) runs, the last such cell winning;
a question with no such cell in the notebook is captured once, right after the first cell that binds
one of its answer's names. A question never captured is graded on nothing. The harness is told of
each capture as it happens, and only then releases that question's checkpoint values, on request
(``coursekit.checkpoints.provider``). Then the runner answers "get", "names" and "call" requests,
each in a question's snapshot, until "bye".
"""

from __future__ import annotations

import ast
import base64
import builtins
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from . import codec, protocol

posix_exit = os._exit  # kept before the notebook can replace it

SCRATCH = "/submission"
SHELL_NAMES = {"In", "Out", "_oh", "_ih", "_dh", "get_ipython", "exit", "quit", "open", "_", "__", "___"}


# A line that installs packages: `!pip install x`, `%pip install x`, `!python -m pip ...`, conda and the like.
INSTALL_LINE = re.compile(r"^([ \t]*)[!%][ \t]*(?:pip3?|conda|mamba|uv|\S+[ \t]+-m[ \t]+pip)\b.*$", re.M)
INSTALLING = (
    "installing packages (pip install) is not possible while grading, and not needed: every package the "
    "course uses is installed. That line was skipped; you can delete it."
)


class GradingTimeout(BaseException):
    """Raised in the running cell or call when its time is up (a BaseException: code rarely catches it)."""


class Runner:
    """One submission's kernel: its namespace, the snapshots taken at each check, and its functions."""

    def __init__(self, sock: socket.socket, scratch: str, course_files: str, output: str) -> None:
        self.sock = sock
        self.output = output
        self.scratch = scratch
        self.course_files = course_files
        self.questions: set[str] = set()
        self.answers: dict[str, list[str]] = {}
        self.snapshots: dict[str, dict[str, Any]] = {}
        self.check_cells: dict[int, str] = {}  # cell position -> the question it checks (exactly)
        self.bindings: dict[int, set[str]] = {}  # cell position -> the names it binds
        self.current = -1
        self.functions: dict[int, Any] = {}
        self.shell: Any = None
        self.builtins = dict(builtins.__dict__)

    def preload(self) -> None:
        """Import what every notebook imports, and make grader.check record instead of testing.

        otter is the jail's light stand-in (otter_standin: the tests run in the harness with the real one),
        installed before anything imports otter or altair."""
        from . import otter_standin

        otter_standin.install()
        import altair  # noqa: F401
        import IPython.core.formatters as formatters
        import otter
        import otter.check.notebook
        import pandas  # noqa: F401
        from IPython.core.interactiveshell import InteractiveShell

        class NoDisplay(formatters.DisplayFormatter):
            """Nothing is rendered while grading: only the code's effects matter."""

            def format(self, obj: Any, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
                return {}, {}

        shell = InteractiveShell.instance(colors="nocolor", history_length=0)
        shell.display_formatter = NoDisplay(parent=shell)
        if shell.history_manager is not None:  # None only when IPython runs without history
            shell.history_manager.enabled = False
        shell.ast_node_interactivity = "none"
        shell.ask_exit = lambda: None  # type: ignore[attr-defined]  # exit() calls it: here it must do nothing
        import posix

        def no_exit(status: int = 0) -> NoReturn:
            raise SystemExit(f"os._exit({status}) does not stop grading")

        os._exit = posix._exit = no_exit
        otter.check.notebook.Notebook.init_grading_mode("./tests")
        runner = self

        def recording_check(notebook: Any, question: str, global_env: dict[str, Any] | None = None) -> str:
            """otter.Notebook.check while grading: keep the namespace; the tests run in the harness."""
            if question not in runner.questions:
                raise FileNotFoundError(f"Test {question} does not exist")
            if runner.check_cells.get(runner.current) == question:
                runner.capture(question)  # at its check, as otter grades it; an edited check cell is not one
            return f"{question}: recorded for grading"

        self.recording_check = recording_check
        otter.check.notebook.Notebook.check = recording_check
        self.shell = shell
        self.builtins = dict(builtins.__dict__)

    def serve(self) -> None:
        """Answer requests until "bye" or the harness goes away."""
        protocol.send(self.sock, {"v": protocol.VERSION, "id": 0, "status": "ready"})
        while True:
            try:
                request = protocol.receive(self.sock)
            except (EOFError, OSError):
                return
            op = request.get("op")
            if op == protocol.Op.BYE:
                return
            handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
                protocol.Op.RUN: self.run,
                protocol.Op.GET: self.get,
                protocol.Op.NAMES: self.names,
            }
            handler = handlers.get(op) if type(op) is str else None
            handler = handler or (self.call if op == protocol.Op.CALL else None)
            reply: dict[str, Any] = {"v": protocol.VERSION, "id": request.get("id", 0)}
            try:
                reply.update(handler(request) if handler else {"status": protocol.Status.ERROR})
            except GradingTimeout:
                reply.update(status=protocol.Status.TIMEOUT)
            except Exception as error:  # noqa: BLE001 - the harness is told, the runner goes on
                reply.update(status=protocol.Status.ERROR, error=describe(error))
            try:
                protocol.send(self.sock, reply)
            except protocol.FrameError as error:
                protocol.send(self.sock, {"v": protocol.VERSION, "id": reply["id"], "status": "unsupported",
                                          "error": describe(error)})  # fmt: skip

    def run(self, request: dict[str, Any]) -> dict[str, Any]:
        """Write the hand-in and the course files into the scratch folder, then run the cells."""
        for folder in ("data", "seeds", "coursekit"):
            source = os.path.join(self.course_files, folder)
            if os.path.isdir(source):
                shutil.copytree(source, os.path.join(self.scratch, folder), dirs_exist_ok=True)
        for relative, data in request["files"]:
            target = os.path.normpath(os.path.join(self.scratch, relative))
            if target.startswith(self.scratch + "/"):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as handle:
                    handle.write(base64.b64decode(data))
        name = os.path.basename(str(request["notebook_name"])) or "notebook.ipynb"
        with open(os.path.join(self.scratch, name), "w", encoding="utf-8") as handle:
            handle.write(request["notebook"])
        self.questions = set(request["questions"])
        answers = raw if type(raw := request.get("answers")) is dict else {}
        self.answers = {q: [n for n in answers.get(q, []) if type(n) is str] for q in self.questions}
        os.chdir(self.scratch)
        sys.path.append(self.scratch)
        cells = code_cells(request["notebook"])
        self.plan(cells)
        self.install_provider()
        return self.run_cells(cells, float(request["timeout"]))

    def plan(self, cells: list[tuple[int, str]]) -> None:
        """Which cells are exact check cells, and which names each cell binds (read before any cell runs)."""
        for index, source in cells:
            try:
                tree = ast.parse(self.shell.transform_cell(source))
            except Exception:  # noqa: BLE001 - a cell that does not parse checks and binds nothing
                continue
            question = checked_question(tree)
            if question is not None:
                self.check_cells[index] = question
            self.bindings[index] = bound_names(tree)

    def capture(self, question: str) -> None:
        """Snapshot the namespace for a question, and send its answers' values to the harness at once.

        The values travel as data now, as otter tests them now: a later cell that changes them changes
        nothing graded, and the harness releases this question's checkpoints only after it has them.
        """
        env = dict(self.shell.user_ns)
        self.snapshots[question] = env
        values = {name: self.encoded(env, name) for name in self.answers.get(question, [])}
        message = {"v": protocol.VERSION, "id": 0, "op": protocol.Op.CAPTURED, "question": question, "values": values}
        try:
            protocol.send(self.sock, message)
        except protocol.FrameError as error:
            values = {name: {"status": protocol.Status.UNSUPPORTED, "error": describe(error)} for name in values}
            protocol.send(self.sock, {**message, "values": values})

    def capture_after(self, index: int) -> None:
        """A question without a check cell is captured after the first cell that binds one of its names."""
        checked, bound = set(self.check_cells.values()), self.bindings.get(index, set())
        for question, names in self.answers.items():
            if question not in checked and question not in self.snapshots and bound & set(names):
                self.capture(question)

    def install_provider(self) -> None:
        """Checkpoints get the course's values from the harness, once their question is captured, never from disk."""
        try:
            import coursekit.checkpoints as checkpoints
        except Exception:  # noqa: BLE001 - a notebook that does not use coursekit needs no provider
            return
        not_released = getattr(checkpoints, "NotReleased", LookupError)
        sock = self.sock

        def provider(notebook: str, name: str) -> Any:
            """The course's value of name, asked of the harness; NotReleased until its question is captured."""
            protocol.send(sock, {"v": protocol.VERSION, "id": 0, "op": protocol.Op.CHECKPOINT,
                                 "notebook": str(notebook), "name": str(name)})  # fmt: skip
            reply = protocol.receive(sock)
            if reply.get("status") != protocol.Status.OK:
                raise not_released(f"{name} is not released: its question has not been checked yet")
            value = codec.Decoder(lambda ref, label: None).decode(reply.get("value"))
            return checkpoints.decode(value) if reply.get("record") is True else value

        checkpoints.provider = provider

    def run_cells(self, cells: list[tuple[int, str]], timeout: float) -> dict[str, Any]:
        """Run the cells in order until the time limit; say what happened."""
        import otter.check.notebook

        state, last, errors, flags = "ok", -1, [], []

        def on_alarm(signum: int, frame: Any) -> None:
            raise GradingTimeout(f"time limit of {timeout:g} s reached")

        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            for index, source in cells:
                last = self.current = index
                source, installs = without_installs(source)
                if installs:
                    errors.append(f"cell {index + 1}: {INSTALLING}")
                try:
                    result = self.shell.run_cell(source, store_history=False)
                    self.capture_after(index)
                except GradingTimeout:
                    state = "timeout"
                    break
                finally:
                    flags += self.restore_builtins()
                error = result.error_before_exec or result.error_in_exec
                if isinstance(error, GradingTimeout):
                    state = "timeout"
                    break
                if error is not None:
                    errors.append(f"cell {index + 1}: {describe(error)['type']}: {describe(error)['message']}"[:300])
        except GradingTimeout:
            state = "timeout"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        flags = [*{json.dumps(f, sort_keys=True): f for f in flags}.values(), *own_classes(self.shell.user_ns)]
        notebook_class = otter.check.notebook.Notebook
        if notebook_class.check is not self.recording_check:
            flags.append({"kind": "check-replaced", "name": "otter.Notebook.check", "type": ""})
            notebook_class.check = self.recording_check
        grader = self.shell.user_ns.get("grader")
        own_check = "check" in getattr(grader, "__dict__", {})
        if grader is not None and (not isinstance(grader, notebook_class) or own_check):
            flags.append({"kind": "grader-replaced", "name": "grader", "type": type(grader).__name__[:60]})
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        size = os.path.getsize(self.output) if os.path.exists(self.output) else 0
        return {
            "status": protocol.Status.OK,
            "state": state,
            "cells": len(cells),
            "last_cell": last,
            "cell_errors": errors[:50],
            "output_bytes": size,
            "checked": sorted(self.snapshots),
            "flags": flags,
        }

    def restore_builtins(self) -> list[dict[str, str]]:
        """Put back builtins the notebook replaced (so that values are read with the real ones); say which."""
        live, flags = builtins.__dict__, []
        for key in [*live]:
            if key not in self.builtins and key not in ("_", "__", "___"):
                del live[key]
                flags.append({"kind": "builtin-added", "name": key[:60], "type": ""})
        for key, value in self.builtins.items():
            if key not in ("_", "__", "___", "__IPYTHON__", "display", "get_ipython") and live.get(key) is not value:
                live[key] = value
                flags.append({"kind": "builtin-replaced", "name": key[:60], "type": ""})
        return flags

    def namespace(self, at: str) -> dict[str, Any]:
        """The namespace a question was captured in (empty if it never was); "" is the notebook's at the end."""
        if at:
            return self.snapshots.get(at, {})
        return self.shell.user_ns

    def get(self, request: dict[str, Any]) -> dict[str, Any]:
        """One value as data (functions as references)."""
        return self.encoded(self.namespace(str(request.get("at", ""))), str(request["name"]))

    def encoded(self, env: dict[str, Any], name: str) -> dict[str, Any]:
        """A GET reply's body for one name of a namespace."""
        if name not in env:
            return {"status": protocol.Status.MISSING}
        encoder = codec.Encoder(self.functions)
        try:
            value = encoder.encode(env[name])
        except codec.CodecError as error:
            return {"status": protocol.Status.UNSUPPORTED, "error": describe(error)}
        notes = [{"kind": "subclass", "name": name[:60], "type": note[:60]} for note in dict.fromkeys(encoder.notes)]
        return {"status": protocol.Status.OK, "value": value, "notes": notes}

    def names(self, request: dict[str, Any]) -> dict[str, Any]:
        """The student's names in a namespace (for a test that asks for the whole environment)."""
        env = self.namespace(str(request.get("at", "")))
        found = [k for k in env if type(k) is str and not k.startswith("_") and k not in SHELL_NAMES]
        return {"status": protocol.Status.OK, "value": found}

    def call(self, request: dict[str, Any]) -> dict[str, Any]:
        """Call a registered function with decoded arguments, within the call's time limit."""
        function = self.functions.get(request["ref"])
        if function is None:
            return {"status": protocol.Status.ERROR, "error": {"type": "LookupError", "message": "no such function"}}
        decoder = codec.Decoder(lambda ref, name: self.functions[ref])
        args = [decoder.decode(a) for a in request["args"]]
        kwargs = {str(k): decoder.decode(v) for k, v in request["kwargs"]}

        def on_alarm(signum: int, frame: Any) -> None:
            raise GradingTimeout("the call ran out of time")

        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, float(request["timeout"]))
        try:
            result = function(*args, **kwargs)
        except GradingTimeout:
            return {"status": protocol.Status.TIMEOUT}
        except BaseException as error:  # noqa: BLE001 - SystemExit and the like are the function's result too
            return {"status": protocol.Status.EXCEPTION, "error": describe(error)}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            return {"status": protocol.Status.OK, "value": codec.Encoder(self.functions).encode(result)}
        except codec.CodecError as error:
            return {"status": protocol.Status.UNSUPPORTED, "error": describe(error)}


def own_classes(namespace: dict[str, Any]) -> list[dict[str, str]]:
    """Answers that are objects of a class the notebook made from a plain type (it may fake == or len)."""
    found = []
    for key, value in list(namespace.items()):
        kind = type(value)
        plain = (list, tuple, dict, set, str, int, float)
        mine = getattr(kind, "__module__", "") == "__main__"
        if mine and type(key) is str and not key.startswith("_") and kind not in plain and isinstance(value, plain):
            found.append({"kind": "subclass", "name": key[:60], "type": kind.__name__[:60]})
    return found[:20]


def without_installs(source: str) -> tuple[str, bool]:
    """A cell's source with its package-installing lines made ``pass``, and whether it had any (the jail
    starts no process, so they would fail with a PermissionError that tells the student nothing)."""
    changed = INSTALL_LINE.sub(lambda match: match.group(1) + "pass", source)
    return changed, changed != source


def checked_question(tree: ast.Module) -> str | None:
    """The question a cell checks when the cell is exactly ``grader.check("q")`` (comments aside), else None."""
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


def bound_names(tree: ast.Module) -> set[str]:
    """The global names a cell binds (assignments, definitions, imports, loop and with targets)."""
    found: set[str] = set()
    stack: list[ast.AST] = list(tree.body)
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


def code_cells(notebook_text: str) -> list[tuple[int, str]]:
    """(position, source) of each code cell otter would run (not tagged otter_ignore); odd JSON is skipped."""
    nb = json.loads(notebook_text)
    found = []
    cells = nb.get("cells") if type(nb) is dict else None
    for index, cell in enumerate(cells if type(cells) is list else []):
        if type(cell) is not dict or cell.get("cell_type") != "code":
            continue
        meta = raw if type(raw := cell.get("metadata")) is dict else {}
        tags = raw if type(raw := meta.get("tags")) is list else []
        otter_meta = raw if type(raw := meta.get("otter")) is dict else {}
        if "otter_ignore" in tags or otter_meta.get("ignore") is True:
            continue
        source = cell.get("source", "")
        if type(source) is list:
            source = "".join(part for part in source if type(part) is str)
        found.append((index, source if type(source) is str else ""))
    return found


def describe(error: BaseException) -> dict[str, str]:
    """An exception as data: its type's name and the first lines of its message."""
    try:
        message = str(error)
    except Exception:  # noqa: BLE001 - a student's exception may fail to print
        message = ""
    return {"type": type(error).__name__[:100], "message": message[:1000]}


class CappedOutput:
    """The notebook's printed output: written until the file-size limit, then dropped, never an error in
    the student's cell (otter's kernel has no such limit, so a cell that prints must still run to its end)."""

    encoding, errors = "utf-8", "replace"

    def __init__(self, fd: int) -> None:
        self.fd, self.cut = fd, False

    def write(self, text: str) -> int:
        if not self.cut:
            try:
                os.write(self.fd, str(text).encode("utf-8", "replace"))
            except OSError:
                self.cut = True
        return len(text)

    def flush(self) -> None:
        """Nothing is buffered."""

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd


def main() -> None:
    """Entry point in the jail: the socket on fd 3; paths from COURSE_SCRATCH, COURSE_FILES, COURSE_OUTPUT."""
    sock = socket.socket(fileno=3)
    output = os.environ.get("COURSE_OUTPUT", "/tmp/output.txt")
    out = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write over the file-size limit fails instead of killing
    sys.stdout = sys.stderr = CappedOutput(1)
    scratch = os.environ.get("COURSE_SCRATCH", SCRATCH)
    runner = Runner(sock, scratch, os.environ.get("COURSE_FILES", "/srv/course"), output)
    runner.preload()
    runner.serve()
    posix_exit(0)
