"""coursekit.tables: a DataFrame shows as pandas' own HTML inside a region a keyboard can focus and scroll."""

from __future__ import annotations

import pandas as pd
import pytest
from IPython.testing.globalipapp import start_ipython

from coursekit import tables


def test_a_table_is_a_focusable_labelled_region_holding_pandas_html() -> None:
    frame = pd.DataFrame({"paragraph_id": ["P01", "P02"], "n_words": [38, 45]})
    shown = tables.scrollable_table(frame)
    assert shown is not None
    assert shown.startswith('<div role="region" aria-label="Table, 2 rows by 2 columns" tabindex="0"'), shown[:120]
    assert frame._repr_html_() in shown, "the table inside must be the one pandas itself shows"


def test_no_html_when_pandas_shows_none() -> None:
    with pd.option_context("display.notebook_repr_html", False):
        assert tables.scrollable_table(pd.DataFrame({"a": [1]})) is None


@pytest.fixture
def shell():  # noqa: ANN201
    ip = start_ipython()
    html = ip.display_formatter.formatters["text/html"]
    enabled = html.enabled
    html.enabled = True  # the terminal shell shows text only; a notebook's kernel shows HTML
    yield ip
    html.enabled = enabled
    html.pop("pandas.DataFrame", None)


def test_jupyter_shows_every_dataframe_through_it(shell) -> None:  # noqa: ANN001
    tables.show_tables_scrollable()
    data, _ = shell.display_formatter.format(pd.DataFrame({"a": [1, 2]}))
    assert data["text/html"].startswith('<div role="region"'), data["text/html"][:80]
