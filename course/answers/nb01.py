"""The course's answers of notebook 01: grading side only, never in the student repository.

The course's values of the answers that later cells build on, and the functions the tests recompute with.

The tests of notebook 01 also read the course's stop words and tokens from here, so that a test never
takes them from the student's notebook.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from course.answers.checkpoint import Checkpoint
from coursekit import ARTICLE, DATA
from coursekit.nb01 import STOP_WORDS  # noqa: F401 - the tests read it from here

if TYPE_CHECKING:  # pandas is imported where a value needs it, not at import
    import pandas as pd


def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def tokens(text: str | None = None) -> list[str]:
    """The notebook's tokens: lower-cased words, with an apostrophe kept inside a word."""
    return re.findall(r"[a-z]+(?:'[a-z]+)?", (article() if text is None else text).lower())


def _lines() -> list[str]:
    return article().split("\n")


def _body() -> pd.DataFrame:
    import pandas as pd  # imported here, when a checkpoint needs it, not when the set-up cell runs

    paragraphs = pd.read_csv(DATA / "paragraphs.csv")
    return paragraphs[paragraphs["kind"] == "paragraph"]


def _words_per_section() -> pd.Series:
    return _body().groupby("section")["n_words"].sum()


def _number_pattern() -> str:
    return r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b"


def reference_kwic(text: str, keyword: str, width: int = 40) -> list[tuple[str, str, str]]:
    """Every occurrence of keyword in text, any case, as (left context, match as written, right context)."""
    return [
        (text[max(0, m.start() - width) : m.start()], m.group(), text[m.end() : m.end() + width])
        for m in re.finditer(re.escape(keyword), text, flags=re.IGNORECASE)
    ]


CHECKPOINTS: dict[str, Checkpoint] = {
    "lines": Checkpoint(_lines),
    "body": Checkpoint(_body, compare="rows"),
    "words_per_section": Checkpoint(_words_per_section, compare="totals"),
    "number_pattern": Checkpoint(_number_pattern, compare="matches"),
    "kwic": Checkpoint(lambda: reference_kwic, function=True),
}
