"""The reference coding of notebook 02's voices exercise (q12_voices), read by its hidden test.

voices.csv, beside this module, codes each sentence of data/voices_task.csv as the author's assertion
(``author``), others' view as the article reports it (``others``) or the author's report of what
Kigali did (``kigali_did``), by the rules in data/README.md. It stays here, on the grading side: the
student repository carries the sentences, the rules and the worked examples, not this column.
"""

from __future__ import annotations

import csv
from pathlib import Path

TABLE = Path(__file__).with_name("voices.csv")
VOICES = ("author", "others", "kigali_did")


def rows(table: Path = TABLE) -> list[dict[str, str]]:
    """The reference table's rows, as strings."""
    with open(table, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def accepted_voices(table: Path = TABLE) -> dict[str, set[str]]:
    """Sentence id -> the tags that count as right, for the sentences students tag (worked examples left out).

    A contested sentence accepts its reference tag and the one in ``also_accepted``.
    """
    return {
        row["sentence_id"]: {row["voice"], *filter(None, [row["also_accepted"]])}
        for row in rows(table)
        if row["worked_example"] != "true"
    }
