"""Charts that draw in JupyterLab with no internet, in the course's colour-blind-safe theme.

altair's own "jupyter" renderer validates every chart twice and bundles Vega's JavaScript in every
new kernel (2-3 s). Here Jupyter's display formatter shows a chart as altair's widget
(``alt.JupyterChart``) with a bundle of Vega's JavaScript made ahead: shipped in the student repository
by ``course release``, made by binder/postBuild when Binder builds its image, or else made once per
computer and kept in ``~/.cache/rwanda-course/``.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

import altair as alt

# vega-embed's "..." action menu is an icon with no accessible name (axe: summary-name, WCAG 4.1.2), and its
# editor link needs the internet: the charts have no action menu (tests/test_accessibility.py).
EMBED_OPTIONS = {"actions": False}
# "-keys": the bundle below has keyboard access added; a bundle kept without it is not reused.
VEGA_JS = Path.home() / ".cache" / "rwanda-course" / f"altair-{alt.__version__}-offline-keys.js"
# The same bundle in the student repository: `course release` writes it into the release's coursekit/,
# so that a student's first chart on a new computer is not bundled there (benchmarks/startup.py, cold).
SHIPPED_JS = Path(__file__).resolve().parent / VEGA_JS.name
# A chart wider than the notebook (an hconcat, or any chart on a narrow or zoomed screen) sits in an
# output area that scrolls sideways, which a keyboard cannot reach (axe: scrollable-region-focusable,
# WCAG 2.1.1). So each chart's element takes the focus (Tab), and the arrow keys then scroll it.
KEYBOARD_ACCESS = """
async function courseRender(context) {
  const cleanup = await render(context);
  context.el.tabIndex = 0;
  context.el.classList.add("course-chart");
  context.el.setAttribute("role", "group");
  context.el.setAttribute("aria-label", "Chart: when it is wider than the page, scroll it with the arrow keys");
  return cleanup;
}
"""
# Where altair's bundled module names its render function for anywidget.
RENDER_EXPORT = "const __default={render};"
CHART_CSS = ".course-chart:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; }"


def use_course_theme(theme_file: Path) -> None:
    """Register and enable the course's chart theme (fonts, sizes, colour scheme)."""
    theme = json.loads(theme_file.read_text(encoding="utf-8"))
    alt.theme.register("course", enable=True)(lambda: theme)


def make_bundle() -> str:
    """Vega's JavaScript for altair's widget, bundled now by vl-convert from the installed packages (about 2 s)."""
    alt.JupyterChart.enable_offline(True)
    return with_keyboard_access(alt.JupyterChart._esm)


def keep_bundle() -> str:
    """Vega's JavaScript for altair's widget: kept in VEGA_JS, else shipped in SHIPPED_JS, else bundled and kept."""
    if VEGA_JS.is_file():
        return VEGA_JS.read_text(encoding="utf-8")
    if SHIPPED_JS.is_file():
        return SHIPPED_JS.read_text(encoding="utf-8")
    bundle = make_bundle()
    with contextlib.suppress(OSError):  # a read-only home folder: the bundle is not kept
        VEGA_JS.parent.mkdir(parents=True, exist_ok=True)
        partial = VEGA_JS.with_name(f"{VEGA_JS.name}.{os.getpid()}")
        partial.write_text(bundle, encoding="utf-8")
        partial.replace(VEGA_JS)  # in one step, so another notebook never reads half a file
    return bundle


def with_keyboard_access(bundle: str) -> str:
    """altair's bundled module with KEYBOARD_ACCESS around its render function (unchanged if not found)."""
    if RENDER_EXPORT not in bundle:  # another altair: tests/test_browser.py's axe check then fails and says so
        return bundle
    return bundle.replace(RENDER_EXPORT, KEYBOARD_ACCESS + "const __default={render:courseRender};")


def show_chart(chart: alt.TopLevelSpec, include: Any = None, exclude: Any = None) -> Any:
    """What Jupyter calls to show an altair chart: the chart widget, with the offline bundle."""
    alt.JupyterChart._esm = keep_bundle()
    if CHART_CSS not in alt.JupyterChart._css:
        alt.JupyterChart._css += CHART_CSS
    return alt.JupyterChart(chart, embed_options=EMBED_OPTIONS)._repr_mimebundle_(include=include, exclude=exclude)


def show_charts_offline() -> None:
    """Have Jupyter show every altair chart through show_chart (outside IPython: do nothing)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    shell.display_formatter.mimebundle_formatter.for_type(alt.TopLevelMixin, show_chart)


if __name__ == "__main__":  # python -m coursekit.charts: make the bundle now (an install step; binder/postBuild)
    keep_bundle()
    print("Vega's JavaScript for offline charts:", VEGA_JS if VEGA_JS.is_file() else SHIPPED_JS)
