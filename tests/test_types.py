"""mypy keeps the annotations true: course/ and coursekit/ type-check clean as part of the test suite.

What mypy checks (the packages, the Python version, the libraries without types) is in pyproject.toml's
[tool.mypy], so that `python -m mypy` on its own checks the same as this test.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_mypy_is_clean_on_course_and_coursekit() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "-p", "course", "-p", "coursekit"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, (
        f"mypy found type errors:\n{result.stdout}{result.stderr}\n"
        "Fix each annotation or the code it describes; run: .venv/bin/python -m mypy"
    )
