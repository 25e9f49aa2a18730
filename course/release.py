"""A student-only copy of the course, for teachers who publish the student repository separately.

It holds what students open and read (the student editions, data/, seeds/, the sources document,
the citation file and the short readings the notebooks point to), what installs it (a requirements
file without the instructor tooling, Binder's configuration) and a README for students.
It never holds a master, a solution, an autograder or a test: those stay with the teacher.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from course import build

ROOT = build.ROOT
# Instructor and CI tools, and the course package itself: not installed for students.
INSTRUCTOR_ONLY = {"nbval", "pytest", "pytest-xdist", "frictionless", "playwright", "ruff"}
# Documents students read, as (path in the course, path in the release): the same paths in both
# repositories, so that the notebooks' links work in each.
STUDENT_DOCUMENTS = (
    ("SOURCES.md", "SOURCES.md"),
    ("CITATION.cff", "CITATION.cff"),
    ("readings/further-reading.md", "readings/further-reading.md"),
    ("readings/ethics.md", "readings/ethics.md"),
)

STUDENT_README = """# Reading an article computationally: Rwanda's military diplomacy

Jupyter notebooks that teach you to read one article with Python, pandas and altair:
Federico Donelli, "Rwanda's military support to other countries is part of a strategy to boost
its reputation", *The Conversation*, 2024.

## Start

- **On Binder** (nothing to install): use the link your teacher gives you.
- **On your computer** (Python 3.11), from this folder:

  ```bash
  python3.11 -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/jupyter lab notebooks/
  ```

  On Windows: `py -3.11 -m venv .venv`, then `.venv\\Scripts\\` in place of `.venv/bin/`.

## Working through the notebooks

{table}

- Work through them in order. Each says at the top what you will learn and how long it takes.
- After each exercise, run the `grader.check(...)` cell under it: a failing check says what to fix.
- Before you hand in, run **Kernel > Restart Kernel and Run All Cells**, save, then run the last
  cell: it makes a zip file next to the notebook. Hand in that zip (or the .ipynb, if your teacher
  asks for it). Your teacher grades it by running it from top to bottom, with more checks than the
  ones you see.

## Readings and sources

- `readings/ethics.md`: a short reading to do before the first notebook.
- `readings/further-reading.md`: full references for the methods and the subject.
- `SOURCES.md`: every source outside the article, with its date and what each figure counts.
- `CITATION.cff`: how to cite the course.

## Licences

Course text and data: CC BY 4.0. The article in `seeds/` is © Federico Donelli, published by
The Conversation under CC BY-ND 4.0 (see `seeds/SOURCE.md`). Code: MIT (see `LICENSE`).
"""


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


def release(dest: Path, root: Path = ROOT) -> list[Path]:
    """Write the student copy into dest (new or empty); return the files written."""
    if dest.exists() and any(dest.iterdir()):
        raise RuntimeError(f"{dest} is not empty: give a new or empty folder, so nothing of yours is overwritten")
    student_notebooks = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not student_notebooks:
        raise FileNotFoundError(f"no student editions in {root / 'notebooks'}: run 'python -m course build' first")
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "notebooks").mkdir()
    for notebook in student_notebooks:
        shutil.copy(notebook, dest / "notebooks" / notebook.name)
    for folder in build.SUPPORT_DIRS:
        shutil.copytree(root / folder, dest / folder, ignore=shutil.ignore_patterns(".*", "__pycache__"))
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
        shutil.copy(root / source, dest / target)
    (dest / ".gitignore").write_text(".ipynb_checkpoints/\n.venv/\nnotebooks/*.zip\n.OTTER_LOG\n", encoding="utf-8")
    table = "\n".join(f"- `notebooks/{nb.name}`" for nb in student_notebooks)
    (dest / "README.md").write_text(STUDENT_README.replace("{table}", table), encoding="utf-8")
    return sorted(p for p in dest.rglob("*") if p.is_file())
