"""Issue 21.7: what a student reads after a timeout or a package-installing cell.

Questions the notebook never reached say where it stopped and after how long, not the error of a
test run on nothing; a `!pip install` or `%pip install` line says that installing is not possible
while grading and that the line can go, not "PermissionError: Operation not permitted".
"""

from __future__ import annotations

import copy
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_grade_at_check import NAME, check_at, code

pytestmark = pytest.mark.xdist_group("grading")
TIMEOUT = 12


@pytest.fixture(scope="module")
def graded(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("messages")
    solution = json.loads((built_dist / "solutions" / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    stuck = copy.deepcopy(solution)
    stop = check_at(stuck, "q2_headings") + 1
    stuck["cells"].insert(stop, code("import time\n\nwhile True:\n    time.sleep(0.05)\n"))
    installs = copy.deepcopy(solution)
    installs["cells"].insert(1, code("!pip install pandas\n%pip install -q altair\nimport pandas as pd\n"))
    folder = base / "submissions"
    for student, notebook in {"stuck": stuck, "installs": installs}.items():
        (folder / student).mkdir(parents=True)
        (folder / student / f"{NAME}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    out = base / "out"
    command = [sys.executable, "-m", "course", "grade", str(folder), "-o", str(out), "--timeout", str(TIMEOUT)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    feedback = {student: (out / "feedback" / student / f"{NAME}.md").read_text(encoding="utf-8") for student in rows}
    return {"rows": rows, "feedback": feedback, "stop": stop}


def test_questions_after_a_timeout_say_where_the_notebook_stopped(graded: dict) -> None:
    row, text = graded["rows"]["stuck"], graded["feedback"]["stuck"]
    assert row["status"] == "timeout", row
    assert float(row["q1_lines"]) == 1 and float(row["q2_headings"]) == 1, row  # captured before it stopped
    said = f"Not reached: the notebook stopped at cell {graded['stop'] + 1} after {TIMEOUT} s."
    for question in ["q3_body", "q4_words_per_section", "q8_top_words"]:
        assert float(row[question]) == 0, row
        section = text.split(f"## {question}:")[1].split("## ")[0]
        assert "(not reached)" in section and said in section, section
    assert "NoneType" not in text and "TypeError" not in text, text


def test_an_install_cell_says_installing_is_not_possible_and_the_line_can_go(graded: dict) -> None:
    row, text = graded["rows"]["installs"], graded["feedback"]["installs"]
    assert float(row["total"]) == 12, row  # the rest of the cell ran, and the notebook after it
    assert "installing packages (pip install) is not possible while grading" in row["reason"], row
    assert "you can delete it" in text and "PermissionError" not in text, text
