"""Issue 19.4, the harness's side: a checkpoint's value is released only after its question's capture,
and a capture is final once a value of that question has been released."""

from __future__ import annotations

import socket

from course.grading import protocol
from course.grading.jail_client import JailedRun


def harness() -> tuple[JailedRun, socket.socket]:
    """A JailedRun's message handling, with no jail: the runner's end of its socket is returned."""
    ours, theirs = socket.socketpair()
    run = object.__new__(JailedRun)
    run.sock, run.captured, run.released = ours, {}, set()
    run.answers, run.owners = {"q1_lines": ["lines"]}, {"lines": "q1_lines"}
    run.course_value, run.course_record = (lambda name: ["Rwanda is small."]), None
    return run, theirs


def ask(run: JailedRun, runner: socket.socket, name: str) -> dict:
    run.on_message({"v": protocol.VERSION, "id": 0, "op": protocol.Op.CHECKPOINT, "notebook": "01", "name": name})
    return protocol.receive(runner)


def captured(run: JailedRun, value: object) -> None:
    values = {"lines": {"status": "ok", "value": value}}
    run.on_message(
        {"v": protocol.VERSION, "id": 0, "op": protocol.Op.CAPTURED, "question": "q1_lines", "values": values}
    )


def test_nothing_is_released_before_the_owning_question_is_captured() -> None:
    run, runner = harness()
    assert ask(run, runner, "lines")["status"] == protocol.Status.MISSING
    assert ask(run, runner, "body")["status"] == protocol.Status.MISSING  # owned by no question
    captured(run, [])
    reply = ask(run, runner, "lines")
    assert reply["status"] == protocol.Status.OK and reply["value"] == ["Rwanda is small."]


def test_a_capture_after_a_release_changes_nothing_graded() -> None:
    run, runner = harness()
    captured(run, [])
    ask(run, runner, "lines")
    captured(run, ["Rwanda is small."])  # the check run again once the course's value was in the answer
    assert run.captured["q1_lines"]["lines"]["value"] == []


def test_a_capture_for_a_question_not_graded_or_a_name_not_its_own_is_ignored() -> None:
    """A capture the notebook sends itself carries what it likes: only the question's own names count, and
    one it leaves out is graded as absent (never read later from the jail, where the value may be by then)."""
    run, runner = harness()
    run.on_message({"v": 1, "id": 0, "op": "captured", "question": "q9", "values": {"lines": {"status": "ok"}}})
    run.on_message({"v": 1, "id": 0, "op": "captured", "question": "q1_lines", "values": {"body": {"status": "ok"}}})
    assert run.captured == {"q1_lines": {"lines": {"status": protocol.Status.MISSING}}}
