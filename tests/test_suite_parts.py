"""Any part of the suite runs as the whole does: one notebook, one test file.

nbval runs a notebook's cells one after another in one kernel, so all the cells of a notebook must go to
one xdist worker (``--dist loadfile`` in pyproject.toml); with ``load`` or ``loadgroup`` a later cell
could land on a worker whose kernel never ran the set-up cell, and fail with NameError.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    "part",
    ["notebooks/02_tabulating-deployments.ipynb", "course/source/04_motivation-analysis.ipynb", "tests/test_text.py"],
)
def test_a_part_of_the_suite_passes_on_its_own(part: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "2", part],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"pytest {part} failed on its own:\n{result.stdout[-3000:]}"
    assert " passed" in result.stdout and "failed" not in result.stdout, result.stdout[-500:]
