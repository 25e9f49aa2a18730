"""Notebook 03's map draws only the article's own cases as engagements (issue 13.1).

A deployments.csv row whose status is not one the article itself gives (stated, alleged, prospective) is
the course's inference: the map must not colour its country like the article's cases. The test runs the
notebook's own map-data cell (from the master) and the map cell's colour table, and the course's
checkpoint of `map_table`, which the map draws when a student's join is wrong or missing.
"""

from __future__ import annotations

import json

import pandas as pd

from course.answers.nb03 import ARTICLE_STATUSES, CHECKPOINTS, KIND, engagement_table
from coursekit import DATA
from tests.conftest import ROOT

MASTER = ROOT / "course" / "source" / "03_where-when-how-many.ipynb"
ENGAGEMENT_CELL = "5c25262a"  # the cell that builds `engagement` from deployments.csv
MAP_CELL = "03258681"  # the cell that draws the map


def cell_source(cell_id: str) -> str:
    cells = json.loads(MASTER.read_text(encoding="utf-8"))["cells"]
    return "".join(next(c for c in cells if c.get("id") == cell_id)["source"])


def notebook_engagement() -> tuple[pd.DataFrame, dict[str, str]]:
    """The notebook's engagement table and its status -> kind labels, as its cell makes them."""
    namespace = {"pd": pd, "deployments": pd.read_csv(DATA / "deployments.csv")}
    exec(cell_source(ENGAGEMENT_CELL), namespace)
    return namespace["engagement"], namespace["KIND"]


def inferred_countries() -> set[str]:
    """Countries whose every deployments row has a status that is not the article's own."""
    deployments = pd.read_csv(DATA / "deployments.csv").dropna(subset=["iso3"])
    article = set(deployments.loc[deployments["status"].isin(ARTICLE_STATUSES), "iso3"])
    return set(deployments["iso3"]) - article


def test_burundi_and_uganda_are_only_the_course_s_inference() -> None:
    assert {"BDI", "UGA"} <= inferred_countries()


def test_the_notebook_builds_the_map_table_as_the_checkpoint_does() -> None:
    engagement, kinds = notebook_engagement()
    pd.testing.assert_frame_equal(engagement, engagement_table())
    assert kinds == KIND


def test_no_inferred_country_is_drawn_as_an_engagement() -> None:
    map_table = CHECKPOINTS["map_table"].load()
    namespace = {"pd": pd, "alt": __import__("altair"), "geo": {"features": []}, "map_table_ok": map_table}
    # the cell opens with the map_table checkpoint; the test hands it the course's table itself
    drawing = "\n".join(line for line in cell_source(MAP_CELL).splitlines() if "coursekit.checkpoint(" not in line)
    exec(drawing, namespace)
    colours: dict[str, str] = namespace["KIND_COLOURS"]
    article_kinds = {KIND[s] for s in ARTICLE_STATUSES}
    article_colours = {colours[k] for k in article_kinds}
    inferred_kind = KIND["inferred_from_region"]
    assert "not stated by the article" in inferred_kind
    assert colours[inferred_kind] not in article_colours
    kind_of = dict(zip(map_table["iso3"], map_table["kind"], strict=True))
    for iso3 in inferred_countries():
        assert kind_of[iso3] == inferred_kind, f"{iso3} is drawn as {kind_of[iso3]!r}, not as the course's inference"
        assert kind_of[iso3] not in article_kinds
