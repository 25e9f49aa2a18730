"""Checkpoints of notebook 01: the course's values of the answers that later cells build on.

The tests of notebook 01 also read the course's stop words and tokens from here, so that a test never
takes them from the student's notebook.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coursekit import ARTICLE, DATA
from coursekit.checkpoints import Checkpoint, same_value

# The same list as in section 6 of the notebook, where students read it (keep the two identical).
STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have", "in",
        "into", "is", "it", "it's", "its", "of", "on", "or", "such", "than", "that", "the", "their", "these",
        "they", "this", "to", "was", "were", "where", "which", "who", "whose", "will", "with", "also", "other",
        "there", "what", "so", "not", "can", "may", "like", "one", "i", "we", "our", "however", "therefore",
    }
)  # fmt: skip

# Text on which two number patterns must agree: digits glued to letters, lists, big and odd numbers.
_NUMBER_PROBE = "M23 and G7; 12,500,000 people; 1,250 staff; 4000-tonne ship; 2031-2033; pages 3,4 and 5; 10,00."


@dataclass(frozen=True)
class Behaves(Checkpoint):
    """A checkpoint for a value that can be right in more than one form: it matches when `view` of the
    student's value equals `view` of the course's (same rows in another order, the same pattern written
    another way)."""

    view: Callable[[Any], Any] = lambda value: value

    def matches(self, yours: Any, course: Any) -> bool:
        try:
            return same_value(self.view(yours), self.view(course))
        except Exception:
            return False


def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def tokens(text: str | None = None) -> list[str]:
    """The notebook's tokens: lower-cased words, with an apostrophe kept inside a word."""
    return re.findall(r"[a-z]+(?:'[a-z]+)?", (article() if text is None else text).lower())


def _lines() -> list[str]:
    return article().split("\n")


def _body() -> Any:
    import pandas as pd  # imported here, when a checkpoint needs it, not when the set-up cell runs

    paragraphs = pd.read_csv(DATA / "paragraphs.csv")
    return paragraphs[paragraphs["kind"] == "paragraph"]


def _words_per_section() -> Any:
    return _body().groupby("section")["n_words"].sum()


def _number_pattern() -> str:
    return r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b"


def reference_kwic(text: str, keyword: str, width: int = 40) -> list[tuple[str, str, str]]:
    """Every occurrence of keyword in text, any case, as (left context, match as written, right context)."""
    return [
        (text[max(0, m.start() - width) : m.start()], m.group(), text[m.end() : m.end() + width])
        for m in re.finditer(re.escape(keyword), text, flags=re.IGNORECASE)
    ]


def _same_rows(frame: Any) -> Any:
    return frame.reset_index(drop=True)


def _totals(series: Any) -> dict[str, int]:
    return {str(section): int(words) for section, words in series.items()}


def _matches_found(pattern: str) -> list[list[str]]:
    return [re.findall(pattern, text) for text in (article(), _NUMBER_PROBE)]


def _kwic_probe(function: Callable[..., Any]) -> list[Any]:
    text = article()
    return [function(text, "military diplomacy", 45), function(text, "peacekeep", 45), function(text, "Rwanda", 10)]


CHECKPOINTS: dict[str, Checkpoint] = {
    "lines": Checkpoint(_lines),
    "body": Behaves(_body, view=_same_rows),
    "words_per_section": Behaves(_words_per_section, view=_totals),
    "number_pattern": Behaves(_number_pattern, view=_matches_found),
    "kwic": Checkpoint(lambda: reference_kwic, probe=_kwic_probe),
}
