"""The class list: which hand-in is whose, who handed in nothing, and which files match no one.

A roster is Canvas's gradebook export (Student, ID, SIS User ID, SIS Login ID, Section, then one
column per assignment, and a "Points Possible" row) or a plain CSV with name, id and login columns.
A file is matched by the Canvas user id in its name, Gradescope's submitter (sid, email, name), or
the student's name or login in the file name; a file that matches no one, or more than one student,
is reported and never becomes a student of its own in canvas.csv.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from course.grading import csvfile, marks
from course.grading.intake import Submission

CANVAS_FIXED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
READ_ONLY = re.compile(r"(current|final|unposted) (score|points|grade)|override", re.I)


class RosterError(ValueError):
    """The roster file cannot be read; the message says which row or column and what to do."""


@dataclass
class Person:
    """One student of the roster."""

    key: str
    """the student's id in the gradebook: the SIS Login ID, else the Canvas ID, else the name"""
    name: str
    id: str
    sis_user: str
    login: str
    section: str


def fold(text: str) -> str:
    """Lower case, accents off, letters and digits only: how names are compared."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def read(path: Path) -> dict[str, Any]:
    """The roster as data: its students and (for a Canvas export) its assignment columns."""
    text = marks.decode(path.read_bytes())
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count) if first else ","
    records = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if any(c.strip() for c in r)]
    if not records:
        raise RosterError(f"{path} is empty: give Canvas's gradebook export or a CSV with name, id and login columns")
    header = [csvfile.unneutral(h.strip()) for h in records[0]]
    lower = [h.lower() for h in header]
    people, columns = [], []
    if all(c in header for c in ["Student", "ID"]):
        columns = [h for h in header if h not in CANVAS_FIXED and h and not READ_ONLY.search(h)]
        for record in records[1:]:
            entry = dict(zip(header, [c.strip() for c in record], strict=False))
            name = entry.get("Student", "")
            if "points possible" in name.lower() or not entry.get("ID", "").isdigit():
                continue  # the Points Possible row, Canvas's posting-policy row
            if fold(name) in ("studenttest", "teststudent"):
                continue  # Canvas's test student
            people.append(
                person(
                    name,
                    entry["ID"],
                    entry.get("SIS User ID", ""),
                    entry.get("SIS Login ID", ""),
                    entry.get("Section", ""),
                )
            )
    elif "name" in lower and ("id" in lower or "login" in lower):
        where = {h: lower.index(h) for h in ("name", "id", "login", "section") if h in lower}
        for number, record in enumerate(records[1:], start=2):
            cells = [c.strip() for c in record] + [""] * len(header)
            name = cells[where["name"]]
            if not name:
                raise RosterError(f"{path.name} row {number}, column 'name': empty")
            people.append(
                person(
                    name,
                    cells[where["id"]] if "id" in where else "",
                    "",
                    cells[where["login"]] if "login" in where else "",
                    cells[where["section"]] if "section" in where else "",
                )
            )
    else:
        raise RosterError(
            f"{path.name} row 1: the header ({', '.join(header[:6])}) is neither Canvas's gradebook export "
            "(Student, ID, SIS User ID, SIS Login ID, Section, ...) nor a CSV with the columns name, id, login"
        )
    keys = [p.key for p in people]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise RosterError(f"{path.name}: these students appear more than once: {', '.join(twice[:10])}")
    return {"source": str(path), "columns": columns, "students": [asdict(p) for p in people]}


def person(name: str, canvas_id: str, sis_user: str, login: str, section: str) -> Person:
    key = login or canvas_id or name
    return Person(key=key, name=name, id=canvas_id, sis_user=sis_user, login=login, section=section)


def name_forms(name: str) -> set[str]:
    """A roster name as a file may spell it: 'Doe, Jane' as doejane (Canvas), janedoe, jane, doe."""
    if "," in name:
        last, _, first = name.partition(",")
    else:
        *firsts, last = name.split() or [""]
        first = " ".join(firsts)
    return {f for f in {fold(last + first), fold(first + last), fold(name)} if f}


@dataclass
class Match:
    """How one file was matched: the student, or why none."""

    file: str
    assignment: str
    student: str
    how: str


def assign(subs: list[Submission], roster: dict[str, Any]) -> list[Match]:
    """Give each hand-in its roster student (sub.student becomes the roster key); return how each matched."""
    people = [Person(**p) for p in roster.get("students", [])]
    by_id = {p.id: p for p in people if p.id}
    by_other: dict[str, list[Person]] = {}
    for p in people:
        for value in (p.login, p.sis_user):
            if value:
                by_other.setdefault(fold(value), []).append(p)
    by_name: dict[str, list[Person]] = {}
    for p in people:
        for form in name_forms(p.name):
            by_name.setdefault(form, []).append(p)
    found = []
    for sub in subs:
        who, how = None, ""
        if sub.anonymous:
            how = "anonymous: Canvas hides the student; lift anonymity in Canvas and download again to match it"
        elif sub.canvas_id:
            who = by_id.get(sub.canvas_id)
            how = "Canvas user id" if who else f"Canvas user id {sub.canvas_id} is not in the roster"
        elif sub.who:
            for value in (sub.who.get("sid", ""), sub.who.get("email", "")):
                hits = by_other.get(fold(value), []) or ([by_id[value]] if value in by_id else [])
                if len(hits) == 1:
                    who, how = hits[0], "Gradescope submitter"
                    break
            if who is None:
                hits = by_name.get(fold(sub.who.get("name", "")), [])
                who = hits[0] if len(hits) == 1 else None
                how = "Gradescope submitter's name" if who else "Gradescope's submitter is not in the roster"
        else:
            who, how = by_file_name(sub, by_other, by_name)
        found.append(Match(str(sub.path), sub.assignment, who.key if who else "", how))
        sub.matched = how
        if who is not None:
            sub.student, sub.canvas_id = who.key, who.id
    return found


def by_file_name(sub: Submission, by_other: dict, by_name: dict) -> tuple[Person | None, str]:
    """A student's own file name: their login or name somewhere in it, when exactly one student fits."""
    words = fold(sub.student)
    hits = {id(p): p for k, ps in by_other.items() if len(k) > 2 and k in words for p in ps}
    how = "login in the file name"
    if not hits:
        hits = {id(p): p for k, ps in by_name.items() if len(k) > 3 and k in words for p in ps}
        how = "name in the file name"
    if len(hits) == 1:
        return next(iter(hits.values())), how
    if hits:
        names = ", ".join(sorted(p.name for p in hits.values()))
        return None, f"the file name fits more than one student ({names})"
    return None, "the file name names no student of the roster"


def report(subs: list[Submission], roster: dict[str, Any]) -> list[dict[str, str]]:
    """Rows of roster-report.csv: files that matched no one, and students with no hand-in per assignment."""
    keys = {p["key"] for p in roster.get("students", [])}
    lines = [
        {
            "problem": "file matches no student",
            "assignment": sub.assignment,
            "student": sub.student,
            "file": str(sub.path),
            "detail": sub.matched or "not matched",
        }
        for sub in subs
        if sub.student not in keys
    ]
    handed = {(sub.student, sub.assignment) for sub in subs if sub.student in keys}
    for assignment in sorted({sub.assignment for sub in subs if sub.assignment}):
        for p in roster.get("students", []):
            if (p["key"], assignment) not in handed:
                lines.append(
                    {
                        "problem": "no hand-in",
                        "assignment": assignment,
                        "student": p["key"],
                        "file": "",
                        "detail": p["name"],
                    }
                )
    return lines
