"""The frame reader on its own (issue 24.4, 20.9, 20.4): any byte string is read as frames or a named error
(FrameError, EOFError), never another exception; a forged deeply nested frame is a FrameError; with a
deadline, a sender that drips bytes cannot hold the reader past it."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.grading import protocol


def read_all(data: bytes, limit: int = 1 << 16) -> list[object]:
    """Every frame, or the error that ended the reading, from data sent and then closed."""
    ours, theirs = socket.socketpair()
    with ours, theirs:
        sender = threading.Thread(target=lambda: (theirs.sendall(data), theirs.shutdown(socket.SHUT_WR)))
        sender.start()
        found: list[object] = []
        while True:
            try:
                found.append(protocol.receive(ours, limit=limit))
            except (protocol.FrameError, EOFError) as error:
                found.append(error)
                break
        sender.join()
    return found


def frame(body: bytes) -> bytes:
    return protocol.HEADER.pack(len(body)) + body


bodies = st.one_of(
    st.binary(max_size=200),
    st.recursive(st.one_of(st.none(), st.integers(), st.text(max_size=5)), lambda x: st.lists(x), max_leaves=10).map(
        lambda v: json.dumps({"v": protocol.VERSION, "x": v}).encode()
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=64), bodies.map(frame)), max_size=6).map(b"".join))
def test_any_bytes_are_frames_or_a_named_error(data: bytes) -> None:
    found = read_all(data)
    assert isinstance(found[-1], protocol.FrameError | EOFError)
    for message in found[:-1]:
        assert type(message) is dict and message["v"] == protocol.VERSION


@pytest.mark.parametrize("opening", [b"[", b'{"a":'])
def test_a_forged_deeply_nested_frame_is_a_frame_error(opening: bytes) -> None:
    found = read_all(frame(opening * 200_000), limit=protocol.MAX_FRAME)
    assert isinstance(found[0], protocol.FrameError) and "nested too deeply" in str(found[0])


def test_a_frame_over_the_cap_is_refused_before_it_is_read() -> None:
    found = read_all(protocol.HEADER.pack(protocol.MAX_FRAME + 1) + b"x")
    assert isinstance(found[0], protocol.FrameError) and "cap" in str(found[0])


def test_a_message_json_cannot_carry_is_a_frame_error_when_sent() -> None:
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    ours, theirs = socket.socketpair()
    with ours, theirs, pytest.raises(protocol.FrameError):
        protocol.send(ours, {"v": protocol.VERSION, "value": deep})


def test_a_dripping_sender_cannot_hold_the_reader_past_its_deadline() -> None:
    ours, theirs = socket.socketpair()
    stop = threading.Event()

    def drip() -> None:  # a frame's bytes, one every 0.1 s, never finished
        for byte in frame(b'{"v":1}' + b" " * 10_000):
            if stop.wait(0.1):
                return
            theirs.send(bytes([byte]))

    sender = threading.Thread(target=drip)
    sender.start()
    try:
        with pytest.raises(TimeoutError):
            ours.settimeout(5)  # each byte comes well within a per-read timeout
            protocol.receive(ours, deadline=time.monotonic() + 1.0)
    finally:
        stop.set()
        sender.join()
        ours.close()
        theirs.close()
