"""otter-grader's own autograder, as Gradescope would run it: full marks for the solution, zero for a blank."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import NOTEBOOKS, master_paths, otter_run


def scores(results: dict) -> tuple[float, float]:
    graded = [t for t in results["tests"] if "max_score" in t]
    return sum(t["score"] for t in graded), sum(t["max_score"] for t in graded)


@pytest.mark.parametrize("master", master_paths(), ids=[p.stem for p in master_paths()])
def test_solution_gets_full_marks_and_blank_gets_zero(master: Path, built_dist: Path, tmp_path: Path) -> None:
    autograder = built_dist / "autograder" / f"{master.stem}.zip"
    solution = otter_run(autograder, built_dist / "solutions" / master.name, tmp_path / "solution")
    got, possible = scores(solution)
    assert possible > 0
    assert got == possible, [t["output"] for t in solution["tests"] if t.get("score") != t.get("max_score")]

    # Renamed as an LMS renames a second upload: the set-up cell's grader cannot open the notebook by the name
    # it was given, finds the one notebook in otter's folder instead, and still grades each question where it
    # is captured (coursekit.checks); the checkpoint cells after the checks must give a blank notebook nothing.
    renamed = tmp_path / "upload" / f"{master.stem} (1).ipynb"
    renamed.parent.mkdir()
    shutil.copy(NOTEBOOKS / master.name, renamed)
    blank = otter_run(autograder, renamed, tmp_path / "blank")
    got, possible = scores(blank)
    assert got == 0, f"the unanswered student edition of {master.stem}, renamed, scores {got}/{possible}"
