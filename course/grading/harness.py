"""TRUSTED: run otter's test files against a student's values, in a process that never runs student code.

Named ``harness`` because it is the trusted harness, the grading side's process per worker (it was
``test.py``, which read as a test of the suite). A harness worker (``python -m course.grading.harness``,
started by course.grading.pool) takes one job at a time over its socket: it starts the hand-in's jail
(course.grading.jail_client), has the jailed runner execute the cells, then runs each question's test
file with otter's own ``ExceptionTestFile`` against a ``StudentEnv`` (course.grading.student): values
come from the jail as data, functions are calls into the jail. The scores are otter's, question by
question. The worker keeps the next jail warm while this one is graded. Hidden cases keep no message;
public ones keep otter's.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import resource
import signal
import socket
import sys
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from course.grading import jail, protocol
from course.grading.jail_client import DEADLINE, JailedRun, JailGone, hand_in_seconds
from course.grading.pasted import pasted_answers
from course.grading.results import NOT_REACHED, CaseResult, Outcome, QuestionResult
from course.grading.student import Student, StudentEnv

# Seconds all of one question's test cases may take (each call of a student's function has its own limit).
TEST_TIMEOUT = 60.0
# Bytes of address space the tests of one hand-in may add to the harness worker (see harness_memory).
HARNESS_MEMORY = 2 * 1024**3
# The tests set this to a student id to see a failure of the grader itself become that file's row.
FAIL_FOR = "COURSE_GRADING_FAIL_FOR"


def read_tests(zip_path: Path) -> dict[str, str]:
    """Test file name -> source, from an autograder zip (hidden tests included)."""
    tests = {}
    with zipfile.ZipFile(zip_path) as archive:
        for entry in archive.namelist():
            if entry.startswith("tests/") and entry.endswith(".py") and not entry.endswith("__init__.py"):
                tests[Path(entry).stem] = archive.read(entry).decode("utf-8")
    return tests


def use_course_files(support: Path) -> None:
    """Let the tests import this assignment's coursekit (``from coursekit import DATA``) from its files."""
    path = str(support)
    if sys.path[:1] != [path]:
        with contextlib.suppress(ValueError):
            sys.path.remove(path)
        sys.path.insert(0, path)
    loaded = sys.modules.get("coursekit")
    if loaded is not None and not str(getattr(loaded, "__file__", "")).startswith(path + os.sep):
        for name in [n for n in sys.modules if n == "coursekit" or n.startswith("coursekit.")]:
            del sys.modules[name]


def checkpoint_owners(notebook: str, answers: dict[str, list[str]]) -> dict[str, str]:
    """Checkpointed name -> the question that owns it: course/answers/checkpoints.json (written by ``course
    build`` from the masters). Without it (before branch a19), a checkpoint is taken to be named after the
    answer it stands in for, owned by the question whose answer has that name."""
    try:
        from course import answers as course_answers  # type: ignore[attr-defined]

        return json.loads(Path(course_answers.OWNERS).read_text(encoding="utf-8")).get(notebook, {})
    except (ImportError, AttributeError, OSError, ValueError):
        return {name: question for question, names in answers.items() for name in names}


def course_values(zip_path: Path) -> tuple[Callable[[str], Any], Callable[[str], Any] | None]:
    """(the course's value of a checkpointed name, the same as plain JSON data or None), read on the
    grading side: ``course.answers`` (the instructor's checkout), never anything on the jail's disk.

    Before branch a19 (no ``course.answers``), the value comes from the assignment's coursekit, as
    today's checkpoints load it, and the codec carries it.
    """
    notebook = zip_path.name[:2]
    try:
        from course.answers import checkpoint_record, checkpoint_value  # type: ignore[import-not-found]
    except ImportError:

        def value(name: str) -> Any:
            return importlib.import_module(f"coursekit.nb{notebook}").CHECKPOINTS[name].load()

        return value, None
    return (lambda name: checkpoint_value(notebook, name)), (lambda name: checkpoint_record(notebook, name))


def run_tests(
    student: Student, tests: dict[str, str], checked: set[str], stopped: str = ""
) -> tuple[dict[str, QuestionResult], str]:
    """otter's result per question, and a note when a test had to be stopped.

    When the notebook stopped early (``stopped`` says where), a question it never captured is not
    tested: its result says it was not reached, instead of the errors of tests run on nothing.

    Every public case of every question runs before any hidden case: the student's functions see a
    hidden test's arguments only after the last message a student will read has been written (a
    function that kept them could otherwise return them into a later public message).
    """
    from otter.test_files.exception_test import ExceptionTestFile

    notes: list[str] = []
    files = [ExceptionTestFile.from_string(tests[name], path=f"./tests/{name}.py") for name in sorted(tests)]
    results = {}
    if stopped:
        for test_file in [f for f in files if f.name not in checked]:
            possible = float(test_file.possible)
            results[test_file.name] = QuestionResult(score=0.0, possible=possible, when=stopped, cases=[])
        files = [f for f in files if f.name in checked]
    found: dict[str, dict[str, Any]] = {test_file.name: {} for test_file in files}
    for hidden in (False, True):
        for test_file in files:
            cases = [case for case in test_file.test_cases if bool(case.hidden) is hidden]
            if cases:
                found[test_file.name].update(run_cases(test_file, cases, student, notes))
    for test_file in files:
        by_name = found[test_file.name]
        test_file.test_case_results = [by_name[case.name] for case in test_file.test_cases if case.name in by_name]
        complete = len(test_file.test_case_results) == len(test_file.test_cases)
        cases = [
            CaseResult(
                name=case.name,
                hidden=bool(case.hidden),
                passed=bool(case.name in by_name and by_name[case.name].passed),
                message="" if case.hidden or case.name not in by_name else str(by_name[case.name].message),
            )
            for case in test_file.test_cases
        ]
        results[test_file.name] = QuestionResult(
            score=float(test_file.score) if complete else 0.0,
            possible=float(test_file.possible),
            when="where it was captured" if test_file.name in checked else "never captured: its check did not run",
            cases=cases,
        )
    return results, "; ".join(dict.fromkeys(notes))


def run_cases(test_file: Any, cases: list[Any], student: Student, notes: list[str]) -> dict[str, Any]:
    """Run some of a test file's cases with otter's own runner, within TEST_TIMEOUT; case name -> result."""
    every = test_file.test_cases

    def on_alarm(signum: int, frame: Any) -> None:
        signal.setitimer(signal.ITIMER_REAL, 1.0)  # stop the following cases of this file too
        raise TimeoutError(f"the test took more than {TEST_TIMEOUT:g} s")

    signal.signal(signal.SIGALRM, on_alarm)
    test_file.test_cases = cases
    signal.setitimer(signal.ITIMER_REAL, TEST_TIMEOUT)
    try:
        test_file.run(StudentEnv(student, test_file.name))  # where the question was captured, as otter grades
    except BaseException as error:  # noqa: BLE001 - a test that cannot finish scores 0
        test_file.test_case_results = []
        notes.append(f"{test_file.name}: the tests stopped ({type(error).__name__})")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        test_file.test_cases = every
    return {result.test_case.name: result for result in test_file.test_case_results}


def grade(job: dict[str, Any], jailed: JailedRun) -> Outcome:
    """Run one hand-in in its jail and test it; every failure of the submission becomes the outcome."""
    outcome = Outcome(key=job["key"], isolation="jail" if job["isolated"] else "unisolated")
    started = time.monotonic()
    if os.environ.get(FAIL_FOR) and job["key"].endswith(":" + os.environ[FAIL_FOR]):
        raise RuntimeError(f"{FAIL_FOR} asked the grader to fail on this hand-in")
    tests = read_tests(Path(job["zip"]))
    use_course_files(Path(job["support"]))
    from coursekit.checks import test_answer_names  # the assignment's own copy, as its tests use

    files = [(name, bytes.fromhex(data)) for name, data in job["files"]]
    jailed.answers = {name: test_answer_names(source) for name, source in tests.items()}
    jailed.owners = checkpoint_owners(Path(job["zip"]).name[:2], jailed.answers)
    value_of, jailed.course_record = course_values(Path(job["zip"]))
    jailed.course_value = value_of
    try:
        jailed.wait_ready()
        outcome.jail_seconds = time.monotonic() - jailed.started
        jailed.deadline = time.monotonic() + hand_in_seconds(job["timeout"])
        ran = jailed.run(job["notebook"], job["notebook_name"], files, job["questions"], job["timeout"])
    except JailGone as gone:
        killed = "time limit" in str(gone) or str(gone) == DEADLINE
        outcome.state = "killed" if killed else "crashed"
        outcome.detail = str(gone)
        return outcome
    if ran.get("status") != protocol.Status.OK:  # the runner could not set the hand-in up: never a silent 0
        error = raw if type(raw := ran.get("error")) is dict else {}
        kind, said = str(error.get("type", ran.get("status")))[:60], str(error.get("message", ""))[:200]
        outcome.state, outcome.detail = "crashed", f"the jail could not set up or run the hand-in ({kind}: {said})"
        return outcome
    outcome.state = "timeout" if ran.get("state") == "timeout" else "ok"
    outcome.cells = _int(ran.get("cells"))
    outcome.last_cell = _int(ran.get("last_cell"), -1)
    outcome.output_bytes = _int(ran.get("output_bytes"))
    errors = raw if type(raw := ran.get("cell_errors")) is list else []
    outcome.cell_errors = [str(e)[:300] for e in errors[:50]]
    flags = raw if type(raw := ran.get("flags")) is list else []
    checked_list = raw if type(raw := ran.get("checked")) is list else []
    checked = {q for q in checked_list if type(q) is str}
    student = Student(jailed)
    stopped = ""
    if outcome.state == "timeout":
        stopped = f"{NOT_REACHED}: the notebook stopped at cell {outcome.last_cell + 1} after {job['timeout']:g} s"
    outcome.questions, note = run_tests(student, tests, checked, stopped)
    outcome.flags = [f for f in [*flags, *student.notes] if type(f) is dict][:50]
    graded = {name: question for question, names in jailed.answers.items() for name in names}
    outcome.flags += pasted_answers(job["notebook"], graded, value_of)
    if jailed.dead_reason == DEADLINE:
        outcome.state, outcome.questions = "killed", {}
        note = f"{DEADLINE} of {hand_in_seconds(job['timeout']):g} s while its tests ran"
    elif jailed.dead_reason and jailed.dead_reason != "closed":
        stopped = f"the submission's process stopped during the tests: {jailed.dead_reason}"
        note = "; ".join(filter(None, [note, stopped]))
    outcome.detail = note
    outcome.seconds = time.monotonic() - started
    return outcome


@contextlib.contextmanager
def harness_memory(extra: int) -> Iterator[None]:
    """This worker's address space capped at what it uses now plus extra bytes while one hand-in is graded.

    The tests run in this trusted process on values the student chose: one that is small on the wire
    but huge once a test walks it must fail that hand-in's tests (a MemoryError), not take the machine.
    The soft limit is lowered and restored after; the jails this worker starts set their own limits.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = address_space() + extra
    if soft != resource.RLIM_INFINITY:  # never looser than a limit the instructor set
        cap = min(cap, soft)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def address_space() -> int:
    """Bytes of address space this process uses (VmSize)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii", errors="replace").splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _int(value: Any, default: int = 0) -> int:
    return value if type(value) is int else default


def start_jail(job: dict[str, Any], limits: jail.Limits) -> JailedRun:
    """A new jail for the job's assignment (its runner starts importing at once)."""
    return JailedRun(Path(job["runner"]), Path(job["support"]), limits, isolated=job["isolated"])


def serve(sock: socket.socket) -> None:
    """The worker loop: a job in, an outcome out, until the socket closes; the next jail kept warm."""
    import altair  # noqa: F401 - warm: tests and decoded charts use them
    import otter.test_files.exception_test  # noqa: F401
    import pandas  # noqa: F401

    spare: JailedRun | None = None
    spare_key: tuple = ()
    while True:
        try:
            job = protocol.receive(sock)
        except (EOFError, OSError):
            break
        limits = jail.Limits(**job["limits"])
        key = (job["runner"], job["support"], job["isolated"], tuple(sorted(job["limits"].items())))

        jailed = spare if spare is not None and spare_key == key else None
        if jailed is None:
            if spare is not None:
                spare.close()
            jailed = start_jail(job, limits)
        spare = start_jail(job, limits) if job.get("prewarm") else None
        spare_key = key
        try:
            with harness_memory(HARNESS_MEMORY):
                outcome = grade(job, jailed)
        except MemoryError:
            outcome = Outcome(key=job["key"], state="crashed")
            outcome.detail = f"its values took more than the {HARNESS_MEMORY // 2**30} GB the tests may use"
        except Exception:  # noqa: BLE001 - the grader's own failure becomes this file's row
            outcome = Outcome(key=job["key"], state="grader-error", traceback=traceback.format_exc())
            outcome.detail = "the grader failed on this file"
        finally:
            jailed.close()
        protocol.send(sock, {"v": protocol.VERSION, "id": job["id"], "outcome": outcome.to_data()})
    if spare is not None:
        spare.close()


def main() -> None:
    """Entry point: ``python -m course.grading.harness`` with the pool's socket on fd 3."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the pool stops its workers
    serve(socket.socket(fileno=3))


if __name__ == "__main__":
    main()
