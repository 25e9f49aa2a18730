"""The course's answers of notebook 05: grading side only, never in the student repository.

Checkpoints of notebook 05: the course's values of the answers that later cells build on."""

from __future__ import annotations

import pandas as pd

from course.answers.checkpoint import Checkpoint
from coursekit import DATA

# The two themes that hold the two sides of the ambiguity (claims.csv, theme).
AMBIGUITY_THEMES = ["security_provider", "drc_m23_ambiguity"]


def _reactions() -> pd.DataFrame:
    stances = pd.read_csv(DATA / "stances.csv")
    actors = pd.read_csv(DATA / "actors.csv")
    return stances[stances["reaction_to_rwanda"]].merge(actors[["actor_id", "name", "type"]], on="actor_id")


def _ambiguity_claims() -> pd.DataFrame:
    claims = pd.read_csv(DATA / "claims.csv")
    return claims[claims["theme"].isin(AMBIGUITY_THEMES)]


CHECKPOINTS: dict[str, Checkpoint] = {
    "reactions": Checkpoint(_reactions),
    "ambiguity_claims": Checkpoint(_ambiguity_claims),
}
