"""Charts that draw in JupyterLab with no internet, in the course's colour-blind-safe theme.

altair's own "jupyter" renderer validates every chart twice and bundles Vega's JavaScript in every
new kernel (2-3 s). Here Jupyter's display formatter shows a chart as altair's widget
(``alt.JupyterChart``) with a bundle made once per computer and kept in ``~/.cache/rwanda-course/``
(binder/postBuild makes it when Binder builds its image).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

import altair as alt

VEGA_JS = Path.home() / ".cache" / "rwanda-course" / f"altair-{alt.__version__}-offline.js"


def use_course_theme(theme_file: Path) -> None:
    """Register and enable the course's chart theme (fonts, sizes, colour scheme)."""
    theme = json.loads(theme_file.read_text(encoding="utf-8"))
    alt.theme.register("course", enable=True)(lambda: theme)


def keep_bundle() -> str:
    """Vega's JavaScript for altair's widget: read from VEGA_JS if kept, else bundled and kept there."""
    if VEGA_JS.is_file():
        return VEGA_JS.read_text(encoding="utf-8")
    alt.JupyterChart.enable_offline(True)  # vl-convert bundles Vega's JavaScript from the installed packages
    bundle = alt.JupyterChart._esm
    with contextlib.suppress(OSError):  # a read-only home folder: the bundle is not kept
        VEGA_JS.parent.mkdir(parents=True, exist_ok=True)
        partial = VEGA_JS.with_name(f"{VEGA_JS.name}.{os.getpid()}")
        partial.write_text(bundle, encoding="utf-8")
        partial.replace(VEGA_JS)  # in one step, so another notebook never reads half a file
    return bundle


def show_chart(chart: alt.TopLevelMixin, include: Any = None, exclude: Any = None) -> Any:
    """What Jupyter calls to show an altair chart: the chart widget, with the offline bundle."""
    alt.JupyterChart._esm = keep_bundle()
    return alt.JupyterChart(chart)._repr_mimebundle_(include=include, exclude=exclude)


def show_charts_offline() -> None:
    """Have Jupyter show every altair chart through show_chart (outside IPython: do nothing)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    shell.display_formatter.mimebundle_formatter.for_type(alt.TopLevelMixin, show_chart)
