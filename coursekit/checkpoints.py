"""Checkpoints, student side: where a checkpoint gets the course's value, and how it compares yours.

This module holds no answer. The course's answers live on the grading side (``course/answers/``, in the
instructor's repository and the autograder zips). What a notebook needs after a student's miss is
precomputed by ``python -m course build`` into ``data/checkpoints/NN.json``: a value as stored data, and
a function as the results of exactly the calls the notebook makes with it (any other call raises
:class:`NotPrecomputed`, which says so).

Where the value comes from (:func:`course_value`):
- when ``provider`` is set (the jailed grader sets it), from the provider only, never from a file;
- in otter's grading mode (``otter run``, Gradescope), only after the check of the question that owns the
  name has run (:class:`NotReleased` before), from the grading side shipped in the autograder zip;
- otherwise (a student's JupyterLab), from the store in data/checkpoints/.
"""

from __future__ import annotations

import copy
import inspect
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported when a value needs it: a notebook's set-up cell stays quick
    import pandas as pd

COURSE = Path(__file__).resolve().parent.parent
STORE = COURSE / "data" / "checkpoints"
# Which question owns which checkpointed name, written by the build from the masters (grading side; the
# store files carry the same owners for a student's copy).
OWNERS = COURSE / "course" / "answers" / "checkpoints.json"

# Set by the jailed runner before any cell runs: (notebook, name) -> the course's value, or NotReleased.
provider: Callable[[str, str], Any] | None = None


class NotReleased(LookupError):
    """The course's value of a name is not given yet: its question has not been captured for grading."""


class StoreMissing(NotReleased):
    """This copy of the course has no data/checkpoints/ (the grading jail never has it): nothing to give."""


class NotPrecomputed(LookupError):
    """A call of a precomputed function that the notebook does not make, so that has no stored result."""


# ---------------------------------------------------------------------------------------------------
# Stored data: a typed JSON encoding of the values checkpoints hand over (no pickle: the store is data).

_MISSING = {"$missing": True}


def _dtype(dtype: Any) -> Any:
    """A column's dtype as data: its name, or a categorical's categories and order."""
    import pandas as pd

    if isinstance(dtype, pd.CategoricalDtype):
        return {"categories": encode(list(dtype.categories)), "ordered": bool(dtype.ordered)}
    return str(dtype)


def _undtype(data: Any) -> Any:
    import pandas as pd

    if isinstance(data, dict):
        return pd.CategoricalDtype(decode(data["categories"]), ordered=data["ordered"])
    return data


def encode(value: Any) -> Any:
    """The value as JSON-able data that :func:`decode` turns back into an equal value."""
    import numpy as np
    import pandas as pd

    if isinstance(value, RecordedFunction):
        return {"$function": {"name": value.name, "parameters": value.parameters, "calls": value.calls}}
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.generic):
        return encode(value.item())
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if value is pd.NA:
        return {"$na": True}
    if isinstance(value, pd.Timestamp):
        return {"$timestamp": value.isoformat()}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(item) for item in value]}
    if isinstance(value, set | frozenset):
        return {"$set": [encode(item) for item in sorted(value, key=repr)]}
    if isinstance(value, dict):
        return {"$dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, pd.RangeIndex):
        return {"$range": [value.start, value.stop, value.step, encode(value.name)]}
    if isinstance(value, pd.Index):
        return {"$index": {"name": encode(value.name), "dtype": _dtype(value.dtype), "values": encode(list(value))}}
    if isinstance(value, pd.Series):
        return {
            "$series": {
                "name": encode(value.name),
                "dtype": _dtype(value.dtype),
                "index": encode(value.index),
                "values": encode(value.tolist()),
            }
        }
    if isinstance(value, pd.DataFrame):
        return {
            "$frame": {
                "columns": encode(value.columns),
                "dtypes": [_dtype(dtype) for dtype in value.dtypes],
                "index": encode(value.index),
                "data": [encode(value.iloc[:, i].tolist()) for i in range(value.shape[1])],
            }
        }
    raise TypeError(f"the checkpoint store cannot hold a {type(value).__name__}")


def decode(data: Any) -> Any:
    """The value that :func:`encode` made `data` from."""
    import pandas as pd

    if isinstance(data, list):
        return [decode(item) for item in data]
    if not isinstance(data, dict):
        return data
    ((tag, body),) = data.items()
    if tag == "$function":
        return RecordedFunction(body["name"], body["parameters"], body["calls"])
    if tag == "$float":
        return float(body)
    if tag == "$na":
        return pd.NA
    if tag == "$timestamp":
        return pd.Timestamp(body)
    if tag == "$tuple":
        return tuple(decode(item) for item in body)
    if tag == "$set":
        return {decode(item) for item in body}
    if tag == "$dict":
        return {decode(k): decode(v) for k, v in body}
    if tag == "$range":
        start, stop, step, name = body
        return pd.RangeIndex(start, stop, step, name=decode(name))
    if tag == "$index":
        return pd.Index(decode(body["values"]), dtype=_undtype(body["dtype"]), name=decode(body["name"]))
    if tag == "$series":
        return pd.Series(decode(body["values"]), index=decode(body["index"]), name=decode(body["name"])).astype(
            _undtype(body["dtype"])
        )
    if tag == "$frame":
        columns = decode(body["columns"])
        frame = pd.DataFrame(
            {i: pd.Series(decode(values), dtype=object) for i, values in enumerate(body["data"])},
            index=pd.RangeIndex(len(body["data"][0])) if body["data"] else None,
        )
        frame = (
            frame.astype({i: _undtype(dtype) for i, dtype in enumerate(body["dtypes"])})
            if len(frame.columns)
            else frame
        )
        frame.columns = columns
        frame.index = decode(body["index"])
        return frame
    raise ValueError(f"the checkpoint store holds an unknown kind of value ({tag})")


@dataclass(frozen=True)
class RecordedFunction:
    """The course's function as the results of exactly the calls the notebook makes with it.

    `parameters`: [name, default] pairs (a default of ``{"$missing": true}`` when there is none), so that a
    call written with keywords finds the same record. `calls`: [encoded arguments, encoded result] pairs.
    """

    name: str
    parameters: list[list[Any]]
    calls: list[list[Any]]

    def __repr__(self) -> str:
        return f"<the course's {self.name}: results of the calls this notebook makes, not its code>"

    def bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
        names = [name for name, _ in self.parameters]
        if len(args) > len(names) or set(kwargs) - set(names):
            raise TypeError(f"{self.name}() takes the arguments {names}")
        bound = dict(zip(names, args, strict=False)) | kwargs
        values = []
        for name, default in self.parameters:
            if name in bound:
                values.append(bound[name])
            elif default != _MISSING:
                values.append(decode(default))
            else:
                raise TypeError(f"{self.name}() is missing the argument {name!r}")
        return values

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        values = self.bind(args, kwargs)
        for arguments, result in self.calls:
            stored = decode(arguments)
            same = len(stored) == len(values) and all(map(same_value, values, stored))
            if same:
                return copy.deepcopy(decode(result))
        raise NotPrecomputed(
            f"The course's {self.name} is here only as the results of the calls this notebook makes, and this "
            f"call is not one of them. Finish your own {self.name} (until its check passes), then run its "
            "checkpoint cell again: the cells below then use yours, on any input."
        )


def record_function(function: Callable[..., Any], calls: list[tuple[tuple[Any, ...], dict[str, Any]]]) -> Any:
    """Encoded :class:`RecordedFunction` of `function` on `calls` (grading side: the build runs this)."""
    signature = inspect.signature(function)
    parameters = [
        [p.name, _MISSING if p.default is inspect.Parameter.empty else encode(p.default)]
        for p in signature.parameters.values()
    ]
    shell = RecordedFunction(function.__name__, parameters, [])
    records = []
    for args, kwargs in calls:
        values = shell.bind(args, kwargs)
        records.append([encode(values), encode(function(*args, **kwargs))])
    return encode(RecordedFunction(function.__name__, parameters, records))


# ---------------------------------------------------------------------------------------------------
# Comparisons: when a student's value can stand in for the course's. Never stricter than the tests.


def same_value(yours: Any, course: Any) -> bool:
    """True when yours equals the course's value: same kind of object, same contents.

    Never raises: a student's value that cannot be compared simply does not match.
    """
    import pandas as pd

    try:
        if isinstance(course, pd.DataFrame):
            if not isinstance(yours, pd.DataFrame):
                return False
            pd.testing.assert_frame_equal(yours, course, check_dtype=False, check_index_type=False)
            return True
        if isinstance(course, pd.Series):
            if not isinstance(yours, pd.Series):
                return False
            pd.testing.assert_series_equal(yours, course, check_dtype=False, check_index_type=False)
            return True
        if isinstance(course, float):
            return isinstance(yours, int | float) and abs(float(yours) - course) < 1e-9
        if isinstance(course, list | tuple) and type(yours) is type(course):
            return len(yours) == len(course) and all(same_value(a, b) for a, b in zip(yours, course, strict=True))
        return type(yours) is type(course) and bool(yours == course)
    except Exception:
        return False


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The same rows in the same order, whatever the index (a table whose index was reset passes)."""
    return frame.reset_index(drop=True)


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    """The same rows and columns, in any column order and with any index (as the tests accept)."""
    return frame[sorted(frame.columns, key=str)].reset_index(drop=True)


def _totals(series: pd.Series) -> dict[str, int]:
    return {str(key): int(value) for key, value in series.items()}


# Text on which two number patterns must agree: digits glued to letters, lists, big and odd numbers.
_NUMBER_PROBE = "M23 and G7; 12,500,000 people; 1,250 staff; 4000-tonne ship; 2031-2033; pages 3,4 and 5; 10,00."


def _matches(pattern: str) -> list[list[str]]:
    """What a pattern finds in the article and in an awkward text: two patterns that find the same agree."""
    article = (COURSE / "seeds" / "rwanda-military-diplomacy.txt").read_text(encoding="utf-8")
    return [re.findall(pattern, text) for text in (article, _NUMBER_PROBE)]


COMPARISONS: dict[str, Callable[[Any], Any]] = {
    "same": lambda value: value,
    "rows": _rows,
    "table": _table,
    "totals": _totals,
    "matches": _matches,
}


def matches(yours: Any, course: Any, compare: str = "same") -> bool:
    """Whether the student's value can stand in for the course's (a function: same results on every call
    the notebook makes)."""
    if isinstance(course, RecordedFunction):
        if not callable(yours) or isinstance(yours, RecordedFunction):
            return False
        try:
            for arguments, result in course.calls:
                if not same_value(yours(*copy.deepcopy(decode(arguments))), decode(result)):
                    return False
            return True
        except Exception:
            return False
    view = COMPARISONS[compare]
    try:
        return same_value(view(yours), view(course))
    except Exception:
        return False


# ---------------------------------------------------------------------------------------------------
# Where the course's value comes from.


def store_path(notebook: str) -> Path:
    return STORE / f"{notebook}.json"


def _stored(notebook: str) -> dict[str, Any]:
    path = store_path(notebook)
    if not path.is_file():
        raise StoreMissing(
            f"{path} is missing: the course's checkpoint values for notebook {notebook} come with the course "
            "(data/checkpoints/). Get a fresh copy of the course folder."
        )
    return json.loads(path.read_text(encoding="utf-8"))["checkpoints"]


def compare_of(notebook: str, name: str) -> str:
    """The comparison a checkpoint uses; "same" where the store is not on this disk (the grading jail)."""
    try:
        return _stored(notebook)[name]["compare"]
    except (StoreMissing, KeyError):
        return "same"


def owner(notebook: str, name: str) -> str:
    """The question whose check must have run before the course's value of `name` is given in grading."""
    owners = json.loads(OWNERS.read_text(encoding="utf-8")) if OWNERS.is_file() else {}
    if notebook in owners and name in owners[notebook]:
        return owners[notebook][name]
    return _stored(notebook)[name]["question"]


def _checked(question: str) -> bool:
    """Whether otter has run the question's check in this kernel (coursekit.checks records it)."""
    from coursekit import checks

    was_checked = getattr(checks, "was_checked", None)
    if was_checked is not None:
        return bool(was_checked(question))
    from otter.execute import Checker

    return question in {test_file.name for test_file in Checker.get_results()}


def _grading() -> bool:
    """Whether otter is grading this kernel (otter run, Gradescope)."""
    from coursekit import checks

    in_otter_grading = getattr(checks, "in_otter_grading", None)
    if in_otter_grading is not None:
        return bool(in_otter_grading())
    import otter

    return bool(otter.Notebook._grading_mode)


def course_value(notebook: str, name: str) -> Any:
    """The course's value of a checkpointed name (see the module's docstring for where it comes from)."""
    if provider is not None:
        return provider(notebook, name)
    if _grading():
        question = owner(notebook, name)
        if not _checked(question):
            raise NotReleased(f"{name} belongs to {question}, whose check has not run yet")
        from course.answers import checkpoint_value  # shipped in the autograder zip only

        return checkpoint_value(notebook, name)
    return decode(_stored(notebook)[name]["value"])
