"""The notebooks as files: what students get, what they must never get, and what they link to."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import NOTEBOOKS, ROOT, master_paths, raw_json, read_notebook, student_paths

LEAK_MARKERS = re.compile(r"#\s*(BEGIN|END) (SOLUTION|TESTS|QUESTION)|#\s*SOLUTION\b|#\s*HIDDEN\b|ASSIGNMENT CONFIG")
LINK = re.compile(r"\]\(([^)\s]+)\)")
ALL_NOTEBOOKS = [*master_paths(), *student_paths()]


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


def test_every_master_has_a_student_edition() -> None:
    assert master_paths(), "no masters in course/source/"
    assert [p.name for p in master_paths()] == [p.name for p in student_paths()]


@pytest.mark.parametrize("path", student_paths(), ids=ids(student_paths()))
def test_student_edition_hides_solutions_and_hidden_tests(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not LEAK_MARKERS.search(text), f"{path.name} contains an otter marker: {LEAK_MARKERS.search(text)}"
    notebook = raw_json(path)
    public_tests = notebook["metadata"]["otter"]["tests"]
    for name, body in public_tests.items():
        assert "hidden=True" not in body, f"{path.name}: hidden test of {name} is in the student edition"
    master = read_notebook(ROOT / "course" / "source" / path.name)
    solutions = [
        line.split("# SOLUTION")[0].strip()
        for cell in master.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if line.rstrip().endswith("# SOLUTION") and len(line.split("# SOLUTION")[0].strip()) > 12
    ]
    leaked = [s for s in solutions if s in text]
    assert not leaked, f"{path.name} contains solution lines: {leaked[:3]}"


@pytest.mark.parametrize("path", student_paths(), ids=ids(student_paths()))
def test_student_edition_has_no_outputs(path: Path) -> None:
    notebook = read_notebook(path)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids(ALL_NOTEBOOKS))
def test_kernelspec_is_plain_python3(path: Path) -> None:
    assert read_notebook(path).metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids(ALL_NOTEBOOKS))
def test_links_resolve(path: Path) -> None:
    notebook = read_notebook(path)
    base = NOTEBOOKS  # masters are written for where their student edition lives
    broken = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for target in LINK.findall(cell.source):
            if target.startswith(("http://", "https://", "mailto:", "#")):
                continue
            if not (base / unquote(target.split("#")[0])).exists():
                broken.append(target)
    assert not broken, f"{path.name} links to files that do not exist (relative to notebooks/): {broken}"


@pytest.mark.parametrize("path", master_paths(), ids=ids(master_paths()))
def test_master_follows_the_notebook_pattern(path: Path) -> None:
    notebook = read_notebook(path)
    sources = [cell.source for cell in notebook.cells]
    questions = [s for s in sources if s.startswith("# BEGIN QUESTION")]
    written = [s for s in questions if "manual: true" in s]
    assert 5 <= len(questions) - len(written) <= 10, (
        f"{path.name}: {len(questions) - len(written)} auto-graded questions"
    )
    assert written, f"{path.name} has no written (manual) question"
    header = next(c.source for c in notebook.cells if c.cell_type == "markdown" and c.source.startswith("# "))
    for part in ("will be able to", "Time needed", "Builds on", "Data"):
        assert part in header, f"{path.name}: the header cell does not say '{part}'"
    assert any("## Summary" in s for s in sources), f"{path.name} has no summary"
    rubric = (ROOT / "course" / "rubrics.md").read_text(encoding="utf-8")
    for source in written:
        name = re.search(r"name:\s*(\S+)", source).group(1)
        assert name in rubric, f"course/rubrics.md has no rubric for {path.stem} {name}"


@pytest.mark.parametrize("path", student_paths(), ids=ids(student_paths()))
def test_every_public_assert_tells_the_student_what_to_fix(path: Path) -> None:
    bare = []
    for question, source in raw_json(path)["metadata"]["otter"]["tests"].items():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Assert) and node.msg is None:
                bare.append(f"{question}: assert {ast.unparse(node.test)[:80]}")
    assert not bare, f"{path.name}: asserts without a message (students would see a bare AssertionError): {bare}"
