"""The written-answers sheet: one row per student and written question, marked by hand with the rubrics.

The sheet is the markers' own file: a re-grade or a merge rewrites it with every mark, criterion mark,
comment and extra column kept. Reading it back accepts what spreadsheets write (a UTF-8 byte-order
mark, Windows-1252, semicolons or tabs between cells, a decimal comma); a cell that cannot be read
stops the merge with its row and column, so that nothing is merged halfway. One column per rubric
criterion (from course/rubrics.md) lets a marker mark criterion by criterion; the question's mark is
then their sum. This module reads what a spreadsheet wrote and knows nothing of notebooks or graded rows;
building the sheet from the graded rows is course.grading.written.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from course.grading import csvfile

RUBRICS = Path(__file__).resolve().parents[1] / "rubrics.md"
KEY = ["student", "assignment", "question"]
BASE = ["student", "assignment", "question", "points", "blank", "answer"]
MARKER = ["mark", "comment"]
CHECK = "check"
CRITERION = re.compile(r"^(?P<name>.+) \[0-(?P<max>[0-9.]+)\]$")


class MarksError(ValueError):
    """The sheet cannot be read or holds a mark that cannot be used; the message names the row and column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def rubrics(path: Path = RUBRICS) -> dict[str, list[tuple[str, float]]]:
    """Question name -> its rubric's criteria and their top level, in the rubric's order."""
    found: dict[str, list[tuple[str, float]]] = {}
    question, levels = "", 0.0
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        heading = re.match(r"^### (\w+):", line)
        if heading:
            question, levels = heading.group(1), 0.0
            found[question] = []
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if not question or not cells or set(cells[0]) <= {"-", " "}:
            continue
        if cells[0].lower() == "criterion":
            levels = max((float(c) for c in cells[1:] if re.fullmatch(r"[0-9.]+", c)), default=0.0)
        elif levels:
            found[question].append((cells[0], levels))
    return {name: criteria for name, criteria in found.items() if criteria}


def criterion_column(name: str, top: float) -> str:
    """A criterion's column header: its name and range, e.g. 'Evidence [0-1]'."""
    return f"{name} [0-{top:g}]"


def number(text: str) -> float:
    """A mark as a spreadsheet may write it: '3', '2.5', '2,5' (decimal comma), with spaces around."""
    value = text.strip().replace("\u00a0", "")
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    return float(value)


@dataclass
class Sheet:
    """The sheet as read: header, rows (each with its spreadsheet line number), and what it was written with."""

    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]

    def criteria_columns(self) -> dict[str, str]:
        """Criterion name -> its column, for the criterion columns the header has."""
        return {m["name"]: column for column in self.header if (m := CRITERION.match(column))}

    def extra_columns(self) -> list[str]:
        """Columns a marker added (kept as they are)."""
        known = {*BASE, *MARKER, CHECK, *self.criteria_columns().values()}
        return [c for c in self.header if c not in known]


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as older Excel saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read(path: Path) -> Sheet:
    """Read a marks sheet; MarksError when its header lacks the columns a mark needs."""
    text = decode(path.read_bytes())
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = list(reader)
    if not records:
        raise MarksError([f"{path.name} is empty: it needs the header row that 'course grade' wrote"])
    header = [csvfile.unneutral(h.strip()) for h in records[0]]
    missing = [c for c in [*KEY, "mark"] if c not in header]
    if missing:
        raise MarksError(
            [
                f"{path.name} row 1 (the header): no column {', '.join(repr(c) for c in missing)}; found "
                f"{', '.join(repr(h) for h in header[:8])}. Keep the header row as 'course grade' wrote it"
            ]
        )
    rows, lines = [], []
    line = 1
    for record in records[1:]:
        line += 1
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            raise MarksError([f"{path.name} row {line}: {len(record)} cells but {len(header)} columns in the header"])
        cells = [csvfile.unneutral(c) for c in record] + [""] * (len(header) - len(record))
        rows.append(dict(zip(header, cells, strict=True)))
        lines.append(line)
    return Sheet(path, header, rows, lines)


def key(entry: dict[str, str]) -> tuple[str, str, str]:
    return (entry.get("student", "").strip(), entry.get("assignment", "").strip(), entry.get("question", "").strip())


def marker_fields(sheet: Sheet, entry: dict[str, str]) -> dict[str, str]:
    """What a marker typed in one row: mark, comment, criterion marks and added columns (non-empty only)."""
    columns = ["mark", "comment", *sheet.criteria_columns().values(), *sheet.extra_columns()]
    return {c: entry[c] for c in columns if c in entry and entry[c].strip()}


def value(entry: dict[str, str], where: str, points: float, criteria: list[tuple[str, float]]) -> float | None:
    """The question's mark in a row (its mark, or the sum of its criterion marks); None when not marked.

    Raises MarksError naming the row and column at fault.
    """
    problems = []
    given: dict[str, float] = {}
    for name, top in criteria:
        column = criterion_column(name, top)
        cell = entry.get(column, "").strip()
        if not cell:
            continue
        try:
            given[name] = number(cell)
        except ValueError:
            problems.append(f"{where}, column '{column}': '{cell}' is not a number")
            continue
        if not 0 <= given[name] <= top:
            problems.append(f"{where}, column '{column}': {cell} is outside 0-{top:g}")
    others = [c for c, v in entry.items() if CRITERION.match(c) and v.strip() and c not in _columns(criteria)]
    problems += [
        f"{where}, column '{c}': this criterion is not in the rubric of {entry.get('question')}" for c in others
    ]
    mark = None
    cell = entry.get("mark", "").strip()
    if cell:
        try:
            mark = number(cell)
        except ValueError:
            problems.append(f"{where}, column 'mark': '{cell}' is not a number (write e.g. 3 or 2.5)")
        else:
            if not 0 <= mark <= points:
                problems.append(f"{where}, column 'mark': {cell} is outside 0-{points:g}")
    if given and len(given) < len(criteria):
        empty = [criterion_column(n, t) for n, t in criteria if n not in given]
        problems.append(f"{where}: criteria marked in part; empty: {', '.join(empty)}")
    elif given and mark is not None and abs(sum(given.values()) - mark) > 1e-9:
        problems.append(
            f"{where}, column 'mark': {cell} is not the sum of the criterion marks ({sum(given.values()):g})"
        )
    if problems:
        raise MarksError(problems)
    if mark is None and given:
        mark = round(sum(given.values()), 4)
    return mark


def _columns(criteria: list[tuple[str, float]]) -> set[str]:
    return {criterion_column(n, t) for n, t in criteria}


def marks_of(sheet_rows: list[dict[str, str]], lines: list[int], name: str) -> tuple[dict, list[str]]:
    """(student, assignment, question) -> mark for every marked row, and the problems of the rest."""
    table = rubrics()
    found, problems = {}, []
    for entry, line in zip(sheet_rows, lines, strict=True):
        where = f"{name} row {line} ({entry.get('student')}, {entry.get('question')})"
        try:
            points = number(entry.get("points") or "0")
        except ValueError:
            problems.append(f"{where}, column 'points': '{entry.get('points')}' is not a number")
            continue
        try:
            mark = value(entry, where, points, table.get(entry.get("question", ""), []))
        except MarksError as error:
            problems += error.problems
            continue
        if mark is not None:
            found[key(entry)] = mark
    return found, problems
