"""The course's answers of notebook 07: grading side only, never in the student repository.

Checkpoints of notebook 07: the course's versions of the functions that later cells build on.

Each exercise of notebook 07 is a function. After its check, a cell hands the next cells the student's
function when it gives the course's results on the practice text and the article, else the course's
function: so ``segment`` runs with working ``blocks`` and ``kind_of``, ``place_table`` with a working
``find_places``, and the chart at the end has its table, whatever happened in an earlier exercise.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from course.answers.checkpoint import Checkpoint
from coursekit import ARTICLE, DATA

if TYPE_CHECKING:  # pandas is imported where a value needs it, not at import
    import pandas as pd

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


def segment(text: str) -> pd.DataFrame:
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
    first: dict[str, int] = {}
    for name in names:
        match = re.search(r"\b" + re.escape(name) + r"\b", text)
        if match:
            first[name] = match.start()
    return sorted(first, key=first.__getitem__)


def place_table(segments: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    import pandas as pd

    body = segments.loc[segments["kind"] == "paragraph", "text"]
    counter = Counter(place for text in body for place in find_places(text, names))
    counts = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    table = pd.DataFrame(counts, columns=["place", "n_paragraphs"])
    return table.astype({"n_paragraphs": "int64"})


def code_paragraphs(paragraphs: pd.DataFrame, codebook: dict[str, list[str]]) -> pd.DataFrame:
    import pandas as pd

    def present(text: str, terms: list[str]) -> int:
        return int(any(re.search(r"\b" + re.escape(term), text, flags=re.IGNORECASE) for term in terms))

    index = pd.Index(paragraphs["paragraph_id"], name="paragraph_id")
    codes = {category: [present(text, terms) for text in paragraphs["text"]] for category, terms in codebook.items()}
    return pd.DataFrame(codes, index=index, columns=list(codebook))


def to_long(coded: pd.DataFrame) -> pd.DataFrame:
    return coded.reset_index().melt(id_vars="paragraph_id", var_name="code", value_name="present")


CHECKPOINTS: dict[str, Checkpoint] = {
    "blocks": Checkpoint(lambda: blocks, function=True),
    "kind_of": Checkpoint(lambda: kind_of, function=True),
    "segment": Checkpoint(lambda: segment, function=True),
    "find_years": Checkpoint(lambda: find_years, function=True),
    "find_places": Checkpoint(lambda: find_places, function=True),
    "place_table": Checkpoint(lambda: place_table, function=True),
    "code_paragraphs": Checkpoint(lambda: code_paragraphs, function=True),
    "to_long": Checkpoint(lambda: to_long, function=True),
}
