"""The ``python -m course`` command line: one subcommand per instructor task."""

from __future__ import annotations

import argparse
import sys
import time

from course import build

EPILOG = "Run 'python -m course COMMAND --help' for the options of each command."


def cmd_build(args: argparse.Namespace) -> int:
    """Regenerate data tables, student editions and autograders."""
    started = time.perf_counter()
    changed = build.build(only=args.notebooks)
    for path in changed:
        print(f"updated {path.relative_to(build.ROOT)}")
    print(
        f"build done in {time.perf_counter() - started:.1f} s: "
        f"{len(changed)} committed file(s) changed; autograders and solutions in dist/"
    )
    if changed:
        print("Commit the updated files so that students get them.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Fail when a committed generated file is not what the build makes now."""
    problems = build.stale_files(log=lambda line: None)
    if not problems:
        print("all generated files are current")
        return 0
    print("out of date (run 'python -m course build' and commit the result):", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def cmd_links(args: argparse.Namespace) -> int:
    """Print one nbgitpuller link per student edition (import inside: the CLI starts fast)."""
    from course import links

    own = links.instructor_remote()
    if own and links.same_repository(own, args.repo):
        print(
            f"error: {args.repo} is this repository, the instructor's (masters, solutions, hidden tests). Students "
            "get the student repository: make it with 'python -m course release DEST', publish it, and give "
            "its address to --repo.",
            file=sys.stderr,
        )
        return 2
    try:
        pairs = links.course_links(args.hub, args.repo, args.branch)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for name, link in pairs:
        print(f"{name}\t{link}")
    return 0


def add_links_command(commands: argparse._SubParsersAction) -> None:
    """links: nbgitpuller links for a JupyterHub."""
    links_parser = commands.add_parser(
        "links",
        help="print one nbgitpuller link per notebook, for students on a JupyterHub",
        description=(
            "For a JupyterHub with nbgitpuller installed: print, for every student edition in notebooks/, "
            "the link that clones (or updates) the course repository in the student's home folder and opens "
            "the notebook in JupyterLab. Output: notebook name, a tab, the link."
        ),
    )
    links_parser.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.edu")
    links_parser.add_argument(
        "--repo",
        required=True,
        help="the STUDENT repository's HTTPS address (made by 'course release'), e.g. https://github.com/OWNER/REPO",
    )
    links_parser.add_argument("--branch", default="main", help="the branch students get (default: main)")
    links_parser.set_defaults(handler=cmd_links)


def cmd_grade(args: argparse.Namespace) -> int:
    """Grade a folder of submissions (imports inside, so the CLI works while modules are being added)."""
    from pathlib import Path

    if sys.platform != "linux" and not args.unisolated:
        print(
            "error: 'course grade' runs each hand-in in a bubblewrap jail, which needs Linux. On Windows, run it "
            "in WSL (Windows Subsystem for Linux); on a Mac, in a Linux virtual machine or container.",
            file=sys.stderr,
        )
        return 2
    from course import grading
    from course.grading import autograder, jail, lateness, marks, roster

    out = Path(args.out)
    try:
        due = lateness.parse_due(args.due) if args.due else None
        shard = grading.parse_shard(args.shard) if args.shard else (1, 1)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    assignment = None
    if args.assignment:
        known = autograder.course_assignments()
        chosen = [name for name in known if name.startswith(args.assignment)]
        if len(chosen) != 1:
            what = "no assignment" if not chosen else f"{len(chosen)} assignments"
            print(f"error: {what} start with '{args.assignment}'; the course has: {', '.join(known)}", file=sys.stderr)
            return 2
        assignment = chosen[0]
    paths = [Path(given) for given in args.paths]
    try:
        rows = grading.grade(
            paths,
            out,
            jobs=args.jobs,
            timeout=args.timeout,
            assignment=assignment,
            unisolated=args.unisolated,
            roster=Path(args.roster) if args.roster else None,
            due=due,
            shard=shard,
        )
    except jail.JailUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        print(
            "'course grade' needs Linux (or WSL on Windows) with bubblewrap ('apt install bubblewrap').",
            file=sys.stderr,
        )
        return 2
    except (marks.MarksError, roster.RosterError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0 if rows else 1


def cmd_merge_marks(args: argparse.Namespace) -> int:
    """Merge rubric marks from written-answers.csv (or a marker's copy) into the gradebook, feedback and canvas.csv."""
    from pathlib import Path

    from course.grading import marks, record

    out = Path(args.out)
    try:
        merged = record.merge_marks(out, Path(args.marks) if args.marks else None)
    except marks.MarksError as error:
        print("error: nothing merged; fix these cells and run merge-marks again:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    source = f" from {args.marks}" if args.marks else ""
    print(
        f"merged{source}: {merged.marked} written question(s) marked, {merged.comments} comment(s); "
        f"{merged.changed} cell(s) changed in written-answers.csv; gradebook.csv, feedback/ and canvas.csv rebuilt "
        f"in {out}"
    )
    return 0


def cmd_merge_shards(args: argparse.Namespace) -> int:
    """Merge the output folders of 'course grade --shard K/N' runs into one."""
    from pathlib import Path

    from course import grading
    from course.grading import marks

    try:
        changes = grading.merge_shards(Path(args.out), [Path(folder) for folder in args.shards])
    except marks.MarksError as error:
        print("error: a shard's written-answers.csv could not be merged:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"merged {len(args.shards)} shard(s) into {args.out}")
    print(changes.text())
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    """Write the student-only copy of the course."""
    from pathlib import Path

    from course import release

    made = release.release(Path(args.dest), repo=args.repo, hub=args.hub)
    print(f"student release written to {args.dest}: {len(made.files)} files (no masters, solutions or tests)")
    if made.added or made.changed or made.removed:
        for label, paths in (("added", made.added), ("changed", made.changed), ("removed", made.removed)):
            if paths:
                print(f"  {label} ({len(paths)}): {', '.join(paths[:8])}{' ...' if len(paths) > 8 else ''}")
    if (Path(args.dest) / ".git").exists():
        print("Review with 'git -C DEST status', then commit and push the student repository.")
    return 0


def add_grading_commands(commands: argparse._SubParsersAction) -> None:
    """grade, merge-marks and release."""
    grade_parser = commands.add_parser(
        "grade",
        help="grade a folder of submissions: gradebook, feedback, written answers, class report, Canvas CSV",
        description=(
            "Grade .ipynb files and the zips the notebooks' hand-in makes, each in its own bubblewrap jail (no "
            "network, read-only Python, a private size-capped folder, memory, CPU and file limits) with a time "
            "limit; otter-grader's tests (hidden ones included), from dist/autograder/ (built if "
            "missing), run outside the jail on the notebook's values as data. "
            "The assignment comes from the notebook's metadata, the student from the file name "
            "(Canvas's and Gradescope's names included; or its folder; or the roster). Canvas's submissions.zip "
            "can be given as it is. Writes OUT/gradebook.csv, OUT/feedback/STUDENT/ASSIGNMENT.md, "
            "OUT/written-answers.csv, OUT/report.html and OUT/canvas.csv. Grading into a folder that holds "
            "results updates the rows of the files graded now and keeps every other row, mark and comment."
        ),
    )
    grade_parser.add_argument("paths", nargs="+", metavar="PATH", help="submission files or folders of them")
    grade_parser.add_argument("-o", "--out", default="grading-output", help="output folder (default: grading-output)")
    grade_parser.add_argument("--jobs", type=int, default=None, help="parallel workers (default: one per core)")
    grade_parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds each submission's code may run (default: 60)"
    )
    grade_parser.add_argument(
        "--assignment",
        default=None,
        help="grade only this assignment, by its name or its start as for build, e.g. 04 (others: wrong-assignment)",
    )
    grade_parser.add_argument(
        "--roster",
        default=None,
        metavar="FILE",
        help="the class list: Canvas's gradebook export, or a CSV with name, id and login columns; files are "
        "matched to students, and files matching no one and students with no hand-in go to OUT/roster-report.csv",
    )
    grade_parser.add_argument(
        "--due",
        default=None,
        metavar="WHEN",
        help="the due date and time, e.g. 2025-03-01T23:59-08:00 (ISO 8601; without an offset, this computer's "
        "time zone): Gradescope hand-ins received later get how late in the 'late' column. Canvas's LATE file "
        "names are recorded with or without it. Lateness is recorded, never penalised",
    )
    grade_parser.add_argument(
        "--shard",
        default=None,
        metavar="K/N",
        help="grade only the K-th of N equal shares of the class (e.g. 3/8; a Slurm array or Kubernetes indexed "
        "Job runs one per task, each into its own OUT), then put them together with 'merge-shards'",
    )
    grade_parser.add_argument(
        "--unisolated",
        action="store_true",
        help="grade without bubblewrap, with process limits only (where it cannot run); every row says unisolated",
    )
    grade_parser.set_defaults(handler=cmd_grade)
    merge_parser = commands.add_parser(
        "merge-marks",
        help="put the rubric marks from written-answers.csv into gradebook.csv and canvas.csv",
        description=(
            "After filling the 'mark' column (or the criterion columns) and 'comment' of OUT/written-answers.csv "
            "(one row per student and written question), rebuild OUT/gradebook.csv, the feedback files and "
            "OUT/canvas.csv from it. With --marks, a marker's copy of the sheet is merged into it first (its "
            "filled cells only). A cell that cannot be read stops the merge, naming its row and column; running "
            "it twice gives the same result."
        ),
    )
    merge_parser.add_argument("out", metavar="OUT", help="the folder 'course grade' wrote")
    merge_parser.add_argument(
        "--marks", default=None, help="a marker's copy of written-answers.csv to merge (default: the sheet in OUT)"
    )
    merge_parser.set_defaults(handler=cmd_merge_marks)
    shards_parser = commands.add_parser(
        "merge-shards",
        help="merge the output folders of 'course grade --shard K/N' runs into one",
        description=(
            "Put the rows of every shard's output folder into OUT (every row, and every mark typed into a "
            "shard's written-answers.csv), and rebuild gradebook.csv, feedback/, report.html and canvas.csv "
            "there, as one run over the whole class would have written them."
        ),
    )
    shards_parser.add_argument("out", metavar="OUT", help="the folder to merge into (new, or one to add to)")
    shards_parser.add_argument("shards", nargs="+", metavar="SHARD", help="the shards' output folders")
    shards_parser.set_defaults(handler=cmd_merge_shards)
    release_parser = commands.add_parser(
        "release",
        help="write a student-only copy of the course (no masters, solutions, autograders or hidden tests)",
        description=(
            "Copy the student editions, data, seeds, coursekit, the readings and the documents the notebooks "
            "link to, a requirements file and Binder configuration, and a README for students to DEST: the "
            "student repository. Keep this repository (masters, solutions, hidden tests) private; publish DEST. "
            "On a clone, DEST's .git is kept and the rest replaced; the command lists what changed."
        ),
    )
    release_parser.add_argument(
        "dest", metavar="DEST", help="a new or empty folder, or a clone of the student repository (its .git is kept)"
    )
    release_parser.add_argument(
        "--repo",
        default=None,
        help="the student repository's HTTPS address (never this one): its README gets the Binder badge for it",
    )
    release_parser.add_argument("--hub", default=None, help="a JupyterHub with nbgitpuller: its README lists the links")
    release_parser.set_defaults(handler=cmd_release)


def parser() -> argparse.ArgumentParser:
    """The argument parser, one subparser per command."""
    top = argparse.ArgumentParser(
        prog="python -m course",
        description="Instructor tools for the Rwanda military-diplomacy course.",
        epilog=EPILOG,
    )
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    build_parser = commands.add_parser(
        "build",
        help="make notebooks/ (student editions), data/paragraphs.csv and dist/ (autograders) from the masters",
        description=(
            "Run otter-grader's assign on every master in course/source/, write the student editions "
            "to notebooks/ and the autograder zips and solution notebooks to dist/, and regenerate "
            "data/paragraphs.csv and data/sentences.csv from the seed. Output is byte-for-byte reproducible."
        ),
    )
    build_parser.add_argument(
        "notebooks", nargs="*", metavar="NN", help="build only the masters whose name starts with this (e.g. 02)"
    )
    build_parser.set_defaults(handler=cmd_build)
    check_parser = commands.add_parser(
        "check",
        help="exit 1 if notebooks/ or the generated data differ from what build would make",
        description=(
            "Build into memory and compare with the committed files. Exit 0 when all are current; "
            "exit 1 and name each stale file otherwise."
        ),
    )
    check_parser.set_defaults(handler=cmd_check)
    add_links_command(commands)
    add_grading_commands(commands)
    return top


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the command; return the exit code."""
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except (FileNotFoundError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
