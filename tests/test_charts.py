"""How the notebooks show charts: altair's widget, offline, with Vega's JavaScript kept between kernels.

Every set-up cell calls ``coursekit.setup``, which registers
``coursekit.charts.show_chart`` with Jupyter's display formatter. It draws a
chart as ``alt.JupyterChart`` with the JavaScript that vl-convert bundles from
the installed packages (no CDN), and keeps that bundle in
``~/.cache/rwanda-course/`` so that only the first chart on a computer pays for
bundling (2-3 s). The set-up cell itself stays short and holds no private API.
These tests run the real set-up cell of a student edition in a fresh kernel
whose home folder is a temporary one, and look at what the kernel sends to the
browser and what it leaves on disk. The browser test
(tests/test_browser.py) shows that the charts are then drawn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.chart_kernel import CHART, REFUSE_BUNDLING, SETUP, SETUP_CALL, WIDGET, Kernel, setup_cell
from tests.conftest import ROOT, master_paths, student_paths

StartKernel = Callable[[Path], Kernel]


@pytest.fixture
def start_kernel() -> Iterator[StartKernel]:
    """Start kernels with the HOME a test chooses; all are shut down after the test."""
    started: list[Kernel] = []

    def start(home: Path) -> Kernel:
        started.append(Kernel(home))
        return started[-1]

    yield start
    for kernel in started:
        kernel.close()


CACHE = Path(".cache") / "rwanda-course"


@pytest.mark.parametrize("path", [*master_paths(), *student_paths()], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_set_up_cell_is_short_and_calls_coursekit_for_its_notebook(path: Path) -> None:
    source = setup_cell(path)
    code = [line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert len(code) <= 16, f"{path.name}: the set-up cell has {len(code)} lines of code; keep plumbing in coursekit"
    assert SETUP_CALL.search(source).group(1) == path.name[:2], f"{path.name}: coursekit.setup names another notebook"
    private = re.findall(r"\.\s*(_[A-Za-z]\w*)", source)
    assert not private, f"{path.name}: the set-up cell uses private API {private}; move it into coursekit"
    assert "display_formatter" not in source, f"{path.name}: chart plumbing belongs in coursekit.charts"


def test_first_chart_bundles_offline_and_keeps_the_bundle(tmp_path: Path, start_kernel: StartKernel) -> None:
    kernel = start_kernel(tmp_path)
    kernel.run(SETUP)
    assert not (tmp_path / CACHE).exists(), "the set-up cell must not bundle: only a chart that is shown needs it"
    shown = kernel.run(CHART)
    assert len(shown) == 1 and WIDGET in shown[0], f"the chart was not shown as altair's widget: {shown}"
    kept = list((tmp_path / CACHE).iterdir())
    assert [p.name for p in kept] == [f"altair-{kernel.value('alt.__version__')}-offline-keys.js"], kept
    bundle = kept[0].read_text(encoding="utf-8")
    assert "render:courseRender" in bundle, "the kept bundle lacks the charts' keyboard access (coursekit.charts)"
    assert len(bundle) > 100_000, "the kept bundle is too small to hold Vega"
    assert "esm.sh" not in bundle and "cdn.jsdelivr" not in bundle, "the bundle loads code from the internet"
    assert kernel.value("alt.JupyterChart._esm == coursekit.charts.VEGA_JS.read_text(encoding='utf-8')") == "True"


def test_later_kernels_read_the_kept_bundle_without_bundling(tmp_path: Path, start_kernel: StartKernel) -> None:
    first = start_kernel(tmp_path)
    first.run(SETUP)
    first.run(CHART)
    later = start_kernel(tmp_path)
    # If the later kernel bundled again, this would raise in the chart's cell.
    later.run(REFUSE_BUNDLING)
    later.run(SETUP)
    shown = later.run(CHART)
    assert len(shown) == 1 and WIDGET in shown[0], f"the chart was not shown as altair's widget: {shown}"
    assert later.value("alt.JupyterChart._esm == coursekit.charts.VEGA_JS.read_text(encoding='utf-8')") == "True"


def test_charts_are_drawn_where_the_bundle_cannot_be_kept(tmp_path: Path, start_kernel: StartKernel) -> None:
    # A file where the cache folder should be: mkdir fails as on a read-only home (root ignores chmod).
    (tmp_path / ".cache").write_text("not a folder", encoding="utf-8")
    kernel = start_kernel(tmp_path)
    kernel.run(SETUP)
    for _ in range(2):
        shown = kernel.run(CHART)
        assert len(shown) == 1 and WIDGET in shown[0], f"the chart was not shown as altair's widget: {shown}"
    assert kernel.value("'esm.sh' in alt.JupyterChart._esm") == "False", "fell back to the CDN"
    assert (tmp_path / ".cache").read_text(encoding="utf-8") == "not a folder"


def test_a_shipped_bundle_is_read_without_bundling(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """A release ships the bundle in coursekit/: with nothing kept in the home folder, it is read, not made."""
    import altair as alt

    from coursekit import charts

    def refuse(*args: object) -> None:
        raise AssertionError("bundled although the release ships the bundle")

    monkeypatch.setattr(charts, "VEGA_JS", tmp_path / "home" / charts.VEGA_JS.name)
    monkeypatch.setattr(charts, "SHIPPED_JS", tmp_path / "coursekit" / charts.SHIPPED_JS.name)
    monkeypatch.setattr(alt.JupyterChart, "enable_offline", refuse)
    charts.SHIPPED_JS.parent.mkdir()
    charts.SHIPPED_JS.write_text("// the shipped bundle", encoding="utf-8")
    assert charts.keep_bundle() == "// the shipped bundle"
    charts.SHIPPED_JS.unlink()
    with pytest.raises(AssertionError, match="bundled although"):
        charts.keep_bundle()
