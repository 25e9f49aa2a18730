"""python -m course release: a student-only copy with no master, solution, autograder or hidden test."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, master_paths


def test_release_holds_only_what_students_need(tmp_path: Path, built_dist: Path) -> None:
    dest = tmp_path / "student-repo"
    result = subprocess.run(
        [sys.executable, "-m", "course", "release", str(dest)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert result.returncode == 0, result.stderr
    files = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}
    assert {"README.md", "requirements.txt", "runtime.txt", "binder/requirements.txt"} <= files
    assert {f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")} <= files
    assert all(not f.startswith(("course/source/", "tests/", "dist/", "benchmarks/", ".gradescope")) for f in files)
    assert not [f for f in files if f.startswith("course/") and not f.endswith(".md")], "the course package shipped"
    assert "course/instructor-guide.md" not in files
    # everything the notebooks and the documents link to is in the student repository
    link = re.compile(r"\]\((?!https?:|mailto:|#)([^)#\s]+)")
    broken = [
        (f, target)
        for f in files
        if f.endswith((".md", ".ipynb"))
        for target in link.findall((dest / f).read_text(encoding="utf-8"))
        if not (dest / f).parent.joinpath(target).resolve().exists()
    ]
    assert not broken, f"links to files the student repository does not hold: {broken[:5]}"
    assert os.access(dest / "binder" / "postBuild", os.X_OK), "Binder's postBuild must ship, executable"
    assert "my_texts/" in (dest / ".gitignore").read_text(encoding="utf-8")
    assert not [f for f in files if f.endswith(".zip") or (f.endswith(".py") and not f.startswith("coursekit/"))]
    assert {"coursekit/__init__.py", "SOURCES.md", "CITATION.cff", "readings/ethics.md"} <= files
    requirements = (dest / "requirements.txt").read_text(encoding="utf-8")
    installed = {line.split("==")[0] for line in requirements.splitlines() if line and not line.startswith("#")}
    assert not installed & {"pytest", "nbval", "ruff", "playwright", "-e ."} and "otter-grader" in installed

    # No solution and no hidden test anywhere: the text of every hidden test's assertions, and every
    # solution block of every master, is absent from every file of the release.
    secrets, hidden = set(), set()
    for zip_path in (built_dist / "autograder").glob("*.zip"):
        import zipfile

        with zipfile.ZipFile(zip_path) as archive:
            for name in archive.namelist():
                if name.startswith("tests/"):
                    for block in archive.read(name).decode().split("@test_case")[1:]:
                        if "hidden=True" in block.split("\n", 1)[0]:
                            hidden |= {ln.strip() for ln in block.splitlines() if ln.strip().startswith("assert ")}
    for master in master_paths():
        cells = json.loads(master.read_text(encoding="utf-8"))["cells"]
        inside = False
        for cell in cells:
            source = "".join(cell["source"])
            if cell["cell_type"] == "raw" and source.startswith("# BEGIN SOLUTION"):
                inside = True
            elif cell["cell_type"] == "raw" and source.startswith("# END SOLUTION"):
                inside = False
            elif inside and cell["cell_type"] == "code":
                secrets |= {ln.strip() for ln in source.splitlines() if len(ln.strip()) > 25 and "..." not in ln}
    # lines of a solution that the student edition also gives (a function's signature) are not secret
    handed_out = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    secrets = {s for s in secrets if json.dumps(s)[1:-1] not in handed_out and s not in handed_out}
    hidden = {s for s in hidden if json.dumps(s)[1:-1] not in handed_out and s not in handed_out}
    # the article's own words, quoted in a model answer, are not a secret
    article = (ROOT / "seeds" / "rwanda-military-diplomacy.txt").read_text(encoding="utf-8")
    secrets = {s for s in secrets if s.strip("\"',() ") not in article}
    assert secrets and hidden
    texts = {f: (dest / f).read_text(encoding="utf-8", errors="replace") for f in files}
    # coursekit's checkpoint modules (nbNN.py) hold the course's values that later cells fall back on,
    # by design (issue 12): solutions may be there, hidden tests nowhere.
    leaks = [(f, s) for f, text in texts.items() for s in hidden if s in text]
    leaks += [(f, s) for f, text in texts.items() if not f.startswith("coursekit/nb") for s in secrets if s in text]
    assert not leaks, leaks[:3]
    # and no notebook carries hidden tests in its metadata
    for f in files:
        if f.endswith(".ipynb"):
            tests = json.loads(texts[f]).get("metadata", {}).get("otter", {}).get("tests", {})
            assert all("hidden=True" not in body for body in tests.values()), f


def test_release_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    result = subprocess.run(
        [sys.executable, "-m", "course", "release", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 2
    assert "not empty" in result.stderr


def test_release_updates_a_clone_of_the_student_repository_in_place(tmp_path: Path, built_dist: Path) -> None:
    from course import release

    clone = tmp_path / "students"
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    (clone / ".git" / "marker").write_text("history", encoding="utf-8")
    (clone / "notebooks").mkdir()
    (clone / "notebooks" / "99_removed-from-the-course.ipynb").write_text("{}", encoding="utf-8")
    made = release.release(clone, repo="https://github.com/acme/rwanda-students", hub="https://hub.example.edu")
    assert (clone / ".git" / "marker").read_text(encoding="utf-8") == "history", "the clone's .git was touched"
    assert made.removed == ["notebooks/99_removed-from-the-course.ipynb"]
    assert not (clone / "notebooks" / "99_removed-from-the-course.ipynb").exists()
    readme = (clone / "README.md").read_text(encoding="utf-8")
    assert "https://mybinder.org/v2/gh/acme/rwanda-students/main?urlpath=lab/tree/notebooks/01_" in readme
    assert (
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Facme%2Frwanda-students"
        in readme
    )
    again = release.release(clone, repo="https://github.com/acme/rwanda-students", hub="https://hub.example.edu")
    assert (again.added, again.changed, again.removed) == ([], [], []), "a second release changed files"
