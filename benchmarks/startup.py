"""How long a student waits: kernel start to first cell, and to the end of Run All.

For every student edition in notebooks/, start a fresh Python kernel (the one
JupyterLab starts), run the code cells in order as Run All does, and report
the seconds from kernel start to the end of the first cell and to the end of
the last. Next to them, measured in the same run and interleaved with the
notebooks so that both see the same machine load, is the *floor*: a fresh
kernel that only runs ``import pandas, altair, otter``. A notebook cannot start
faster than its imports; the ratio says how much the notebook adds.

Then it says where the floor goes (``python -X importtime``: the largest
imports by cumulative and by own time) and what the offline chart renderer
costs at the first chart (``vl_convert.javascript_bundle``).

The notebooks run in a scratch copy of the course, so their export cells leave
no zip in notebooks/. Usage: ``.venv/bin/python benchmarks/startup.py [NN ...]``.
"""

from __future__ import annotations

import argparse
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parent.parent
FLOOR_CODE = "import pandas, altair, otter"
GOAL = 1.3  # Run All within 1.3 x the floor


def run_kernel(cells: list[str], cwd: Path, timeout: float = 300) -> tuple[float, float, list[float]]:
    """Start a kernel in cwd and run cells in order.

    Return the seconds from kernel start to the end of the first cell and of the
    last, and each cell's own seconds.
    """
    started = time.perf_counter()
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(cwd), stderr=subprocess.DEVNULL)  # its log only warns about TCP
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=timeout)
        first, each = None, []
        for index, code in enumerate(cells):
            cell_started = time.perf_counter()
            errors: list[str] = []

            def collect(message: dict, errors: list[str] = errors) -> None:
                if message["msg_type"] == "error":
                    errors.append(f"{message['content']['ename']}: {message['content']['evalue']}")

            try:
                client.execute_interactive(code, timeout=timeout, output_hook=collect, allow_stdin=False)
            except (TimeoutError, queue.Empty) as error:
                raise RuntimeError(f"cell {index} did not finish within {timeout:.0f} s") from error
            if errors:
                raise RuntimeError(f"cell {index} raised {errors[0]}")
            each.append(time.perf_counter() - cell_started)
            if first is None:
                first = time.perf_counter() - started
        return first or 0.0, time.perf_counter() - started, each
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
    """Seconds that alt.renderers.enable('jupyter', offline=True) adds at the first chart (bundling Vega's JS)."""
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
    args = options.parse_args(argv)
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if args.only:
        notebooks = [p for p in notebooks if p.name.startswith(tuple(args.only))]
    if not notebooks:
        print("no student editions found in notebooks/", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="startup-") as scratch:
        for name in ("notebooks", "data", "seeds"):
            shutil.copytree(ROOT / name, Path(scratch) / name, ignore=shutil.ignore_patterns("*.zip"))
        folder = Path(scratch) / "notebooks"
        run_kernel([FLOOR_CODE], folder)  # warm the file cache, so the first measurement is not penalised
        floors, rows = [], []
        for path in notebooks:
            floors.append(run_kernel([FLOOR_CODE], folder)[1])
            first, everything, each = run_kernel(code_cells(folder / path.name), folder)
            slowest = max(range(len(each)), key=each.__getitem__)
            rows.append((path.stem, first, everything, f"#{slowest} {each[slowest]:.2f}s"))
        floors.append(run_kernel([FLOOR_CODE], folder)[1])

    floor = statistics.median(floors)
    print(f"Python {sys.version.split()[0]}; floor = fresh kernel running '{FLOOR_CODE}'")
    print(f"floor: median {floor:.2f} s of {len(floors)} runs ({', '.join(f'{f:.2f}' for f in floors)})")
    print()
    print(f"{'notebook':<32} {'first cell':>10} {'ratio':>6} {'Run All':>8} {'ratio':>6}  slowest code cell")
    for name, first, everything, slowest in rows:
        mark = "" if everything / floor <= GOAL else f"  (goal {GOAL}x)"
        print(
            f"{name:<32} {first:9.2f}s {first / floor:5.2f}x {everything:7.2f}s {everything / floor:5.2f}x"
            f"  {slowest}{mark}"
        )
    print()
    print(f"offline chart renderer, once per kernel at the first chart: {renderer_cost():.2f} s")
    print()
    print(f"where the floor goes (python -X importtime -c '{FLOOR_CODE}'):")
    print("\n".join(import_profile(FLOOR_CODE)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
