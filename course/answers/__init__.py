"""The course's answers: grading side only, never in the student repository.

One module per notebook (``nbNN.py``) holds the reference functions and the course's values of the
checkpointed names (``CHECKPOINTS``), and what the hidden tests recompute with. The autograder zips carry
this package (``files/course/answers/``) so that the tests import it under ``otter run`` as in
``course grade``'s trusted harness; the jail's course files and ``course release`` leave it out.

What a student's copy needs after a miss is made from here by ``python -m course build``:
``data/checkpoints/NN.json`` (:func:`store_text`): each value as data, each function as the results of the
calls the notebook makes with it (``calls.json``, recorded by ``python -m course.answers.calls``).
``checkpoints.json`` (:func:`owners`) says which question owns each checkpointed name.
"""

from __future__ import annotations

import importlib
import json
import re
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from course.answers.checkpoint import Checkpoint

HERE = Path(__file__).resolve().parent
CALLS = HERE / "calls.json"
OWNERS = HERE / "checkpoints.json"
NOTEBOOKS = ("01", "02", "03", "04", "05", "07")
CHECKPOINT_CALL = re.compile(r"^\s*\w+\s*=\s*coursekit\.(?:checkpoint|precomputed)\(\s*\"(\w+)\"", re.MULTILINE)
QUESTION_NAME = re.compile(r"^name:\s*(\S+)", re.MULTILINE)


def module(notebook: str) -> ModuleType:
    if notebook not in NOTEBOOKS:
        raise KeyError(f"the course has no checkpoints for notebook {notebook!r}")
    return importlib.import_module(f"course.answers.nb{notebook}")


def entry(notebook: str, name: str) -> Checkpoint:
    return module(notebook).CHECKPOINTS[name]


@cache
def recorded_calls() -> dict[str, dict[str, list[Any]]]:
    return json.loads(CALLS.read_text(encoding="utf-8")) if CALLS.is_file() else {}


def record(notebook: str, name: str) -> Any:
    """The course's value of a checkpointed name as stored data (coursekit.checkpoints.encode)."""
    from coursekit.checkpoints import decode, encode, record_function

    found = entry(notebook, name)
    if not found.function:
        return encode(found.load())
    calls = [tuple(decode(call)) for call in recorded_calls().get(notebook, {}).get(name, [])]
    return record_function(found.load(), [(tuple(args), kwargs) for args, kwargs in calls])


@cache
def _records(notebook: str) -> dict[str, Any]:
    return {name: record(notebook, name) for name in module(notebook).CHECKPOINTS}


def checkpoint_value(notebook: str, name: str) -> Any:
    """What the grading side hands a checkpoint once its question is captured: the same data as the
    student's store (a function is a coursekit.checkpoints.RecordedFunction, never the course's code)."""
    from coursekit.checkpoints import decode

    return decode(_records(notebook)[name])


def checkpoint_record(notebook: str, name: str) -> Any:
    """:func:`checkpoint_value` as JSON-able data, for a transport that carries only data."""
    return _records(notebook)[name]


def owners(source: Path) -> dict[str, dict[str, str]]:
    """Which question owns each checkpointed name, from the masters: the last question before its checkpoint."""
    found: dict[str, dict[str, str]] = {}
    for master in sorted(source.glob("[0-9][0-9]_*.ipynb")):
        notebook = master.name[:2]
        if notebook not in NOTEBOOKS:
            continue
        question = None
        for cell in json.loads(master.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if cell["cell_type"] == "raw" and text.lstrip().startswith("# BEGIN QUESTION"):
                named = QUESTION_NAME.search(text)
                if named is None:
                    raise ValueError(f"{master.name}: a # BEGIN QUESTION cell without a name: line; give it one")
                question = named.group(1)
            elif cell["cell_type"] == "code":
                for name in CHECKPOINT_CALL.findall(text):
                    if question is None:
                        raise ValueError(f"{master.name}: checkpoint {name!r} comes before any question")
                    found.setdefault(notebook, {})[name] = question
    return found


def owners_text(source: Path) -> str:
    return json.dumps(owners(source), indent=1, sort_keys=True) + "\n"


def store_text(notebook: str, owned: dict[str, str]) -> str:
    """data/checkpoints/NN.json: what notebook NN's checkpoints hand over after a miss, as data."""
    checkpoints = {
        name: {"question": owned[name], "compare": entry(notebook, name).compare, "value": _records(notebook)[name]}
        for name in sorted(module(notebook).CHECKPOINTS)
    }
    document = {
        "notebook": notebook,
        "about": (
            "Precomputed by `python -m course build` from the course's answers (grading side): a value as "
            "data, a function as the results of the calls the notebook makes. Read by coursekit.checkpoint."
        ),
        "checkpoints": checkpoints,
    }
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
