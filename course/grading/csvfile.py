"""CSV files a spreadsheet opens safely: a cell that starts like a formula is written as text."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: Any) -> Any:
    """The cell as written: text starting with = + - @ (or a tab or return) gets a leading apostrophe.

    Numbers are left alone (a negative mark stays a number); only text is neutralised, as OWASP advises.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def write(path: Path, header: list[str], table: list[dict[str, Any]]) -> None:
    """CSV, UTF-8, one header row; every cell neutralised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[neutral(h) for h in header], extrasaction="ignore")
        writer.writeheader()
        writer.writerows({neutral(k): neutral(v) for k, v in row.items()} for row in table)


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows, with the apostrophe this module adds taken off again."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [unneutral(h) for h in reader.fieldnames or []]
        rows = [{unneutral(k): unneutral(v or "") for k, v in row.items()} for row in reader]
    return header, rows


def unneutral(value: str) -> str:
    """The text neutral() was given."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value
