"""The grading state: every graded row of an output folder, kept in grading-state.json across runs.

Grading one late file into a folder updates that student's row and keeps every other row: the rows
of the earlier runs are read back from the state, the rows graded now replace theirs (same student
and assignment, or same file), and Changes says what moved. It is a module of its own because it is
the only thing a later run trusts from an earlier one: every other file in the folder (gradebook,
feedback, report, canvas.csv) is rebuilt from it and the written-answers sheet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.grading import intake
from course.grading.autograder import Autograder
from course.grading.results import Outcome, Row

STATE = "grading-state.json"
STATE_VERSION = 1


def row_data(row: Row) -> dict[str, Any]:
    """A row as JSON data (what the next run needs to keep it and rewrite its files)."""
    ag, sub = row.autograder, row.submission
    return {
        "student": sub.student,
        "canvas_id": sub.canvas_id,
        "assignment": sub.assignment,
        "file": str(sub.path),
        "sub_status": sub.status,
        "sub_reason": sub.reason,
        "matched": sub.matched,
        "status": str(row.status),
        "reasons": row.reasons,
        "scores": row.scores,
        "outcome": row.outcome.to_data() if row.outcome else None,
        "blank": row.blank,
        "written": row.written,
        "duplicates": [str(p) for p in row.duplicates],
        "isolation": row.isolation,
        "late": row.late,
        "autograder": {"name": ag.name, "questions": ag.questions, "possible": ag.possible, "manual": ag.manual}
        if ag
        else None,
    }


def row_from(data: dict[str, Any]) -> Row:
    """A row of an earlier run, rebuilt from the state (its autograder as the run saw it)."""
    sub = intake.Submission(
        path=Path(data["file"]),
        student=data["student"],
        canvas_id=data.get("canvas_id", ""),
        assignment=data["assignment"],
        status=data.get("sub_status", ""),
        reason=data.get("sub_reason", ""),
        matched=data.get("matched", ""),
    )
    ag = data.get("autograder")
    autograder = (
        Autograder(
            name=ag["name"],
            zip_path=Path(),
            questions=list(ag["questions"]),
            possible={k: float(v) for k, v in ag["possible"].items()},
            support_dir=Path(),
            manual=[(str(n), float(p)) for n, p in ag["manual"]],
            template={},
        )
        if ag
        else None
    )
    return Row(
        submission=sub,
        autograder=autograder,
        status=data["status"],
        reasons=list(data["reasons"]),
        scores={k: float(v) for k, v in data["scores"].items()},
        outcome=Outcome.from_data(data["outcome"]) if data.get("outcome") else None,
        blank=list(data["blank"]),
        written=dict(data["written"]),
        duplicates=[Path(p) for p in data["duplicates"]],
        isolation=data.get("isolation", ""),
        late=data.get("late", ""),
    )


def load_state(out: Path) -> tuple[list[Row], dict[str, Any]]:
    """The rows and the roster of the runs so far; ([], {}) for a new folder.

    Raises RuntimeError for a folder with a gradebook but no state (written by an older version), so that
    nothing in it is overwritten.
    """
    path = out / STATE
    if not path.exists():
        if (out / "gradebook.csv").exists():
            raise RuntimeError(
                f"{out} holds a gradebook but no {STATE} (it was written by an older version), so grading into it "
                "could lose marks. Grade every hand-in into a new folder, then bring the marks over with "
                f"'python -m course merge-marks NEW --marks {out / 'written-answers.csv'}'"
            )
        return [], {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return [row_from(item) for item in data["rows"]], data.get("roster") or {}


def save_state(out: Path, rows: list[Row], roster: dict[str, Any]) -> None:
    data = {"version": STATE_VERSION, "rows": [row_data(r) for r in rows], "roster": roster}
    temporary = out / (STATE + ".new")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(out / STATE)


def row_key(row: Row) -> tuple[str, str]:
    """Rows are one per student and assignment; a file that is no assignment's is its own row."""
    sub = row.submission
    return (sub.student, sub.assignment) if sub.assignment else (sub.student, f"file:{sub.path}")


@dataclass
class Changes:
    """What a run changed in an output folder."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: int = 0
    marks_kept: int = 0
    answer_changed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def text(self) -> str:
        """A line for the console (more lines when a mark needs a look)."""

        def names(items: list[str]) -> str:
            return f" ({', '.join(items[:6])}{', ...' if len(items) > 6 else ''})" if items else ""

        lines = [
            f"output folder updated: {len(self.new)} new row(s){names(self.new)}, {len(self.updated)} updated"
            f"{names(self.updated)}, {self.kept} kept as they were; {self.marks_kept} marked written answer(s) kept"
        ]
        if self.answer_changed:
            lines.append(
                f"check these marks: the answer changed after it was marked (column 'check' of written-answers.csv): "
                f"{', '.join(self.answer_changed[:10])}"
            )
        lines += [f"not merged: {problem}" for problem in self.problems[:20]]
        if self.unmatched or self.missing:
            lines.append(
                f"roster: {len(self.unmatched)} file(s) match no student, {len(self.missing)} hand-in(s) missing "
                "(all listed in roster-report.csv beside the gradebook)"
            )
            lines += [f"  matches no student: {item}" for item in self.unmatched[:20]]
            lines += [f"  no hand-in: {item}" for item in self.missing[:20]]
        return "\n".join(lines)


def combine(old: list[Row], new: list[Row], changes: Changes) -> list[Row]:
    """The earlier rows with the rows graded now in their place (same student and assignment, or same file)."""
    by_key = {row_key(r): r for r in new}
    files = {str(r.submission.path) for r in new}
    kept = []
    for row in old:
        label = f"{row.submission.student} {row.submission.assignment}".strip()
        if row_key(row) in by_key or str(row.submission.path) in files:
            if row_key(row) in by_key:
                changes.updated.append(label)
            continue
        kept.append(row)
    replaced = {row_key(r) for r in old}
    changes.new = [
        f"{r.submission.student} {r.submission.assignment}".strip() for r in new if row_key(r) not in replaced
    ]
    changes.kept = len(kept)
    rows = kept + new
    rows.sort(key=lambda r: (r.submission.assignment, r.submission.student, str(r.submission.path)))
    return rows
