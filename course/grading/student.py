"""The student's values and functions as the harness sees them: data fetched from the jail on demand.

``StudentEnv`` is the environment otter's test files run against: a dict whose values are fetched
from the runner (as data, through the codec) the first time a test asks for a name. A function of
the student's becomes a ``RemoteFunction``: calling it sends the arguments as data into the jail and
waits for the result within its own time limit. An exception raised there comes back as data and is
raised here as the builtin exception of the same name (a ``StudentError`` for any other kind), so a
test that catches ``ValueError`` behaves as it does in otter's kernel; nothing of it is executed.
"""

from __future__ import annotations

import builtins
import re
from typing import Any

from course.grading import codec, protocol
from course.grading.jail_client import JailedRun, JailGone

# Seconds one call of a student's function may take (a test may make many).
CALL_TIMEOUT = 10.0
EXCEPTIONS: dict[str, type[BaseException]] = {
    name: value
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, Exception) and not name.startswith("_")
}
EXCEPTIONS["error"] = re.error


class StudentError(Exception):
    """An exception of a kind the harness does not rebuild, raised by the student's function."""


class Unreadable:
    """A value the codec does not carry (a generator, an object of the student's own class)."""

    def __init__(self, name: str, why: str) -> None:
        self._why = f"{name} is a value that grading cannot read ({why})"

    def __repr__(self) -> str:
        return f"<{self._why}>"


class Student:
    """The harness's connection to one jailed run: cached values, remote calls, what the runner noted."""

    def __init__(self, jail: JailedRun, call_timeout: float = CALL_TIMEOUT) -> None:
        self.jail = jail
        self.call_timeout = call_timeout
        self.cache: dict[tuple[str, str], tuple[bool, Any]] = {}
        self.functions: dict[int, RemoteFunction] = {}
        self.notes: list[dict[str, str]] = []

    def get(self, name: str, at: str) -> tuple[bool, Any]:
        """(found, value) of a name where question ``at`` was captured ("" = the end of the notebook)."""
        key = (name, at)
        if key not in self.cache:
            reply = self.jail.captured.get(at, {}).get(name)  # sent at the capture, before any checkpoint
            if reply is None:
                reply = self.jail.request({"op": protocol.Op.GET, "name": name, "at": at}, self.call_timeout)
            status = reply.get("status")
            if status == protocol.Status.OK:
                for note in reply.get("notes") or []:
                    if type(note) is dict and len(self.notes) < 50:
                        self.notes.append({k: str(v)[:60] for k, v in note.items() if k in ("kind", "name", "type")})
                self.cache[key] = (True, self.decode(reply.get("value"), name))
            elif status == protocol.Status.MISSING:
                self.cache[key] = (False, None)
            else:
                self.cache[key] = (True, Unreadable(name, str((reply.get("error") or {}).get("message", status))))
        return self.cache[key]

    def names(self, at: str) -> list[str]:
        """The student's names in a namespace."""
        reply = self.jail.request({"op": protocol.Op.NAMES, "name": "", "at": at}, self.call_timeout)
        value = reply.get("value")
        return [n for n in value if type(n) is str] if type(value) is list else []

    def decode(self, data: Any, name: str = "the value") -> Any:
        """A value from the wire (functions become remote functions); one that is malformed, or would be huge
        once built, is Unreadable and noted, so that the row says why."""
        try:
            return codec.Decoder(self.function).decode(data)
        except codec.CodecError as error:
            if len(self.notes) < 50:
                why = "too-large-once-built" if isinstance(error, codec.TooLarge) else "malformed"
                self.notes.append({"kind": "unreadable", "name": name[:60], "type": why})
            return Unreadable(name, str(error))

    def function(self, ref: int, name: str) -> RemoteFunction:
        if ref not in self.functions:
            self.functions[ref] = RemoteFunction(self, ref, name)
        return self.functions[ref]

    def call(self, ref: int, args: tuple, kwargs: dict[str, Any]) -> Any:
        """Call a function in the jail; raise what it raised, TimeoutError when it runs too long."""
        encoder = codec.Encoder(refs=lambda value: value.ref if type(value) is RemoteFunction else None)
        try:
            message = {
                "op": protocol.Op.CALL,
                "ref": ref,
                "args": [encoder.encode(a) for a in args],
                "kwargs": [[str(k), encoder.encode(v)] for k, v in kwargs.items()],
                "timeout": self.call_timeout,
            }
        except codec.CodecError as error:
            raise TypeError(f"the test's argument cannot be sent to the student's function ({error})") from None
        try:
            reply = self.jail.request(message, self.call_timeout + 5)
        except JailGone as gone:
            raise TimeoutError(f"the student's function did not answer ({gone})") from None
        status = reply.get("status")
        if status == protocol.Status.OK:
            return self.decode(reply.get("value"))
        if status == protocol.Status.TIMEOUT:
            raise TimeoutError(f"the function ran longer than {self.call_timeout:g} s")
        error_field = reply.get("error")
        raised = error_field if type(error_field) is dict else {}
        kind, message_text = str(raised.get("type", "Exception"))[:100], str(raised.get("message", ""))[:1000]
        if status == protocol.Status.EXCEPTION:
            raise EXCEPTIONS.get(kind, StudentError)(message_text if kind in EXCEPTIONS else f"{kind}: {message_text}")
        raise StudentError(f"the result cannot be read for grading ({message_text or status})")


class RemoteFunction:
    """A student's function, called in the jail."""

    def __init__(self, student: Student, ref: int, name: str) -> None:
        self.student, self.ref, self.__name__ = student, ref, name or "function"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.student.call(self.ref, args, kwargs)

    def __repr__(self) -> str:
        return f"<function {self.__name__}>"


class StudentEnv(dict):
    """otter's global environment for one question: names resolved in the jail when a test asks."""

    def __init__(self, student: Student, at: str) -> None:
        super().__init__()
        self.student, self.at = student, at

    def _fetch(self, name: object) -> tuple[bool, Any]:
        if type(name) is not str:
            return False, None
        if not dict.__contains__(self, name):
            found, value = self.student.get(name, self.at)
            if not found:
                return False, None
            dict.__setitem__(self, name, value)
        return True, dict.__getitem__(self, name)

    def get(self, name: object, default: Any = None) -> Any:
        found, value = self._fetch(name)
        return value if found else default

    def __getitem__(self, name: object) -> Any:
        found, value = self._fetch(name)
        if not found:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return self._fetch(name)[0]

    def keys(self) -> Any:
        return self.student.names(self.at)

    def __iter__(self) -> Any:
        return iter(self.keys())
