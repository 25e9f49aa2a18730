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
        "--repo", required=True, help="the course repository's HTTPS address, e.g. https://github.com/OWNER/REPO"
    )
    links_parser.add_argument("--branch", default="main", help="the branch students get (default: main)")
    links_parser.set_defaults(handler=cmd_links)


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
    return top


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the command; return the exit code."""
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except (FileNotFoundError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
