"""How the course declares one checkpoint on the grading side: what makes its value, and how a student's
value is compared with it (the comparison's name; the comparison itself is student-side code in
coursekit.checkpoints, because it holds no answer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Checkpoint:
    """The course's value of one checkpointed name.

    `load` makes the value from data/ and seeds/. `function`: the value is a function, which the student
    repository never holds: it gets the results of exactly the calls the notebook makes with it
    (course/answers/calls.json). `compare`: the name of a comparison in coursekit.checkpoints.COMPARISONS.
    """

    load: Callable[[], Any]
    function: bool = False
    compare: str = "same"
