"""Lateness: which hand-ins came in after the due time, and by how much, from what the LMS records.

Two sources, both the LMS's own record (never the student's clock): Canvas writes ``LATE`` into the
file names of its "Download Submissions" zip when a hand-in came after the assignment's due date
(the name carries no time, so how late is in Canvas); Gradescope's export records each submission's
time (``:created_at`` in submission_metadata.yml), which is compared with the due time given to
``course grade --due``. Lateness is recorded, never penalised: the gradebook's ``late`` column,
report.html and canvas.csv's Notes say it, and the instructor applies their own policy.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from pathlib import Path

import yaml

GRADESCOPE_METADATA = "submission_metadata.yml"
CANVAS_LATE = "late: Canvas marked it LATE (its file name holds no time: see Canvas for how late)"


def parse_due(text: str) -> datetime:
    """A due date and time as given on the command line: ISO 8601, e.g. 2025-03-01T23:59-08:00.

    Without a UTC offset, the time is read in this computer's time zone. Raises ValueError saying what
    to give.
    """
    try:
        due = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"--due {text!r} is not a date and time: give it as YYYY-MM-DDTHH:MM with the UTC offset, "
            "e.g. 2025-03-01T23:59-08:00"
        ) from None
    return due if due.tzinfo else due.astimezone()


def how_late(seconds: float) -> str:
    """A delay in words: '2 d 3 h 5 min', '45 min', '30 s'."""
    left = int(seconds)
    days, left = divmod(left, 86400)
    hours, left = divmod(left, 3600)
    minutes, left = divmod(left, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    return " ".join(p for p in parts if p) or f"{left} s"


@functools.lru_cache(maxsize=16)
def gradescope_times(export: Path) -> dict[str, datetime]:
    """Folder name (submission_NNN) -> when Gradescope received it, from the export's metadata."""
    path = export / GRADESCOPE_METADATA
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, yaml.YAMLError):
        return {}
    times = {}
    for folder, entry in data.items() if isinstance(data, dict) else []:
        value = (entry or {}).get(":created_at") if isinstance(entry, dict) else None
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.replace(" ", "T", 1).replace(" ", ""))
            except ValueError:
                value = None
        if isinstance(value, datetime):
            times[str(folder)] = value if value.tzinfo else value.replace(tzinfo=datetime.now().astimezone().tzinfo)
    return times


def submitted_at(path: Path, root: Path) -> datetime | None:
    """When Gradescope received the hand-in at path (inside an export under root), or None."""
    for export in [p for p in path.parents if p.is_relative_to(root)][1:]:  # EXPORT/submission_N/file
        when = gradescope_times(export).get(path.relative_to(export).parts[0])
        if when is not None:
            return when
    return None


def describe(path: Path, root: Path, canvas_late: bool, due: datetime | None) -> str:
    """The ``late`` cell for one hand-in: empty when on time or unknown, else how late and by whose record."""
    when = submitted_at(path, root)
    if when is not None and due is not None:
        delay = (when - due) / timedelta(seconds=1)
        return f"late by {how_late(delay)} (Gradescope: received {when.isoformat(' ', 'minutes')})" if delay > 0 else ""
    return CANVAS_LATE if canvas_late else ""
