"""Benchmark (not a test): `python -m course grade` against `otter run`, on the same class and the same cores.

Builds a class of at least 40 submissions of notebook 01 (solutions, partial answers, blanks),
grades it once with `python -m course grade --jobs N` and once with one `otter run` per submission, N at a time, checks
that every score agrees question by question, and prints seconds per submission and the ratio.

    .venv/bin/python benchmarks/grading.py [--students 42] [--jobs N] [--assignment 04]

``--assignment`` takes a name or its start, as ``course build`` does; a missing build is made first.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.grade_corpus import partial  # noqa: E402


def make_class(folder: Path, assignment: str, students: int) -> list[Path]:
    """A mix: a third solutions, a third partial answers, a third blank student editions."""
    solution = json.loads((ROOT / "dist" / "solutions" / f"{assignment}.ipynb").read_text(encoding="utf-8"))
    blank = json.loads((ROOT / "notebooks" / f"{assignment}.ipynb").read_text(encoding="utf-8"))
    kinds = [solution, partial(solution, blank), blank]
    paths = []
    for number in range(students):
        path = folder / f"student{number:03d}_{assignment}.ipynb"
        path.write_text(json.dumps(kinds[number % 3]), encoding="utf-8")
        paths.append(path)
    return paths


class BenchmarkError(RuntimeError):
    """Something the benchmark needs is missing or failed; the message says what to do."""


def otter_scores(autograder: Path, submission: Path, out: Path) -> dict[str, float]:
    out.mkdir(parents=True)
    run(
        [sys.executable, "-m", "otter", "run", "-a", str(autograder), "-o", str(out), str(submission)],
        f"otter run on {submission.name}",
        cwd=out,
    )
    tests = json.loads((out / "results.json").read_text(encoding="utf-8"))["tests"]
    return {t["name"]: float(t["score"]) for t in tests if "max_score" in t}


def run(argv: list[str], what: str, cwd: Path = ROOT, quiet: bool = True) -> None:
    """Run a command; a failure becomes a BenchmarkError that names the command and its last output."""
    result = subprocess.run(argv, cwd=cwd, capture_output=quiet, text=True)
    if result.returncode != 0:
        tail = ((result.stdout or "") + (result.stderr or "")).strip().splitlines()[-5:]
        raise BenchmarkError(f"{what} failed (exit code {result.returncode})" + "".join(f"\n  {t}" for t in tail))


def resolve(given: str) -> str:
    """The one assignment whose name starts with ``given`` (as ``course build 04`` reads it)."""
    names = sorted(p.stem for p in (ROOT / "course" / "source").glob("[0-9][0-9]_*.ipynb"))
    chosen = [name for name in names if name.startswith(given)]
    if len(chosen) != 1:
        found = "no assignments" if not chosen else f"{len(chosen)} assignments"
        raise BenchmarkError(f"{found} start with '{given}'; the course has: {', '.join(names)}")
    return chosen[0]


def ensure_built(assignment: str) -> Path:
    """The assignment's autograder zip, built (with its solution) when dist/ does not have them."""
    autograder = ROOT / "dist" / "autograder" / f"{assignment}.zip"
    solution = ROOT / "dist" / "solutions" / f"{assignment}.ipynb"
    if not (autograder.exists() and solution.exists()):
        print(f"building {assignment} (dist/ has no autograder or solution for it) ...", flush=True)
        run([sys.executable, "-m", "course", "build", assignment], f"python -m course build {assignment}")
    return autograder


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--students", type=int, default=42)
    options.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    options.add_argument("--assignment", default="01", help="a name or its start, e.g. 04 (default: 01)")
    args = options.parse_args()
    try:
        return benchmark(resolve(args.assignment), args.students, args.jobs)
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def benchmark(assignment: str, students: int, jobs: int) -> int:
    """Grade one class both ways, print the figures; 1 when a score differs."""
    autograder = ensure_built(assignment)
    with tempfile.TemporaryDirectory(prefix="grading-benchmark-") as scratch:
        base = Path(scratch)
        folder = base / "class"
        folder.mkdir()
        paths = make_class(folder, assignment, students)

        started = time.perf_counter()
        argv = [sys.executable, "-m", "course", "grade", str(folder), "-o", str(base / "out"), "--jobs", str(jobs)]
        run(argv, "python -m course grade", quiet=False)
        ours_seconds = time.perf_counter() - started
        with (base / "out" / "gradebook.csv").open(encoding="utf-8") as handle:
            gradebook = {row["file"]: row for row in csv.DictReader(handle)}

        started = time.perf_counter()
        # The peer gets the same cores: as many `otter run`s at a time as course grade has workers.
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            scored = pool.map(lambda path: otter_scores(autograder, path, base / "otter" / path.stem), paths)
            theirs = dict(zip(paths, scored, strict=True))
        otter_seconds = time.perf_counter() - started

    disagreements = [
        f"{path.name}: {question} course {gradebook[str(path)][question]} otter {score}"
        for path, scores in theirs.items()
        for question, score in scores.items()
        if float(gradebook[str(path)][question]) != score
    ]
    n = len(paths)
    print(f"submissions: {n} ({assignment}; solutions, partial, blank), {jobs} worker(s), {os.cpu_count()} cores")
    print(f"python -m course grade: {ours_seconds:7.1f} s total, {ours_seconds / n:6.2f} s per submission")
    print(f"otter run, {jobs} at a time: {otter_seconds:5.1f} s total, {otter_seconds / n:6.2f} s per submission")
    print(f"speed-up: {otter_seconds / ours_seconds:.1f}x")
    print(
        "scores: identical, question by question"
        if not disagreements
        else "scores DIFFER:\n" + "\n".join(disagreements)
    )
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
