"""The messages between the trusted harness and the jailed runner, and how they travel.

Both sides import this module (the runner imports nothing else of the course but the codec). A
message is one JSON object in one frame: an 8-byte big-endian length, then UTF-8 JSON. A frame
longer than the reader's cap is refused before it is read, so a submission cannot make the harness
allocate without bound; JSON carries only data, so nothing the student sends is ever executed.
Standard library only.
"""

from __future__ import annotations

import json
import socket
import struct
import time
from enum import StrEnum
from typing import Any, Literal, NotRequired, TypedDict

VERSION = 1
HEADER = struct.Struct("!Q")
# The largest frame either side accepts (a notebook with its files, or one value of the student's).
MAX_FRAME = 64 * 1024 * 1024


class Op(StrEnum):
    """What the harness asks the runner."""

    RUN = "run"  # write the submission into the scratch folder and run its cells
    GET = "get"  # one value of the student's namespace, as data
    CALL = "call"  # call one of the student's functions with data arguments
    NAMES = "names"  # the names defined in a namespace
    BYE = "bye"  # stop
    # From the runner to the harness while the cells run (id 0):
    CAPTURED = "captured"  # a question was captured (at its check): its answers' values, as GET replies
    CHECKPOINT = "checkpoint"  # a checkpoint asks for the course's value of a name (answered ok or missing)


class Status(StrEnum):
    """How the runner answers a request."""

    OK = "ok"
    MISSING = "missing"  # no such name in that namespace
    UNSUPPORTED = "unsupported"  # a value the codec does not carry (its type name is given)
    EXCEPTION = "exception"  # the student's function raised
    TIMEOUT = "timeout"  # the student's function ran past the call's time limit
    ERROR = "error"  # the request itself was wrong


class RunRequest(TypedDict):
    """Run the notebook: the cells in order, each error recorded, until the time limit."""

    v: int
    id: int
    op: Literal["run"]
    notebook: str
    notebook_name: str
    files: list[tuple[str, str]]  # (relative path, base64 bytes): what the hand-in zip carried besides the notebook
    questions: list[str]
    answers: NotRequired[dict[str, list[str]]]  # question -> the names its public tests read
    timeout: float


class RunReply(TypedDict):
    """What happened while the cells ran (facts the student's process reports: advisory only)."""

    v: int
    id: int
    status: str
    state: Literal["ok", "timeout"]
    cells: int
    last_cell: int
    cell_errors: list[str]
    output_bytes: int
    checked: list[str]  # questions captured (at their check, or after their answer's cell): graded there
    flags: list[dict[str, str]]  # {"kind": ..., "name": ..., "type": ...}: see results.FLAG_TEXT


class GetRequest(TypedDict):
    """One value: ``at`` names the question whose last grader.check namespace to read ("" = the end)."""

    v: int
    id: int
    op: Literal["get", "names"]
    name: str
    at: str


class CallRequest(TypedDict):
    """Call the function the runner registered as ``ref`` with encoded arguments."""

    v: int
    id: int
    op: Literal["call"]
    ref: int
    args: list[Any]
    kwargs: list[tuple[str, Any]]
    timeout: float


class Reply(TypedDict):
    """The answer to a get, names or call."""

    v: int
    id: int
    status: str
    value: NotRequired[Any]
    error: NotRequired[dict[str, str]]  # {"type": ..., "message": ...}


class FrameError(Exception):
    """The other side sent something that is not one well-formed frame within the cap."""


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    """Write one message as one frame (FrameError for a message JSON cannot carry or over the cap)."""
    try:
        body = json.dumps(message, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except (ValueError, TypeError, RecursionError) as error:
        raise FrameError(f"a message that is not plain JSON data ({type(error).__name__})") from None
    if len(body) > MAX_FRAME:
        raise FrameError(f"a message of {len(body)} bytes is over the {MAX_FRAME}-byte cap")
    sock.sendall(HEADER.pack(len(body)) + body)


def receive(sock: socket.socket, limit: int = MAX_FRAME, deadline: float | None = None) -> dict[str, Any]:
    """Read one message; EOFError when the other side has gone, FrameError when it broke the rules.

    With a deadline (a time.monotonic() value), the whole frame must arrive by then, however its bytes
    are spaced (TimeoutError otherwise): a sender that drips one byte at a time cannot hold the reader.
    """
    header = _exact(sock, HEADER.size, deadline)
    (size,) = HEADER.unpack(header)
    if size > limit:
        raise FrameError(f"a frame of {size} bytes is over the {limit}-byte cap")
    body = _exact(sock, size, deadline)
    try:
        message = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise FrameError(f"a frame that is not JSON ({str(error)[:200]})") from None
    except RecursionError:
        raise FrameError("a frame nested too deeply to read") from None
    if type(message) is not dict or message.get("v") != VERSION:
        raise FrameError("a frame that is not a message of this protocol version")
    return message


def _exact(sock: socket.socket, size: int, deadline: float | None = None) -> bytes:
    """Exactly size bytes from the socket (by the deadline, if one is given)."""
    parts, remaining = [], size
    while remaining:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the other side did not send a whole frame in time")
            sock.settimeout(left)
        chunk = sock.recv(min(remaining, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the connection")
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)
