"""Issue 19, item 7: the answer key's no-work cases, for every checkpointed question of 01-05 and 07.

Each case is a whole notebook made from a built edition, in which every checkpointed question gets the
same treatment, and an expected score per question:

- ``checkpoint``: the answer cell is ``NAME = coursekit.checkpoint("NAME", None)``: earns 0;
- ``import``: the answer cell imports the answer from coursekit (``from coursekit.nbNN import NAME``), as
  the student repository used to allow: earns 0;
- ``pasted``: the answer cell is the course's value pasted in, as the store hands it over (a function:
  its recorded results): earns 0 where a hidden test runs the answer on other inputs (``pasted="fails"``
  in the notebook's key), else full marks and A2's "needs a look" flag (``pasted="flagged"``);
- ``late``: the blank edition, with ``NAME = coursekit.checkpoint("NAME", None)`` after the check: 0;
- ``reassigned``: the solution, with ``NAME = ...`` after the check (a function's name after the last
  check, since later answers call it): what it had at its check, full marks.

A grader is a function (notebook path, notebook name) -> {question: score}; :mod:`tests.test_no_work`
runs every case through each one (the zip's ``otter run``, and ``course grade``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK = re.compile(r'^grader\.check\("(\w+)"\)\s*$')
KINDS = ("checkpoint", "import", "pasted", "late", "reassigned")


@dataclass(frozen=True)
class NoWorkCase:
    notebook: str  # e.g. "01_reading-the-raw-text"
    kind: str
    source: str  # the notebook's JSON text
    expected: dict[str, float | None]  # question -> score it must earn (None: full marks)
    total_zero: bool  # every answer cell is no work: the whole notebook must score 0


def checkpointed(notebook: str) -> dict[str, list[str]]:
    """Question -> the graded names of it that a checkpoint hands over (course/answers/checkpoints.json)."""
    from coursekit.checks import answer_names

    owners = json.loads((ROOT / "course" / "answers" / "checkpoints.json").read_text(encoding="utf-8"))
    edition = ROOT / "notebooks" / f"{notebook}.ipynb"
    found: dict[str, list[str]] = {}
    for name, question in owners.get(notebook[:2], {}).items():
        if name in answer_names(edition, question):
            found.setdefault(question, []).append(name)
    return found


def pasted(notebook: str, name: str) -> str:
    """The course's value as the student's copy stores it, pasted into an answer cell."""
    store = json.loads((ROOT / "data" / "checkpoints" / f"{notebook[:2]}.json").read_text(encoding="utf-8"))
    data = json.dumps(store["checkpoints"][name]["value"])
    return f"import json\nfrom coursekit.checkpoints import decode\n\n{name} = decode(json.loads({data!r}))\n"


def answer_cell(kind: str, notebook: str, names: list[str]) -> str:
    if kind == "checkpoint":
        return "\n".join(f'{name} = coursekit.checkpoint("{name}", None)' for name in names) + "\n"
    if kind == "import":
        return "\n".join(f"from coursekit.nb{notebook[:2]} import {name}" for name in names) + "\n"
    return "".join(pasted(notebook, name) for name in names)


def code_cell(cell_id: str, lines: list[str]) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": cell_id, "metadata": {}, "outputs": [],
            "source": "\n".join(lines)}  # fmt: skip


def case(notebook: str, kind: str, possible: dict[str, float], pasted_rule: dict[str, str]) -> NoWorkCase:
    """One no-work notebook and what each checkpointed question must earn in it."""
    from course import answers
    from coursekit.checks import answer_names

    targets = checkpointed(notebook)
    functions = {n for names in targets.values() for n in names if answers.entry(notebook[:2], n).function}
    edition = ROOT / ("dist/solutions" if kind == "reassigned" else "notebooks") / f"{notebook}.ipynb"
    nb = json.loads(edition.read_text(encoding="utf-8"))
    cells = nb["cells"]
    checks = {i: m.group(1) for i, c in enumerate(cells) if (m := CHECK.match("".join(c["source"]).strip()))}
    out = []
    for index, cell in enumerate(cells):
        tags = cell.get("metadata", {}).get("tags", [])
        answer = "otter_answer_cell" in tags or "otter_assign_solution_cell" in tags
        following = next((checks[i] for i in sorted(checks) if i > index), None)
        if answer and following in targets and kind in ("checkpoint", "import", "pasted"):
            cell = {**cell, "source": answer_cell(kind, notebook, targets[following])}
        elif answer and following and kind in ("checkpoint", "import"):
            # Every other answer cell imports its answer from coursekit: the whole notebook is no work.
            graded = answer_names(edition, following)
            cell = {**cell, "source": answer_cell("import", notebook, graded) if graded else cell["source"]}
        out.append(cell)
        if index in checks and checks[index] in targets and kind in ("late", "reassigned"):
            names = [n for n in targets[checks[index]] if kind == "late" or n not in functions]
            after = [f'{n} = coursekit.checkpoint("{n}", None)' if kind == "late" else f"{n} = ..." for n in names]
            out.append(code_cell(f"nowork{index}", after))
    if kind == "reassigned":
        # A function's later questions call it by name, so it is reassigned after the last check: what
        # every question earns is then what it had at its own check, and nothing else breaks.
        out.append(
            code_cell("noworkend", [f"{n} = ..." for names in targets.values() for n in names if n in functions])
        )
    nb["cells"] = out
    expected: dict[str, float | None] = {}
    for question in targets:
        full = kind == "reassigned" or (kind == "pasted" and pasted_rule.get(question) == "flagged")
        expected[question] = possible[question] if full else 0.0
    return NoWorkCase(notebook, kind, json.dumps(nb, indent=1), expected, kind in ("checkpoint", "import", "late"))
