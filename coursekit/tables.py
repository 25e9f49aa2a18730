"""Tables that a keyboard can scroll: each DataFrame's HTML sits in a focusable, labelled region.

A table wider than the notebook scrolls inside its output area, and WCAG 2.1 (axe-core's
``scrollable-region-focusable``) asks that a keyboard user can reach and scroll it: JupyterLab's output
area is not focusable. So the course shows a DataFrame as pandas' own HTML (``_repr_html_``, the same
table Jupyter shows, with the same display options) inside a ``div`` that takes the focus, scrolls
itself and says what it holds. The formatter is registered by name, so pandas is not imported here.
"""

from __future__ import annotations

from typing import Any


def scrollable_table(frame: Any) -> str | None:
    """The DataFrame's usual HTML, in a region the keyboard can focus and scroll (None: pandas' own text)."""
    table = frame._repr_html_()
    if table is None:  # pandas shows no HTML (display.notebook_repr_html is off): keep its text form
        return None
    rows, columns = frame.shape
    label = f"Table, {rows} rows by {columns} columns"
    return f'<div role="region" aria-label="{label}" tabindex="0" style="overflow-x: auto">{table}</div>'


def show_tables_scrollable() -> None:
    """Have Jupyter show every DataFrame through scrollable_table (outside IPython: do nothing)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    shell.display_formatter.formatters["text/html"].for_type_by_name("pandas", "DataFrame", scrollable_table)
