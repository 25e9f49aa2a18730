"""The course's answers of notebook 04: grading side only, never in the student repository.

Checkpoints of notebook 04, and the course's coder and kappa that later cells and the tests use.

Each function makes the course's value from data/ (never from a student's notebook). The notebook
loads `code_paragraphs` and `agreement` from here instead of defining them beside the exercises they
answer, and the tests of notebook 04 use the same functions to recompute what an answer should give.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from course.answers.checkpoint import Checkpoint
from coursekit import DATA

MOTIVATIONS = ["international", "regional", "domestic"]
# Exercise 9's rules for a defensible dictionary: a term you add is one word or stem (no spaces) of at
# least MIN_TERM_CHARACTERS characters that occurs in at least MIN_PARAGRAPHS body paragraphs; at most
# MAX_TERMS terms per motivation; every motivation's kappa at least TARGET_KAPPA ("substantial").
MIN_TERM_CHARACTERS = 3
MIN_PARAGRAPHS = 2
MAX_TERMS = 20
TARGET_KAPPA = 0.61


@cache
def _paragraphs() -> pd.DataFrame:
    return pd.read_csv(DATA / "paragraphs.csv")


def body() -> pd.DataFrame:
    """The 25 body paragraphs (kind == "paragraph"), in the article's order (a fresh copy)."""
    table = _paragraphs()
    return table[table["kind"] == "paragraph"].copy()


def starter_dictionary() -> dict[str, list[str]]:
    """The codebook's indicator terms, one list per motivation (the notebook's STARTER_DICTIONARY)."""
    codebook = pd.read_csv(DATA / "motivations_codebook.csv")
    return {
        str(motivation): [term.strip() for term in str(terms).split(";")]
        for motivation, terms in zip(codebook["motivation_id"], codebook["indicator_terms"], strict=True)
    }


def reference_codes() -> pd.DataFrame:
    """The reference coding of the body paragraphs: 0/1 per motivation, indexed by paragraph id."""
    reference = pd.read_csv(DATA / "motivation_coding.csv").set_index("paragraph_id")
    return reference.loc[list(body()["paragraph_id"]), MOTIVATIONS]


def code_text(text: str, terms: list[str]) -> int:
    """1 if any term occurs at the start of a word in text (any case), else 0."""
    return int(any(re.search(r"\b" + re.escape(term), text, flags=re.IGNORECASE) for term in terms))


def code_paragraphs(dictionary: dict[str, list[str]]) -> pd.DataFrame:
    """Code every body paragraph for every motivation with a dictionary {motivation: [terms]}."""
    paragraphs = body()
    return pd.DataFrame(
        {m: [code_text(text, dictionary[m]) for text in paragraphs["text"]] for m in MOTIVATIONS},
        index=paragraphs["paragraph_id"],
    )


def dictionary_coding() -> pd.DataFrame:
    """The starter dictionary's coding of the body paragraphs (Exercise 2's table)."""
    return code_paragraphs(starter_dictionary())


def agreement(a: pd.Series, b: pd.Series) -> tuple[float, float, float]:
    """Observed agreement, expected agreement and Cohen's kappa of two 0/1 codings of the same units."""
    a, b = a.astype(int), b.astype(int)
    p_obs = float((a == b).mean())
    p_exp = float(a.mean() * b.mean() + (1 - a.mean()) * (1 - b.mean()))
    return p_obs, p_exp, (p_obs - p_exp) / (1 - p_exp) if p_exp < 1 else 0.0


def kappas(dictionary: dict[str, list[str]]) -> dict[str, float]:
    """Cohen's kappa of a dictionary's coding with the reference, per motivation."""
    codes, reference = code_paragraphs(dictionary), reference_codes()
    return {m: agreement(codes[m], reference[m])[2] for m in MOTIVATIONS}


def paragraphs_matched(term: str) -> int:
    """How many body paragraphs a term matches (start of a word, any case)."""
    return sum(code_text(text, [term]) for text in body()["text"])


CHECKPOINTS: dict[str, Checkpoint] = {
    "code_text": Checkpoint(lambda: code_text, function=True),
    "dictionary_coding": Checkpoint(dictionary_coding),
    # Tools the notebook uses after Exercise 7 (coursekit.precomputed): the calls it makes, not the code.
    "agreement": Checkpoint(lambda: agreement, function=True),
    "code_paragraphs": Checkpoint(lambda: code_paragraphs, function=True),
}
