"""Each question is graded where it is captured, and `course grade` and the zip's `otter run` agree on it.

Issue 19.3: the graded value is the answer's value when its check cell runs; where that cell is
missing or edited, the value right after the answer's own cell; never the value at the end of the
notebook. Hand-ins of notebook 01 built for each case are graded once by `course grade` and one by
one by `otter run` with the built autograder zip, and compared question by question.
"""

from __future__ import annotations

import copy
import csv
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coursekit import checks
from tests.conftest import NOTEBOOKS, ROOT, otter_run

pytestmark = pytest.mark.xdist_group("grading")
NAME = "01_reading-the-raw-text"
QUESTIONS = ["q1_lines", "q2_headings", "q3_body", "q4_words_per_section", "q5_years", "q6_number_pattern",
             "q7_kwic", "q8_top_words"]  # fmt: skip
FULL = {"q1_lines": 1, "q2_headings": 1, "q3_body": 1, "q4_words_per_section": 2, "q5_years": 1,
        "q6_number_pattern": 2, "q7_kwic": 2, "q8_top_words": 2}  # fmt: skip
CHECKPOINTED = ["lines", "body", "words_per_section", "number_pattern", "kwic"]
TIMEOUT = 20


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def code(text: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "source": text, "outputs": [], "execution_count": None}


def check_at(notebook: dict, question: str) -> int:
    """The position of a question's check cell."""
    return next(i for i, c in enumerate(notebook["cells"]) if source(c).strip() == f'grader.check("{question}")')


def answer_cell(notebook: dict, name: str) -> dict:
    """The answer cell that assigns `name` (student edition or solution)."""
    tags = {"otter_answer_cell", "otter_assign_solution_cell"}
    answers = [c for c in notebook["cells"] if set(c["metadata"].get("tags") or []) & tags]
    return next(c for c in answers if source(c).startswith(name))


def late_checkpoint(student: dict, solution: dict) -> dict:
    """A blank edition with one checkpoint cell after all the checks that puts the course's values in the answers."""
    notebook = copy.deepcopy(student)
    cell = "\n".join(f'{name} = coursekit.checkpoint("{name}", None)' for name in CHECKPOINTED)
    notebook["cells"].insert(check_at(notebook, "q8_top_words") + 1, code(cell))
    return notebook


def reassigned(student: dict, solution: dict) -> dict:
    """q1 blank at its check and right just after it (too late); q2 right at its check, then spoiled."""
    notebook = copy.deepcopy(solution)
    lines = answer_cell(notebook, "lines")
    right = source(lines)
    lines["source"] = "lines = []\n"
    notebook["cells"].insert(check_at(notebook, "q1_lines") + 1, code(right))
    notebook["cells"].insert(check_at(notebook, "q2_headings") + 1, code("headings = None\n"))
    return notebook


def honest_reuse(student: dict, solution: dict) -> dict:
    """A full answer that reuses the name `lines` for something else after its check."""
    notebook = copy.deepcopy(solution)
    reuse = "lines = [line for line in article.splitlines() if 'Rwanda' in line]\nlen(lines)\n"
    notebook["cells"].insert(check_at(notebook, "q8_top_words") + 1, code(reuse))
    return notebook


def missing_check(student: dict, solution: dict) -> dict:
    """q1's check cell deleted (graded after its answer cell, not at the end, where lines is None);
    q3's check cell edited to answer there (graded after the answer's own cell, where body is None)."""
    notebook = copy.deepcopy(solution)
    del notebook["cells"][check_at(notebook, "q1_lines")]
    notebook["cells"].insert(check_at(notebook, "q8_top_words") + 1, code("lines = None\n"))
    body = answer_cell(notebook, "body")
    right = source(body)
    body["source"] = "body = None\n"
    notebook["cells"][check_at(notebook, "q3_body")]["source"] = right + '\ngrader.check("q3_body")\n'
    return notebook


def early_provider(student: dict, solution: dict) -> dict:
    """Issue 19.4: an answer cell that asks the checkpoint provider for the course's lines before q1's
    check gets nothing (NotReleased in the jail; no provider under otter); after the check it is released."""
    notebook = copy.deepcopy(solution)
    answer_cell(notebook, "lines")["source"] = 'lines = coursekit.checkpoints.provider("01", "lines")\n'
    after = 'released = coursekit.checkpoints.provider("01", "lines")\nassert released[0].startswith("Rwanda")\n'
    notebook["cells"].insert(check_at(notebook, "q1_lines") + 1, code(after))
    return notebook


def pasted(student: dict, solution: dict) -> dict:
    """Issue 19.5: the course's lines and words per section, printed elsewhere and pasted in as data."""
    from course.grading.harness import course_values

    value, _ = course_values(ROOT / "dist" / "autograder" / f"{NAME}.zip")
    notebook = copy.deepcopy(student)
    answer_cell(notebook, "lines")["source"] = f"lines = {value('lines')!r}\n"
    per_section = value("words_per_section").to_dict()
    answer_cell(notebook, "words_per_section")["source"] = f"words_per_section = pd.Series({per_section!r})\n"
    return notebook


def recheck_after_release(student: dict, solution: dict) -> dict:
    """A blank q1 checked, then given the course's lines once released, then checked again: the capture
    made before the release stands (0), under both graders (the jail's provider; otter's was_checked)."""
    notebook = copy.deepcopy(student)
    take = (
        'provider = getattr(coursekit.checkpoints, "provider", None)\n'
        'checked = coursekit.checks.was_checked("q1_lines")\n'
        'lines = provider("01", "lines") if provider else checked and article.split("\\n")\n'
    )
    at = check_at(notebook, "q1_lines") + 1
    notebook["cells"][at:at] = [code(take), code('grader.check("q1_lines")')]
    return notebook


CASES: dict[str, tuple[Callable[[dict, dict], dict], dict[str, float]]] = {
    "late_checkpoint": (late_checkpoint, dict.fromkeys(QUESTIONS, 0)),
    "reassigned": (reassigned, {**FULL, "q1_lines": 0}),
    "honest_reuse": (honest_reuse, FULL),
    "missing_check": (missing_check, {**FULL, "q3_body": 0}),
    "renamed": (missing_check, {**FULL, "q3_body": 0}),  # handed in as "NAME (1).ipynb": same rule
    "pasted": (pasted, {}),  # scored as otter scores it, and marked for a look
    "recheck_after_release": (recheck_after_release, dict.fromkeys(QUESTIONS, 0)),
    "early_provider": (early_provider, {**FULL, "q1_lines": 0, "q2_headings": 0}),  # q2 reads lines
}


@pytest.fixture(scope="module")
def graded(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every case graded by `course grade` (one run) and by `otter run` (one each): case -> (ours, otter's)."""
    base = tmp_path_factory.mktemp("at-check")
    student = json.loads((NOTEBOOKS / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    solution = json.loads((built_dist / "solutions" / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    folder = base / "submissions"
    files = {case: folder / case / (f"{NAME} (1).ipynb" if case == "renamed" else f"{NAME}.ipynb") for case in CASES}
    for case, (build, _) in CASES.items():
        files[case].parent.mkdir(parents=True)
        files[case].write_text(json.dumps(build(student, solution)), encoding="utf-8")
    out = base / "out"
    command = [sys.executable, "-m", "course", "grade", str(folder), "-o", str(out), "--timeout", str(TIMEOUT)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    found = {}
    for case in CASES:
        theirs = otter_run(built_dist / "autograder" / f"{NAME}.zip", files[case], base / case)
        otter_scores = {t["name"]: t["score"] for t in theirs["tests"] if "max_score" in t}
        found[case] = ({q: float(rows[case][q]) for q in QUESTIONS}, otter_scores, rows[case])
    found["_out"] = out
    return found


@pytest.mark.parametrize("case", list(CASES))
def test_course_grade_and_otter_run_grade_each_question_where_it_was_captured(graded: dict, case: str) -> None:
    ours, otters, row = graded[case]
    expected = {q: float(v) for q, v in CASES[case][1].items()}
    assert ours == otters, f"{case}: course grade {ours} but otter run {otters}"
    assert not expected or ours == expected, f"{case}: {ours}, expected {expected} ({row['reason']})"


def test_a_checkpoint_value_is_released_only_after_its_question_was_captured(graded: dict) -> None:
    """The harness answers the jail's provider only once q1 has been captured: the answer cell's call
    fails with NotReleased, the call after the check gets the course's lines (no error in that cell)."""
    reason = graded["early_provider"][2]["reason"]
    assert "NotReleased" in reason or "not released" in reason, reason
    assert reason.count("not released") == 1 and "AssertionError" not in reason, reason


def test_a_pasted_course_value_marks_the_row_for_a_look_in_the_gradebook_and_the_report(graded: dict) -> None:
    row = graded["pasted"][2]
    assert row["status"] == "needs-a-look", row
    assert "needs a look: lines (q1_lines)" in row["reason"] and "words_per_section" in row["reason"], row["reason"]
    report = (graded["_out"] / "report.html").read_text(encoding="utf-8")
    assert "needs-a-look" in report and "needs a look: lines (q1_lines)" in report
    assert all(graded[case][2]["status"] != "needs-a-look" for case in CASES if case != "pasted")


CELLS = [
    ('grader.check("q1_lines")', "q1_lines", set()),
    ('grader.check("q1_lines")  # run me\n', "q1_lines", set()),
    ('lines = x\ngrader.check("q1_lines")', None, {"lines"}),
    ('grader.check("q1_lines"); lines = 1', None, {"lines"}),
    ('g = grader\ng.check("q1_lines")', None, {"g"}),
    ("grader.check(question)", None, set()),
    ("def kwic(text):\n    inner = 1\n    return inner", None, {"kwic"}),
    ("for lines in range(3):\n    body = lines", None, {"lines", "body"}),
    ("from coursekit.nb01 import lines as lines, body\nimport os.path", None, {"lines", "body", "os"}),
    ("[lines for lines in range(3)]\nx, (y, z) = 1, (2, 3)\nw += 1\nv: int = 2", None, {"x", "y", "z", "w", "v"}),
    ("with open('f') as handle:\n    if (n := 2):\n        del old", None, {"handle", "n", "old"}),
    ("lines = (", None, set()),
]


def jailed_runner() -> Any:
    """jailed.py as the jail runs it: loaded from its file, not imported as part of the course package
    (nothing may import it; tests/test_grading_jail.py holds that). Its functions need no jail."""
    import importlib.util

    path = ROOT / "course" / "grading" / "jailed.py"
    spec = importlib.util.spec_from_file_location("course.grading.jailed_runner", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("cell", "question", "names"), CELLS)
def test_the_runner_and_the_grader_read_a_cell_alike(cell: str, question: str | None, names: set[str]) -> None:
    """The runner (course grade) and coursekit's Grader (otter run) hold the same rule: an exact check
    cell, and the names a cell binds, read alike (jailed.py imports nothing of coursekit)."""
    import ast

    runner = jailed_runner()
    try:
        tree = ast.parse(cell)
    except SyntaxError:
        tree = ast.parse("")
    assert runner.checked_question(tree) == checks.checked_question(cell) == question
    assert runner.bound_names(tree) == checks.bound_names(cell) == names
