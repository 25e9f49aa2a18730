"""Issue 19, item 1: a fresh ``course release`` holds no model answer, compared as code (AST), not as text.

No statement of any master's solution (01-05, 07; notebook 06's written answers are tested with its
own rules) and no body of any reference function in course/answers/ appears in any Python file or
notebook code cell that the release ships. The comparison is on the syntax tree, so that spacing,
comments, quotes or a renamed file hide nothing.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, master_paths

NOTEBOOKS = ("01", "02", "03", "04", "05", "07")


def parse(source: str) -> ast.Module | None:
    """A cell or file as Python, with IPython's syntax (magics, ``!``) turned into plain Python first."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return None


def statements(tree: ast.AST) -> set[str]:
    """Every statement in a tree, at any depth, as its AST dump (no positions)."""
    return {ast.dump(node) for node in ast.walk(tree) if isinstance(node, ast.stmt)}


def body_of(function: ast.FunctionDef) -> str:
    """A function's body without its docstring, as one dump: the code that answers."""
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]
    return ast.dump(ast.Module(body=body, type_ignores=[]))


def node_of(dump: str) -> ast.AST:
    """A statement back from its dump (our own ast.dump output, never outside text)."""
    node = eval(dump, vars(ast))  # noqa: S307
    return ast.fix_missing_locations(ast.Module(body=[node], type_ignores=[])).body[0]


def substantial(dump: str) -> bool:
    """A statement that answers something: not a bare name or attribute shown, not an import, not `pass`."""
    node = node_of(dump)
    if isinstance(node, ast.Import | ast.ImportFrom | ast.Pass):
        return False
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Name | ast.Attribute | ast.Constant):
        return False
    return len(ast.unparse(node)) > 12


def solution_statements(master: Path) -> set[str]:
    """The statements of a master's solution blocks (the code otter assign removes from the student edition)."""
    found: set[str] = set()
    inside = False
    for cell in json.loads(master.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "raw" and source.startswith("# BEGIN SOLUTION"):
            inside = True
        elif cell["cell_type"] == "raw" and source.startswith("# END SOLUTION"):
            inside = False
        elif cell["cell_type"] == "code":
            solution = source if inside else ""
            solution += "\n".join(line for line in source.splitlines() if line.rstrip().endswith("# SOLUTION"))
            kept = [line for line in solution.splitlines() if "# BEGIN PROMPT" not in line]
            tree = parse("\n".join(kept).split('""" # BEGIN PROMPT')[0])
            if tree is not None:
                found |= {dump for dump in statements(tree) if substantial(dump)}
    return found


def given_bodies() -> set[str]:
    """Bodies of the functions a master gives its students outside any solution (a helper such as 07's
    ends_like_sentence): handed out on purpose, so not an answer."""
    given: set[str] = set()
    for master in master_paths():
        inside = False
        for cell in json.loads(master.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "raw" and source.startswith(("# BEGIN SOLUTION", "# BEGIN TESTS")):
                inside = True
            elif cell["cell_type"] == "raw" and source.startswith(("# END SOLUTION", "# END TESTS")):
                inside = False
            elif cell["cell_type"] == "code" and not inside and (tree := parse(source)) is not None:
                given |= {body_of(node) for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    return given


def reference_bodies() -> dict[str, str]:
    """Body dump -> name, for every function in course/answers/nbNN.py that the notebooks do not give out."""
    given = given_bodies()
    bodies = {}
    for notebook in NOTEBOOKS:
        path = ROOT / "course" / "answers" / f"nb{notebook}.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.FunctionDef)
                and body_of(node) not in given
                and substantial(ast.dump(node.body[-1]))
            ):
                bodies[body_of(node)] = f"course/answers/nb{notebook}.py:{node.name}"
    return bodies


def released_code(dest: Path) -> dict[str, ast.Module]:
    """Every Python file and every notebook code cell of the release, parsed."""
    code: dict[str, ast.Module] = {}
    for path in sorted(dest.rglob("*")):
        name = path.relative_to(dest).as_posix()
        if path.suffix == ".py":
            tree = parse(path.read_text(encoding="utf-8"))
            assert tree is not None, f"{name} is not Python"
            code[name] = tree
        elif path.suffix == ".ipynb":
            for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
                if cell["cell_type"] == "code":
                    tree = parse("".join(cell["source"]))
                    assert tree is not None, f"{name} cell {index} is not Python"
                    code[f"{name} cell {index}"] = tree
    return code


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("release") / "student-repo"
    made = subprocess.run(
        [sys.executable, "-m", "course", "release", str(dest)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert made.returncode == 0, made.stderr
    return dest


def test_the_release_ships_no_grading_side_file(release: Path) -> None:
    files = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert not [f for f in files if f.startswith("course/answers/")], "the course's answers shipped"
    assert not [
        f for f in files if f.startswith("coursekit/nb") and f not in {"coursekit/nb01.py", "coursekit/nb06_rules.py"}
    ]
    assert {f"data/checkpoints/{n}.json" for n in NOTEBOOKS} <= files, "the precomputed checkpoint store is missing"


def notebook_of(name: str) -> str | None:
    """The notebook a released file belongs to ("04" for notebooks/04_*.ipynb or coursekit/nb04*.py), if any."""
    match = re.match(r"(?:notebooks/|coursekit/nb)(\d\d)", name)
    return match.group(1) if match else None


def test_no_solution_statement_of_any_master_is_in_the_release(release: Path) -> None:
    """A statement of notebook NN's solution may appear only where the course shows it on purpose: in NN's own
    edition outside its answer cells (an example call the prompt gives), or in a later notebook, which builds
    on what the student has done by then. Anywhere else (coursekit, data, an earlier notebook) it is a leak."""
    shipped = {name: statements(tree) for name, tree in released_code(release).items()}
    masters = [m for m in master_paths() if m.name[:2] in NOTEBOOKS]
    assert len(masters) == len(NOTEBOOKS)
    leaks = []
    for master in masters:
        secrets = solution_statements(master)
        assert secrets, f"{master.name}: no solution statement found (has the solution format changed?)"
        for name, found in shipped.items():
            owner = notebook_of(name)
            if owner is not None and owner >= master.name[:2]:
                continue
            leaks += [(master.name, name, ast.unparse(node_of(s))) for s in secrets & found]
    assert not leaks, f"solution code in the release: {leaks[:5]}"


def test_no_reference_function_body_is_in_the_release(release: Path) -> None:
    bodies = reference_bodies()
    assert len(bodies) > 20, "course/answers/ defines fewer reference functions than expected"
    leaks = [
        (name, bodies[body_of(node)])
        for name, tree in released_code(release).items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and body_of(node) in bodies
    ]
    assert not leaks, f"reference functions in the release: {leaks[:5]}"


def test_the_comparison_catches_a_reference_function_pasted_under_another_name(tmp_path: Path) -> None:
    """The test itself can fail: a reference body, reformatted and renamed, is found."""
    from course.answers import nb07

    source = inspect.getsource(nb07.find_years).replace("def find_years", "def my_years").replace("    ", "  ")
    (tmp_path / "copy.py").write_text(source + "\n# a comment\n", encoding="utf-8")
    found = [
        node
        for tree in released_code(tmp_path).values()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
    ]
    assert found and body_of(found[0]) in reference_bodies()


def grading_side_imports(source: str) -> list[str]:
    """The modules of the instructor's `course` package (course.answers, course.grading...) that code imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [name for name in names if name == "course" or name.startswith("course.")]
    return found


def test_nothing_student_side_imports_the_grading_side(release: Path) -> None:
    """Issue 24.3: coursekit and every released file stand alone; the grading side is only the instructor's."""
    sources = {
        p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in (ROOT / "coursekit").rglob("*.py")
    }
    for path in release.rglob("*"):
        name = path.relative_to(release).as_posix()
        if path.suffix == ".py":
            sources[f"release/{name}"] = path.read_text(encoding="utf-8")
        elif path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
            sources.update({f"release/{name} cell {i}": text for i, text in enumerate(code) if "import" in text})
    offending = {}
    for name, text in sources.items():
        try:
            found = grading_side_imports(text)
        except SyntaxError:  # a cell with IPython magics: no Python import of ours can hide in it unparsed
            found = [line for line in text.splitlines() if re.match(r"\s*(from|import)\s+course\b", line)]
        if found:
            offending[name] = found
    # The one exception, and why: under otter's grading mode (the autograder zip, Gradescope) no jail hands
    # checkpoint values over, so course_value imports them from the course.answers the zip carries, and only
    # after the question's check. In a student's copy that line never runs (no grading mode), and forced it
    # finds no course package. Any other import of the grading side fails here.
    allowed = {"coursekit/checkpoints.py": ["course.answers"], "release/coursekit/checkpoints.py": ["course.answers"]}
    assert offending == allowed, f"student-side code imports the grading side: {offending}"


def test_the_import_check_can_fail() -> None:
    assert grading_side_imports("from course.answers.nb01 import reference_kwic\nimport coursekit") == [
        "course.answers.nb01"
    ]
    assert grading_side_imports("import course.grading.jail as j") == ["course.grading.jail"]
