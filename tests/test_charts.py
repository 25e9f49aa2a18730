"""How the notebooks show charts: altair's widget, offline, with Vega's JavaScript kept between kernels.

Every set-up cell registers ``show_chart`` with Jupyter's display formatter. It
draws a chart as ``alt.JupyterChart`` with the JavaScript that vl-convert
bundles from the installed packages (no CDN), and keeps that bundle in
``~/.cache/rwanda-course/`` so that only the first chart on a computer pays for
bundling (2-3 s). These tests run the real set-up cell of a student edition in a
fresh kernel whose home folder is a temporary one, and look at what the kernel
sends to the browser and what it leaves on disk. The browser test
(tests/test_browser.py) shows that the charts are then drawn.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Iterator
from pathlib import Path

import pytest
from jupyter_client.manager import KernelManager

from tests.conftest import ROOT, master_paths, read_notebook, student_paths

WIDGET = "application/vnd.jupyter.widget-view+json"
CHART = 'alt.Chart(pd.DataFrame({"x": [1, 2, 3]}), title="t", description="d").mark_bar().encode(x="x:Q")'
REFUSE_BUNDLING = (
    "import vl_convert\n"
    "def refuse(*args, **kwargs):\n"
    "    raise AssertionError('bundled Vega again although a bundle was kept')\n"
    "vl_convert.javascript_bundle = refuse"
)
BLOCK_START = "# Charts are drawn with no internet"
BLOCK_END = "mimebundle_formatter.for_type(alt.TopLevelMixin, show_chart)"


def setup_cell(path: Path) -> str:
    """The notebook's set-up cell: the code cell that registers show_chart."""
    cells = [c.source for c in read_notebook(path).cells if c.cell_type == "code" and BLOCK_END in c.source]
    assert len(cells) == 1, f"{path.name}: expected one set-up cell registering show_chart, found {len(cells)}"
    return cells[0]


def chart_block(source: str) -> str:
    start = source.index(BLOCK_START)
    return source[start : source.index(BLOCK_END) + len(BLOCK_END)]


class Kernel:
    """A fresh python3 kernel in notebooks/, with HOME pointing at a folder of the test's choosing."""

    def __init__(self, home: Path) -> None:
        self.manager = KernelManager(kernel_name="python3")
        env = {**os.environ, "HOME": str(home)}
        self.manager.start_kernel(cwd=str(ROOT / "notebooks"), env=env)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=120)

    def run(self, code: str) -> list[dict]:
        """Run code; return the data of what it displays. An error in the kernel fails the test."""
        return self.execute(code)[0]

    def value(self, expression: str) -> str:
        """What the kernel prints for expression."""
        return self.execute(f"print({expression})")[1].strip()

    def execute(self, code: str) -> tuple[list[dict], str]:
        shown: list[dict] = []
        printed: list[str] = []
        errors: list[str] = []

        def collect(message: dict) -> None:
            kind, content = message["msg_type"], message["content"]
            if kind in {"display_data", "execute_result"}:
                shown.append(content["data"])
            elif kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                errors.append(f"{content['ename']}: {content['evalue']}")

        try:
            self.client.execute_interactive(code, timeout=180, output_hook=collect, allow_stdin=False)
        except (TimeoutError, queue.Empty) as error:
            raise AssertionError(f"the kernel did not finish: {code[:80]!r}") from error
        assert not errors, f"the kernel raised {errors[0]} running {code[:80]!r}"
        return shown, "".join(printed)

    def close(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@pytest.fixture
def kernels() -> Iterator[list[Kernel]]:
    started: list[Kernel] = []
    yield started
    for kernel in started:
        kernel.close()


def start(kernels: list[Kernel], home: Path) -> Kernel:
    kernel = Kernel(home)
    kernels.append(kernel)
    return kernel


SETUP = setup_cell(student_paths()[0])
CACHE = Path(".cache") / "rwanda-course"


@pytest.mark.parametrize("path", [*master_paths(), *student_paths()], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_notebook_shows_charts_the_same_way(path: Path) -> None:
    assert chart_block(setup_cell(path)) == chart_block(SETUP), (
        f"{path.name}: its chart set-up differs from {student_paths()[0].name}'s; "
        "copy the block so that every notebook draws charts the same way"
    )


def test_first_chart_bundles_offline_and_keeps_the_bundle(tmp_path: Path, kernels: list[Kernel]) -> None:
    kernel = start(kernels, tmp_path)
    kernel.run(SETUP)
    assert not (tmp_path / CACHE).exists(), "the set-up cell must not bundle: only a chart that is shown needs it"
    shown = kernel.run(CHART)
    assert len(shown) == 1 and WIDGET in shown[0], f"the chart was not shown as altair's widget: {shown}"
    kept = list((tmp_path / CACHE).iterdir())
    assert [p.name for p in kept] == [f"altair-{kernel.value('alt.__version__')}-offline.js"], kept
    bundle = kept[0].read_text(encoding="utf-8")
    assert len(bundle) > 100_000, "the kept bundle is too small to hold Vega"
    assert "esm.sh" not in bundle and "cdn.jsdelivr" not in bundle, "the bundle loads code from the internet"
    assert kernel.value("alt.JupyterChart._esm == VEGA_JS.read_text(encoding='utf-8')") == "True"


def test_later_kernels_read_the_kept_bundle_without_bundling(tmp_path: Path, kernels: list[Kernel]) -> None:
    first = start(kernels, tmp_path)
    first.run(SETUP)
    first.run(CHART)
    later = start(kernels, tmp_path)
    # If the later kernel bundled again, this would raise in the chart's cell.
    later.run(REFUSE_BUNDLING)
    later.run(SETUP)
    shown = later.run(CHART)
    assert len(shown) == 1 and WIDGET in shown[0], f"the chart was not shown as altair's widget: {shown}"
    assert later.value("alt.JupyterChart._esm == VEGA_JS.read_text(encoding='utf-8')") == "True"


def test_charts_are_drawn_where_the_bundle_cannot_be_kept(tmp_path: Path, kernels: list[Kernel]) -> None:
    # A file where the cache folder should be: mkdir fails as on a read-only home (root ignores chmod).
    (tmp_path / ".cache").write_text("not a folder", encoding="utf-8")
    kernel = start(kernels, tmp_path)
    kernel.run(SETUP)
    for _ in range(2):
        shown = kernel.run(CHART)
        assert len(shown) == 1 and WIDGET in shown[0], f"the chart was not shown as altair's widget: {shown}"
    assert kernel.value("'esm.sh' in alt.JupyterChart._esm") == "False", "fell back to the CDN"
    assert (tmp_path / ".cache").read_text(encoding="utf-8") == "not a folder"
