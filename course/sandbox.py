"""Run one untrusted submission and grade it with otter-grader's tests, in a forked, limited process.

Why this module exists: `otter run` starts a fresh kernel and re-imports pandas, altair and otter for
every submission (about 13 s each). Here a long-lived *worker* imports them once, and for each
submission forks:

* **C**, the run process: its own session, resource limits (memory, file size, CPU), a fresh scratch
  directory as cwd (with copies of data/ and seeds/, as in otter's layout), stdout/stderr in a bounded
  file, and an audit hook that refuses to start processes, send signals, load C libraries through
  ctypes, write outside the scratch directory or read the course's instructor files (masters,
  autograders, the output folder). C executes the notebook's code cells in order in IPython, as
  otter's grading kernel does: an error in one cell does not stop the next. ``grader.check("q")``
  calls record a deep copy of the namespace at that moment (otter grades a question at its last
  check, or at the end if it is never checked); no test exists in C.
* **G**, the grading process, forked by C once the code has finished, after which C exits: G holds
  only the main thread (threads the submission started stay behind in C and die with it). G puts
  back any builtin or library object the submission replaced (and flags it), then receives the test
  files (hidden ones included) from the worker and runs them with otter's own ``ExceptionTestFile``,
  so scores are otter's, question by question.

The worker never holds the tests when it forks: the orchestrator (``course.grade``) sends them only
after C has been forked, the worker forwards them from a buffer it zeroes, and G gets them only after
C has exited. The whole protocol is length-prefixed pickle frames between trusted processes; G's
result frame is checked for exactly one well-formed frame, so a submission scribbling on the pipe is
caught as tampering rather than trusted.

Run as ``python -m course.sandbox`` (the worker loop; the orchestrator starts it).
"""

from __future__ import annotations

import contextlib
import copy
import os
import pickle
import resource
import select
import signal
import struct
import sys
import time
import traceback
import types
from dataclasses import dataclass, field
from typing import Any

# Largest file a submission may write, its printed output included (RLIMIT_FSIZE): beyond it, writes fail.
FILE_LIMIT = 32 * 1024 * 1024
# Memory a submission may add on top of the warm worker (virtual address space).
MEMORY_LIMIT = 3 * 1024 * 1024 * 1024
# Seconds G may spend running the tests for one question (a test may call the student's function).
TEST_TIMEOUT = 20.0
# Seconds after the time limit before the process group is killed (the code ignored the soft stop).
GRACE = 5.0
FRAME = struct.Struct("!Q")
MAGIC = b"course-grade-result-v1"

# Modules and classes whose attributes the tests rely on: compared before and after the code runs.
WATCHED_MODULES = (
    "builtins",
    "otter",
    "otter.test_files",
    "otter.test_files.abstract_test",
    "otter.test_files.exception_test",
    "otter.check.notebook",
    "otter.execute",
    "otter.execute.checker",
    "pandas",
    "pandas.testing",
    "numpy",
    "numpy.testing",
    "re",
    "math",
    "inspect",
    "collections",
    "copy",
    "pickle",
)
WATCHED_CLASSES = (
    ("pandas", "Series"),
    ("pandas", "DataFrame"),
    ("pandas", "Index"),
    ("otter.test_files.exception_test", "ExceptionTestFile"),
    ("otter.test_files.exception_test", "test_case"),
    ("otter.test_files.abstract_test", "TestFile"),
    ("otter.check.notebook", "Notebook"),
)
# Names IPython or the interpreter itself change in the watched modules while running a cell.
VOLATILE = {
    "_",
    "__",
    "___",
    "__warningregistry__",
    "__slotnames__",
    "display",
    "get_ipython",
    "__IPYTHON__",
    "__loader__",
}
# IPython's own names in the user namespace: not the student's answers.
SHELL_NAMES = {"In", "Out", "_oh", "_ih", "_dh", "get_ipython", "exit", "quit", "open", "_", "__", "___"}

# Operations a submission is never allowed (audit events, see the Python audit events table).
BLOCKED_EVENTS = {
    "os.system": "starting a shell command",
    "os.exec": "starting a program",
    "os.fork": "starting a process",
    "os.forkpty": "starting a process",
    "os.posix_spawn": "starting a process",
    "os.spawn": "starting a process",
    "subprocess.Popen": "starting a process",
    "pty.spawn": "starting a process",
    "os.kill": "sending a signal to a process",
    "os.killpg": "sending a signal to a process",
    "signal.pthread_kill": "sending a signal to a thread",
    "ctypes.dlopen": "loading a C library through ctypes",
    "ctypes.dlsym": "calling C code through ctypes",
    "ctypes.dlsym/handle": "calling C code through ctypes",
    "ctypes.cdata": "reading memory through ctypes",
    "ctypes.string_at": "reading memory through ctypes",
    "ctypes.wstring_at": "reading memory through ctypes",
    "socket.connect": "opening a network connection",
    "socket.bind": "opening a network connection",
    "sys.addaudithook": "installing an audit hook",
    "sys.setprofile": "installing a profiler hook",
    "sys.settrace": "installing a tracing hook",
    "os.chdir": "leaving the scratch directory",
    "os.chroot": "changing the root directory",
    "os.setuid": "changing user",
}


class GradingTimeout(BaseException):
    """Raised in the running cell when the submission's time is up (a BaseException: cells rarely catch it)."""


class Blocked(PermissionError):
    """An operation the grading sandbox refuses; the submission's cell sees it as an error."""


@dataclass
class Job:
    """One submission to run, as the orchestrator sends it to a worker (no tests in it)."""

    key: str
    notebook_name: str
    notebook_text: str
    extra_files: list[tuple[str, bytes]]
    support_dir: str
    scratch_root: str
    questions: list[str]
    timeout: float
    deny_read: list[str]
    memory_limit: int = MEMORY_LIMIT


@dataclass
class Outcome:
    """What happened to one submission: the run's facts and otter's per-question results."""

    key: str
    state: str = "ok"  # ok, timeout, killed, crashed
    cell_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    tampering: list[str] = field(default_factory=list)
    output_bytes: int = 0
    output_tail: str = ""
    last_cell: int = -1
    cells: int = 0
    # question name -> {"score", "possible", "cases": [{"name", "hidden", "passed", "message"}], "when"}
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    detail: str = ""


# ---------------------------------------------------------------------------------------------
# framing


def write_frame(fd: int, payload: bytes) -> None:
    """Write one length-prefixed frame, all of it."""
    data = memoryview(FRAME.pack(len(payload)) + payload)
    while data:
        written = os.write(fd, data)
        data = data[written:]


def write_view(fd: int, view: memoryview) -> None:
    """Write one frame straight from a buffer, without copying it into a new bytes object."""
    os.write(fd, FRAME.pack(len(view)))
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_exact(fd: int, size: int) -> bytes | None:
    """Read exactly size bytes, or None at end of file."""
    parts, remaining = [], size
    while remaining:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


def read_frame(fd: int) -> bytes | None:
    """One frame's payload, or None at end of file."""
    header = read_exact(fd, FRAME.size)
    if header is None:
        return None
    (size,) = FRAME.unpack(header)
    return read_exact(fd, size)


def read_frame_into(fd: int, buffer: bytearray) -> int:
    """Read one frame into a reusable buffer (so the worker can zero it); return its length."""
    header = read_exact(fd, FRAME.size)
    if header is None:
        raise EOFError("the orchestrator closed the pipe")
    (size,) = FRAME.unpack(header)
    if size > len(buffer):
        buffer.extend(bytes(size - len(buffer)))
    view, got = memoryview(buffer), 0
    while got < size:
        n = os.readv(fd, [view[got:size]])
        if not n:
            raise EOFError("the orchestrator closed the pipe mid-frame")
        got += n
    return size


# ---------------------------------------------------------------------------------------------
# the run process C


def identity_map() -> dict[str, dict[str, int]]:
    """id() of every attribute of the watched modules and classes, taken in the worker before forking.

    Fork keeps addresses, so the grading process can compare what it sees with these numbers, which
    the submission cannot change (they live in the worker's memory, not in the forked copy).
    """
    found: dict[str, dict[str, int]] = {}
    for name, namespace in watched_namespaces():
        found[name] = {key: id(value) for key, value in namespace.items() if key not in VOLATILE}
    found["sys.modules"] = {name: id(sys.modules[name]) for name in WATCHED_MODULES if name in sys.modules}
    return found


def watched_namespaces() -> list[tuple[str, dict[str, Any]]]:
    """(label, live dict) for each watched module and class."""
    spaces = []
    for name in WATCHED_MODULES:
        module = sys.modules.get(name)
        if module is not None:
            spaces.append((name, module.__dict__))
    for module_name, class_name in WATCHED_CLASSES:
        cls = getattr(sys.modules.get(module_name), class_name, None)
        if isinstance(cls, type):
            # A class's __dict__ is a read-only proxy; setattr changes it, and we read it as a dict.
            spaces.append((f"{module_name}.{class_name}", cls.__dict__))
    return spaces


def snapshot() -> dict[str, dict[str, Any]]:
    """Shallow copies of the watched namespaces (references to the original objects) to restore from."""
    copies = {label: dict(space) for label, space in watched_namespaces()}
    copies["sys.modules"] = {name: sys.modules[name] for name in WATCHED_MODULES if name in sys.modules}
    return copies


def restore(saved: dict[str, dict[str, Any]], ids: dict[str, dict[str, int]]) -> list[str]:
    """Put back every watched attribute the submission replaced, added or deleted; say which."""
    changes: list[str] = []
    for name, module in saved.pop("sys.modules", {}).items():
        if sys.modules.get(name) is not module:
            changes.append(f"replaced module {name}")
            sys.modules[name] = module
    live = dict(watched_namespaces())
    for label, original in saved.items():
        space = live.get(label)
        if space is None:
            continue
        is_class = not isinstance(space, dict)
        target = None
        if is_class:
            module_name, _, class_name = label.rpartition(".")
            target = getattr(sys.modules[module_name], class_name)
        for key in set(space) | set(original):
            if key in VOLATILE:
                continue
            before, now = original.get(key, _MISSING), space.get(key, _MISSING)
            if before is now:
                continue
            changes.append(f"{'changed' if before is not _MISSING else 'added'} {label}.{key}")
            if is_class:
                if before is _MISSING:
                    delattr(target, key)
                else:
                    setattr(target, key, before)
            elif before is _MISSING:
                del space[key]
            else:
                space[key] = before
    # Check against the worker's own record: the copies above live in the submission's memory.
    for label, space in watched_namespaces():
        expected = ids.get(label, {})
        for key, value in space.items():
            if key in expected and id(value) != expected[key]:
                changes.append(f"could not restore {label}.{key}")
    return sorted(set(changes))


_MISSING = object()
# Values a test reads but never changes in place: kept as they are, not copied.
ATOMIC = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type, str, int, float, bytes, bool)

# Set in the run process C for the job it runs; read by recording_check.
RECORDS: dict[str, dict[str, Any]] = {}
QUESTIONS: set[str] = set()


def recording_check(self: Any, question: str, global_env: dict[str, Any] | None = None) -> str:
    """otter.Notebook.check while grading: keep the namespace; the tests run after the code has finished.

    otter grades a question in the namespace of its last ``grader.check`` call (or at the end of the
    notebook if it is never checked); a deep copy taken here is that namespace.
    """
    if question not in QUESTIONS:
        raise FileNotFoundError(f"Test {question} does not exist")
    env = global_env if global_env is not None else sys._getframe(1).f_globals
    RECORDS[question] = question_env(env)
    return f"{question}: recorded for grading"


def make_audit_hook(
    scratch: str, deny_read: list[str], allow_read: list[str], events: list[str], trusted: tuple[types.CodeType, ...]
):
    """An audit hook that refuses writes outside scratch, reads of instructor files and processes.

    The sandbox's own calls are let through when the calling code object is one of ``trusted``
    (run_process forks the grading process; grade_process clears tracing hooks).
    """
    scratch = os.path.realpath(scratch)
    deny = tuple(os.path.realpath(p) for p in deny_read)
    allow = tuple(os.path.realpath(p) for p in allow_read)
    write_ok = (scratch, "/dev/null")

    def inside(path: str, roots: tuple[str, ...]) -> bool:
        return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)

    def refuse(what: str) -> None:
        events.append(what)
        raise Blocked(f"not allowed while grading: {what}")

    def hook(event: str, args: tuple) -> None:
        if event in ("os.fork", "sys.settrace", "sys.setprofile") and sys._getframe(1).f_code in trusted:
            return
        if event == "os.chdir":
            target = args[0] if args else None
            if isinstance(target, str | bytes) and inside(os.path.realpath(os.fsdecode(target)), (scratch,)):
                return
        if event in BLOCKED_EVENTS:
            if event == "sys.addaudithook":
                events.append("tried to install an audit hook")
                raise RuntimeError("audit hooks are not allowed while grading")
            refuse(BLOCKED_EVENTS[event])
        if event in ("open", "os.listdir", "os.scandir", "shutil.copyfile", "shutil.copytree", "os.remove"):
            target = args[0] if args else None
            if isinstance(target, int) or target is None:
                return
            try:
                path = os.path.realpath(os.fsdecode(target))
            except (TypeError, ValueError):
                return
            writing = False
            if event == "open":
                mode, flags = (args[1] if len(args) > 1 else None), (args[2] if len(args) > 2 else 0)
                if isinstance(mode, str):
                    writing = any(c in mode for c in "wax+")
                elif isinstance(flags, int):
                    writing = bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND))
            elif event == "os.remove":
                writing = True
            if writing and not inside(path, write_ok):
                refuse(f"writing {path} (outside the scratch directory)")
            if path.startswith("/proc/") and path.endswith(("/mem", "/environ", "/maps")):
                refuse(f"reading {path}")
            if inside(path, deny) and not inside(path, allow):
                refuse(f"reading {path} (instructor files)")
        elif event in ("os.rename", "os.link", "os.symlink", "os.rmdir", "os.mkdir", "os.truncate", "os.chmod"):
            for target in args[:2]:
                if isinstance(target, str | bytes) and not inside(os.path.realpath(os.fsdecode(target)), write_ok):
                    refuse(f"{event} on {os.fsdecode(target)} (outside the scratch directory)")

    return hook


def reset_builtins(original: dict[str, Any], live: dict[str, Any]) -> list[str]:
    """Put the builtins back as they were, without calling any builtin (they may be the student's)."""
    changes = []
    for key in [*live]:
        if key not in original and key not in VOLATILE:
            del live[key]
            changes.append(f"added builtins.{key}")
    for key, value in original.items():
        if key not in VOLATILE and live.get(key, _MISSING) is not value:
            live[key] = value
            changes.append(f"changed builtins.{key}")
    return changes


def question_env(namespace: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of the student's namespace, as a test would have seen it at this moment."""
    env = dict(namespace)
    memo: dict[int, Any] = {}
    for key, value in namespace.items():
        if key.startswith("_") or key in SHELL_NAMES or isinstance(value, ATOMIC):
            continue
        try:
            env[key] = copy.deepcopy(value, memo)
        except Exception:  # noqa: BLE001 - generators, locks and the like cannot be copied: keep the object
            env[key] = value
    return env


def run_process(job: Job, scratch: str, output_path: str, status_w: int, tests_r: int, result_w: int) -> None:
    """Body of C: run the cells, then fork G and exit. Never returns."""
    real_exit = os._exit
    try:
        os.setsid()
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        out = os.open(output_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 1)
        os.dup2(out, 2)
        keep = sorted({0, 1, 2, status_w, tests_r, result_w})
        for low, high in zip(keep, [*keep[1:], 65536], strict=True):
            os.closerange(low + 1, high)
        current = resource.getrlimit(resource.RLIMIT_AS)
        vm = _vm_size()
        limit = vm + job.memory_limit
        if current[1] == resource.RLIM_INFINITY or limit < current[1]:
            resource.setrlimit(resource.RLIMIT_AS, (limit, current[1]))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
        cpu = int(job.timeout * 2 + TEST_TIMEOUT * max(1, len(job.questions)) + 30)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        for var, sub in (("HOME", ""), ("TMPDIR", "tmp"), ("MPLCONFIGDIR", "tmp"), ("XDG_CACHE_HOME", "tmp")):
            os.environ[var] = os.path.join(scratch, sub)
        os.makedirs(os.path.join(scratch, "tmp"), exist_ok=True)
        os.chdir(scratch)
        sys.path.append(scratch)
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)  # noqa: SIM115
        sys.stderr = sys.stdout
    except BaseException:  # noqa: BLE001 - a setup failure is reported, never raised
        os.write(status_w, b"setup-failed " + traceback.format_exc().encode()[-2000:] + b"\n")
        real_exit(3)

    outcome = Outcome(job.key)
    events: list[str] = []
    saved = snapshot()
    live_builtins = sys.modules["builtins"].__dict__
    records = RECORDS
    QUESTIONS.update(job.questions)

    import otter
    from IPython.core.interactiveshell import InteractiveShell
    from otter.check.notebook import Notebook

    allow = [sys.prefix, sys.base_prefix, sys.exec_prefix, *[p for p in sys.path if "site-packages" in p]]
    sys.addaudithook(
        make_audit_hook(scratch, job.deny_read, allow, events, (run_process.__code__, grade_process.__code__))
    )

    def blocked_exit(code: int = 0) -> None:
        raise SystemExit(f"os._exit({code}) is not allowed while grading")

    import posix

    os._exit = blocked_exit
    posix._exit = blocked_exit

    shell = InteractiveShell.instance()
    shell.ask_exit = lambda: None
    namespace = shell.user_ns

    def on_alarm(signum: int, frame: Any) -> None:
        raise GradingTimeout(f"time limit of {job.timeout:g} s reached")

    signal.signal(signal.SIGALRM, on_alarm)
    cells = code_cells(job.notebook_text)
    outcome.cells = len(cells)
    started = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, job.timeout)
    try:
        for index, source in cells:
            os.write(status_w, f"cell {index}\n".encode())
            outcome.last_cell = index
            try:
                result = shell.run_cell(source, store_history=False)
            except GradingTimeout:
                outcome.state = "timeout"
                break
            error = result.error_before_exec or result.error_in_exec
            if isinstance(error, GradingTimeout):
                outcome.state = "timeout"
                break
            if error is not None:
                outcome.cell_errors.append(f"cell {index + 1}: {describe(error)}")
    except GradingTimeout:
        outcome.state = "timeout"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    # Builtins first, with dict operations only: the rest of this function calls builtins.
    outcome.tampering.extend(reset_builtins(saved["builtins"], live_builtins))
    outcome.seconds = time.perf_counter() - started
    with contextlib.suppress(BaseException):
        sys.stdout.flush()

    final_env = dict(namespace)
    grader = final_env.get("grader")
    if Notebook.check is not recording_check:
        outcome.tampering.append("replaced otter.Notebook.check")
        Notebook.check = recording_check
    if grader is not None and (not isinstance(grader, Notebook) or "check" in getattr(grader, "__dict__", {})):
        outcome.tampering.append("redefined the grader object (grader / grader.check)")
    if namespace.get("otter") is not None and namespace.get("otter") is not otter:
        outcome.tampering.append("redefined the name otter")
    outcome.blocked = list(dict.fromkeys(events))

    pid = os.fork()
    if pid:
        os.write(status_w, f"grader {pid}\n".encode())
        real_exit(0)
    try:
        grade_process(outcome, saved, records, final_env, tests_r, result_w)
    except BaseException as error:  # noqa: BLE001
        outcome.detail = f"grading failed: {describe(error)}"
        write_frame(result_w, MAGIC + pickle.dumps(outcome))
    real_exit(0)


def grade_process(
    outcome: Outcome,
    saved: dict[str, dict[str, Any]],
    records: dict[str, dict[str, Any]],
    final_env: dict[str, Any],
    tests_r: int,
    result_w: int,
) -> None:
    """Body of G: restore pristine objects, receive the tests, run them with otter, report."""
    import gc
    import threading

    sys.settrace(None)
    sys.setprofile(None)
    threading.settrace(None)  # type: ignore[arg-type]
    threading.setprofile(None)  # type: ignore[arg-type]
    gc.callbacks.clear()
    for sig in (signal.SIGTERM, signal.SIGUSR1, signal.SIGUSR2, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)

    id_frame = read_frame(tests_r)
    payload = read_frame(tests_r)
    os.close(tests_r)
    if payload is None or id_frame is None:
        raise RuntimeError("no tests arrived")
    ids: dict[str, dict[str, int]] = pickle.loads(id_frame)
    tests: dict[str, str] = pickle.loads(payload)["tests"]
    del payload
    outcome.tampering.extend(restore(saved, ids))
    outcome.tampering.extend(suspicious_answers(final_env, records))

    from otter.test_files.exception_test import ExceptionTestFile

    def on_alarm(signum: int, frame: Any) -> None:
        raise TimeoutError(f"the test took more than {TEST_TIMEOUT:g} s")

    signal.signal(signal.SIGALRM, on_alarm)
    for name in sorted(tests):
        test_file = ExceptionTestFile.from_string(tests[name], path=f"./tests/{name}.py")
        env = records.get(test_file.name)
        signal.setitimer(signal.ITIMER_REAL, TEST_TIMEOUT)
        try:
            test_file.run(env if env is not None else final_env)
        except BaseException as error:  # noqa: BLE001 - e.g. SystemExit from the student's function
            test_file.test_case_results = []
            outcome.detail += f"{test_file.name}: the test stopped with {describe(error)}. "
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        passed = {r.test_case.name: r for r in test_file.test_case_results}
        outcome.questions[test_file.name] = {
            "score": test_file.score if test_file.test_case_results else 0,
            "possible": test_file.possible,
            "when": "at its grader.check" if env is not None else "at the end of the notebook",
            "cases": [
                {
                    "name": case.name,
                    "hidden": case.hidden,
                    "points": case.points,
                    "passed": bool(passed.get(case.name) and passed[case.name].passed),
                    "message": "" if case.hidden or case.name not in passed else passed[case.name].message,
                }
                for case in test_file.test_cases
            ],
        }
    write_frame(result_w, MAGIC + pickle.dumps(outcome))


def suspicious_answers(final_env: dict[str, Any], records: dict[str, dict[str, Any]]) -> list[str]:
    """Answers that are objects of a class the notebook defined itself: such a class can fake ==, len, etc."""
    found = []
    for env in [final_env, *records.values()]:
        for key, value in env.items():
            if key.startswith("_") or key in SHELL_NAMES or isinstance(value, type):
                continue
            cls = type(value)
            if getattr(cls, "__module__", "") == "__main__" and any(
                attr in vars(cls) for attr in ("__eq__", "__len__", "__contains__", "__getattribute__", "__class__")
            ):
                found.append(f"answer {key} is a {cls.__name__}, a class defined in the notebook that overrides ==/len")
    return sorted(set(found))


def describe(error: BaseException) -> str:
    """Exception type and first line of its message."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0][:200]}" if text else type(error).__name__


def _vm_size() -> int:
    """Current virtual memory size of this process, in bytes (Linux); 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def code_cells(notebook_text: str) -> list[tuple[int, str]]:
    """(position among all cells, source) of each code cell otter would run (not tagged otter_ignore)."""
    import json

    nb = json.loads(notebook_text)
    found = []
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata", {}) or {}
        if "otter_ignore" in (meta.get("tags") or []) or (meta.get("otter") or {}).get("ignore", False):
            continue
        source = cell.get("source", "")
        found.append((index, "".join(source) if isinstance(source, list) else str(source)))
    return found


# ---------------------------------------------------------------------------------------------
# the worker


def prepare_scratch(job: Job, root: str) -> tuple[str, str]:
    """A fresh job folder: work/ (the cwd, with data/, seeds/, the notebook) and output.txt beside it."""
    import shutil
    import tempfile

    job_dir = tempfile.mkdtemp(prefix="job-", dir=root)
    work = os.path.join(job_dir, "work")
    os.mkdir(work)
    for relative, data in job.extra_files:
        target = os.path.join(work, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
    for entry in os.listdir(job.support_dir):
        source = os.path.join(job.support_dir, entry)
        destination = os.path.join(work, entry)
        if os.path.isdir(source):
            shutil.rmtree(destination, ignore_errors=True)
            shutil.copytree(source, destination)
        else:
            shutil.copy(source, destination)
    with open(os.path.join(work, job.notebook_name), "w", encoding="utf-8") as handle:
        handle.write(job.notebook_text)
    return job_dir, work


def kill_group(pid: int) -> None:
    """SIGKILL a process group and the process, ignoring ones already gone."""
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill(pid, signal.SIGKILL)


def run_job(job: Job, request_tests: Any, ids: dict[str, dict[str, int]], buffer: bytearray) -> Outcome:
    """Fork C for one job, hand the tests to G once C has exited, and collect G's report."""
    import shutil

    job_dir, work = prepare_scratch(job, job.scratch_root)
    output_path = os.path.join(job_dir, "output.txt")
    status_r, status_w = os.pipe()
    tests_r, tests_w = os.pipe()
    result_r, result_w = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(status_r)
        os.close(tests_w)
        os.close(result_r)
        run_process(job, work, output_path, status_w, tests_r, result_w)
        os._exit(4)  # not reached
    os.close(status_w)
    os.close(tests_r)
    os.close(result_w)
    outcome = Outcome(job.key)
    deadline = started + job.timeout + GRACE
    status_text = b""
    grader_pid = 0
    c_status = None
    result_chunks: list[bytes] = []
    try:
        # Phase 1: the code runs; read progress until C exits or the time is up.
        while c_status is None:
            ready, _, _ = select.select([status_r], [], [], 0.05)
            if ready:
                chunk = os.read(status_r, 65536)
                status_text += chunk
            done_pid, c_status_raw = os.waitpid(pid, os.WNOHANG)
            if done_pid:
                c_status = c_status_raw
                break
            if time.monotonic() > deadline:
                kill_group(pid)
                os.waitpid(pid, 0)
                outcome.state = "killed"
                c_status = -1
        while True:
            ready, _, _ = select.select([status_r], [], [], 0)
            if not ready:
                break
            chunk = os.read(status_r, 65536)
            if not chunk:
                break
            status_text += chunk
        for line in status_text.decode(errors="replace").splitlines():
            if line.startswith("cell "):
                outcome.last_cell = int(line.split()[1])
            elif line.startswith("grader "):
                grader_pid = int(line.split()[1])
            elif line.startswith("setup-failed"):
                outcome.detail = line
        size = request_tests(buffer)
        if outcome.state == "killed" or not grader_pid:
            if outcome.state != "killed":
                outcome.state = "crashed"
                outcome.detail = outcome.detail or _exit_reason(c_status)
            buffer[:size] = bytes(size)
            return outcome
        # Phase 2: C has exited (threads and all); only G holds the namespace. Hand it the tests.
        try:
            write_frame(tests_w, pickle.dumps(ids))
            write_view(tests_w, memoryview(buffer)[:size])
        except BrokenPipeError:
            pass
        buffer[:size] = bytes(size)
        os.close(tests_w)
        tests_w = -1
        test_deadline = time.monotonic() + TEST_TIMEOUT * max(1, len(job.questions)) + GRACE
        while True:
            left = test_deadline - time.monotonic()
            if left <= 0:
                kill_group(grader_pid)
                outcome.state = "killed"
                outcome.detail = "the tests did not finish in time"
                return outcome
            ready, _, _ = select.select([result_r], [], [], min(left, 0.5))
            if ready:
                chunk = os.read(result_r, 1 << 20)
                if not chunk:
                    break
                result_chunks.append(chunk)
        data = b"".join(result_chunks)
        parsed = parse_result(data)
        if parsed is None:
            outcome.state = "crashed"
            outcome.tampering.append("the grading channel held something other than one result (interference)")
            outcome.detail = "the grading process did not report a clean result"
            return outcome
        return parsed
    finally:
        for fd in (status_r, result_r, tests_w):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        if grader_pid:
            kill_group(grader_pid)
        _reap()
        outcome_ref = locals().get("parsed") or outcome
        outcome_ref.key = job.key
        try:
            outcome_ref.output_bytes = os.path.getsize(output_path)
            with open(output_path, "rb") as handle:
                handle.seek(max(0, outcome_ref.output_bytes - 4000))
                outcome_ref.output_tail = handle.read().decode("utf-8", errors="replace")
        except OSError:
            pass
        shutil.rmtree(job_dir, ignore_errors=True)


def parse_result(data: bytes) -> Outcome | None:
    """G's one frame, or None if the pipe held anything else."""
    if len(data) < FRAME.size:
        return None
    (size,) = FRAME.unpack(data[: FRAME.size])
    body = data[FRAME.size :]
    if size != len(body) or not body.startswith(MAGIC):
        return None
    try:
        outcome = pickle.loads(body[len(MAGIC) :])
    except Exception:  # noqa: BLE001
        return None
    return outcome if isinstance(outcome, Outcome) else None


def _exit_reason(status: int | None) -> str:
    """A teacher-readable reason for how the run process ended."""
    if status is None or status < 0:
        return "the run process ended unexpectedly"
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        hints = {
            "SIGKILL": " (killed: usually the memory limit or the system's out-of-memory killer)",
            "SIGXCPU": " (the CPU-time limit)",
            "SIGSEGV": " (a crash inside a C library)",
        }
        return f"the run process was ended by {name}{hints.get(name, '')}"
    return f"the run process exited with code {os.WEXITSTATUS(status)} before grading"


def _reap() -> None:
    """Collect any exited children (G processes re-parented here when this worker is a subreaper)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if not pid:
            return


def _become_subreaper() -> None:
    """Let orphaned grading processes be re-parented to this worker (Linux), so they can be reaped."""
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except Exception:  # noqa: BLE001 - elsewhere init reaps them
        pass


def preload() -> None:
    """Import what the notebooks and the tests use, once per worker."""
    import altair  # noqa: F401
    import IPython.core.formatters as formatters
    import numpy  # noqa: F401
    import otter  # noqa: F401
    import otter.check.notebook  # noqa: F401
    import otter.execute  # noqa: F401
    import otter.test_files  # noqa: F401
    import pandas  # noqa: F401
    from IPython.core.interactiveshell import InteractiveShell

    with contextlib.suppress(ImportError):
        import vl_convert  # noqa: F401

    class NoDisplay(formatters.DisplayFormatter):
        """Nothing is rendered while grading: only the code's effects and printed output matter."""

        def format(self, obj: Any, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
            return {}, {}

    shell = InteractiveShell.instance(colors="nocolor", history_length=0)
    shell.display_formatter = NoDisplay(parent=shell)
    shell.history_manager.enabled = False
    shell.ast_node_interactivity = "none"  # a cell's last expression is evaluated, not displayed
    # otter's grading mode (export and other student-side actions do nothing); checks are recorded.
    otter.check.notebook.Notebook.init_grading_mode("./tests")
    otter.check.notebook.Notebook.check = recording_check


def worker_main() -> int:
    """Read jobs from stdin, write outcomes to stdout, until stdin closes."""
    os.environ.setdefault("IPYTHONDIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), "course-grade-ipython"))
    protocol_in = os.dup(0)
    protocol_out = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    preload()
    _become_subreaper()
    ids = identity_map()
    buffer = bytearray(1 << 16)
    write_frame(protocol_out, b"ready")
    while True:
        payload = read_frame(protocol_in)
        if payload is None:
            return 0
        job: Job = pickle.loads(payload)

        def request_tests(buf: bytearray) -> int:
            write_frame(protocol_out, b"send-tests")
            return read_frame_into(protocol_in, buf)

        try:
            outcome = run_job(job, request_tests, ids, buffer)
        except EOFError:
            return 0
        except Exception as error:  # noqa: BLE001 - the batch goes on; the orchestrator reports it
            outcome = Outcome(job.key, state="crashed", detail=f"worker error: {describe(error)}")
        write_frame(protocol_out, b"outcome" + pickle.dumps(outcome))


if __name__ == "__main__":
    # Run the imported module's copy, so that pickled Outcome and Job classes are course.sandbox's.
    from course import sandbox

    sys.exit(sandbox.worker_main())
