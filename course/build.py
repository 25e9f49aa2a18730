"""Build the student editions and autograders from the master notebooks.

``course/source/NN_*.ipynb`` (otter-grader assign format) becomes
``notebooks/NN_*.ipynb`` (committed; what students open), and
``dist/autograder/NN_*.zip`` (otter's autograder, which Gradescope accepts as
it is) plus ``dist/solutions/NN_*.ipynb`` (the executed-by-nobody solution
edition, used by the tests and by teachers).

Everything committed is reproducible byte-for-byte: otter gives every cell a
random id, so the build replaces ids with ones derived from the notebook name
and the cell's position; autograder zips get fixed timestamps.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course import text

ROOT = text.ROOT
SOURCE = ROOT / "course" / "source"
# Folders every notebook reads (coursekit: charts and checkpoints); otter copies them next to the
# notebook in the autograder, and the release copies them into the student repository.
SUPPORT_DIRS = ("data", "seeds", "coursekit")
# The course's answers (grading side): the autograder zips carry them for the hidden tests, as
# files/course/answers/; the student repository and the jail's course files never do.
ANSWERS = Path("course") / "answers"
# The checkpoint store (what a student's copy hands over after a miss): in the student repository only.
# The zips leave it out: under otter run the checkpoints get their values from course/answers, and only
# after the question's check (coursekit.checkpoints.course_value).
STORE = Path("data") / "checkpoints"
# What the autograder holds that the jail must not see (course.grading.autograder leaves it out).
GRADING_ONLY = ("course/",)
# The stand-in package file that makes files/course/answers importable as course.answers under otter run.
ANSWERS_PACKAGE = '"""Grading side of the course, shipped in the autograder only: the course\'s answers."""\n'
# What the autograder's environment installs besides otter: the students' pins (Binder's list).
GRADING_REQUIREMENTS = Path("binder") / "requirements.txt"
# The file, inside each autograder zip, that records what the zip was built from.
BUILD_RECORD = "course-build.json"
# 1980-01-01, the earliest time a zip entry can hold: the same bytes on every build.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class BuiltNotebook:
    """What the build made from one master."""

    name: str
    student: str
    solution: str
    autograder: bytes


def masters(source: Path = SOURCE) -> list[Path]:
    """The master notebooks, in course order."""
    found = sorted(source.glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise FileNotFoundError(f"no master notebooks (NN_name.ipynb) in {source}")
    return found


def stable_cell_ids(nb: nbformat.NotebookNode, name: str) -> None:
    """Give each cell an id from the notebook name and the cell's position."""
    for index, cell in enumerate(nb.cells):
        cell["id"] = hashlib.sha1(f"{name}:{index}".encode()).hexdigest()[:12]


def normalise(nb: nbformat.NotebookNode, name: str) -> str:
    """The notebook as the text the build writes: stable ids, no outputs, no trailing blank cell."""
    while nb.cells and nb.cells[-1].cell_type == "markdown" and not nb.cells[-1].source.strip():
        nb.cells.pop()
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    stable_cell_ids(nb, name)
    return nbformat.writes(nb) + "\n"


def reproducible_zip(path: Path, extra: dict[str, bytes] | None = None) -> bytes:
    """The zip's entries (plus `extra` ones), sorted, with fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        entries = {name: (source.read(name), source.getinfo(name).external_attr) for name in source.namelist()}
        entries |= {name: (data, 0o644 << 16) for name, data in (extra or {}).items()}
        for entry in sorted(entries):
            data, attributes = entries[entry]
            info = zipfile.ZipInfo(entry, date_time=ZIP_EPOCH)
            info.external_attr = attributes
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return buffer.getvalue()


def inputs_digest(master: Path, root: Path = ROOT) -> str:
    """sha256 of everything an autograder is built from: the master, the support folders, the requirements."""
    digest = hashlib.sha256(master.read_bytes())
    files = [root / GRADING_REQUIREMENTS]
    for folder in (*SUPPORT_DIRS, ANSWERS):
        files += sorted(
            p
            for p in (root / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and not p.is_relative_to(root / STORE)
        )
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def recorded_digest(zip_path: Path) -> str | None:
    """The inputs digest an autograder zip was built from (None for a zip the build did not make)."""
    try:
        with zipfile.ZipFile(zip_path) as archive:
            return json.loads(archive.read(BUILD_RECORD))["inputs_sha256"]
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None


def stale_autograder(master: Path, root: Path = ROOT) -> str | None:
    """Why dist/autograder/<master>.zip no longer matches its master (None when it does)."""
    zip_path = root / "dist" / "autograder" / f"{master.stem}.zip"
    if not zip_path.exists():
        return f"{zip_path.relative_to(root)}: missing"
    if recorded_digest(zip_path) != inputs_digest(master, root):
        return (
            f"{zip_path.relative_to(root)}: built from an older {master.name} or older data "
            "(an edited test would be ignored)"
        )
    return None


@contextlib.contextmanager
def quiet() -> Iterator[io.StringIO]:
    """Hold otter's own printing; the build prints one line per notebook instead."""
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
        yield captured


def assign(master: Path, root: Path = ROOT) -> BuiltNotebook:
    """Run otter assign on one master in a scratch copy of the course.

    otter only copies support files that sit below the master, so the scratch
    copy puts data/ and seeds/ next to the master; the notebooks find them
    there in the autograder and at ../ in notebooks/.
    """
    from otter.assign import main as otter_assign

    name = master.stem
    with tempfile.TemporaryDirectory(prefix="course-build-") as scratch:
        stage = Path(scratch) / "stage"
        stage.mkdir()
        shutil.copy(master, stage / master.name)
        for folder in SUPPORT_DIRS:
            shutil.copytree(root / folder, stage / folder, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        shutil.rmtree(stage / STORE, ignore_errors=True)
        shutil.copytree(root / ANSWERS, stage / ANSWERS, ignore=shutil.ignore_patterns("__pycache__", ".*", "calls.py"))
        (stage / ANSWERS.parent / "__init__.py").write_text(ANSWERS_PACKAGE, encoding="utf-8")
        # The grading image (Gradescope, `otter grade`) installs the students' pinned packages, so that a
        # notebook imports there what it imports on Binder; the master's config names this file.
        shutil.copy(root / GRADING_REQUIREMENTS, stage / "requirements.txt")
        out = Path(scratch) / "out"
        with quiet() as log:
            try:
                otter_assign(str(stage / master.name), str(out), no_pdfs=True, no_run_tests=True)
            except Exception as error:
                raise RuntimeError(f"otter assign failed on {master}: {error}\n{log.getvalue()}") from error
        student = nbformat.read(out / "student" / master.name, as_version=4)
        solution = nbformat.read(out / "autograder" / master.name, as_version=4)
        zips = list((out / "autograder").glob("*.zip"))
        if len(zips) != 1:
            raise RuntimeError(f"otter assign made {len(zips)} autograder zips for {master}, expected 1")
        return BuiltNotebook(
            name=name,
            student=normalise(student, name),
            solution=normalise(solution, name),
            autograder=reproducible_zip(zips[0], {BUILD_RECORD: build_record(master, root)}),
        )


def build_record(master: Path, root: Path = ROOT) -> bytes:
    """What the build records in an autograder zip, so that check and grade can tell a stale one."""
    return json.dumps({"master": master.name, "inputs_sha256": inputs_digest(master, root)}, indent=1).encode()


def generated_data(root: Path = ROOT) -> dict[Path, str]:
    """The data files derived from the seed and the course's answers, by path, as the build would write them now."""
    tables = text.generated_tables(root / "seeds" / text.SEED.name)
    return {root / "data" / name: body for name, body in tables.items()} | generated_checkpoints(root)


def generated_checkpoints(root: Path = ROOT) -> dict[Path, str]:
    """Which question owns each checkpoint (course/answers/checkpoints.json), and the student's store
    (data/checkpoints/NN.json): what a checkpoint hands over after a miss, made from course/answers."""
    from course import answers

    owned = answers.owners(root / "course" / "source")
    made = {root / ANSWERS / "checkpoints.json": answers.owners_text(root / "course" / "source")}
    for notebook in answers.NOTEBOOKS:
        made[root / STORE / f"{notebook}.json"] = answers.store_text(notebook, owned.get(notebook, {}))
    package = root / "data" / "datapackage.json"
    stores = {
        path.relative_to(root / "data").as_posix(): body for path, body in made.items() if root / STORE in path.parents
    }
    made[package] = described_stores(package.read_text(encoding="utf-8"), stores)
    return made


def described_stores(package: str, stores: dict[str, str]) -> str:
    """data/datapackage.json with one resource per checkpoint store file (replacing the build's earlier ones)."""
    descriptor = json.loads(package)
    kept = [r for r in descriptor["resources"] if not r["path"].startswith(STORE.name + "/")]
    licence = {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0 (course data)",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    }
    for path, body in sorted(stores.items()):
        notebook = Path(path).stem
        kept.append(
            {
                "name": f"checkpoints-{notebook}",
                "path": path,
                "type": "json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "hash": "sha256:" + hashlib.sha256(body.encode()).hexdigest(),
                "title": f"What notebook {notebook}'s checkpoints hand over after a miss",
                "description": (
                    f"Written by `python -m course build` from the course's answers (grading side). For each "
                    f"checkpoint of notebook {notebook}: the question that owns it, how a student's value is "
                    "compared, and the value the cells below use when the student's is not ready: a value as "
                    "typed JSON data, a function as the results of exactly the calls the notebook makes with it "
                    "(never its code). Read by coursekit.checkpoint; not an answer key: at grading a checkpoint "
                    "hands nothing over before its question is captured."
                ),
                "licenses": [licence],
            }
        )
    descriptor["resources"] = kept
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write only when the content differs, so that timestamps stay put; say whether it wrote."""
    data = content.encode() if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target, then rename: a reader (another test worker) never sees half a file.
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)
    return True


def select(all_masters: list[Path], only: list[str] | None) -> list[Path]:
    """The masters whose name starts with one of `only` (e.g. "02" or "02_tabulating"), or all of them."""
    if not only:
        return all_masters
    chosen = [m for m in all_masters if any(m.name.startswith(prefix) for prefix in only)]
    if not chosen:
        names = ", ".join(m.stem for m in all_masters)
        raise FileNotFoundError(f"no master matches {' '.join(only)}; the masters are: {names}")
    return chosen


def build(root: Path = ROOT, log: Callable[[str], None] = print, only: list[str] | None = None) -> list[Path]:
    """Regenerate data tables, student editions and autograders; return the committed files that changed."""
    changed = [path for path, body in generated_data(root).items() if write_if_changed(path, body)]
    every_master = masters(root / "course" / "source")
    all_masters = select(every_master, only)
    for number, master in enumerate(all_masters, start=1):
        started = time.perf_counter()
        built = assign(master, root)
        student_path = root / "notebooks" / master.name
        if write_if_changed(student_path, built.student):
            changed.append(student_path)
        write_if_changed(root / "dist" / "solutions" / master.name, built.solution)
        write_if_changed(root / "dist" / "autograder" / f"{built.name}.zip", built.autograder)
        log(f"[{number}/{len(all_masters)}] {master.name}: built in {time.perf_counter() - started:.1f} s")
    for orphan in orphans(root, every_master):
        log(f"note: {orphan.relative_to(root)} has no master in course/source/; delete it if it is obsolete")
    return changed


def orphans(root: Path, all_masters: list[Path]) -> list[Path]:
    """Notebooks in notebooks/ that no master builds (left behind when a master is renamed or removed)."""
    expected = {m.name for m in all_masters}
    return [p for p in sorted((root / "notebooks").glob("*.ipynb")) if p.name not in expected]


def stale_files(root: Path = ROOT, log: Callable[[str], None] = print) -> list[str]:
    """Committed generated files that differ from what the build would make now, with the reason."""
    problems = []
    for path, body in generated_data(root).items():
        if not path.exists() or path.read_text(encoding="utf-8") != body:
            problems.append(f"{path.relative_to(root)}: differs from what the build makes (seed, course/answers)")
    all_masters = masters(root / "course" / "source")
    for master in all_masters:
        student_path = root / "notebooks" / master.name
        built = assign(master, root)
        if not student_path.exists():
            problems.append(f"{student_path.relative_to(root)}: missing (master {master.name} has no student edition)")
        elif student_path.read_text(encoding="utf-8") != built.student:
            problems.append(f"{student_path.relative_to(root)}: differs from what its master builds")
        zip_path = root / "dist" / "autograder" / f"{master.stem}.zip"
        if zip_path.exists() and (reason := stale_autograder(master, root)):
            problems.append(reason)
        log(f"checked {master.name}")
    problems += [f"{orphan.relative_to(root)}: no master in course/source/" for orphan in orphans(root, all_masters)]
    return problems
