"""Benchmark (not a test): `python -m course grade` against a loop of `otter run`, on the same class.

Builds a class of at least 40 submissions of notebook 01 (solutions, partial answers, blanks),
grades it once with `python -m course grade` and once with one `otter run` per submission, checks
that every score agrees question by question, and prints seconds per submission and the ratio.

    .venv/bin/python benchmarks/grading.py [--students 40] [--jobs N]
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


def otter_scores(autograder: Path, submission: Path, out: Path) -> dict[str, float]:
    out.mkdir(parents=True)
    subprocess.run(
        [sys.executable, "-m", "otter", "run", "-a", str(autograder), "-o", str(out), str(submission)],
        check=True,
        capture_output=True,
        cwd=out,
    )
    tests = json.loads((out / "results.json").read_text(encoding="utf-8"))["tests"]
    return {t["name"]: float(t["score"]) for t in tests if "max_score" in t}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--students", type=int, default=40)
    options.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    options.add_argument("--assignment", default="01_reading-the-raw-text")
    args = options.parse_args()
    autograder = ROOT / "dist" / "autograder" / f"{args.assignment}.zip"
    if not autograder.exists():
        subprocess.run([sys.executable, "-m", "course", "build", args.assignment[:2]], check=True, cwd=ROOT)
    with tempfile.TemporaryDirectory(prefix="grading-benchmark-") as scratch:
        base = Path(scratch)
        folder = base / "class"
        folder.mkdir()
        paths = make_class(folder, args.assignment, args.students)

        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "course", "grade", str(folder), "-o", str(base / "out"), "--jobs", str(args.jobs)],
            check=True,
            cwd=ROOT,
        )
        ours_seconds = time.perf_counter() - started
        with (base / "out" / "gradebook.csv").open(encoding="utf-8") as handle:
            gradebook = {row["file"]: row for row in csv.DictReader(handle)}

        started = time.perf_counter()
        theirs = {path: otter_scores(autograder, path, base / "otter" / path.stem) for path in paths}
        otter_seconds = time.perf_counter() - started

    disagreements = [
        f"{path.name}: {question} course {gradebook[str(path)][question]} otter {score}"
        for path, scores in theirs.items()
        for question, score in scores.items()
        if float(gradebook[str(path)][question]) != score
    ]
    n = len(paths)
    print(
        f"submissions: {n} ({args.assignment}; solutions, partial, blank), "
        f"{args.jobs} worker(s), {os.cpu_count()} cores"
    )
    print(f"python -m course grade: {ours_seconds:7.1f} s total, {ours_seconds / n:6.2f} s per submission")
    print(f"otter run loop:         {otter_seconds:7.1f} s total, {otter_seconds / n:6.2f} s per submission")
    print(f"speed-up: {otter_seconds / ours_seconds:.1f}x")
    print(
        "scores: identical, question by question"
        if not disagreements
        else "scores DIFFER:\n" + "\n".join(disagreements)
    )
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
