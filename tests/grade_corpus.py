"""A class of submissions built from the real notebooks: good, partial, blank and every kind of bad input.

Built at test time from the committed student editions (notebooks/) and the built solutions (dist/),
so the corpus follows the notebooks as they change. Each entry says what the gradebook must show.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CHECK = re.compile(r"grader\.check\(\s*['\"]([^'\"]+)['\"]")


@dataclass
class Entry:
    """One file of the corpus and the outcome the gradebook must show for it."""

    file: str
    student: str
    status: str  # alternatives separated by |
    score: str  # "full", "zero", "otter" (same as otter run), "some" (between), "none" (not graded)
    compare: bool  # also graded with `otter run`, question by question
    assignment: str = ""


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def answer_positions(nb: dict) -> dict[str, int]:
    """Question -> index of the code cell just before its grader.check cell (its answer cell)."""
    found = {}
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        for question in CHECK.findall("".join(cell["source"])):
            previous = index - 1
            while previous >= 0 and nb["cells"][previous]["cell_type"] != "code":
                previous -= 1
            found[question] = previous
    return found


def partial(solution: dict, student: dict) -> dict:
    """The solution with every other question's answer put back to the unanswered template."""
    nb = json.loads(json.dumps(solution))
    template = answer_positions(student)
    for number, (question, position) in enumerate(sorted(answer_positions(nb).items())):
        if number % 2 == 1 and question in template:
            nb["cells"][position]["source"] = student["cells"][template[question]]["source"]
    return nb


def with_cell(nb: dict, source: str, at: int | None = None) -> dict:
    """A copy of the notebook with one code cell inserted (default: after the first code cell)."""
    copy = json.loads(json.dumps(nb))
    cell = {"cell_type": "code", "execution_count": None, "id": "corpus-added", "metadata": {}, "outputs": []}
    cell["source"] = source
    if at is None:
        at = next(i for i, c in enumerate(copy["cells"]) if c["cell_type"] == "code") + 1
    copy["cells"].insert(at, cell)
    return copy


def first_setup_cell(nb: dict) -> int:
    """Index just after the set-up cell (the first code cell after the otter init cell)."""
    code = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
    return code[1] + 1 if len(code) > 1 else code[0] + 1


def build(folder: Path, notebooks: Path, solutions: Path, root: Path, first: str, others: list[str]) -> list[Entry]:
    """Write the corpus into folder and return what each file must get."""
    folder.mkdir(parents=True, exist_ok=True)
    entries: list[Entry] = []

    def put(name: str, content: dict | str | bytes, *args: object, **kwargs: object) -> None:
        path = folder / name
        if isinstance(content, dict):
            path.write_text(json.dumps(content, indent=1), encoding="utf-8")
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        entries.append(Entry(name, *args, **kwargs))  # type: ignore[arg-type]

    solution, student = read(solutions / f"{first}.ipynb"), read(notebooks / f"{first}.ipynb")
    setup = first_setup_cell(solution)
    a = first
    put(f"ada_{a}.ipynb", solution, "ada", "ok", "full", True, a)
    # a blank notebook: the checkpoints give later cells the course's values, and otter run scores that
    put(f"bob_{a}.ipynb", student, "bob", "ok", "otter", True, a)
    put(f"cy_{a}.ipynb", partial(solution, student), "cy", "ok", "some", True, a)
    put("renamed-by-lms.ipynb", solution, "renamed-by-lms", "ok", "full", False, a)
    buffer = Path(folder / f"eve_{a}_2026_01_01T10_00_00_000000.zip")
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{a}.ipynb", json.dumps(solution))
    entries.append(Entry(buffer.name, "eve", "ok", "full", True, a))
    # duplicate: an older blank .ipynb and a newer export zip for the same student
    put(f"dan_{a}.ipynb", student, "dan", "duplicate", "full", False, a)
    with zipfile.ZipFile(folder / f"dan_{a}_2026_02_01T10_00_00_000000.zip", "w") as archive:
        archive.writestr(f"{a}.ipynb", json.dumps(solution))
    # bad files
    put("fay.ipynb", b"", "fay", "empty", "none", False)
    put("gus.ipynb", "{ this is not json", "gus", "invalid", "none", False)
    put("hal.ipynb", {"hello": "world"}, "hal", "not-a-notebook", "none", False)
    wrong = json.loads(json.dumps(solution))
    wrong["metadata"]["otter"]["assignment_name"] = "99_no-such-notebook"
    put("ivy.ipynb", wrong, "ivy", "wrong-assignment", "none", False)
    plain = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    put("jay.ipynb", plain, "jay", "wrong-assignment", "none", False)
    put("kim.zip", b"PK not really a zip", "kim", "invalid", "none", False)
    # code that misbehaves
    put(
        f"lea_{a}.ipynb", with_cell(solution, "lines = article.split(\n", setup), "lea", "cell-errors", "otter", True, a
    )
    put(f"max_{a}.ipynb", with_cell(solution, "raise ValueError('boom')", setup), "max", "cell-errors", "full", True, a)
    put(f"ned_{a}.ipynb", with_cell(solution, "import sys\nsys.exit(0)", setup), "ned", "cell-errors", "full", True, a)
    put(f"ola_{a}.ipynb", with_cell(solution, "import os\nos._exit(1)", setup), "ola", "cell-errors", "full", False, a)
    put(
        f"pat_{a}.ipynb",
        with_cell(solution, "while True:\n    pass", len(solution["cells"])),
        "pat",
        "timeout",
        "full",
        False,
        a,
    )
    stubborn = "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass"
    put(f"quin_{a}.ipynb", with_cell(solution, stubborn, setup), "quin", "timeout", "zero", False, a)
    loud = "import sys\nsys.stdout.write('x' * 40_000_000)"
    put(f"rex_{a}.ipynb", with_cell(solution, loud, setup), "rex", "output-limit", "full", False, a)
    escape = (
        "from pathlib import Path\nPath('../escaped.txt').write_text('out')\n"
        f"open({str(root / 'ESCAPED-BY-A-SUBMISSION.txt')!r}, 'w').write('out')"
    )
    put(f"sam_{a}.ipynb", with_cell(solution, escape, setup), "sam", "cell-errors", "full", False, a)
    peek = f"import zipfile\nzipfile.ZipFile({str(root / 'dist' / 'autograder' / f'{a}.zip')!r}).namelist()"
    put(f"tia_{a}.ipynb", with_cell(student, peek, first_setup_cell(student)), "tia", "cell-errors", "otter", True, a)
    cheat = "import builtins\nbuiltins.isinstance = lambda *args: True\nbuiltins.len = lambda obj: 30"
    put(f"uma_{a}.ipynb", with_cell(student, cheat, 1), "uma", "tampered", "zero", False, a)
    fake = "class Grader:\n    def check(self, question):\n        return 'All tests passed!'\ngrader = Grader()"
    put(f"vic_{a}.ipynb", with_cell(student, fake, len(student["cells"])), "vic", "tampered", "otter", True, a)
    liar = (
        "class Anything(list):\n    def __eq__(self, other):\n        return True\n"
        "    def __len__(self):\n        return 30\nlines = Anything(['x'])"
    )
    put(f"wes_{a}.ipynb", with_cell(student, liar, len(student["cells"])), "wes", "tampered", "zero", False, a)
    # the other notebooks of the course: solution and partial, compared with otter run
    for other in others:
        sol, stu = read(solutions / f"{other}.ipynb"), read(notebooks / f"{other}.ipynb")
        put(f"ada_{other}.ipynb", sol, "ada", "ok", "full", True, other)
        # a partial answer may break a later cell of a notebook in progress; the score must still be otter's
        put(f"cy_{other}.ipynb", partial(sol, stu), "cy", "ok|cell-errors", "otter", True, other)
    return entries


def expected_files(entries: list[Entry]) -> Callable[[str], Entry]:
    by_name = {e.file: e for e in entries}
    return by_name.__getitem__
