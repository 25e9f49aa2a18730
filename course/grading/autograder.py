"""An assignment's grading material, read from its autograder zip in the trusted process only."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from course import build

ROOT = build.ROOT


@dataclass
class Autograder:
    """One assignment: its questions and points, its course files (files/ of the zip), its template."""

    name: str
    zip_path: Path
    questions: list[str]
    possible: dict[str, float]
    support_dir: Path
    manual: list[tuple[str, float]]
    template: dict

    @property
    def auto_possible(self) -> float:
        return sum(self.possible.values())


def course_assignments(root: Path = ROOT) -> list[str]:
    """Assignment names the course has: its masters, plus any autograder already built in dist/."""
    names = {p.stem for p in (root / "course" / "source").glob("[0-9][0-9]_*.ipynb")}
    names |= {p.stem for p in (root / "dist" / "autograder").glob("*.zip")}
    return sorted(names)


def manual_questions(master: Path) -> list[tuple[str, float]]:
    """(name, points) of the written (manual) questions in a master, in order."""
    if not master.exists():
        return []
    found = []
    for cell in json.loads(master.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "raw" and source.lstrip().startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(source.split("\n", 1)[1]) or {}
            if config.get("manual"):
                found.append((str(config["name"]), float(config.get("points", 0) or 0)))
    return found


class StaleAutograder(RuntimeError):
    """An autograder zip no longer matches its master: grading with it would ignore the edited tests."""


def refuse_stale(name: str, root: Path = ROOT) -> None:
    """Raise StaleAutograder when dist/autograder/NAME.zip was built from an older master or older data.

    A stale zip would grade with the old hidden tests and say nothing; the instructor rebuilds it (and
    commits the student editions the build updates), so that what is graded is what the master says.
    """
    master = root / "course" / "source" / f"{name}.ipynb"
    zip_path = root / "dist" / "autograder" / f"{name}.zip"
    if master.exists() and zip_path.exists() and (reason := build.stale_autograder(master, root)):
        raise StaleAutograder(
            f"nothing graded: {reason}. Run 'python -m course build {name[:2]}' (and commit the student "
            "editions it updates), then grade again"
        )


def grading_only(entry: str) -> bool:
    """An entry of the zip's files/ that the jail must not see: the course's answers (build.GRADING_ONLY).

    The trusted tests import them from the course package itself; the support folder is bound into the jail.
    """
    return entry[len("files/") :].startswith(build.GRADING_ONLY)


def load(name: str, scratch: Path, root: Path = ROOT) -> Autograder:
    """Read dist/autograder/NAME.zip (building it from its master if missing); unpack its files/.

    Raises StaleAutograder for a zip that no longer matches its master.
    """
    from otter.test_files.exception_test import ExceptionTestFile

    zip_path = root / "dist" / "autograder" / f"{name}.zip"
    if not zip_path.exists():
        build.build(root, log=lambda line: None, only=[name])
    refuse_stale(name, root)
    support = scratch / "support" / name
    possible = {}
    with zipfile.ZipFile(zip_path) as archive:
        for entry in archive.namelist():
            if entry.startswith("tests/") and entry.endswith(".py") and not entry.endswith("__init__.py"):
                parsed = ExceptionTestFile.from_string(archive.read(entry).decode("utf-8"), path=f"./{entry}")
                possible[parsed.name] = float(parsed.possible)
            elif entry.startswith("files/") and not entry.endswith("/") and not grading_only(entry):
                target = support / entry[len("files/") :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(entry))
    support.mkdir(parents=True, exist_ok=True)
    template_path = root / "notebooks" / f"{name}.ipynb"
    template = json.loads(template_path.read_text(encoding="utf-8")) if template_path.exists() else {"cells": []}
    return Autograder(
        name=name,
        zip_path=zip_path,
        questions=sorted(possible),
        possible=possible,
        support_dir=support,
        manual=manual_questions(root / "course" / "source" / f"{name}.ipynb"),
        template=template,
    )
