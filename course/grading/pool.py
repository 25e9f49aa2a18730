"""Warm harness workers (``python -m course.grading.harness``), one job each at a time, and the progress line.

A worker that dies or overruns its job's deadline is killed and replaced; its job becomes a row
(``grader-error`` or ``timeout``), and the batch goes on. Workers run in their own session, and each
submission in its own PID namespace, so no submission can signal ``course grade``.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any

from course.grading import protocol
from course.grading.jail_client import START_TIMEOUT, hand_in_seconds
from course.grading.results import Outcome

# Seconds a job may take beyond its jail's start and its hand-in's deadline before its worker is killed.
SLACK = 60.0


class Worker:
    """One harness process and the socket to it."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        self.sock = ours
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "course.grading.harness"],
            stdin=subprocess.DEVNULL,
            pass_fds=[theirs.fileno(), 3],
            preexec_fn=lambda: os.dup2(theirs.fileno(), 3),
            start_new_session=True,
            env=env,
        )
        theirs.close()

    def grade(self, job: dict[str, Any], deadline: float) -> Outcome:
        """Send one job and wait for its outcome until the deadline (seconds)."""
        protocol.send(self.sock, {"v": protocol.VERSION, **job})
        reply = protocol.receive(self.sock, deadline=time.monotonic() + deadline)
        return Outcome.from_data(reply["outcome"])

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def eta(elapsed: float, done: int, total: int) -> str:
    """ ", about N s left" from the pace so far (nothing once done, or before the first hand-in)."""
    if not done or done >= total:
        return ""
    left = elapsed / done * (total - done)
    return f", about {left / 60:.0f} min left" if left >= 120 else f", about {left:.0f} s left"


class Progress:
    """A one-line progress counter on stderr (a bar when stderr is a terminal)."""

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.total, self.done, self.enabled = total, 0, enabled
        self.started = time.perf_counter()
        self.tty = sys.stderr.isatty()
        self.lock = threading.Lock()

    def step(self, label: str) -> None:
        with self.lock:
            self.done += 1
            if not self.enabled:
                return
            width = 24
            filled = int(width * self.done / max(1, self.total))
            bar = "#" * filled + "-" * (width - filled)
            elapsed = time.perf_counter() - self.started
            left = eta(elapsed, self.done, self.total)
            line = f"grading [{bar}] {self.done}/{self.total} {elapsed:5.1f} s{left}  {label}"
            if self.tty:
                sys.stderr.write("\r" + line[:130].ljust(130) + ("\n" if self.done == self.total else ""))
            else:
                sys.stderr.write(line + "\n")
            sys.stderr.flush()


def run(jobs: list[dict[str, Any]], workers: int, progress: Progress) -> dict[str, Outcome]:
    """Grade every job on a pool of warm workers; every job gets an outcome, whatever happens."""
    pending: queue.Queue = queue.Queue()
    for job in jobs:
        pending.put(job)
    outcomes: dict[str, Outcome] = {}
    count = max(1, min(workers, len(jobs)))

    def serve() -> None:
        worker = None
        while True:
            try:
                job = pending.get_nowait()
            except queue.Empty:
                break
            job["prewarm"] = pending.qsize() >= count
            deadline = START_TIMEOUT + hand_in_seconds(job["timeout"]) + SLACK  # the worker keeps a tighter one
            broken = True
            try:
                worker = worker or Worker()
                outcome = worker.grade(job, deadline)
                broken = False
            except TimeoutError:
                outcome = Outcome(job["key"], state="killed", detail="grading did not finish in time; 0 points")
            except Exception as error:  # noqa: BLE001 - the worker died: this file's row says so
                outcome = Outcome(job["key"], state="grader-error", detail="the grading worker died")
                outcome.traceback = f"{type(error).__name__}: {error}"
            if broken and worker is not None:
                worker.kill()
                worker = None
            outcomes[job["key"]] = outcome
            progress.step(job["key"].split(":", 1)[-1])
        if worker is not None:
            worker.close()

    threads = [threading.Thread(target=serve, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
