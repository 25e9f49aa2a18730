"""Checkpoints of notebook 07: the course's versions of the functions that later cells build on.

Each exercise of notebook 07 is a function. After its check, a cell hands the next cells the student's
function when it gives the course's results on the practice text and the article, else the course's
function: so ``segment`` runs with working ``blocks`` and ``kind_of``, ``place_table`` with a working
``find_places``, and the chart at the end has its table, whatever happened in an earlier exercise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from coursekit import ARTICLE, DATA
from coursekit.checkpoints import Checkpoint

PRACTICE = DATA / "practice-text.txt"
PRACTICE_CODEBOOK = {
    "cooperation": ["share", "joint", "together", "neighbour"],
    "rescue": ["rescue", "distress", "search", "lives"],
    "sovereignty": ["consent", "own vessels", "command", "waters"],
}


def _texts() -> list[str]:
    """The two texts the notebook tests its functions on: the practice text and the article."""
    return [PRACTICE.read_text(encoding="utf-8"), ARTICLE.read_text(encoding="utf-8")]


def ends_like_sentence(block: str) -> bool:
    """The notebook's given helper: the block ends with . ! ? or :, closing quotes or brackets allowed."""
    return block.rstrip("\"'”’)]").endswith((".", "!", "?", ":"))


def blocks(text: str) -> list[str]:
    separator = r"\n\s*\n" if re.search(r"\n\s*\n", text) else "\n"
    tidied = (" ".join(piece.split()) for piece in re.split(separator, text))
    return [piece for piece in tidied if piece]


def kind_of(block: str, is_last: bool = False) -> str:
    if not ends_like_sentence(block):
        if block.startswith("By ") or is_last:
            return "byline"
        if len(block.split()) <= 12:
            return "heading"
    return "paragraph"


def segment(text: str) -> Any:
    import pandas as pd

    parts = blocks(text)
    counts = {"paragraph": 0, "heading": 0, "byline": 0}
    section = "Introduction"
    rows = []
    for position, block in enumerate(parts):
        kind = kind_of(block, is_last=position == len(parts) - 1)
        counts[kind] += 1
        section = block if kind == "heading" else section
        block_id = f"P{counts[kind]:02d}" if kind == "paragraph" else f"{kind[0].upper()}{counts[kind]}"
        rows.append(
            {"paragraph_id": block_id, "kind": kind, "section": section, "n_words": len(block.split()), "text": block}
        )
    return pd.DataFrame(rows, columns=["paragraph_id", "kind", "section", "n_words", "text"])


def find_years(text: str) -> list[int]:
    return sorted({int(year) for year in re.findall(r"\b(?:18|19|20)\d{2}\b", text)})


def country_names() -> list[str]:
    """The notebook's list of country names: pycountry's official and common names."""
    import pycountry

    names = {country.name for country in pycountry.countries}
    return sorted(names | {c.common_name for c in pycountry.countries if hasattr(c, "common_name")})


def find_places(text: str, names: list[str]) -> list[str]:
    first = {}
    for name in names:
        match = re.search(r"\b" + re.escape(name) + r"\b", text)
        if match:
            first[name] = match.start()
    return sorted(first, key=first.get)


def place_table(segments: Any, names: list[str]) -> Any:
    import pandas as pd

    body = segments.loc[segments["kind"] == "paragraph", "text"]
    counter = Counter(place for text in body for place in find_places(text, names))
    table = pd.DataFrame(
        sorted(counter.items(), key=lambda item: (-item[1], item[0])), columns=["place", "n_paragraphs"]
    )
    return table.astype({"n_paragraphs": "int64"})


def code_paragraphs(paragraphs: Any, codebook: dict[str, list[str]]) -> Any:
    import pandas as pd

    def present(text: str, terms: list[str]) -> int:
        return int(any(re.search(r"\b" + re.escape(term), text, flags=re.IGNORECASE) for term in terms))

    index = pd.Index(paragraphs["paragraph_id"], name="paragraph_id")
    codes = {category: [present(text, terms) for text in paragraphs["text"]] for category, terms in codebook.items()}
    return pd.DataFrame(codes, index=index, columns=list(codebook))


def to_long(coded: Any) -> Any:
    return coded.reset_index().melt(id_vars="paragraph_id", var_name="code", value_name="present")


def _practice_body() -> Any:
    table = segment(_texts()[0])
    return table[table["kind"] == "paragraph"]


def _each_text(function: Callable[..., Any], *more: Any) -> list[Any]:
    """The function on the practice text, the article, and the awkward texts the marking also tries."""
    practice = _texts()[0]
    awkward = [
        "",
        "\n\n  \n",
        "Just one line.",
        practice.replace("\n", "\r\n"),
        "Niger and Nigeria, 1799 1800 2099 2100",
    ]
    return [function(text, *more) for text in [*_texts(), *awkward]]


def _kinds(function: Callable[..., Any]) -> list[Any]:
    samples = ["What next", "By the course team", 'She said: "We will."', "Jane Doe, University of X", "Is it?"]
    samples += ["A list follows:", "Byzantine politics", "by the sea", " ".join(["word"] * 12), " ".join(["word"] * 13)]
    parts = [*blocks(_texts()[0]), *blocks(_texts()[1]), *samples]
    return [function(block, is_last=last) for block in parts for last in (False, True)]


def _segments(function: Callable[..., Any]) -> Any:
    import pandas as pd

    return pd.concat([function(text) for text in [*_texts(), "", "One.\n\nTwo, with no heading."]], ignore_index=True)


def _coded_practice() -> Any:
    return code_paragraphs(_practice_body(), PRACTICE_CODEBOOK)


def _constant(value: Callable[..., Any]) -> Callable[[], Callable[..., Any]]:
    return lambda: value


CHECKPOINTS: dict[str, Checkpoint] = {
    "blocks": Checkpoint(_constant(blocks), probe=_each_text),
    "kind_of": Checkpoint(_constant(kind_of), probe=_kinds),
    "segment": Checkpoint(_constant(segment), probe=_segments),
    "find_years": Checkpoint(_constant(find_years), probe=_each_text),
    "find_places": Checkpoint(_constant(find_places), probe=lambda f: _each_text(f, country_names())),
    "place_table": Checkpoint(_constant(place_table), probe=lambda f: f(segment(_texts()[0]), country_names())),
    "code_paragraphs": Checkpoint(_constant(code_paragraphs), probe=lambda f: f(_practice_body(), PRACTICE_CODEBOOK)),
    "to_long": Checkpoint(_constant(to_long), probe=lambda f: f(_coded_practice())),
}
