"""A student-only copy of the course, for teachers who publish the student repository separately.

It holds what students open and read (the student editions, data/, seeds/, the sources document,
the citation file and the short readings the notebooks point to), what installs it (a requirements
file without the instructor tooling, Binder's configuration) and a README for students.
It never holds a master, a solution, an autograder or a test: those stay with the teacher.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from course import build

ROOT = build.ROOT
# Instructor and CI tools, and the course package itself: not installed for students.
INSTRUCTOR_ONLY = {"nbval", "pytest", "pytest-xdist", "frictionless", "playwright", "axe-playwright-python", "ruff"}
# Documents students read, as (path in the course, path in the release): the same paths in both
# repositories, so that the notebooks' links work in each.
STUDENT_DOCUMENTS = (
    ("SOURCES.md", "SOURCES.md"),
    ("CITATION.cff", "CITATION.cff"),
    ("readings/further-reading.md", "readings/further-reading.md"),
    ("readings/ethics.md", "readings/ethics.md"),
    ("course/syllabus.md", "course/syllabus.md"),
    ("course/glossary.md", "course/glossary.md"),
    ("course/rubrics.md", "course/rubrics.md"),
    ("binder/postBuild", "binder/postBuild"),
)
# A Markdown link [text](target) to a file: in the student copy, one to a file it does not hold (the
# instructor guide) keeps its text and loses its target.
# What git keeps out of the student repository: environments, hand-ins, students' own texts (notebook 07).
STUDENT_GITIGNORE = (
    ".ipynb_checkpoints/\n.venv/\n__pycache__/\nnotebooks/hand-in/\nnotebooks/my_texts/\nmy_texts/\n.OTTER_LOG\n"
)
LOCAL_LINK = re.compile(r"\[([^\]]+)\]\((?!https?:|mailto:|#)([^)#\s]+)(#[^)\s]*)?\)")

STUDENT_README = """# Reading an article computationally: Rwanda's military diplomacy

Jupyter notebooks that teach you to read one article with Python, pandas and altair:
Federico Donelli, "Rwanda's military support to other countries is part of a strategy to boost
its reputation", *The Conversation*, 2024.

## Start

{start}
- **On your computer** (Python 3.11), from this folder:

  ```bash
  python3.11 -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/jupyter lab notebooks/
  ```

  On Windows: `py -3.11 -m venv .venv`, then `.venv\\Scripts\\` in place of `.venv/bin/`.

## Working through the notebooks

{table}

- Work through them in order. Each says at the top what you will learn and how long it takes, and
  starts with a set-up cell: run it first, and again after restarting the kernel.
- After each exercise, run the `grader.check(...)` cell under it: it names the first thing to fix,
  or says that your answer passes the checks you can see. Your teacher grades with more checks.
- A mistake never stops the rest of the notebook: after an exercise, a checkpoint cell lets the
  cells below use the course's own value when yours is not ready, without showing it.
- To hand in, save the notebook (Ctrl+S), then click **Make my hand-in** at the end of it. It
  makes `notebooks/hand-in/NN_name.zip` (replacing an earlier one); hand in that file as your
  teacher asks. It refuses, and says so, if the saved file is older than the code you ran.

## Readings and sources

- `readings/ethics.md`: a short reading to do before the first notebook.
- `readings/further-reading.md`: full references for the methods and the subject.
- `course/syllabus.md`, `course/glossary.md` and `course/rubrics.md` (how written answers are marked).
- `SOURCES.md`: every source outside the article, with its date and what each figure counts.
- `CITATION.cff`: how to cite the course.

## Licences

Course text and data: CC BY 4.0. The article in `seeds/` is © Federico Donelli, published by
The Conversation under CC BY-ND 4.0 (see `seeds/SOURCE.md`). Code: MIT (see `LICENSE`).
"""
NO_LINKS = "- **On Binder or your university's JupyterHub** (nothing to install): use the link your teacher gives you."


def start_lines(repo: str | None, hub: str | None, notebooks: list[Path]) -> str:
    """The README's ways to open the course: Binder and hub links for the student repository, when known."""
    if not repo:
        return NO_LINKS
    from course import links

    owner_repo = links.github_path(repo)
    first = notebooks[0].name
    lines = []
    if owner_repo:
        binder = f"https://mybinder.org/v2/gh/{owner_repo}/main?urlpath=lab/tree/notebooks/{first}"
        lines.append(
            f"- **On Binder** (nothing to install): [![Binder](https://mybinder.org/badge_logo.svg)]({binder})"
        )
    if hub:
        lines.append("- **On your university's JupyterHub**: one link per notebook; the first copies the course")
        lines.append("  into your home folder, later ones bring your teacher's updates without touching your work.")
        lines += [f"  - [{nb.stem}]({links.pull_link(hub, repo, nb.name)})" for nb in notebooks]
    return "\n".join(lines) or NO_LINKS


def student_requirements(root: Path = ROOT) -> str:
    """The student install list: Binder's if the course has one, else requirements.txt without the tools."""
    binder = root / "binder" / "requirements.txt"
    if binder.exists():
        return binder.read_text(encoding="utf-8")
    kept = ["# What students install (pinned, as the course's requirements.txt).\n"]
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name = line.split("==")[0].strip().lower()
        if not line.strip() or line.startswith("#") or line.startswith("-e") or name in INSTRUCTOR_ONLY:
            continue
        kept.append(line + "\n")
    return "".join(kept)


def without_missing_links(text: str, document: Path) -> str:
    """A Markdown document with its links to files the release does not hold turned into plain text."""

    def keep_or_unlink(match: re.Match[str]) -> str:
        target = (document.parent / match.group(2)).resolve()
        return match.group(0) if target.exists() else match.group(1)

    return LOCAL_LINK.sub(keep_or_unlink, text)


def snapshot(dest: Path) -> dict[str, str]:
    """sha256 of every file in dest except the git folder, by relative path."""
    return {
        p.relative_to(dest).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in dest.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(dest).parts
    }


def write_chart_bundle(coursekit: Path) -> Path:
    """Bundle Vega's JavaScript into the release's coursekit/, where the charts read it (coursekit.charts).

    Made here, once, so that a student's first notebook on a new computer does not spend about 2 s making it.
    """
    import importlib.util

    # coursekit is not an installed package (it ships beside the notebooks): load the copy being released.
    spec = importlib.util.spec_from_file_location("release_charts", coursekit / "charts.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"{coursekit / 'charts.py'} cannot be loaded: the release needs coursekit's charts.py")
    charts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(charts)
    target = coursekit / charts.VEGA_JS.name
    target.write_text(charts.make_bundle(), encoding="utf-8")
    return target


@dataclass(frozen=True)
class Release:
    """What a release wrote, and against an existing clone what it added, changed and removed."""

    files: list[Path]
    added: list[str]
    changed: list[str]
    removed: list[str]


def release(dest: Path, root: Path = ROOT, repo: str | None = None, hub: str | None = None) -> Release:
    """Write the student copy into dest: a new or empty folder, or a clone of the student repository.

    A clone keeps its .git (history, remote); everything else is replaced, so that a file removed from
    the course disappears from the student repository too.
    """
    if dest.exists() and any(dest.iterdir()) and not (dest / ".git").exists():
        raise RuntimeError(
            f"{dest} is not empty and not a git clone: give a new or empty folder, or a clone of the student "
            "repository (its .git is kept, the rest replaced), so nothing of yours is overwritten"
        )
    student_notebooks = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not student_notebooks:
        raise FileNotFoundError(f"no student editions in {root / 'notebooks'}: run 'python -m course build' first")
    before = snapshot(dest) if dest.exists() else {}
    dest.mkdir(parents=True, exist_ok=True)
    for entry in dest.iterdir():
        if entry.name != ".git":
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    (dest / "notebooks").mkdir()
    for notebook in student_notebooks:
        shutil.copy(notebook, dest / "notebooks" / notebook.name)
    for folder in build.SUPPORT_DIRS:
        shutil.copytree(root / folder, dest / folder, ignore=shutil.ignore_patterns(".*", "__pycache__"))
    write_chart_bundle(dest / "coursekit")
    requirements = student_requirements(root)
    runtime = (root / "runtime.txt").read_text(encoding="utf-8")
    (dest / "requirements.txt").write_text(requirements, encoding="utf-8")
    (dest / "runtime.txt").write_text(runtime, encoding="utf-8")
    (dest / "binder").mkdir()
    (dest / "binder" / "requirements.txt").write_text(requirements, encoding="utf-8")
    (dest / "binder" / "runtime.txt").write_text(runtime, encoding="utf-8")
    if (root / "LICENSE").exists():
        shutil.copy(root / "LICENSE", dest / "LICENSE")
    for source, target in STUDENT_DOCUMENTS:
        (dest / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / source, dest / target)  # copy2 keeps postBuild executable
    for _, target in STUDENT_DOCUMENTS:
        if target.endswith(".md"):
            text = (dest / target).read_text(encoding="utf-8")
            (dest / target).write_text(without_missing_links(text, dest / target), encoding="utf-8")
    (dest / ".gitignore").write_text(STUDENT_GITIGNORE, encoding="utf-8")
    table = "\n".join(f"- `notebooks/{nb.name}`" for nb in student_notebooks)
    readme = STUDENT_README.replace("{table}", table).replace("{start}", start_lines(repo, hub, student_notebooks))
    (dest / "README.md").write_text(readme, encoding="utf-8")
    after = snapshot(dest)
    return Release(
        files=sorted(p for p in dest.rglob("*") if p.is_file() and ".git" not in p.relative_to(dest).parts),
        added=sorted(after.keys() - before.keys()),
        changed=sorted(k for k in after.keys() & before.keys() if after[k] != before[k]),
        removed=sorted(before.keys() - after.keys()),
    )
