"""Every notebook's time estimate is the same in its header and in the syllabus.

Issue 22 found the two disagreeing (02: 90 minutes in one, 105 in the other; 06: 90 against 120-150),
so a student or teacher could not know which to plan for. The header's "**Time needed:** about ..."
phrase and the syllabus's "(about ...)" after the link to the same notebook must match word for word.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, master_paths, read_notebook

HEADER_TIME = re.compile(r"\*\*Time needed:\*\*\s*(about [^,.(]+?)\s*[,.(]")
SYLLABUS = ROOT / "course" / "syllabus.md"


def header_time(path: Path) -> str | None:
    """The estimate in a notebook's header cell (the first markdown cell), e.g. 'about 3 hours'."""
    first = next(c for c in read_notebook(path).cells if c.cell_type == "markdown")
    match = HEADER_TIME.search(first.source)
    return match.group(1) if match else None


def syllabus_times(text: str, notebook: str) -> list[str]:
    """Every estimate the syllabus gives right after a link to the notebook's student edition."""
    link = re.escape(f"(../notebooks/{notebook})")
    return [m.group(1).strip() for m in re.finditer(link + r" \((about [^,)]+)", text)]


def time_errors(paths: list[Path], syllabus: str) -> list[str]:
    problems = []
    for path in paths:
        in_header = header_time(path)
        if in_header is None:
            problems.append(f"{path.name}: its header has no '**Time needed:** about ...'")
            continue
        in_syllabus = syllabus_times(syllabus, path.name)
        if not in_syllabus:
            problems.append(f"{path.name}: the syllabus gives no '(about ...)' after its link")
        problems += [
            f"{path.name}: header says {in_header!r}, syllabus says {t!r}" for t in in_syllabus if t != in_header
        ]
    return problems


def test_times_are_identical_in_headers_and_syllabus() -> None:
    problems = time_errors(master_paths(), SYLLABUS.read_text(encoding="utf-8"))
    assert not problems, (
        "\n".join(problems) + "\nMake the estimate identical in the notebook's header and the syllabus."
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("(about 3 hours, two sittings)", "(about 90 min, two sittings)"), "syllabus says 'about 90 min'"),
        (
            ("(../notebooks/03_where-when-how-many.ipynb) (about", "(../notebooks/03_where-when-how-many.ipynb) (see"),
            "gives no",
        ),
    ],
)
def test_a_disagreeing_or_missing_syllabus_time_is_caught(change: tuple[str, str], expected: str) -> None:
    syllabus = SYLLABUS.read_text(encoding="utf-8")
    assert change[0] in syllabus, "the tamper test no longer matches the syllabus: update it"
    problems = time_errors([p for p in master_paths() if p.name.startswith("03_")], syllabus.replace(*change, 1))
    assert any(expected in p for p in problems), problems
