"""Segment the seed article into lines and sentences with stable ids.

This is the one place where paragraph and sentence ids are computed. The build
writes its result to ``data/paragraphs.csv`` and ``data/sentences.csv``; the
notebooks read those CSV files, and every table in ``data/`` refers to the
paragraph ids made here.

The seed has one line per paragraph, heading or byline, and no final newline.
Ids count within a kind, so adding a heading would not renumber paragraphs:
body paragraphs are ``P01``..``P25``, headings ``H1``..``H4`` and the byline
``B1``. Sentences are ``P05.S2`` (second sentence of ``P05``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "rwanda-military-diplomacy.txt"

# The first section has no heading in the text; the course calls it this.
FIRST_SECTION = "Introduction"

# A byline names the author and institution: "Name, Role, Institution".
_BYLINE = re.compile(r"^[A-Z][\w.\- ]+, [^.]*(University|Institute|College)[^.]*$")
# A sentence ends with . ! or ? followed by a space and a capital letter.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True)
class Line:
    """One line of the seed: a paragraph, a heading or the byline."""

    paragraph_id: str
    line_no: int
    kind: str
    section: str
    start: int
    end: int
    n_words: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """One sentence of a body paragraph."""

    sentence_id: str
    paragraph_id: str
    section: str
    n_words: int
    text: str


def count_words(text: str) -> int:
    """Words as a student counts them in notebook 01: ``len(text.split())``."""
    return len(text.split())


def line_kind(text: str, is_last: bool) -> str:
    """Say whether a line is a heading, the byline or a body paragraph.

    A heading is short and has no sentence punctuation; the byline is the last
    line and names an institution. Anything else is a paragraph.
    """
    if is_last and _BYLINE.match(text):
        return "byline"
    if len(text.split()) <= 5 and not re.search(r"[.!?:]$", text):
        return "heading"
    return "paragraph"


def segment_lines(text: str) -> list[Line]:
    """Split the seed into lines, each with its kind, section, id and offsets.

    Offsets are character positions in the seed, so ``text[start:end]`` gives
    the line back and the lines joined with newlines give the whole seed.
    """
    raw_lines = text.split("\n")
    counters = {"paragraph": 0, "heading": 0, "byline": 0}
    prefix = {"paragraph": "P{:02d}", "heading": "H{}", "byline": "B{}"}
    section = FIRST_SECTION
    lines: list[Line] = []
    start = 0
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            raise ValueError(f"line {number} of the seed is blank: the seed has one paragraph per line")
        kind = line_kind(raw, is_last=number == len(raw_lines))
        counters[kind] += 1
        if kind == "heading":
            section = raw
        lines.append(
            Line(
                paragraph_id=prefix[kind].format(counters[kind]),
                line_no=number,
                kind=kind,
                section=section,
                start=start,
                end=start + len(raw),
                n_words=count_words(raw),
                text=raw,
            )
        )
        start += len(raw) + 1
    return lines


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences at . ! ? followed by a capital letter."""
    return [s for s in _SENTENCE_END.split(paragraph) if s]


def segment_sentences(lines: list[Line]) -> list[Sentence]:
    """Every sentence of every body paragraph, with ids like ``P05.S2``."""
    sentences: list[Sentence] = []
    for line in lines:
        if line.kind != "paragraph":
            continue
        for number, sentence in enumerate(split_sentences(line.text), start=1):
            sentences.append(
                Sentence(
                    sentence_id=f"{line.paragraph_id}.S{number}",
                    paragraph_id=line.paragraph_id,
                    section=line.section,
                    n_words=count_words(sentence),
                    text=sentence,
                )
            )
    return sentences


def to_csv(rows: list[Line] | list[Sentence]) -> str:
    """Rows as CSV text (UTF-8, LF line ends, header from the dataclass fields)."""
    if not rows:
        raise ValueError("nothing to write")
    names = [f.name for f in fields(rows[0])]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([getattr(row, name) for name in names])
    return buffer.getvalue()


def generated_tables(seed: Path = SEED) -> dict[str, str]:
    """The CSV files this module derives from the seed, by file name."""
    lines = segment_lines(seed.read_text(encoding="utf-8"))
    return {
        "paragraphs.csv": to_csv(lines),
        "sentences.csv": to_csv(segment_sentences(lines)),
    }
