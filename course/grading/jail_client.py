"""HARNESS SIDE: start one hand-in's jail, hand it the notebook, and talk to the runner within time limits.

Named ``jail_client`` because it is the harness's client of the jail: it starts the jail and speaks to
the jailed side (course.grading.jailed) over the protocol (it was ``run.py``, a name that said neither
side nor job). The harness side of the transport. Every reply is read through the size-capped frame reader; when
the runner does not answer in time, breaks the protocol or dies, the jail is killed (a thread cannot
be stopped; a process can) and ``JailGone`` says why. Killing bwrap kills its PID namespace: every
process the submission started dies with it.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from course.grading import codec, jail, protocol

# Seconds a jail may take to start Python and import the notebooks' libraries.
START_TIMEOUT = 120.0
# Seconds after the time limit before a runner that ignored the soft stop is killed.
GRACE = 5.0
# Why a jail was killed when its hand-in used up its whole wall-clock time.
DEADLINE = "the hand-in ran past its deadline"
# Seconds all of one hand-in's tests may take together, on top of its time limit (see hand_in_seconds).
TEST_BUDGET = 60.0


def hand_in_seconds(timeout: float) -> float:
    """The one wall-clock deadline of a hand-in, from its first request to its last reply: its cells' time
    limit with the grace to stop them, then all of its tests. No frame, dripped or of another id, extends it."""
    return timeout + GRACE + 10 + TEST_BUDGET


class JailGone(RuntimeError):
    """The jailed runner died, was killed, or broke the protocol; the message says which."""


class JailedRun:
    """One runner in one jail, started ahead of its hand-in (the imports overlap other work)."""

    def __init__(self, runner_dir: Path, course_files: Path, limits: jail.Limits, isolated: bool = True) -> None:
        self.course_files = course_files
        self.isolated = isolated
        self.started = time.monotonic()
        self.next_id = 0
        self.ready = False
        self.deadline: float | None = None  # time.monotonic() by which the whole hand-in must be done
        self.dead_reason = ""
        # Filled while the cells run: question -> {name: GET reply} sent by the runner at the capture.
        self.captured: dict[str, dict[str, Any]] = {}
        # Questions a checkpoint value was released for: their capture is final (a check run again after
        # the course's value came in, or a capture the notebook sends itself, changes nothing).
        self.released: set[str] = set()
        # question -> the names its public tests read; name -> the question that owns its checkpoint.
        self.answers: dict[str, list[str]] = {}
        self.owners: dict[str, str] = {}
        # The course's value of a checkpointed name (grading side only); None: no checkpoint is answered.
        self.course_value: Callable[[str], Any] | None = None
        # The same as plain JSON data (course.answers.checkpoint_record): sent instead when set, and the
        # runner's provider rebuilds it with coursekit.checkpoints.decode (a function: its recorded calls).
        self.course_record: Callable[[str], Any] | None = None
        self.workdir = None if isolated else Path(tempfile.mkdtemp(prefix="course-unisolated-"))
        ours, theirs = socket.socketpair()
        self.sock = ours
        keep = [theirs.fileno()]
        seccomp = jail.seccomp_fd() if isolated else None
        if seccomp is not None:
            keep.append(seccomp)

        def child() -> None:
            os.dup2(theirs.fileno(), 3)  # the runner's socket is fd 3
            jail.set_limits(limits)

        if isolated:
            argv, env, cwd = jail.command(runner_dir, course_files, limits, seccomp), {}, None
        else:
            assert self.workdir is not None
            (self.workdir / "submission").mkdir()
            (self.workdir / "tmp").mkdir()
            tmp = str(self.workdir / "tmp")
            env = jail.environment(str(self.workdir / "submission"), str(course_files), f"{tmp}/output.txt", tmp)
            argv, cwd = jail.unisolated_command(runner_dir), str(self.workdir / "submission")
        try:
            self.process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=[*keep, 3],
                preexec_fn=child,
                env=env,
                cwd=cwd,
                close_fds=True,
            )
        finally:
            theirs.close()
            if seccomp is not None:
                os.close(seccomp)

    def wait_ready(self) -> None:
        """Block until the runner has imported its libraries and says ready."""
        if not self.ready:
            reply = self._receive(START_TIMEOUT - (time.monotonic() - self.started))
            if reply.get("status") != "ready":
                self.kill("the runner did not start")
                raise JailGone("the runner did not start")
            self.ready = True

    def run(self, notebook: str, notebook_name: str, files: list[tuple[str, bytes]], questions: list[str],
            timeout: float) -> dict[str, Any]:  # fmt: skip
        """Run the notebook's cells; the reply's facts come from the student's process (advisory)."""
        self.wait_ready()
        encoded = [(name, base64.b64encode(data).decode("ascii")) for name, data in files]
        request = {"op": protocol.Op.RUN, "notebook": notebook, "notebook_name": notebook_name, "files": encoded,
                   "questions": questions, "answers": self.answers, "timeout": timeout}  # fmt: skip
        return self.request(request, timeout + GRACE + 10)

    def on_message(self, message: dict[str, Any]) -> None:
        """A message the runner sends unasked while its cells run: a capture, or a checkpoint's request."""
        op = message.get("op")
        if op == protocol.Op.CAPTURED:
            question = message.get("question")
            values = raw if type(raw := message.get("values")) is dict else {}
            if type(question) is str and question in self.answers and question not in self.released:
                missing = {"status": protocol.Status.MISSING}  # graded as absent: never read later from the jail
                self.captured[question] = {
                    name: values[name] if type(values.get(name)) is dict else missing for name in self.answers[question]
                }
        elif op == protocol.Op.CHECKPOINT:
            protocol.send(self.sock, {"v": protocol.VERSION, "id": 0, **self.release(str(message.get("name", "")))})

    def release(self, name: str) -> dict[str, Any]:
        """The course's value of a checkpointed name, only once the question that owns it has been captured."""
        question = self.owners.get(name)
        if self.course_value is None or question is None or question not in self.captured:
            return {"status": protocol.Status.MISSING}
        self.released.add(question)
        try:
            if self.course_record is not None:
                return {"status": protocol.Status.OK, "value": codec.Encoder().encode(self.course_record(name)),
                        "record": True}  # fmt: skip
            return {"status": protocol.Status.OK, "value": codec.Encoder().encode(self.course_value(name))}
        except codec.CodecError as error:
            return {"status": protocol.Status.UNSUPPORTED, "error": {"type": "CodecError", "message": str(error)}}

    def request(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one request and read its reply within timeout seconds, or kill the jail."""
        if self.dead_reason:
            raise JailGone(self.dead_reason)
        self.next_id += 1
        message = {"v": protocol.VERSION, "id": self.next_id, **message}
        try:
            protocol.send(self.sock, message)
        except OSError as error:
            self.kill(f"the runner stopped listening ({error})")
            raise JailGone(self.dead_reason) from None
        until = time.monotonic() + timeout  # frames of another id do not extend it
        while True:
            reply = self._receive(until - time.monotonic())
            if reply.get("id") == self.next_id:
                return reply
            if reply.get("id") == 0:
                try:
                    self.on_message(reply)
                except OSError as error:
                    self.kill(f"the runner stopped listening ({error})")
                    raise JailGone(self.dead_reason) from None

    def _receive(self, timeout: float) -> dict[str, Any]:
        """One whole frame within timeout seconds and before the hand-in's deadline; any failure kills the jail."""
        until = time.monotonic() + timeout
        if self.deadline is not None:
            until = min(until, self.deadline)
        try:
            return protocol.receive(self.sock, deadline=until)
        except TimeoutError:
            past = self.deadline is not None and time.monotonic() >= self.deadline
            self.kill(DEADLINE if past else "the code did not stop at the time limit")
        except (EOFError, OSError) as error:
            self.kill(f"the runner died ({self._exit_reason() or error})")
        except protocol.FrameError as error:
            self.kill(f"the runner broke the protocol ({error})")
        raise JailGone(self.dead_reason)

    def _exit_reason(self) -> str:
        """How the jail's process ended, in words, if it has."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            code = self.process.wait(timeout=1)
            if code < 0:
                return f"ended by {signal.Signals(-code).name}"
            return f"exit code {code}: the memory or CPU limit, or os._exit" if code else ""
        return ""

    def kill(self, reason: str) -> None:
        """Stop the jail and every process in it."""
        self.dead_reason = self.dead_reason or reason
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)

    def close(self) -> None:
        """Say bye, then make sure nothing of the jail is left."""
        if not self.dead_reason:
            with contextlib.suppress(OSError, protocol.FrameError):
                protocol.send(self.sock, {"v": protocol.VERSION, "id": 0, "op": protocol.Op.BYE})
        self.kill("closed")
        self.sock.close()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
