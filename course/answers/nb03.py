"""The course's answers of notebook 03: grading side only, never in the student repository.

Checkpoints of notebook 03: the course's values of the answers that later cells build on.

The map's engagement table is built here exactly as the notebook's own cell builds it, so that the
course's `map_table` (and tests/test_map.py) use the same rule as the map a student sees.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from course.answers.checkpoint import Checkpoint
from coursekit import DATA

if TYPE_CHECKING:  # pandas is imported where a value needs it, not at import
    import pandas as pd

# Statuses in which the article itself presents an engagement, firmest first; the course's inference last.
STATUS_ORDER = ["stated", "alleged", "prospective", "inferred_from_region"]
ARTICLE_STATUSES = {"stated", "alleged", "prospective"}
KIND = {
    "stated": "intervention (stated)",
    "alleged": "support to the M23 rebels (alleged)",
    "prospective": "interest only (prospective)",
    "inferred_from_region": "course's inference from the region (P08, P14), not stated by the article",
}
NOT_NAMED = "not named in the article"


def _figures() -> pd.DataFrame:
    import pandas as pd

    return pd.read_csv(DATA / "peacekeeping_figures.csv")


def _countries() -> pd.DataFrame:
    import pandas as pd

    geo = json.loads((DATA / "africa.geojson").read_text(encoding="utf-8"))
    return pd.DataFrame([feature["properties"] for feature in geo["features"]])


def engagement_table() -> pd.DataFrame:
    """One row per country the deployments name, coloured by the firmest status (as the notebook's cell)."""
    import pandas as pd

    deployments = pd.read_csv(DATA / "deployments.csv")
    one_country = deployments.dropna(subset=["iso3"]).copy()
    one_country["kind"] = one_country["status"].map(KIND)
    one_country["firmness"] = one_country["status"].map(STATUS_ORDER.index)
    one_country["cited"] = one_country["paragraph_id"] + ': "' + one_country["quote"] + '"'
    quotations = one_country.groupby("iso3")["cited"].agg(" / ".join)
    engagement = (
        one_country.sort_values(["firmness", "deployment_id"])
        .drop_duplicates("iso3")[["iso3", "country", "kind", "year"]]
        .assign(quotes=lambda table: table["iso3"].map(quotations))
    )
    rwanda_itself = pd.DataFrame(
        [
            {
                "iso3": "RWA",
                "country": "Rwanda",
                "kind": "Rwanda",
                "quotes": 'P01: "Rwanda is one of Africa\'s geographically smallest countries."',
            }
        ]
    )
    return pd.concat([engagement, rwanda_itself], ignore_index=True)


def _map_table() -> pd.DataFrame:
    return _countries().merge(engagement_table(), on="iso3", how="left").fillna({"kind": NOT_NAMED})


def _article_events() -> pd.DataFrame:
    import pandas as pd

    mentions = pd.DataFrame(
        [
            {
                "event": "Civil war; the Rwandan Patriotic Army fights",
                "paragraph_id": "P10",
                "quote": "the civil war years of 1990-1994",
            },
            {
                "event": "The 1994 genocide against the Tutsi in Rwanda",
                "paragraph_id": "P07",
                "quote": "the path it's taken since the 1994 genocide",
            },
            {
                "event": "Intervention in the Central African Republic",
                "paragraph_id": "P09",
                "quote": "It intervened in the Central African Republic in 2020",
            },
            {"event": "Intervention in Mozambique", "paragraph_id": "P09", "quote": "in Mozambique in 2021"},
        ]
    )
    years = mentions["quote"].str.findall(r"\b\d{4}\b")
    return mentions.assign(start=years.str[0].astype(int), end=years.str[-1].astype(int))


def parse_as_of(as_of: Any) -> Any:
    """ISO 8601 dates of any precision (YYYY, YYYY-MM, YYYY-MM-DD) as dates; anything else raises."""
    import pandas as pd

    return pd.to_datetime(as_of, format="ISO8601")


def _rwanda_counts() -> pd.DataFrame:
    figures = _figures()
    return figures[(figures["country"] == "Rwanda") & figures["value"].notna()]


def how_they_differ(a: Any, b: Any) -> set[str]:
    """The ways two figures differ: "date", "what is counted", "who counted"."""
    reasons = set()
    if a["as_of"] != b["as_of"]:
        reasons.add("date")
    if a["measure"] != b["measure"] or a["scope"] != b["scope"]:
        reasons.add("what is counted")
    if a["source"] != b["source"]:
        reasons.add("who counted")
    return reasons


def like_for_like(table: pd.DataFrame) -> pd.DataFrame:
    """Rows comparable with the article's claim: Rwanda's uniformed personnel in all UN missions."""
    return table[
        (table["country"] == "Rwanda")
        & (table["measure"] == "uniformed_personnel")
        & table["scope"].str.startswith("UN missions")
    ]


def _outside_ranks() -> pd.DataFrame:
    figures = _figures()
    return figures[
        (figures["country"] == "Rwanda")
        & (figures["rank_among"] == "all contributors to UN missions")
        & (figures["source"] != "the article")
    ]


CHECKPOINTS: dict[str, Checkpoint] = {
    "countries": Checkpoint(_countries, compare="table"),
    "map_table": Checkpoint(_map_table, compare="table"),
    "article_events": Checkpoint(_article_events, compare="table"),
    "parse_as_of": Checkpoint(lambda: parse_as_of, function=True),
    "rwanda_counts": Checkpoint(_rwanda_counts, compare="table"),
    "how_they_differ": Checkpoint(lambda: how_they_differ, function=True),
    "like_for_like": Checkpoint(lambda: like_for_like, function=True),
    "outside_ranks": Checkpoint(_outside_ranks, compare="table"),
}
