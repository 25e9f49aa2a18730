"""Grade a class: a folder of hand-ins to a gradebook, feedback, written answers and a class report.

The pipeline follows a hand-in through its steps, one module each: ``intake`` (read the file, who
and which assignment), ``jail`` and ``jail_client`` (a bubblewrap jail per hand-in, started and spoken
to from the harness's side), ``jailed`` (inside the jail: the runner executing the cells), ``harness``
(otter's tests in a trusted harness process, on the student's values as data), ``results`` (the row's
status) and ``record``/``report`` (the files the teacher reads).

A module's name says which side of the jail it runs on: ``jailed`` (and the light otter it installs,
``otter_standin``) runs inside the jail, beside student code, and imports only ``protocol``, ``codec``
and ``otter_standin``; ``jail_client`` and ``harness`` are the trusted side; ``protocol`` and ``codec``
are the transport both sides share.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from course.grading import autograder, intake, jail, lateness, pool, record, state
from course.grading import roster as course_roster
from course.grading.results import STATUS_ORDER, Outcome, Row, Status, finish

__all__ = ["STATUS_ORDER", "Row", "Status", "grade", "merge_marks", "merge_shards"]
merge_marks = record.merge_marks


def grade(
    inputs: list[Path],
    out: Path,
    jobs: int | None = None,
    timeout: float = 60.0,
    assignment: str | None = None,
    root: Path = autograder.ROOT,
    show_progress: bool = True,
    unisolated: bool = False,
    limits: jail.Limits | None = None,
    roster: Path | None = None,
    due: datetime | None = None,
    shard: tuple[int, int] = (1, 1),
) -> list[Row]:
    """Grade every submission under ``inputs`` and write the results to ``out``; return the rows.

    ``due`` is the due time that Gradescope's submission times are compared with (the ``late`` column);
    ``shard`` (K, N) grades only the K-th of N shares of the class (see shard_of).
    Raises jail.JailUnavailable before grading anything when bubblewrap cannot run and ``unisolated``
    is not set.
    """
    started = time.perf_counter()
    limits = limits or jail.Limits(cpu_seconds=int(timeout * 2 + 240))
    files = intake.unpack_bulk_files(
        intake.find_files(inputs), out / "unpacked", print if show_progress else lambda line: None
    )
    if not files:
        raise FileNotFoundError(
            f"no .ipynb or .zip files in {', '.join(map(str, inputs))}: nothing graded and nothing written"
        )
    class_list = course_roster.read(roster) if roster else None
    known = autograder.course_assignments(root)
    if assignment and assignment not in known:
        raise FileNotFoundError(f"no assignment {assignment}; the course has: {', '.join(known)}")
    scratch = Path(tempfile.mkdtemp(prefix="course-grade-"))
    try:
        runner_dir = jail.runner_package(scratch / "runner")
        if not unisolated:
            (scratch / "empty").mkdir()
            jail.check_available(runner_dir, scratch / "empty")
        out.mkdir(parents=True, exist_ok=True)
        rows = shard_of(read_all(files, known, assignment, class_list), *shard)
        given = dict(files)
        for row in rows:  # recorded from the LMS's own record; no penalty (course.grading.lateness)
            sub = row.submission
            row.late = lateness.describe(sub.path, given.get(sub.path, sub.path.parent), sub.late, due)
        for name in sorted({row.submission.assignment for row in rows if not row.submission.status}):
            autograder.refuse_stale(name, root)  # before any hand-in is graded: never a silent stale grade
        autograders: dict[str, autograder.Autograder] = {}
        for row in rows:
            name = row.submission.assignment
            if not row.submission.status and name not in autograders:
                autograders[name] = autograder.load(name, scratch, root)
            row.autograder = autograders.get(name) if not row.submission.status else None
        work = [row for row in rows if row.autograder is not None]
        job_list = [job(index, row, runner_dir, timeout, limits, unisolated) for index, row in enumerate(work)]
        progress = pool.Progress(len(job_list), show_progress)
        outcomes = pool.run(job_list, jobs or os.cpu_count() or 1, progress)
        for spec, row in zip(job_list, work, strict=True):
            try:
                finish(row, outcomes[spec["key"]], limits.file_size)
            except Exception as error:  # noqa: BLE001 - the row says so; the batch goes on
                import traceback

                row.outcome = Outcome(spec["key"], state="grader-error", traceback=traceback.format_exc())
                row.status, row.scores = Status.GRADER_ERROR, {}
                row.reasons = [f"the grader failed on {row.submission.path.name}: {type(error).__name__}"]
        for row in rows:
            if row.outcome is None:
                row.status = row.status or row.submission.status
                row.reasons.insert(0, row.submission.reason)
            if unisolated:
                row.isolation = "unisolated"
                row.reasons.insert(0, "unisolated: graded without a jail (--unisolated)")
        changes = record.write_all(rows, out, class_list)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if show_progress:
        print(summary(rows, time.perf_counter() - started, out))
        if changes.kept or changes.updated or changes.problems or class_list:
            print(changes.text())
    return rows


def parse_shard(text: str) -> tuple[int, int]:
    """'K/N' (1 <= K <= N) as (K, N); ValueError saying what to give."""
    k, _, n = text.partition("/")
    if not (k.strip().isdigit() and n.strip().isdigit()) or not 1 <= int(k) <= int(n):
        raise ValueError(f"--shard {text!r}: give K/N with 1 <= K <= N, e.g. 2/8 for the second of eight shards")
    return int(k), int(n)


def shard_of(rows: list[Row], k: int, n: int) -> list[Row]:
    """The K-th of N shares of the rows: every N-th row of the sorted list, starting at the K-th.

    Every shard reads the same files and sorts the rows the same way (assignment, student, file), so
    the N shards of one class are disjoint and together hold every row, whichever machine runs which;
    a student's files are one row, so never split. Dealing rows out in turn keeps shards the same size.
    """
    return rows if n == 1 else rows[k - 1 :: n]


def merge_shards(out: Path, shards: list[Path]) -> state.Changes:
    """Merge the output folders of ``course grade --shard K/N`` runs into ``out``: every row, every mark.

    The rows come from each shard's state; then each shard's written-answers.csv is merged as a
    marker's copy, so that marks typed into a shard's sheet are kept. Raises RuntimeError when two
    shards hold the same student's row for an assignment (shards of different runs, or overlapping).
    """
    rows: list[Row] = []
    seen: dict[tuple[str, str], Path] = {}
    roster: dict = {}
    for folder in shards:
        found, shard_roster = state.load_state(folder)
        if not found:
            raise FileNotFoundError(f"no graded rows in {folder / state.STATE}: is it a 'course grade' output?")
        for row in found:
            key = state.row_key(row)
            if key in seen:
                raise RuntimeError(
                    f"{' / '.join(key)} is in both {seen[key]} and {folder}: these are not shards of one run. "
                    "Grade the same hand-ins with --shard 1/N ... N/N and merge those"
                )
            seen[key] = folder
        rows += found
        roster = roster or shard_roster
    changes = record.write_all(rows, out, roster or None)
    for folder in shards:
        sheet = folder / "written-answers.csv"
        if sheet.exists():
            record.merge_marks(out, sheet)
    return changes


def read_all(
    files: list[tuple[Path, Path]], known: list[str], assignment: str | None, class_list: dict | None = None
) -> list[Row]:
    """Intake: every file read and classified, one row per student and assignment."""
    loaded = [intake.load(path, given, known) for path, given in files]
    for sub in loaded:
        if not sub.status and assignment and sub.assignment != assignment:
            sub.status = "wrong-assignment"
            sub.reason = f"the notebook is for '{sub.assignment}', but this run grades '{assignment}'"
    if class_list:
        course_roster.assign(loaded, class_list)
    return dedupe([Row(sub) for sub in loaded])


def job(index: int, row: Row, runner_dir: Path, timeout: float, limits: jail.Limits, unisolated: bool) -> dict:
    """The message a harness worker gets for one hand-in."""
    ag = row.autograder
    assert ag is not None
    return {
        "id": index + 1,
        "key": f"{index}:{row.submission.student}",
        "notebook": row.submission.notebook_text,
        # The name the student's notebook has (and passes to otter.Notebook), whatever the file is called.
        "notebook_name": f"{row.submission.assignment}.ipynb",
        "files": [(name, data.hex()) for name, data in row.submission.extra_files],
        "questions": ag.questions,
        "timeout": timeout,
        "zip": str(ag.zip_path),
        "support": str(ag.support_dir),
        "runner": str(runner_dir),
        "isolated": not unisolated,
        "limits": vars(limits),
    }


def dedupe(rows: list[Row]) -> list[Row]:
    """One row per student and assignment: the newest hand-in (export stamp, then file time) is graded."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        sub = row.submission
        key = (sub.student, sub.assignment if not sub.status else f"?{sub.path}")
        groups.setdefault(key, []).append(row)
    kept = []
    for group in groups.values():
        group.sort(key=lambda r: (r.submission.stamp, r.submission.mtime, str(r.submission.path)))
        newest = group[-1]
        newest.duplicates = [r.submission.path for r in group[:-1]]
        kept.append(newest)
    kept.sort(key=lambda r: (r.submission.assignment, r.submission.student, str(r.submission.path)))
    return kept


def summary(rows: list[Row], seconds: float, out: Path) -> str:
    """The one-line summary printed at the end."""
    counts = Counter(str(row.status) for row in rows)
    parts = ", ".join(f"{counts[s]} {s}" for s in STATUS_ORDER if counts[s])
    graded = [row for row in rows if row.graded]
    per = f"{seconds / len(graded):.2f} s each" if graded else "none graded"
    jail_cost = [row.outcome.jail_seconds for row in graded if row.outcome and row.outcome.jail_seconds]
    cost = f"; jail start {sum(jail_cost) / len(jail_cost):.2f} s each" if jail_cost else ""
    return f"graded {len(graded)} of {len(rows)} submissions in {seconds:.1f} s ({per}{cost}): {parts} -> {out}"
