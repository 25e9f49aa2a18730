"""The course's answers of notebook 02: grading side only, never in the student repository.

Checkpoints of notebook 02: the course's values of the answers that later cells build on.

Each function makes the course's value from data/ (never from a student's notebook). The hidden tests
of notebook 02 use the same functions to recompute what a student's answer should give.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from course.answers.checkpoint import Checkpoint
from coursekit import DATA

# The article's own forms of country names that the library's list lacks (exercise 1).
ARTICLE_FORMS = {"Democratic Republic of Congo": "COD", "DRC": "COD", "US": "USA"}

# The notebook's ordered framework rules (section 6): the first pattern that occurs gives the label.
RULES = [
    ("multilateral_un", r"\bUN\b|peacekeep"),
    ("support_to_armed_group", r"rebel|armed group"),
    ("prospective", r"interested in"),
    ("bilateral", r"interven|bilateral|unilateral"),
    ("not_specified", r"deploy|troops|involvement"),
]

# Reference rows that are the course's inference, not engagements the article states (issue 13.1).
INFERRED = "inferred_from_region"


@cache
def _sentences() -> pd.DataFrame:
    return pd.read_csv(DATA / "sentences.csv")


def sentences() -> pd.DataFrame:
    """The article's body, one row per sentence (a fresh copy each time)."""
    return _sentences().copy()


def sentence(sentence_id: str) -> str:
    """The text of one sentence, e.g. "P09.S1"."""
    return str(_sentences().set_index("sentence_id").loc[sentence_id, "text"])


@cache
def _pycountry_names() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        names[country.name] = country.alpha_3
        if hasattr(country, "common_name"):
            names[country.common_name] = country.alpha_3
    return names


def pycountry_names() -> dict[str, str]:
    """Every ISO 3166 country name (and common name) with its alpha-3 code, as the notebook builds it."""
    return dict(_pycountry_names())


def name_to_iso3() -> dict[str, str]:
    return {**pycountry_names(), **ARTICLE_FORMS}


def pattern_for(names: dict[str, str]) -> str:
    """One regular expression with every name as an alternative, longest first, between word boundaries."""
    return r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"


def country_pattern() -> str:
    return pattern_for(name_to_iso3())


def messy() -> pd.DataFrame:
    """The sentences that name a country, with the list of names found (the notebook's `messy`)."""
    table = sentences()
    table = table.assign(names=table["text"].str.findall(country_pattern()))[["sentence_id", "names"]]
    return table[table["names"].str.len() > 0].reset_index(drop=True)


def tidy_mentions(messy: pd.DataFrame) -> pd.DataFrame:
    codes = name_to_iso3()
    tidy = messy.explode("names").rename(columns={"names": "name"})
    tidy["iso3"] = tidy["name"].map(codes)
    tidy = tidy[tidy["iso3"] != "RWA"].drop_duplicates(["sentence_id", "iso3"])
    return tidy[["sentence_id", "name", "iso3"]].reset_index(drop=True)


def country_mentions() -> pd.DataFrame:
    return tidy_mentions(messy())


def year_after(text: str, name: str) -> int | None:
    match = re.search(re.escape(name) + r"\s+in\s+(\d{4})\b", text)
    return int(match.group(1)) if match else None


def label_framework(text: str) -> str | None:
    for label, pattern in RULES:
        if re.search(pattern, text, flags=re.IGNORECASE):
            return label
    return None


def build_table(mentions: pd.DataFrame) -> pd.DataFrame:
    table = mentions.merge(sentences()[["sentence_id", "text"]], on="sentence_id")
    table["framework"] = table["text"].map(label_framework)
    table = table.dropna(subset=["framework"]).copy()
    table["year"] = pd.array(
        [year_after(t, n) for t, n in zip(table["text"], table["name"], strict=True)], dtype="Int64"
    )
    table = table.drop_duplicates(["iso3", "framework"])
    return table[["iso3", "name", "framework", "year", "sentence_id"]].reset_index(drop=True)


def rule_table() -> pd.DataFrame:
    return build_table(country_mentions())


def reference_keys() -> pd.DataFrame:
    """The reference rows the notebook scores against: the article's own engagements, not the inferred rows."""
    deployments = pd.read_csv(DATA / "deployments.csv")
    stated = deployments[deployments["status"] != INFERRED]
    return stated[["deployment_id", "country", "iso3", "framework"]].fillna({"iso3": ""}).reset_index(drop=True)


def comparison() -> pd.DataFrame:
    return rule_table().merge(reference_keys(), on=["iso3", "framework"], how="outer", indicator=True)


def precision_recall(comparison: pd.DataFrame) -> tuple[float, float]:
    sides = comparison["_merge"].astype(str)
    found, invented, missed = (sides == "both").sum(), (sides == "left_only").sum(), (sides == "right_only").sum()
    return found / (found + invented), found / (found + missed)


def framework_region_counts() -> pd.DataFrame:
    deployments = pd.read_csv(DATA / "deployments.csv")
    return deployments.groupby(["framework", "region"]).size().reset_index(name="rows")


CHECKPOINTS: dict[str, Checkpoint] = {
    "name_to_iso3": Checkpoint(name_to_iso3),
    "country_pattern": Checkpoint(country_pattern),
    "tidy_mentions": Checkpoint(lambda: tidy_mentions, function=True),
    "year_after": Checkpoint(lambda: year_after, function=True),
    "label_framework": Checkpoint(lambda: label_framework, function=True),
    "build_table": Checkpoint(lambda: build_table, function=True),
    "comparison": Checkpoint(comparison),
    "precision_recall": Checkpoint(lambda: precision_recall, function=True),
    "framework_region_counts": Checkpoint(framework_region_counts),
}
