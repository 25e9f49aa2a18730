"""What grading found for one hand-in, documented field by field, and how it becomes one status.

The harness builds every outcome itself, ``crashed`` and ``timeout`` included; what the jailed
runner reported (cell errors, flags, output size) is the student's own word and only ever adds a
note or lowers a status, never raises a score: scores come from otter's tests run in the harness.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course.grading.autograder import Autograder
    from course.grading.intake import Submission


class Status(StrEnum):
    """A gradebook row's status, in the order in which a row's problems decide it."""

    EMPTY = "empty"
    INVALID = "invalid"
    NOT_A_NOTEBOOK = "not-a-notebook"
    WRONG_ASSIGNMENT = "wrong-assignment"
    GRADER_ERROR = "grader-error"
    CRASHED = "crashed"
    TIMEOUT = "timeout"
    TAMPERED = "tampered"
    NEEDS_A_LOOK = "needs-a-look"
    OUTPUT_LIMIT = "output-limit"
    DUPLICATE = "duplicate"
    CELL_ERRORS = "cell-errors"
    OK = "ok"


STATUS_ORDER = list(Status)
# Rows that carry no mark: an LMS import must leave their cell empty, not write a zero.
NOT_GRADED = {Status.EMPTY, Status.INVALID, Status.NOT_A_NOTEBOOK, Status.WRONG_ASSIGNMENT, Status.GRADER_ERROR}
STATUS_MEANING = {
    Status.OK: "ran top to bottom without an error; graded",
    Status.CELL_ERRORS: "graded; some cells raised errors (syntax errors, exceptions, sys.exit, or an action the "
    "jail does not allow, such as writing outside the submission's folder), which the reason lists",
    Status.DUPLICATE: "more than one file for this student and assignment: the newest is graded, the reason names "
    "the rest",
    Status.OUTPUT_LIMIT: "graded; the notebook printed more than the output limit, so the rest was cut",
    Status.TAMPERED: "graded from the answers' data only; the code replaced builtins or the grader, or an answer "
    "is an object of its own class (sent as plain data): check it by hand",
    Status.NEEDS_A_LOOK: "graded; an answer is typed in as data equal to the course's value (pasted, perhaps, from "
    "a later cell's output): look at it by hand before the mark stands",
    Status.TIMEOUT: "stopped at the time limit; the cells that finished are graded (0 if the code would not stop)",
    Status.CRASHED: "the submission's Python process died (memory or CPU limit, a crash); not graded, 0 points",
    Status.GRADER_ERROR: "the grader itself failed on this file; not graded: see grading-errors.log beside the "
    "gradebook, and grade it again",
    Status.WRONG_ASSIGNMENT: "not a notebook of an assignment being graded; not graded",
    Status.NOT_A_NOTEBOOK: "the file is JSON but not a Jupyter notebook; not graded",
    Status.INVALID: "the file is not valid JSON or not a readable zip; not graded",
    Status.EMPTY: "the file is empty; not graded",
}
FLAG_TEXT = {
    "builtin-replaced": "replaced the builtin {name}",
    "builtin-added": "added the builtin {name}",
    "check-replaced": "replaced otter.Notebook.check",
    "grader-replaced": "redefined the grader object (a {type})",
    "subclass": "answer {name} is a {type}, an object of its own class: graded as the plain data it holds",
    "unreadable": "answer {name} could not be read for grading ({type}): check it by hand",
    "pasted": "needs a look: {name} ({type}) is typed in as data equal to the course's value",
}
# Flags that ask for a look at an answer rather than say the code tampered with grading.
LOOK_FLAGS = {"pasted"}


@dataclass
class CaseResult:
    """One test case of a question."""

    name: str
    """the test case's name in otter's test file"""
    hidden: bool
    """hidden cases are never described to the student: only counted"""
    passed: bool
    """whether otter's test passed on the student's values"""
    message: str = ""
    """otter's failure message for a public case (empty for hidden cases, always)"""


# A question whose tests did not run because the notebook stopped before it was captured starts so.
NOT_REACHED = "not reached"


@dataclass
class QuestionResult:
    """otter's result for one question."""

    score: float
    """points earned, as otter's TestFile.score computes them"""
    possible: float
    """points the question is worth"""
    when: str
    """where the question was graded (captured at its check), or why it was not (NOT_REACHED: a sentence)"""
    cases: list[CaseResult] = field(default_factory=list)


@dataclass
class Outcome:
    """Everything the harness learnt about one hand-in."""

    key: str
    """the job's key (its position and student)"""
    state: str = "ok"
    """ok; timeout (graded what ran); killed (would not stop); crashed (the jail died); grader-error"""
    cells: int = 0
    """code cells otter would run"""
    last_cell: int = -1
    """index of the last cell that started"""
    cell_errors: list[str] = field(default_factory=list)
    """'cell N: Type: message' for each cell that raised (the student's text, shortened)"""
    flags: list[dict[str, str]] = field(default_factory=list)
    """what the runner noticed (see FLAG_TEXT): advisory"""
    output_bytes: int = 0
    """bytes the notebook printed"""
    questions: dict[str, QuestionResult] = field(default_factory=dict)
    """otter's result per question"""
    detail: str = ""
    """a sentence for the teacher when something went wrong"""
    traceback: str = ""
    """the grader's own traceback, for grader-error rows (goes to grading-errors.log)"""
    isolation: str = "jail"
    """jail, or unisolated (course grade --unisolated)"""
    jail_seconds: float = 0.0
    """seconds from starting the jail to its runner being ready (Python and imports included)"""
    seconds: float = 0.0
    """seconds the whole hand-in took in the harness"""

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Outcome:
        """Rebuild an outcome sent by a harness worker (a trusted process)."""
        questions = {
            name: QuestionResult(
                score=q["score"], possible=q["possible"], when=q["when"], cases=[CaseResult(**c) for c in q["cases"]]
            )
            for name, q in data.get("questions", {}).items()
        }
        return cls(**{**data, "questions": questions})


def flag_text(flag: dict[str, str]) -> str:
    """A flag as a sentence (names shortened and limited to safe characters)."""
    clean = {k: "".join(c for c in str(v)[:60] if c.isalnum() or c in "._-") for k, v in flag.items()}
    template = FLAG_TEXT.get(clean.get("kind", ""), "")
    return template.format(name=clean.get("name", ""), type=clean.get("type", "")) if template else ""


@dataclass
class Row:
    """One line of the gradebook and everything behind it."""

    submission: Submission
    autograder: Autograder | None = None
    status: str = ""
    reasons: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    outcome: Outcome | None = None
    blank: list[str] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)
    duplicates: list[Path] = field(default_factory=list)
    isolation: str = ""
    late: str = ""
    """how late the LMS says the hand-in came (course.grading.lateness); empty when on time or unknown"""

    @property
    def graded(self) -> bool:
        return self.outcome is not None and self.outcome.state != "grader-error"

    @property
    def total(self) -> float | None:
        return round(sum(self.scores.values()), 4) if self.graded else None


def fmt(value: float | None, places: int = 4) -> str:
    """A score as the outputs show it: no trailing .0, at most ``places`` decimals; empty for no score.

    The gradebook, the sheet and the feedback keep 4 decimals (a mark of 2.5 out of 3 stays exact); the
    report's charts, read by eye, ask for 2.
    """
    return "" if value is None else f"{round(value, places):g}"


def finish(row: Row, outcome: Outcome, file_limit: int) -> None:
    """Turn an outcome into the row's scores, status and reasons."""
    from course.grading import intake, written

    ag = row.autograder
    assert ag is not None
    row.outcome, row.isolation = outcome, outcome.isolation
    nb = row.submission.notebook
    manual_names = [name for name, _ in ag.manual]
    row.blank = intake.blank_questions(nb, ag.template, manual_names)
    row.written = written.written_answers(nb, manual_names)
    problems: list[tuple[Status, str]] = []
    row.scores = {q: outcome.questions[q].score if q in outcome.questions else 0.0 for q in ag.questions}
    if outcome.state == "grader-error":
        row.scores = {}
        problems.append((Status.GRADER_ERROR, f"the grader failed on {row.submission.path.name}: {outcome.detail}"))
    elif outcome.state == "killed":
        problems.append((Status.TIMEOUT, f"the code did not stop at the time limit ({outcome.detail}); 0 points"))
    elif outcome.state == "crashed":
        problems.append((Status.CRASHED, f"{outcome.detail}; 0 points"))
    elif outcome.state == "timeout":
        where = f" in cell {outcome.last_cell + 1}" if outcome.last_cell >= 0 else ""
        problems.append((Status.TIMEOUT, f"stopped at the time limit{where}; graded the cells before it"))
    for status, look in ((Status.TAMPERED, False), (Status.NEEDS_A_LOOK, True)):
        said = [flag_text(f) for f in outcome.flags if (f.get("kind") in LOOK_FLAGS) is look]
        texts = [text for text in dict.fromkeys(said) if text]
        if texts:
            problems.append((status, "; ".join(texts[:5])))
    if outcome.output_bytes >= file_limit:
        problems.append((Status.OUTPUT_LIMIT, f"printed more than {file_limit // 2**20} MB; the rest was cut"))
    if outcome.cell_errors:
        more = f" (and {len(outcome.cell_errors) - 3} more)" if len(outcome.cell_errors) > 3 else ""
        problems.append((Status.CELL_ERRORS, "; ".join(outcome.cell_errors[:3]) + more))
    if outcome.detail and outcome.state in ("ok", "timeout"):
        problems.append((Status.CELL_ERRORS, outcome.detail.strip()))
    if row.submission.left_out:  # files of the hand-in zip the jail did not get: graded without them
        listed = "; ".join(row.submission.left_out[:3]) + (" ..." if len(row.submission.left_out) > 3 else "")
        problems.append((Status.OK, f"not used for grading: {listed}"))
    if row.duplicates:
        names = ", ".join(p.name for p in row.duplicates)
        problems.append((Status.DUPLICATE, f"graded {row.submission.path.name} (newest); not graded: {names}"))
    statuses = [kind for kind, _ in problems] or [Status.OK]
    row.status = min(statuses, key=STATUS_ORDER.index)
    row.reasons = [text for _, text in problems]
