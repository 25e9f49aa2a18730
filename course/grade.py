"""Grade a class: a folder of hand-ins to a gradebook, feedback, written answers and a class report.

Each submission runs in its own forked process (``course.sandbox``) from a small pool of warm
workers, with a time limit, in a scratch directory; the scores are otter-grader's, from the tests in
the assignment's autograder zip (built if missing). Nothing is written outside the output folder and
the scratch directory, which is removed at the end.
"""

from __future__ import annotations

import csv
import os
import pickle
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from course import build, sandbox, submissions
from course.submissions import Submission

ROOT = build.ROOT
# The order in which a row's problems decide its one status (the reason lists them all).
STATUS_ORDER = [
    "empty",
    "invalid",
    "not-a-notebook",
    "wrong-assignment",
    "tampered",
    "crashed",
    "timeout",
    "blocked",
    "output-limit",
    "duplicate",
    "cell-errors",
    "ok",
]
STATUS_MEANING = {
    "ok": "ran top to bottom without an error; graded",
    "cell-errors": "graded; some cells raised errors (syntax errors, exceptions, sys.exit), which the reason lists",
    "duplicate": "more than one file for this student and assignment: the newest is graded, the reason names the rest",
    "output-limit": "graded; the notebook printed more than the output limit, so the rest was cut",
    "blocked": "graded; the code tried something the grader forbids (writing outside its folder, reading the "
    "course's instructor files, starting processes), which failed in that cell",
    "timeout": "stopped at the time limit; the cells that finished are graded (0 if the code would not stop)",
    "crashed": "the Python process died (memory limit, a crash); not graded, 0 points",
    "tampered": "the code replaced builtins, the grader or library functions, or its answers fake comparisons; "
    "graded with the originals put back: check it by hand",
    "wrong-assignment": "not a notebook of an assignment being graded; not graded",
    "not-a-notebook": "the file is JSON but not a Jupyter notebook; not graded",
    "invalid": "the file is not valid JSON or not a readable zip; not graded",
    "empty": "the file is empty; not graded",
}


@dataclass
class Autograder:
    """One assignment's grading material, read in the orchestrator (the only process holding tests)."""

    name: str
    zip_path: Path
    tests: dict[str, str]
    questions: list[str]
    possible: dict[str, float]
    cases: dict[str, list[tuple[str, bool]]]
    support_dir: Path
    manual: list[tuple[str, float]]
    template: dict

    @property
    def auto_possible(self) -> float:
        return sum(self.possible.values())


@dataclass
class Row:
    """One line of the gradebook and everything behind it."""

    submission: Submission
    autograder: Autograder | None = None
    status: str = ""
    reasons: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    outcome: sandbox.Outcome | None = None
    blank: list[str] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)
    duplicates: list[Path] = field(default_factory=list)

    @property
    def graded(self) -> bool:
        return self.outcome is not None

    @property
    def total(self) -> float | None:
        return round(sum(self.scores.values()), 4) if self.graded else None


def course_assignments(root: Path = ROOT) -> list[str]:
    """Assignment names the course has: its masters, plus any autograder already built in dist/."""
    names = {p.stem for p in (root / "course" / "source").glob("[0-9][0-9]_*.ipynb")}
    names |= {p.stem for p in (root / "dist" / "autograder").glob("*.zip")}
    return sorted(names)


def manual_questions(master: Path) -> list[tuple[str, float]]:
    """(name, points) of the written (manual) questions in a master, in order."""
    if not master.exists():
        return []
    import json

    found = []
    for cell in json.loads(master.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "raw" and source.lstrip().startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(source.split("\n", 1)[1]) or {}
            if config.get("manual"):
                found.append((str(config["name"]), float(config.get("points", 0) or 0)))
    return found


def load_autograder(name: str, scratch: Path, root: Path = ROOT) -> Autograder:
    """Read dist/autograder/NAME.zip (building it from its master if it is missing)."""
    from otter.test_files.exception_test import ExceptionTestFile

    zip_path = root / "dist" / "autograder" / f"{name}.zip"
    if not zip_path.exists():
        build.build(root, log=lambda line: None, only=[name])
    support = scratch / "support" / name
    tests: dict[str, str] = {}
    with zipfile.ZipFile(zip_path) as archive:
        for entry in archive.namelist():
            if entry.startswith("tests/") and entry.endswith(".py") and not entry.endswith("__init__.py"):
                tests[Path(entry).stem] = archive.read(entry).decode("utf-8")
            elif entry.startswith("files/") and not entry.endswith("/"):
                target = support / entry[len("files/") :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(entry))
    support.mkdir(parents=True, exist_ok=True)
    possible, cases = {}, {}
    for test_name, source in sorted(tests.items()):
        parsed = ExceptionTestFile.from_string(source, path=f"./tests/{test_name}.py")
        possible[parsed.name] = parsed.possible
        cases[parsed.name] = [(case.name, case.hidden) for case in parsed.test_cases]
    template_path = root / "notebooks" / f"{name}.ipynb"
    import json

    template = json.loads(template_path.read_text(encoding="utf-8")) if template_path.exists() else {"cells": []}
    return Autograder(
        name=name,
        zip_path=zip_path,
        tests=tests,
        questions=sorted(possible),
        possible=possible,
        cases=cases,
        support_dir=support,
        manual=manual_questions(root / "course" / "source" / f"{name}.ipynb"),
        template=template,
    )


class Worker:
    """A warm ``python -m course.sandbox`` process, driven by one orchestrator thread."""

    def __init__(self, scratch: Path) -> None:
        env = dict(os.environ, IPYTHONDIR=str(scratch / "ipython"), PYTHONDONTWRITEBYTECODE="1")
        env.pop("MPLBACKEND", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "course.sandbox"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=scratch,
        )
        self.to_worker = self.process.stdin.fileno()
        self.from_worker = self.process.stdout.fileno()
        if sandbox.read_frame(self.from_worker) != b"ready":
            raise RuntimeError("a grading worker failed to start: run 'python -m course.sandbox' to see why")

    def grade(self, job: sandbox.Job, tests: dict[str, str]) -> sandbox.Outcome:
        """Run one job; the tests go to the worker only when it asks (after the run process is forked)."""
        sandbox.write_frame(self.to_worker, pickle.dumps(job))
        while True:
            frame = sandbox.read_frame(self.from_worker)
            if frame is None:
                raise EOFError("the grading worker stopped")
            if frame == b"send-tests":
                sandbox.write_frame(self.to_worker, pickle.dumps({"tests": tests}))
            elif frame.startswith(b"outcome"):
                return pickle.loads(frame[len(b"outcome") :])

    def close(self) -> None:
        try:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


class Progress:
    """A one-line progress counter on stderr (a bar when stderr is a terminal)."""

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.total, self.done, self.enabled = total, 0, enabled
        self.started = time.perf_counter()
        self.tty = sys.stderr.isatty()
        self.lock = threading.Lock()

    def step(self, label: str) -> None:
        with self.lock:
            self.done += 1
            if not self.enabled:
                return
            width = 24
            filled = int(width * self.done / max(1, self.total))
            bar = "#" * filled + "-" * (width - filled)
            line = f"grading [{bar}] {self.done}/{self.total} {time.perf_counter() - self.started:5.1f} s  {label}"
            if self.tty:
                sys.stderr.write("\r" + line[:110].ljust(110))
                if self.done == self.total:
                    sys.stderr.write("\n")
            else:
                sys.stderr.write(line + "\n")
            sys.stderr.flush()


def run_pool(
    jobs: list[tuple[sandbox.Job, dict[str, str]]], workers: int, scratch: Path, progress: Progress
) -> dict[str, sandbox.Outcome]:
    """Grade the jobs on a pool of warm workers; a worker that dies is replaced and its job reported."""
    pending: queue.Queue = queue.Queue()
    for item in jobs:
        pending.put(item)
    outcomes: dict[str, sandbox.Outcome] = {}
    errors: list[BaseException] = []

    def serve() -> None:
        worker = None
        try:
            while True:
                try:
                    job, tests = pending.get_nowait()
                except queue.Empty:
                    return
                if worker is None:
                    worker = Worker(scratch)
                try:
                    outcome = worker.grade(job, tests)
                except (EOFError, OSError) as error:
                    outcome = sandbox.Outcome(job.key, state="crashed", detail=f"the grading worker died ({error})")
                    worker.close()
                    worker = None
                outcomes[job.key] = outcome
                progress.step(job.key)
        except BaseException as error:  # noqa: BLE001 - reported after the pool stops
            errors.append(error)
        finally:
            if worker is not None:
                worker.close()

    threads = [threading.Thread(target=serve, daemon=True) for _ in range(max(1, min(workers, len(jobs))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return outcomes


def deny_paths(inputs: list[Path], out: Path, root: Path) -> list[str]:
    """Folders a submission must not read: the course repository (masters, dist/), the output, the hand-ins."""
    return [str(p.resolve()) for p in [root, out, *[(i if i.is_dir() else i.parent) for i in inputs]]]


def grade(
    inputs: list[Path],
    out: Path,
    jobs: int | None = None,
    timeout: float = 60.0,
    assignment: str | None = None,
    root: Path = ROOT,
    show_progress: bool = True,
) -> list[Row]:
    """Grade every submission under ``inputs`` and write the results to ``out``; return the rows."""
    started = time.perf_counter()
    files = submissions.find_files(inputs)
    known = course_assignments(root)
    expected = [assignment] if assignment else known
    if assignment and assignment not in known:
        raise FileNotFoundError(f"no assignment {assignment}; the course has: {', '.join(known)}")
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="course-grade-"))
    try:
        loaded = [submissions.load(path, given, known) for path, given in files]
        for sub in loaded:
            if not sub.status and sub.assignment not in expected:
                sub.status = "wrong-assignment"
                sub.reason = f"the notebook is for '{sub.assignment}', but this run grades '{assignment}'"
        rows = dedupe([Row(sub) for sub in loaded])
        autograders: dict[str, Autograder] = {}
        for row in rows:
            name = row.submission.assignment
            if not row.submission.status and name not in autograders:
                autograders[name] = load_autograder(name, scratch, root)
            row.autograder = autograders.get(name) if not row.submission.status else None
        work = [row for row in rows if row.autograder is not None]
        job_list = []
        (scratch / "jobs").mkdir()
        deny = deny_paths(inputs, out, root)
        for index, row in enumerate(work):
            ag = row.autograder
            assert ag is not None
            job = sandbox.Job(
                key=f"{index}:{row.submission.student}",
                # The name the student's notebook has (and passes to otter.Notebook), whatever the file is called.
                notebook_name=f"{row.submission.assignment}.ipynb",
                notebook_text=row.submission.notebook_text,
                extra_files=row.submission.extra_files,
                support_dir=str(ag.support_dir),
                scratch_root=str(scratch / "jobs"),
                questions=ag.questions,
                timeout=timeout,
                deny_read=deny,
            )
            job_list.append((job, ag.tests))
        progress = Progress(len(job_list), show_progress)
        outcomes = run_pool(job_list, jobs or os.cpu_count() or 1, scratch, progress)
        for (job, _), row in zip(job_list, work, strict=True):
            finish(row, outcomes[job.key])
        for row in rows:
            if not row.graded:
                row.status = row.status or row.submission.status
                row.reasons.insert(0, row.submission.reason)
        write_all(rows, out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if show_progress:
        print(summary(rows, time.perf_counter() - started, out))
    return rows


def dedupe(rows: list[Row]) -> list[Row]:
    """One row per student and assignment: the newest hand-in (export stamp, then file time) is graded."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        sub = row.submission
        key = (sub.student, sub.assignment if not sub.status else f"?{sub.path}")
        groups.setdefault(key, []).append(row)
    kept = []
    for group in groups.values():
        group.sort(key=lambda r: (r.submission.stamp, r.submission.path.stat().st_mtime, str(r.submission.path)))
        newest = group[-1]
        newest.duplicates = [r.submission.path for r in group[:-1]]
        kept.append(newest)
    kept.sort(key=lambda r: (r.submission.assignment, r.submission.student, str(r.submission.path)))
    return kept


def finish(row: Row, outcome: sandbox.Outcome) -> None:
    """Turn a sandbox outcome into the row's scores, status and reasons."""
    ag = row.autograder
    assert ag is not None
    nb = row.submission.notebook
    manual_names = [name for name, _ in ag.manual]
    row.blank = submissions.blank_questions(nb, ag.template, manual_names)
    row.written = submissions.written_answers(nb, manual_names)
    problems: list[tuple[str, str]] = []
    if outcome.state in ("killed", "crashed") and not outcome.questions:
        row.outcome = outcome
        row.scores = dict.fromkeys(ag.questions, 0.0)
        if outcome.state == "killed":
            problems.append(
                ("timeout", f"the code did not stop at the time limit (in cell {outcome.last_cell + 1}); 0 points")
            )
        else:
            where = f" in cell {outcome.last_cell + 1}" if outcome.last_cell >= 0 else ""
            problems.append(("crashed", f"{outcome.detail or 'the Python process died'}{where}; 0 points"))
    else:
        row.outcome = outcome
        row.scores = {q: float(outcome.questions.get(q, {}).get("score", 0.0)) for q in ag.questions}
        if outcome.state == "timeout":
            problems.append(
                ("timeout", f"stopped at the time limit in cell {outcome.last_cell + 1}; graded the cells before it")
            )
    if outcome.tampering:
        problems.append(("tampered", "; ".join(outcome.tampering)))
    if outcome.blocked:
        kind = "tampered" if any("hook" in b for b in outcome.blocked) else "blocked"
        problems.append((kind, "refused: " + "; ".join(outcome.blocked[:5])))
    if outcome.output_bytes >= sandbox.FILE_LIMIT:
        problems.append(("output-limit", f"printed more than {sandbox.FILE_LIMIT // 2**20} MB; the rest was cut"))
    if outcome.cell_errors:
        more = f" (and {len(outcome.cell_errors) - 3} more)" if len(outcome.cell_errors) > 3 else ""
        problems.append(("cell-errors", "; ".join(outcome.cell_errors[:3]) + more))
    if outcome.detail and outcome.state not in ("killed", "crashed"):
        problems.append(("cell-errors", outcome.detail.strip()))
    if row.duplicates:
        names = ", ".join(p.name for p in row.duplicates)
        problems.append(("duplicate", f"graded {row.submission.path.name} (newest); not graded: {names}"))
    statuses = [kind for kind, _ in problems] or ["ok"]
    row.status = min(statuses, key=STATUS_ORDER.index)
    row.reasons = [text for _, text in problems]


def summary(rows: list[Row], seconds: float, out: Path) -> str:
    """The one-line summary printed at the end."""
    counts = Counter(row.status for row in rows)
    parts = ", ".join(f"{counts[s]} {s}" for s in STATUS_ORDER if counts[s])
    graded = [row for row in rows if row.graded]
    per = f"{seconds / len(graded):.2f} s each" if graded else "none graded"
    return f"graded {len(graded)} of {len(rows)} submissions in {seconds:.1f} s ({per}): {parts} -> {out}"


# ---------------------------------------------------------------------------------------------
# output


def columns(rows: list[Row]) -> tuple[list[str], list[str]]:
    """Auto-graded and written question columns, in course order, over every assignment in the rows."""
    auto, manual = [], []
    for ag in sorted({id(r.autograder): r.autograder for r in rows if r.autograder}.values(), key=lambda a: a.name):
        auto += [q for q in ag.questions if q not in auto]
        manual += [name for name, _ in ag.manual if name not in manual]
    return auto, manual


def gradebook_rows(rows: list[Row]) -> tuple[list[str], list[dict[str, Any]]]:
    """The gradebook's header and rows (written-question columns stay empty until marks are merged)."""
    auto, manual = columns(rows)
    header = ["student", "assignment", "status", "total", "possible", *auto, *manual, "reason", "file"]
    table = []
    for row in rows:
        ag = row.autograder
        line: dict[str, Any] = {
            "student": row.submission.student,
            "assignment": row.submission.assignment,
            "status": row.status,
            "total": fmt(row.total),
            "possible": fmt(ag.auto_possible + sum(p for _, p in ag.manual)) if ag else "",
            "reason": " | ".join(r for r in row.reasons if r),
            "file": str(row.submission.path),
        }
        for question in auto:
            line[question] = fmt(row.scores[question]) if question in row.scores else ""
        for question in manual:
            line[question] = ""
        table.append(line)
    return header, table


def fmt(value: float | None) -> str:
    """A score as the CSV shows it: no trailing .0, at most 4 decimals."""
    if value is None:
        return ""
    return f"{round(value, 4):g}"


def write_csv(path: Path, header: list[str], table: list[dict[str, Any]]) -> None:
    """CSV, UTF-8, one header row."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(table)


def feedback_text(row: Row) -> str:
    """A student's feedback: per question, passed or what failed, from public test messages only."""
    ag = row.autograder
    sub = row.submission
    lines = [f"# {sub.assignment or sub.path.name}: feedback for {sub.student}", ""]
    if ag is None or row.outcome is None:
        lines += [f"Your file `{sub.path.name}` could not be graded: {'; '.join(row.reasons)}.", ""]
        lines.append("Please hand in the notebook again (save it first, then run its last cell to export it).")
        return "\n".join(lines) + "\n"
    total = sum(row.scores.values())
    lines += [f"Auto-graded score: **{fmt(total)} / {fmt(ag.auto_possible)}**.", ""]
    if ag.manual:
        names = ", ".join(f"{n} ({fmt(p)} points)" for n, p in ag.manual)
        lines += [f"Written questions, marked by hand with the course rubrics: {names}.", ""]
    notes = {
        "timeout": "Your notebook did not finish within the time limit: look for a loop that never ends.",
        "crashed": "Your notebook stopped Python itself (for example by using too much memory).",
        "tampered": "Your notebook changed Python's or the grader's own functions; your teacher will check it.",
        "blocked": "Your notebook tried to write outside its folder or read files it may not; that part failed.",
        "cell-errors": "Some cells raised errors when your notebook was run from top to bottom:",
        "output-limit": "Your notebook printed too much output; the rest was cut.",
    }
    if row.status in notes:
        lines.append(notes[row.status])
        if row.status == "cell-errors" and row.outcome.cell_errors:
            lines += [f"- {error}" for error in row.outcome.cell_errors[:10]]
        lines.append("")
    lines.append("Run **Kernel > Restart Kernel and Run All Cells** before you export: that is how it is graded.")
    lines.append("")
    for question in ag.questions:
        result = row.outcome.questions.get(question)
        score, possible = row.scores.get(question, 0.0), ag.possible[question]
        blank = " (left blank)" if question in row.blank else ""
        lines.append(f"## {question}: {fmt(score)} / {fmt(possible)}{blank}")
        lines.append("")
        if result is None:
            lines += ["Not graded: the notebook stopped before this question could be checked.", ""]
            continue
        public = [case for case in result["cases"] if not case["hidden"]]
        hidden = [case for case in result["cases"] if case["hidden"]]
        for case in public:
            if case["passed"]:
                lines.append(f"- passed: {case['name']}")
            else:
                message = public_message(case["message"])
                lines.append(f"- failed: {case['name']}" + (f": {message}" if message else ""))
        if hidden:
            passed = sum(case["passed"] for case in hidden)
            lines.append(f"- further checks of the answer itself (hidden): {passed} of {len(hidden)} passed")
        lines.append("")
    return "\n".join(lines)


def public_message(message: str) -> str:
    """The assertion message of a failed public test (what to fix), without the test's code."""
    text = (message or "").strip().splitlines()
    last = text[-1] if text else ""
    if last.startswith("AssertionError: "):
        return last[len("AssertionError: ") :]
    if last:
        return last
    return ""


def write_all(rows: list[Row], out: Path) -> None:
    """gradebook.csv, feedback/, written-answers.csv, report.html and canvas.csv."""
    from course import lms, report

    header, table = gradebook_rows(rows)
    write_csv(out / "gradebook.csv", header, table)
    for row in rows:
        student = safe_name(row.submission.student)
        assignment = safe_name(row.submission.assignment or row.submission.path.stem)
        path = out / "feedback" / student / f"{assignment}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(feedback_text(row), encoding="utf-8")
    written = [
        {
            "student": row.submission.student,
            "assignment": row.submission.assignment,
            "question": name,
            "points": fmt(points),
            "answer": row.written.get(name, ""),
            "blank": "yes" if name in row.blank else "",
            "mark": "",
            "comment": "",
        }
        for row in rows
        if row.autograder
        for name, points in row.autograder.manual
    ]
    write_csv(
        out / "written-answers.csv",
        ["student", "assignment", "question", "points", "answer", "blank", "mark", "comment"],
        written,
    )
    (out / "report.html").write_text(report.html(rows), encoding="utf-8")
    lms.write_canvas(out / "canvas.csv", out / "gradebook.csv")


def safe_name(text: str) -> str:
    """A file-name-safe version of a student or assignment name."""
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in text).strip("._")
    return cleaned or "unknown"


def merge_marks(out: Path, marks: Path | None = None) -> tuple[int, list[str]]:
    """Put the rubric marks from written-answers.csv into gradebook.csv (and canvas.csv); return (merged, problems)."""
    from course import lms

    marks = marks or out / "written-answers.csv"
    gradebook = out / "gradebook.csv"
    if not gradebook.exists():
        raise FileNotFoundError(f"no gradebook at {gradebook}: run 'python -m course grade' first")
    with gradebook.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        table = list(reader)
    with marks.open(encoding="utf-8", newline="") as handle:
        entries = list(csv.DictReader(handle))
    index = {(line["student"], line["assignment"]): line for line in table}
    problems, merged = [], 0
    for number, entry in enumerate(entries, start=2):
        mark = (entry.get("mark") or "").strip()
        if not mark:
            continue
        where = f"{marks.name} line {number} ({entry.get('student')}, {entry.get('question')})"
        line = index.get((entry.get("student", ""), entry.get("assignment", "")))
        question = entry.get("question", "")
        if line is None or question not in header:
            problems.append(f"{where}: no such student, assignment or question in the gradebook")
            continue
        try:
            value = float(mark)
        except ValueError:
            problems.append(f"{where}: mark '{mark}' is not a number")
            continue
        points = float(entry.get("points") or 0)
        if not 0 <= value <= points:
            problems.append(f"{where}: mark {mark} is outside 0..{fmt(points)}")
            continue
        line[question] = fmt(value)
        merged += 1
    auto_columns = [
        c for c in header if c not in ("student", "assignment", "status", "total", "possible", "reason", "file")
    ]
    for line in table:
        if line["status"] in STATUS_ORDER[:4]:
            continue
        values = [float(line[c]) for c in auto_columns if line.get(c, "") != ""]
        line["total"] = fmt(sum(values))
    write_csv(gradebook, header, table)
    lms.write_canvas(out / "canvas.csv", gradebook)
    return merged, problems
