"""What the notebooks need besides the lesson: charts that draw offline, and checkpoints.

Student-side: this folder ships wherever the notebooks go (the student repository,
Binder, a JupyterHub, the autograder zips), next to data/ and seeds/, and it holds
no answer: no reference function and no course value of a graded name. The
course's answers live on the grading side (course/answers/). A notebook's set-up
cell puts the course folder on ``sys.path`` and calls :func:`setup`; after an
exercise whose result later cells need, a cell calls :func:`checkpoint`, which
hands back the student's value if it can stand in for the course's, else what the
course precomputed for those cells (data/checkpoints/: a value, or the results of
exactly the calls the notebook makes with a function), never printed: a mistake in
one exercise never stops the rest of the notebook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coursekit import checkpoints
from coursekit.checkpoints import NotPrecomputed, same_value


def __getattr__(name: str) -> Any:
    """Load the grader and the hand-in button only when a notebook asks for them (otter is slow to import)."""
    if name == "Grader":
        from coursekit.checks import Grader

        return Grader
    if name == "hand_in_button":
        from coursekit.hand_in import hand_in_button

        return hand_in_button
    raise AttributeError(name)


COURSE = Path(__file__).resolve().parent.parent
DATA = COURSE / "data"
SEEDS = COURSE / "seeds"
ARTICLE = SEEDS / "rwanda-military-diplomacy.txt"
__all__ = [
    "ARTICLE",
    "COURSE",
    "DATA",
    "SEEDS",
    "Grader",
    "NotPrecomputed",
    "checkpoint",
    "hand_in_button",
    "precomputed",
    "same_value",
    "setup",
]

# What a checkpoint prints: the same words in every notebook (each notebook explains them once, at the top).
YOURS = "Checkpoint {name}: the cells below use your {name}."
COURSES = (
    "Checkpoint {name}: the cells below use the course's {name} (precomputed, not shown), because yours is not "
    "ready yet or gives other results. Your own answer above is still the one that is marked."
)
# The notebook that called setup(), e.g. "01": checkpoint() looks its names up in data/checkpoints/01.json.
_notebook: str | None = None


def setup(notebook: str) -> None:
    """Prepare a notebook: offline charts in the course theme, and its checkpoints."""
    from coursekit import charts, hand_in, tables

    global _notebook
    _notebook = notebook
    charts.use_course_theme(DATA / "chart-theme.json")
    charts.show_charts_offline()
    tables.show_tables_scrollable()
    hand_in.record_runs()


def checkpoint(name: str, yours: Any) -> Any:
    """Your value of `name` if it can stand in for the course's, else the course's (precomputed, not shown).

    Prints one line, the same words in every notebook, that says which one the cells below use; never the
    value. Assign the result to a name of its own (``lines_ok = coursekit.checkpoint("lines", lines)``),
    never to the answer's name. At grading, the course's value is given only after the question that owns
    `name` has been captured; before that (a checkpoint in an answer cell) you get your own value back.
    """
    if _notebook is None:
        raise RuntimeError("Run the set-up cell at the top of the notebook first (it calls coursekit.setup).")
    try:
        course = checkpoints.course_value(_notebook, name)
    except checkpoints.StoreMissing as missing:
        print(f"Checkpoint {name}: the cells below use your {name}, because {missing}")
        return yours
    except checkpoints.NotReleased:
        return yours
    if yours is not ... and checkpoints.matches(yours, course, checkpoints.compare_of(_notebook, name)):
        print(YOURS.format(name=name))
        return yours
    print(COURSES.format(name=name))
    return course


def precomputed(name: str) -> Any:
    """The course's function `name` as the results of the calls the notebook makes with it (not its code).

    For a tool the notebook uses after the exercises that answer it (04's kappa and coder): at grading it
    is given only once the question that owns it has been captured.
    """
    if _notebook is None:
        raise RuntimeError("Run the set-up cell at the top of the notebook first (it calls coursekit.setup).")
    return checkpoints.course_value(_notebook, name)
