"""How long a student waits: kernel start to first cell, and to the end of Run All.

For every student edition in notebooks/, start a fresh Python kernel (the one
JupyterLab starts), run the code cells in order as Run All does, and report
the seconds from kernel start to the end of the first cell and to the end of
the last. Next to them, measured in the same run and interleaved with the
notebooks so that both see the same machine load, is the *floor*: a fresh
kernel that only runs ``import pandas, altair, otter``. A notebook cannot start
faster than its imports; the ratio says how much the notebook adds.

Each notebook runs ``--repeat`` times (default 3), each run right after a floor
run of its own, so that a pair sees the same machine load; the table shows
medians, and the ratio is the median of the pairs' ratios, because one run on
this shared machine varies by about 20 %. The notebooks run in what a
student installs, a release (``course release``, which ships the charts' Vega
bundle in coursekit/), and the kernels get an empty scratch home folder, so
the first notebook runs with nothing kept in ``~/.cache/rwanda-course/``:
that *cold* run, what a student's very first notebook on a new computer
costs, is printed on its own; the medians are of the runs that follow.

Then it says where the floor goes (``python -X importtime``: the largest
imports by cumulative and by own time) and what bundling Vega's JavaScript
costs (``vl_convert.javascript_bundle``, paid by ``course release``, not by a student).

The release is made in a scratch folder, so nothing is written into notebooks/.
Usage: ``.venv/bin/python benchmarks/startup.py [NN ...] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager

from course import release

ROOT = Path(__file__).resolve().parent.parent
FLOOR_CODE = "import pandas, altair, otter"
GOAL = 1.5  # Run All within 1.5 x the floor (issue 12)


def run_kernel(
    cells: list[str], cwd: Path, home: Path | None = None, timeout: float = 300
) -> tuple[float, float, list[float]]:
    """Start a kernel in cwd (with HOME=home if given) and run cells in order, as JupyterLab's Run All does.

    Run All sends every cell's execute request at once and the kernel works
    through its queue, so no cell waits for a round trip to the browser; the
    requests are sent the same way here. Return the seconds from kernel start to
    the end of the first cell and of the last, and each cell's own seconds (from
    the end of the one before it). A cell that raises stops the measurement.
    """
    started = time.perf_counter()
    manager = KernelManager(kernel_name="python3")
    env = {**os.environ, "HOME": str(home)} if home else dict(os.environ)
    manager.start_kernel(cwd=str(cwd), env=env, stderr=subprocess.DEVNULL)  # its log only warns about TCP
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=timeout)
        previous = time.perf_counter()
        pending = {client.execute(code, allow_stdin=False, stop_on_error=True): i for i, code in enumerate(cells)}
        ends: dict[int, float] = {}
        while pending:
            try:
                reply = client.get_shell_msg(timeout=timeout)
            except queue.Empty as error:
                raise RuntimeError(f"no cell finished within {timeout:.0f} s") from error
            index = pending.pop(reply["parent_header"].get("msg_id"), None)
            if index is None:
                continue
            ends[index] = time.perf_counter()
            content = reply["content"]
            if content["status"] != "ok":
                raise RuntimeError(f"cell {index} raised {content.get('ename')}: {content.get('evalue')}")
        each = []
        for index in range(len(cells)):
            each.append(ends[index] - previous)
            previous = ends[index]
        return ends[0] - started, ends[len(cells) - 1] - started, each
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def code_cells(path: Path) -> list[str]:
    """The code cells of a notebook, as Run All sends them to the kernel."""
    notebook = nbformat.read(path, as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code" and cell.source.strip()]


def import_profile(code: str, top: int = 8) -> list[str]:
    """Lines of ``python -X importtime``: the slowest imports by cumulative and by own time, in seconds."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|")
        rows.append((int(own) / 1e6, int(cumulative) / 1e6, name[1:]))  # name keeps its indent: the depth
    total = sum(own for own, _, _ in rows)
    # A package's first import (its name has no dot), at any depth: who pulled in what.
    packages: dict[str, float] = {}
    for _, cumulative, name in rows:
        package = name.strip()
        if "." not in package and not package.startswith("_") and package not in packages:
            packages[package] = cumulative
    heaviest = sorted(packages.items(), key=lambda item: -item[1])[:top]
    by_own = sorted(rows, key=lambda r: -r[0])[:top]
    lines = [f"  all imports: {total:.2f} s"]
    lines += ["  packages, each with everything it imports first (nested: they overlap):"]
    lines += [f"    {cumulative:6.2f} s  {name}" for name, cumulative in heaviest]
    lines += ["  own time (the module's own code):"] + [f"    {o:6.2f} s  {n.strip()}" for o, _, n in by_own]
    return lines


def renderer_cost() -> float:
    """Seconds that bundling Vega's JavaScript for altair's offline widget takes (once per computer)."""
    code = (
        "import time, altair as alt\n"
        "t = time.perf_counter(); alt.JupyterChart.enable_offline(True); print(time.perf_counter() - t)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Measure every student edition (or those named) against the floor; print the table and the profile."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("only", nargs="*", metavar="NN", help="measure only notebooks whose name starts with this")
    options.add_argument("--repeat", type=int, default=3, metavar="N", help="runs per notebook (default 3)")
    args = options.parse_args(argv)
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if args.only:
        notebooks = [p for p in notebooks if p.name.startswith(tuple(args.only))]
    if not notebooks:
        print("no student editions found in notebooks/", file=sys.stderr)
        return 1

    runs: dict[str, list[tuple[float, float, list[float]]]] = {path.stem: [] for path in notebooks}
    with tempfile.TemporaryDirectory(prefix="startup-") as scratch:
        course = Path(scratch) / "course"
        release.release(course)  # what a student installs: the student repository, with its chart bundle
        shipped = sorted(p.name for p in (course / "coursekit").glob("*.js"))
        folder, home = course / "notebooks", Path(scratch) / "home"
        home.mkdir()
        cells = {path.stem: code_cells(folder / path.name) for path in notebooks}
        run_kernel([FLOOR_CODE], folder, home)  # warm the file cache, so the first measurement is not penalised
        cold = notebooks[0].stem
        cold_floor = run_kernel([FLOOR_CODE], folder, home)[1]  # its pair, as for the runs below
        cold_run = run_kernel(cells[cold], folder, home)  # nothing kept in the home folder yet: a new computer
        kept = sorted(p.name for p in (home / ".cache" / "rwanda-course").glob("*"))
        # Each notebook run comes right after a floor run of its own: a pair sees the same machine load,
        # so the median of the pairs' ratios is steadier than either median alone.
        paired: dict[str, list[float]] = {path.stem: [] for path in notebooks}
        for round_ in range(args.repeat):
            print(f"round {round_ + 1} of {args.repeat} ...", file=sys.stderr, flush=True)
            for path in notebooks:
                paired[path.stem].append(run_kernel([FLOOR_CODE], folder, home)[1])
                runs[path.stem].append(run_kernel(cells[path.stem], folder, home))

    floors = [f for pairs in paired.values() for f in pairs]
    floor = statistics.median(floors)
    print(f"Python {sys.version.split()[0]}; floor = fresh kernel running '{FLOOR_CODE}'")
    print(f"floor: median {floor:.2f} s of {len(floors)} runs (from {min(floors):.2f} to {max(floors):.2f})")
    print(f"notebooks: {args.repeat} runs each, each right after a floor run; medians")
    print(f"chart bundle shipped in the release's coursekit/: {shipped}; kept in the home folder: {kept}")
    print("ratio = median over the runs of (notebook's time / its own floor run)")
    print()
    print(
        f"{'notebook':<32} {'first cell':>10} {'ratio':>6} {'Run All':>8} {'ratio':>6} {'beyond floor':>12}"
        "  slowest code cell"
    )
    worst = 0.0
    for name, measured in runs.items():
        floor_runs = paired[name]
        first = statistics.median(run[0] for run in measured)
        everything = statistics.median(run[1] for run in measured)
        first_ratio = statistics.median(run[0] / f for run, f in zip(measured, floor_runs, strict=True))
        ratio = statistics.median(run[1] / f for run, f in zip(measured, floor_runs, strict=True))
        beyond = statistics.median(run[1] - f for run, f in zip(measured, floor_runs, strict=True))
        each = [statistics.median(run[2][i] for run in measured) for i in range(len(measured[0][2]))]
        slowest = max(range(len(each)), key=each.__getitem__)
        worst = max(worst, ratio)
        mark = "" if ratio <= GOAL else f"  (goal {GOAL}x)"
        print(
            f"{name:<32} {first:9.2f}s {first_ratio:5.2f}x {everything:7.2f}s {ratio:5.2f}x {beyond:11.2f}s"
            f"  #{slowest} {each[slowest]:.2f}s{mark}"
        )
    print(f"worst Run All ratio: {worst:.2f}x (goal {GOAL}x)")
    print()
    cold_each = cold_run[2]
    cold_slowest = max(range(len(cold_each)), key=cold_each.__getitem__)
    print(
        f"cold: {cold} with an empty home folder (a student's first notebook on a new computer): "
        f"Run All {cold_run[1]:.2f}s, {cold_run[1] / cold_floor:.2f}x its own floor run ({cold_floor:.2f}s),"
        f" {cold_run[1] / floor:.2f}x the median floor;"
        f" slowest #{cold_slowest} {cold_each[cold_slowest]:.2f}s"
    )
    print(f"bundling Vega's JavaScript (vl_convert.javascript_bundle), done by course release: {renderer_cost():.2f} s")
    print()
    print(f"where the floor goes (python -X importtime -c '{FLOOR_CODE}'):")
    print("\n".join(import_profile(FLOOR_CODE)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
