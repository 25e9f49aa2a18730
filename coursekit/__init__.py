"""What the notebooks need besides the lesson: charts that draw offline, and checkpoints.

This folder ships wherever the notebooks go (the student repository, Binder, a
JupyterHub, the autograder zips), next to data/ and seeds/. A notebook's set-up
cell puts the course folder on ``sys.path`` and calls :func:`setup`; after an
exercise whose result later cells need, a cell calls :func:`checkpoint`, which
hands back the student's value if it matches the course's, else the course's
own value, loaded here and never printed: a mistake in one exercise never stops
the rest of the notebook, and no answer is in sight in the notebook.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from coursekit.checkpoints import Checkpoint, same_value


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
    "Checkpoint",
    "Grader",
    "checkpoint",
    "hand_in_button",
    "same_value",
    "setup",
]

# The notebook that called setup(), e.g. "01": checkpoint() looks its names up in coursekit.nb01.
_notebook: str | None = None


def setup(notebook: str) -> None:
    """Prepare a notebook: offline charts in the course theme, and its checkpoints."""
    from coursekit import charts, hand_in

    global _notebook
    _notebook = notebook
    charts.use_course_theme(DATA / "chart-theme.json")
    charts.show_charts_offline()
    hand_in.record_runs()


def checkpoint(name: str, yours: Any) -> Any:
    """Your value of `name` if it matches the course's, else the course's (loaded, not shown).

    Prints one line that says which one the cells below use, never the value. Assign the result to a
    name of its own (``lines_ok = coursekit.checkpoint("lines", lines)``), never to the answer's name:
    otter may grade the answer at the end of the notebook, and it must find the student's own value.
    """
    if _notebook is None:
        raise RuntimeError("Run the set-up cell at the top of the notebook first (it calls coursekit.setup).")
    module = importlib.import_module(f"coursekit.nb{_notebook}")
    entry: Checkpoint = module.CHECKPOINTS[name]
    course = entry.load()
    if yours is not ... and entry.matches(yours, course):
        print(f"Checkpoint: your {name} matches the course's; the cells below use yours.")
        return yours
    print(
        f"Checkpoint: your {name} is not finished or does not match the course's yet, so the cells below use "
        f"the course's (loaded, not shown). Your own {name} above is the one that is marked."
    )
    return course
