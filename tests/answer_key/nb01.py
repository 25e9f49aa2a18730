"""Answer key for notebook 01, reading the raw text."""

from tests.answer_key import AnswerKey, Case, Question

CONTEXT = """
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from coursekit import DATA, SEEDS

article = (SEEDS / "rwanda-military-diplomacy.txt").read_text(encoding="utf-8")
"""

KEY = AnswerKey(
    notebook="01_reading-the-raw-text",
    context=CONTEXT,
    questions=[
        Question(
            "q1_lines",
            right=[Case("splitlines", "lines = article.splitlines()")],
            wrong=[
                Case("words instead of lines", "lines = article.split()", says="30 lines"),
                Case("slash-n typo", 'lines = article.split("/n")', says="only one item"),
                Case("not a list", "lines = article", says="should be a list"),
            ],
        ),
    ],
)
