"""Binder: the configuration repo2docker reads, and the README's badge.

repo2docker uses binder/ when it exists and then ignores the top-level files,
so binder/ holds a student-only environment: the same pins as requirements.txt,
without the instructors' and CI's tools and without the local `course` package.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.chart_kernel import CHART, REFUSE_BUNDLING, SETUP, WIDGET, Kernel
from tests.conftest import ROOT, master_paths, read_notebook, student_paths

BINDER = ROOT / "binder"
# The test suite's and the type checker's tools (mypy and its stub packages).
NOT_FOR_STUDENTS = {"pytest", "pytest-xdist", "playwright", "ruff", "nbval", "frictionless"}
NOT_FOR_STUDENTS |= {"mypy", "pandas-stubs", "types-pyyaml"}
BADGE = re.compile(
    r"\[!\[Binder\]\(https://mybinder\.org/badge_logo\.svg\)\]"
    r"\(https://mybinder\.org/v2/gh/[^/\s]+/[^/\s]+/main\?urlpath=lab/tree/(notebooks/[^)\s]+\.ipynb)\)"
)


def pins(path: Path) -> dict[str, Requirement]:
    """The requirements of a pip requirements file, by canonical name (comments and -e lines left out)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-e"):
            requirement = Requirement(line)
            found[canonicalize_name(requirement.name)] = requirement
    return found


def test_runtime_is_the_same_python_as_ci() -> None:
    assert (BINDER / "runtime.txt").read_text().strip() == (ROOT / "runtime.txt").read_text().strip() == "python-3.11"


def test_requirements_are_pinned_like_the_main_install() -> None:
    lines = [line.split("#")[0].strip() for line in (BINDER / "requirements.txt").read_text().splitlines()]
    assert not [line for line in lines if line.startswith("-")], "binder/requirements.txt must not install -e ."
    binder, main = pins(BINDER / "requirements.txt"), pins(ROOT / "requirements.txt")
    for name, requirement in binder.items():
        assert len(requirement.specifier) == 1 and next(iter(requirement.specifier)).operator == "==", (
            f"binder/requirements.txt: pin {name} with == as requirements.txt does"
        )
        assert name in main, f"binder/requirements.txt has {name}, which requirements.txt does not"
        assert requirement.specifier == main[name].specifier, (
            f"{name}: binder/requirements.txt says {requirement.specifier}, requirements.txt {main[name].specifier}"
        )
    assert not NOT_FOR_STUDENTS & binder.keys(), f"tools students do not need: {NOT_FOR_STUDENTS & binder.keys()}"
    assert {"jupyterlab", "ipykernel"} <= binder.keys(), "Binder must install JupyterLab and the kernel"


def test_every_package_the_notebooks_import_is_installed_on_binder() -> None:
    modules = set()
    for path in [*student_paths(), *master_paths()]:
        for cell in read_notebook(path).cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(
                    "\n".join(line for line in cell.source.splitlines() if not line.startswith(("%", "!")))
                )
            except SyntaxError:
                continue  # a student's unfinished answer cell; nbval reports real syntax errors
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    modules.add(node.module.split(".")[0])
    distributions = packages_distributions()
    needed = {canonicalize_name(d) for m in modules for d in distributions.get(m, [])}
    missing = needed - pins(BINDER / "requirements.txt").keys() - {"course"}
    assert not missing, f"the notebooks import packages that binder/requirements.txt does not install: {missing}"


def test_student_readme_badge_opens_notebook_01_of_the_student_repository(tmp_path: Path) -> None:
    from course import release

    release.release(tmp_path / "students", repo="https://github.com/acme/rwanda-students")
    readme = (tmp_path / "students" / "README.md").read_text(encoding="utf-8")
    badge = BADGE.search(readme)
    assert badge, "the student README has no Binder badge [![Binder](...badge_logo.svg)](...urlpath=lab/tree/...)"
    assert badge.group(1) == f"notebooks/{student_paths()[0].name}"
    assert "mybinder.org/v2/gh/acme/rwanda-students/main" in badge.group(0)
    assert (tmp_path / "students" / badge.group(1)).is_file()
    assert "mybinder.org/v2/gh" not in (ROOT / "README.md").read_text(encoding="utf-8"), (
        "the instructor's README must not send students to this repository"
    )


def test_post_build_keeps_the_chart_bundle_the_notebooks_read(tmp_path: Path) -> None:
    post_build = BINDER / "postBuild"
    assert os.access(post_build, os.X_OK), "binder/postBuild must be executable (chmod +x)"
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # the python with altair, as on Binder
    env = {**os.environ, "HOME": str(tmp_path), "PATH": path}
    subprocess.run(["bash", str(post_build)], env=env, check=True, capture_output=True, text=True, timeout=120)
    kept = list((tmp_path / ".cache" / "rwanda-course").iterdir())
    assert len(kept) == 1, f"postBuild should keep one bundle, not {kept}"
    bundle = kept[0].read_text(encoding="utf-8")
    assert len(bundle) > 100_000 and "esm.sh" not in bundle, "postBuild kept JavaScript that loads Vega from a CDN"
    kernel = Kernel(tmp_path)
    try:
        kernel.run(REFUSE_BUNDLING)  # bundling in the kernel now raises: the chart must use postBuild's file
        kernel.run(SETUP)
        shown = kernel.run(CHART)
        assert len(shown) == 1 and WIDGET in shown[0], f"the chart was not shown as altair's widget: {shown}"
    finally:
        kernel.close()
