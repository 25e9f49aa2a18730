"""Record the calls each notebook makes with the course's functions: ``python -m course.answers.calls [NN ...]``.

A function's checkpoint hands a student who missed it the results of exactly these calls, never the code.
This runs the blank student edition (every answer left as given) in a kernel whose checkpoint provider
hands out the course's functions wrapped to note every call, and writes the calls, as data, to
course/answers/calls.json. Run it after changing which calls a master makes; ``course build`` then
computes their results, and the notebooks' nbval run fails on a call that was not recorded.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from course.answers import CALLS, NOTEBOOKS
from course.build import ROOT

RECORDER = """
import coursekit.checkpoints as _checkpoints
from course.answers import entry as _entry

_recorded = {}


def _recording_provider(notebook, name):
    found = _entry(notebook, name)
    value = found.load()
    if not found.function:
        return value
    calls = _recorded.setdefault(name, [])

    def recorded(*args, **kwargs):
        call = _checkpoints.encode([list(args), kwargs])
        if call not in calls:
            calls.append(call)
        return value(*args, **kwargs)

    return recorded


_checkpoints.provider = _recording_provider
"""
DUMP = "import json as _json\nopen({path!r}, 'w').write(_json.dumps(_recorded))\n"


def record(notebook: str) -> dict[str, list[Any]]:
    """The calls the blank student edition of a notebook makes with each of the course's functions."""
    from nbclient import NotebookClient

    (path,) = sorted((ROOT / "notebooks").glob(f"{notebook}_*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    setup = next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and "coursekit.setup(" in cell.source)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "calls.json"
        nb.cells.insert(setup + 1, nbformat.v4.new_code_cell(RECORDER))
        nb.cells.append(nbformat.v4.new_code_cell(DUMP.format(path=str(out))))
        NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()
        return json.loads(out.read_text(encoding="utf-8"))


def main(only: list[str]) -> int:
    calls = json.loads(CALLS.read_text(encoding="utf-8")) if CALLS.is_file() else {}
    for notebook in only or NOTEBOOKS:
        calls[notebook] = record(notebook)
        print(notebook, {name: len(made) for name, made in calls[notebook].items()})
    CALLS.write_text(json.dumps(calls, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
