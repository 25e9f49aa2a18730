"""course.text: the segmentation every paragraph id in the course comes from."""

from __future__ import annotations

import hashlib

import pytest

from course import text
from tests.conftest import ROOT, SEED

SEED_SHA256 = "4685a3788429c390130c52453611efa82d29ed0012a4167f5edcb845ef586246"
HEADINGS = ["Rwanda's strategy", "The motivations", "The implications", "What next"]


@pytest.fixture(scope="module")
def lines(seed_text: str) -> list[text.Line]:
    return text.segment_lines(seed_text)


def test_seed_is_the_article_byte_for_byte() -> None:
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == SEED_SHA256, (
        "seeds/rwanda-military-diplomacy.txt is not the licensed text as received: restore it from the source"
    )


def test_kinds_are_counted(lines: list[text.Line]) -> None:
    kinds = [line.kind for line in lines]
    assert kinds.count("paragraph") == 25
    assert kinds.count("heading") == 4
    assert kinds.count("byline") == 1
    assert lines[-1].kind == "byline"


def test_headings_and_sections(lines: list[text.Line]) -> None:
    assert [line.text for line in lines if line.kind == "heading"] == HEADINGS
    assert list(dict.fromkeys(line.section for line in lines)) == ["Introduction", *HEADINGS]
    assert lines[0].section == "Introduction"
    assert next(line for line in lines if line.paragraph_id == "P13").section == "The motivations"


def test_every_character_accounted_for(seed_text: str, lines: list[text.Line]) -> None:
    assert "\n".join(line.text for line in lines) == seed_text
    for line in lines:
        assert seed_text[line.start : line.end] == line.text
    gaps = [seed_text[a.end : b.start] for a, b in zip(lines, lines[1:], strict=False)]
    assert set(gaps) == {"\n"}


def test_ids_are_stable_and_sequential(lines: list[text.Line]) -> None:
    ids = [line.paragraph_id for line in lines if line.kind == "paragraph"]
    assert ids == [f"P{n:02d}" for n in range(1, 26)]
    assert [line.paragraph_id for line in lines if line.kind == "heading"] == ["H1", "H2", "H3", "H4"]
    assert text.segment_lines(SEED.read_text(encoding="utf-8")) == lines


def test_paragraph_ids_do_not_shift_when_a_heading_is_added(seed_text: str) -> None:
    changed = seed_text.replace("What next\n", "What next\nA new heading\n")
    before = {line.text: line.paragraph_id for line in text.segment_lines(seed_text) if line.kind == "paragraph"}
    after = {line.text: line.paragraph_id for line in text.segment_lines(changed) if line.kind == "paragraph"}
    assert before == after


def test_sentences_cover_each_paragraph(lines: list[text.Line]) -> None:
    sentences = text.segment_sentences(lines)
    for line in lines:
        if line.kind == "paragraph":
            own = [s.text for s in sentences if s.paragraph_id == line.paragraph_id]
            assert " ".join(own) == line.text
    assert sentences[0].sentence_id == "P01.S1"
    p05 = [s.text for s in sentences if s.paragraph_id == "P05"]
    assert p05[1] == "The country has about 6,000 peacekeepers serving in UN missions."


def test_blank_line_is_refused() -> None:
    with pytest.raises(ValueError, match="blank"):
        text.segment_lines("One paragraph here.\n\nAnother paragraph here.")


def test_committed_tables_match_the_segmentation() -> None:
    for name, body in text.generated_tables().items():
        assert (ROOT / "data" / name).read_text(encoding="utf-8") == body, f"data/{name} is stale: run the build"
