"""Checkpoints of notebook 01: the course's values of the answers that later cells build on."""

from __future__ import annotations

from coursekit import ARTICLE
from coursekit.checkpoints import Checkpoint


def _lines() -> list[str]:
    return ARTICLE.read_text(encoding="utf-8").split("\n")


CHECKPOINTS: dict[str, Checkpoint] = {
    "lines": Checkpoint(_lines),
}
