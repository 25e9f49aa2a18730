"""How a checkpoint decides whether the student's value can stand in for the course's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


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
        return type(yours) is type(course) and bool(yours == course)
    except Exception:
        return False


@dataclass(frozen=True)
class Checkpoint:
    """The course's value of one name, and how to tell whether a student's value matches it.

    `load` makes the course's value from data/ and seeds/. For a function, `probe` calls a function
    on the notebook's own inputs, and the student's function matches when both give the same result.
    """

    load: Callable[[], Any]
    probe: Callable[[Callable[..., Any]], Any] | None = None

    def matches(self, yours: Any, course: Any) -> bool:
        if self.probe is None:
            return same_value(yours, course)
        if not callable(yours):
            return False
        try:
            return same_value(self.probe(yours), self.probe(course))
        except Exception:
            return False
