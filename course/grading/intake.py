"""Intake: read a folder of hand-ins; which student, which assignment, and whether it is a notebook at all.

Students hand in either the .ipynb or the zip that the notebook's export cell makes (otter's
``grader.export``). The assignment comes from the notebook's ``metadata.otter.assignment_name`` (a
renamed file is still graded as what it is); the student comes from the file name, or from the
folder when the file name is only the assignment's. Everything here is read without running a line
of the submission, and nothing a file holds stops the batch: any failure to read it is that file's
reason. Student ids keep what tells students apart: a Canvas file's user id is part of the id (two
Canvas users with the same name are two students).
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

# otter's export zips end in _YYYY_MM_DDTHH_MM_SS_ffffff
EXPORT_STAMP = re.compile(r"_(\d{4}_\d{2}_\d{2}T\d{2}_\d{2}_\d{2}_\d+)$")
# Canvas's "Download submissions": name[_LATE]_USERID_SUBMISSIONID_original-name. The name is the student's
# sortable name in lower case without spaces or punctuation, so accented and non-Latin letters stay; with
# anonymous grading it is "anonymous" (and the id is not the user's).
CANVAS_NAME = re.compile(r"^(?P<name>[^\W_]*)(?P<late>_late)?_(?P<user>\d+)_(?P<sub>\d+)_(?P<rest>.*)$", re.I)
# A browser's or a file manager's copy: "name (1).ipynb", "name-1.ipynb" is Canvas's resubmission suffix
COPY_SUFFIX = re.compile(r"(?: ?\(\d+\)| - Copy(?: \(\d+\))?)$")
CANVAS_RESUBMISSION = re.compile(r"-\d+$")
GRADESCOPE_METADATA = "submission_metadata.yml"
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
MAX_ZIP_TOTAL = 200 * 1024 * 1024
# A bulk download (Canvas's submissions.zip) may unpack to this many times its own size, or MAX_ZIP_TOTAL if
# more: honest notebooks compress a few times; a zip bomb a thousand times.
MAX_BULK_RATIO = 50
# Files a hand-in zip carries besides its notebook, sent into the jail (a text of the student's own for 07):
# at most this many bytes in all; a longer name part than a file system allows is left out with a reason.
MAX_EXTRA_TOTAL = 16 * 1024 * 1024
MAX_NAME_BYTES = 255
# Names the course provides in the jail's folder: a hand-in's own file of that name is not used.
COURSE_NAMES = ("data", "seeds", "tests", "coursekit")
# What unpack_bulk could not unpack, by placeholder file (beside it, hidden): each becomes a row with its reason.
UNPACK_PROBLEMS = ".unpack-problems.json"
BLANK_WRITTEN = "_Type your answer here, replacing this text._"


@dataclass
class Submission:
    """One handed-in file, read and classified (not yet run)."""

    path: Path
    student: str
    canvas_id: str = ""
    assignment: str = ""
    notebook_name: str = ""
    notebook_text: str = ""
    extra_files: list[tuple[str, bytes]] = field(default_factory=list)
    status: str = ""  # set when the file cannot be graded: empty, invalid, not-a-notebook, wrong-assignment
    reason: str = ""
    stamp: str = ""
    late: bool = False
    """Canvas marked the hand-in late (its file name says LATE)"""
    anonymous: bool = False
    """Canvas's anonymous grading: the file names no student"""
    who: dict[str, str] = field(default_factory=dict)
    """what the LMS says about the student: name, sid, email (Gradescope's metadata)"""
    matched: str = ""
    """how the roster matched the file to a student, or why it could not"""
    mtime: float = 0.0
    """the file's modification time (the path shown may be a printable stand-in for a name that is not UTF-8)"""
    left_out: list[str] = field(default_factory=list)
    """files of the hand-in zip not sent into the jail, each with why (the row's reason lists them)"""

    @property
    def notebook(self) -> dict:
        return json.loads(self.notebook_text)


def find_files(paths: list[Path]) -> list[tuple[Path, Path]]:
    """(file, the argument it came from) for every .ipynb and .zip named or inside the given folders."""
    found: list[tuple[Path, Path]] = []
    for given in paths:
        if given.is_dir():
            for path in sorted(given.rglob("*")):
                hidden = any(part.startswith(".") or part == "__MACOSX" for part in path.relative_to(given).parts)
                if path.is_file() and path.suffix.lower() in (".ipynb", ".zip") and not hidden:
                    found.append((path, given))
        elif given.is_file():
            found.append((given, given.parent))
        else:
            raise FileNotFoundError(f"no such file or folder: {given}")
    return found


def student_from_name(path: Path, root: Path, assignments: list[str], assignment: str) -> tuple[str, str, str]:
    """(student, Canvas user id or "", export timestamp or "") from the file name.

    The file name minus the assignment's name and otter's export timestamp is the student; if nothing
    is left (the student handed in the file under its own name), the folder it sits in names them.
    """
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    stem = unicodedata.normalize("NFC", COPY_SUFFIX.sub("", stem))
    canvas_id = ""
    match = CANVAS_NAME.match(stem)
    if match:
        stem, canvas_id = CANVAS_RESUBMISSION.sub("", COPY_SUFFIX.sub("", match["rest"])), match["user"]
    stamp = ""
    found = EXPORT_STAMP.search(stem)
    if found:
        stamp, stem = found.group(1), stem[: found.start()]
    for name in sorted({assignment, *assignments} - {""}, key=len, reverse=True):
        stem = stem.replace(name, "")
    stem = stem.strip("_-. ")
    if path.parent != root and not names_someone(stem):  # "Ming Xu/HW1 final.zip": the folder names the student
        stem = path.parent.name
    if match:  # Canvas: the name Canvas gives, made unique by the user id
        return f"{match['name'].lower() or 'student'}-{canvas_id}", canvas_id, stamp
    return stem or path.stem, canvas_id, stamp


# Words a hand-in's file name holds that name no one: "HW1 final", "notebook 2 (draft)", "Assignment-01 v2".
NO_ONE = frozenset(
    {
        *("hw", "homework", "assignment", "assign", "lab", "notebook", "nb", "final", "draft", "submission"),
        *("submit", "version", "v", "copy", "untitled", "week", "task", "exercise", "ex", "part", "ipynb"),
        *("zip", "my", "the", "of", "and", "answers", "answer", "course", "module", "unit"),
    }
)


def names_someone(stem: str) -> bool:
    """Whether a file name (without the assignment's name) holds anything but hand-in words and numbers."""
    words = re.findall(r"[^\W\d_]+", stem.lower())
    return any(word not in NO_ONE for word in words)


def unpack_bulk_files(
    files: list[tuple[Path, Path]], into: Path, log: Callable[[str], None] = print
) -> list[tuple[Path, Path]]:
    """The files with every LMS bulk download (Canvas's submissions.zip) replaced by the hand-ins it holds.

    A bulk zip is unpacked into ``into`` whether it was named on the command line or left inside a folder
    of hand-ins, so that its students are graded the same way in both places.
    """
    found: list[tuple[Path, Path]] = []
    used: set[Path] = set()
    for path, given in files:
        if path.suffix.lower() != ".zip" or not bulk_zip(path):
            found.append((path, given))
            continue
        target = into / safe_folder(path.stem)
        number = 1
        while target in used:
            number += 1
            target = into / f"{safe_folder(path.stem)}-{number}"
        used.add(target)
        folder = unpack_bulk(path, target.parent, target.name)
        log(f"{path.name} holds many hand-ins (an LMS's bulk download): unpacked to {folder}")
        found += find_files([folder])
    return found


def read_notebook_bytes(path: Path) -> tuple[str, bytes, list[tuple[str, bytes]], str]:
    """(notebook file name, its bytes, other files, problem) from an .ipynb or an export zip."""
    if path.suffix.lower() != ".zip":
        size = path.stat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            return path.name, b"", [], f"file is {size // 1_000_000} MB, more than a notebook can be"
        return path.name, path.read_bytes(), [], ""
    try:
        return read_zip(path)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as error:
        return path.name, b"", [], f"not a readable zip file ({type(error).__name__}: {str(error)[:200]})"


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """One member's bytes, never more than budget (a zip may lie about its sizes)."""
    with archive.open(info) as handle:
        data = handle.read(budget + 1)
    if len(data) > budget:
        raise ValueError("the zip unpacks to more than it says, or more than 200 MB")
    return data


def read_zip(path: Path) -> tuple[str, bytes, list[tuple[str, bytes]], str]:
    """(notebook file name, its bytes, other files, problem) from an export zip."""
    with zipfile.ZipFile(path) as archive:
        entries = members(archive)
        if sum(info.file_size for info in entries) > MAX_ZIP_TOTAL:
            return path.name, b"", [], "the zip unpacks to more than 200 MB"
        notebooks = [info for info in entries if info.filename.lower().endswith(".ipynb")]
        if len(notebooks) != 1:
            what = "no notebook" if not notebooks else f"{len(notebooks)} notebooks"
            return path.name, b"", [], f"the zip holds {what}; expected exactly one .ipynb"
        extra = extra_files(archive, [info for info in entries if info is not notebooks[0]])
        notebook = read_member(archive, notebooks[0], MAX_NOTEBOOK_BYTES)
        return PurePosixPath(notebooks[0].filename).name, notebook, extra, ""


def members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """A hand-in zip's files, less folders, macOS's resource forks and hidden files."""
    return [
        info
        for info in archive.infolist()
        if not info.is_dir() and not info.filename.startswith("__MACOSX/") and "/." not in "/" + info.filename
    ]


def extra_files(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> list[tuple[str, bytes]]:
    """(relative path, bytes) of the hand-in zip's other files that go into the jail beside the notebook.

    Left out, each named in the row by extra_left_out: the course's own folders and files (data/, seeds/,
    tests/, coursekit, which the jail provides), names no file system takes, and whatever comes after
    MAX_EXTRA_TOTAL bytes (a 40 MB file would not fit the job's frame; grading never needs it).
    """
    extra, total = [], 0
    for info in sorted(entries, key=lambda i: i.file_size):
        if extra_left_out(info) or total + info.file_size > MAX_EXTRA_TOTAL:
            continue
        data = read_member(archive, info, MAX_EXTRA_TOTAL - total)
        total += len(data)
        extra.append((str(PurePosixPath(info.filename)), data))
    return extra


def extra_left_out(info: zipfile.ZipInfo) -> str:
    """Why a hand-in zip's file is not sent into the jail ("" if it is sent)."""
    relative = PurePosixPath(info.filename)
    if relative.is_absolute() or ".." in relative.parts or relative.name == ".OTTER_LOG" or not relative.parts:
        return "skipped"  # otter's log plays no part in grading; an unsafe path is never written
    if relative.parts[0] in COURSE_NAMES:
        return f"{relative.parts[0]} is the course's own (the jail has the course's copy)"
    if any(len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES for part in relative.parts):
        return f"its name is longer than the {MAX_NAME_BYTES} bytes a file name may have"
    if info.file_size > MAX_EXTRA_TOTAL:
        return f"it is {info.file_size // 2**20} MB; only {MAX_EXTRA_TOTAL // 2**20} MB of files go with a notebook"
    return ""


def left_out_files(path: Path) -> list[str]:
    """'name: why' for each file of a hand-in zip that is not sent into the jail (none for an .ipynb)."""
    if path.suffix.lower() != ".zip":
        return []
    found = []
    with zipfile.ZipFile(path) as archive:
        entries = [info for info in members(archive) if not info.filename.lower().endswith(".ipynb")]
        sent = {name for name, _ in extra_files(archive, entries)}
    for info in entries:
        why = extra_left_out(info)
        if why != "skipped" and str(PurePosixPath(info.filename)) not in sent:
            shown = printable(info.filename)
            found.append(f"{shown[:60]}{'...' if len(shown) > 60 else ''}: {why or 'over the size for extra files'}")
    return found


def load(path: Path, root: Path, assignments: list[str]) -> Submission:
    """Read one file and classify it; never raises for a bad file (the reason says what is wrong)."""
    submission = Submission(path=path, student="")
    try:
        submission.mtime = path.stat().st_mtime
        classify(submission, path, assignments)
        submission.left_out = left_out_files(path) if not submission.status else []
    except Exception as error:  # noqa: BLE001 - whatever the file holds, it is this file's reason
        submission.status = "invalid"
        submission.reason = f"the file could not be read as a notebook ({type(error).__name__}: {str(error)[:200]})"
        submission.notebook_text = ""
    problem = unpack_problem(path, root)
    if problem:
        submission.status, submission.reason, submission.notebook_text = "invalid", problem, ""
    shown = Path(printable(str(path)))
    if shown != path:  # every file written from here on is UTF-8: the row shows the name with U+FFFD for its odd bytes
        submission.path, submission.notebook_text, submission.status = shown, "", "invalid"
        submission.reason = (
            f"the file name is not UTF-8 (shown here as {shown.name!r}): rename the file and grade it again"
        )
        path, root = shown, Path(printable(str(root)))
    submission.student, submission.canvas_id, submission.stamp = student_from_name(
        path, root, assignments, submission.assignment
    )
    stem = unicodedata.normalize("NFC", path.stem)
    match = CANVAS_NAME.match(stem)
    if match:
        submission.late = bool(match["late"])
        submission.anonymous = match["name"].lower().startswith("anon")
        if submission.anonymous:  # the number is Canvas's anonymous id, not a user id
            submission.student, submission.canvas_id = f"anonymous-{match['user']}", ""
    export = gradescope_export(path, root)  # Gradescope: EXPORT/submission_N/file
    who = gradescope_submitters(export).get(path.relative_to(export).parts[0]) if export else None
    if who:
        submission.who = who
        submission.student = who.get("sid") or who.get("email") or who.get("name") or submission.student
    return submission


def gradescope_export(path: Path, root: Path) -> Path | None:
    """The Gradescope export folder a file lies in: the shallowest folder under root, above the file's own,
    that holds a submission_metadata.yml. Only the export's own metadata says who a file belongs to: a
    metadata file deeper down was uploaded by a student (to be graded as someone else), and is ignored."""
    for folder in reversed([p for p in path.parents if p.is_relative_to(root)][1:]):
        if (folder / GRADESCOPE_METADATA).is_file():
            return folder
    return None


def printable(text: str) -> str:
    """A path or name as UTF-8 can write it: bytes that are not UTF-8 become U+FFFD."""
    return os.fsencode(text).decode("utf-8", "replace")


def unpack_problem(path: Path, root: Path) -> str:
    """Why unpack_bulk left this placeholder instead of a member of a bulk download ("" for any other file)."""
    for folder in [p for p in path.parents if p.is_relative_to(root)]:
        problems = folder / UNPACK_PROBLEMS
        if problems.is_file():
            try:
                found = json.loads(problems.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return ""
            reason = found.get(path.relative_to(folder).as_posix()) if isinstance(found, dict) else None
            return reason if isinstance(reason, str) else ""
    return ""


def classify(submission: Submission, path: Path, assignments: list[str]) -> None:
    """Read the file into the submission and set its status when it cannot be graded."""
    try:
        name, data, extra, problem = read_notebook_bytes(path)
    except OSError as error:
        name, data, extra, problem = path.name, b"", [], f"cannot read the file ({error})"
    submission.notebook_name, submission.extra_files = name, extra
    assignment = ""
    if problem:
        submission.status, submission.reason = "invalid", problem
    elif not data.strip():
        submission.status, submission.reason = "empty", "the file is empty (0 bytes or only spaces)"
    else:
        try:
            text = data.decode("utf-8-sig")
            nb = json.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            submission.status = "invalid"
            submission.reason = f"not valid JSON, so not a saved notebook ({error}); ask for the file again"
        else:
            if not well_formed(nb):
                submission.status = "not-a-notebook"
                submission.reason = (
                    "valid JSON but not a Jupyter notebook (version 4, with cells, each an object with a "
                    "cell_type and a text source, and metadata that is an object)"
                )
            else:
                meta = nb.get("metadata", {}).get("otter") or {}
                named = meta.get("assignment_name") if isinstance(meta, dict) else ""
                assignment = named if isinstance(named, str) else ""
                submission.notebook_text = without_outputs(nb)
                if not assignment:
                    submission.status = "wrong-assignment"
                    submission.reason = (
                        "the notebook has no metadata.otter.assignment_name: it is not one of the course's "
                        "notebooks (or was copied into a new notebook); ask the student for the course notebook"
                    )
                elif assignment not in assignments:
                    submission.status = "wrong-assignment"
                    known = ", ".join(assignments) or "none"
                    submission.reason = f"the notebook is for '{assignment}', which is not one of: {known}"
    submission.assignment = assignment


def without_outputs(nb: dict) -> str:
    """The notebook as JSON with its code cells' stored outputs dropped: grading runs the cells again and never
    reads them, and 45 MB of old outputs would not fit the jail's file-size limit."""
    copy = {**nb, "cells": [{**cell} for cell in nb["cells"]]}
    for cell in copy["cells"]:
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return json.dumps(copy, ensure_ascii=False)


def well_formed(nb: Any) -> bool:
    """A notebook whose every part the grader reads has the JSON type nbformat gives it."""
    if not isinstance(nb, dict) or nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        return False
    if not isinstance(nb.get("metadata", {}), dict):
        return False
    for cell in nb["cells"]:
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            return False
        source = cell.get("source", "")
        if not (isinstance(source, str) or (isinstance(source, list) and all(isinstance(s, str) for s in source))):
            return False
        meta = cell.get("metadata", {})
        if not isinstance(meta, dict) or not isinstance(meta.get("tags", []), list):
            return False
    return True


def answer_cells(nb: dict) -> dict[str, list[str]]:
    """Question name -> sources of its answer cells (tagged otter_answer_cell).

    A code answer belongs to the question of the next ``grader.check("...")`` cell. An answer
    between a manual question's <!-- BEGIN QUESTION --> and <!-- END QUESTION --> markers is also
    that question's written answer, markdown or code (notebook 06 asks for its arguments in a code
    cell, so the structure is auto-graded and the same prose marked by hand); manual questions are
    named "manual-1", "manual-2", ... in order (the caller maps them to the masters' names).
    """
    answers: dict[str, list[str]] = {}
    pending: list[str] = []
    manual_index = 0
    in_manual = False
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        tags = ((cell.get("metadata") or {}).get("tags")) or []
        is_answer = "otter_answer_cell" in tags
        if cell.get("cell_type") == "markdown":
            begin, end = source.rfind("<!-- BEGIN QUESTION -->"), source.rfind("<!-- END QUESTION -->")
            if begin >= 0:
                manual_index += 1
            if begin >= 0 or end >= 0:
                in_manual = begin > end
            if is_answer and manual_index:
                answers.setdefault(f"manual-{manual_index}", []).append(source)
            continue
        if cell.get("cell_type") != "code":
            continue
        if is_answer:
            if in_manual:
                answers.setdefault(f"manual-{manual_index}", []).append(source)
            pending.append(source)
            continue
        for question in re.findall(r"grader\.check\(\s*['\"]([^'\"]+)['\"]", source):
            answers.setdefault(question, []).extend(pending)
            pending = []
    return answers


def normalised(sources: list[str]) -> str:
    """Answer text with whitespace collapsed, to compare with the unanswered template."""
    return " ".join(" ".join(sources).split())


def blank_questions(nb: dict, template: dict, manual_names: list[str]) -> list[str]:
    """Questions whose answer cells are empty or as the student edition left them."""
    given, original = answer_cells(nb), answer_cells(template)
    blank = []
    for question, sources in original.items():
        answer = normalised(given.get(question, []))
        if not answer or answer == normalised(sources) or answer == normalised([BLANK_WRITTEN]):
            blank.append(question)
    renamed = {f"manual-{i}": name for i, name in enumerate(manual_names, start=1)}
    return [renamed.get(q, q) for q in blank]


@functools.lru_cache(maxsize=16)
def gradescope_submitters(root: Path) -> dict[str, dict[str, str]]:
    """Folder name (submission_NNN) -> the first submitter's name, sid and email, from Gradescope's export."""
    import yaml

    path = root / GRADESCOPE_METADATA
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return {}
    found = {}
    for folder, entry in data.items() if isinstance(data, dict) else []:
        submitters = (entry or {}).get(":submitters") or (entry or {}).get("submitters") or []
        if submitters and isinstance(submitters[0], dict):
            first = {str(k).lstrip(":"): str(v) for k, v in submitters[0].items() if v is not None}
            found[str(folder)] = first
    return found


def bulk_zip(path: Path) -> bool:
    """Whether a zip is an LMS's bulk download (several hand-ins, e.g. Canvas's submissions.zip), not one hand-in."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.startswith("__MACOSX/") and not n.endswith("/")]
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    notebooks = [n for n in names if n.lower().endswith(".ipynb")]
    zips = [n for n in names if n.lower().endswith(".zip")]
    named = [n for n in names if CANVAS_NAME.match(PurePosixPath(n).name) or n.endswith(GRADESCOPE_METADATA)]
    return len(notebooks) > 1 or bool(zips) or (bool(named) and len(names) > 1)


def unpack_bulk(path: Path, into: Path, name: str = "") -> Path:
    """Unpack a bulk download into ``into``/``name`` (default: the zip's name); return the folder.

    Members with unsafe paths are skipped.

    A member that cannot be unpacked (a name longer than a file system allows, a name that is both a file
    and a folder, more than the zip may unpack to in all) leaves a placeholder that intake reads as one row
    with the reason, beside everyone else's.
    """
    target = into / (name or safe_folder(path.stem))
    problems: dict[str, str] = {}
    total = max(MAX_ZIP_TOTAL, MAX_BULK_RATIO * path.stat().st_size)
    budget = total
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            relative = PurePosixPath(info.filename)
            if info.is_dir() or relative.is_absolute() or ".." in relative.parts or relative.parts[0] == "__MACOSX":
                continue
            if relative.name == UNPACK_PROBLEMS:  # only unpacking says what could not be unpacked
                continue
            try:
                if info.file_size > budget:
                    raise ValueError(f"the zip unpacks to more than {total // 2**20} MB in all (a zip bomb?)")
                data = read_member(archive, info, budget)  # a member that lies about its size stops there too
                budget -= len(data)
                unpack_member(target, relative, data)
            except (OSError, ValueError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
                why = str(error) if isinstance(error, ValueError) else describe_unpack_error(error, relative)
                problems[placeholder(target, relative)] = f"{printable(info.filename)[:120]} was not unpacked: {why}"
    if problems:
        (target / UNPACK_PROBLEMS).write_text(json.dumps(problems, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def unpack_member(target: Path, relative: PurePosixPath, data: bytes) -> None:
    """Write one member of a bulk download (OSError when the file system refuses its name or place)."""
    destination = target.joinpath(*relative.parts)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if destination.is_dir():
        raise IsADirectoryError(destination)
    destination.write_bytes(data)


def describe_unpack_error(error: BaseException, relative: PurePosixPath) -> str:
    """Why a member could not be written, in words."""
    if isinstance(error, OSError) and error.errno == 36:  # ENAMETOOLONG
        return f"its name is longer than the {MAX_NAME_BYTES} bytes a file name may have"
    if isinstance(error, IsADirectoryError | NotADirectoryError | FileExistsError):
        return "the zip holds the same name both as a file and as a folder"
    return f"{type(error).__name__}: {str(error)[:200]}"


def placeholder(target: Path, relative: PurePosixPath) -> str:
    """Write an empty stand-in for a member that could not be unpacked; its path relative to target.

    Beside the member where its folder exists (a Gradescope submission folder still names the student),
    with a name a file system takes: the start of the member's name, a hash, and .zip or .ipynb.
    """
    import hashlib

    digest = hashlib.sha256(str(relative).encode("utf-8", "surrogateescape")).hexdigest()[:10]
    suffix = ".zip" if relative.suffix.lower() == ".zip" else ".ipynb"
    stem = relative.name.encode("utf-8", "surrogateescape")[:100].decode("utf-8", "ignore")
    folder = target
    for part in relative.parts[:-1]:
        if not (folder / part).is_dir():
            break
        folder = folder / part
    folder.mkdir(parents=True, exist_ok=True)
    stand_in = folder / f"{safe_folder(stem)}-not-unpacked-{digest}{suffix}"
    stand_in.write_bytes(b"")
    return stand_in.relative_to(target).as_posix()


def safe_folder(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip("._") or "submissions"
