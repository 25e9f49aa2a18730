"""Issue 19.5: an answer typed in as data equal to the course's value is found in the hand-in's source."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from course.grading import pasted, results

COURSE = {
    "lines": ["Rwanda is small.", "", "Its army travels."],
    "words_per_section": pd.Series({"Introduction": 223, "What next": 84}, name="n_words").rename_axis("section"),
    "body": pd.DataFrame({"paragraph_id": ["P01", "P02"], "n_words": [21, 30]}),
    "kappa": 0.61,
    "number_pattern": r"\b\d+\b",
}
OWNERS = {
    "lines": "q1_lines",
    "words_per_section": "q4_words_per_section",
    "body": "q3_body",
    "kappa": "q7_kappa",
    "number_pattern": "q6_number_pattern",
}


def notebook(*cells: str) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": c, "outputs": []} for c in cells]})


def flagged(*cells: str) -> list[str]:
    return [f["name"] for f in pasted.pasted_answers(notebook(*cells), OWNERS, COURSE.__getitem__)]


@pytest.mark.parametrize(
    "cell",
    [
        "lines = ['Rwanda is small.', '', 'Its army travels.']\nlines",
        "words_per_section = pd.Series({'Introduction': 223, 'What next': 84})",
        "words_per_section = {'Introduction': 223, 'What next': 84}",
        "words_per_section: pd.Series = pandas.Series([223, 84], index=['Introduction', 'What next'])",
        "body = pd.DataFrame({'paragraph_id': ['P01', 'P02'], 'n_words': [21, 30]})",
        "body = [['P01', 21], ['P02', 30]]",
        "kappa = 0.61",
        'import json\nlines = json.loads(\'["Rwanda is small.", "", "Its army travels."]\')',
        "number_pattern = json.loads('\"\\\\\\\\b\\\\\\\\d+\\\\\\\\b\"')",  # the store's JSON form of a string: pasted
    ],
)
def test_a_pasted_course_value_is_flagged(cell: str) -> None:
    assert len(flagged("import pandas as pd", cell)) == 1


@pytest.mark.parametrize(
    "cell",
    [
        'lines = article.split("\\n")',  # code, not data
        "lines = ['Rwanda is small.', 'Its army travels.']",  # data, but not the course's value
        "words_per_section = pd.Series({'Introduction': 223, 'What next': 85})",
        "body = pd.DataFrame(rows)",  # not literal
        "other = 0.61",  # not a graded name
        "kappa = round(p_o - p_e, 2)",
        "%time kappa = 0.61",  # IPython magic: not parsed, not flagged
        "number_pattern = r'\\b\\d+\\b'",  # a string is what an exercise has the student type
    ],
)
def test_code_a_wrong_value_or_another_name_is_not_flagged(cell: str) -> None:
    assert flagged(cell) == []


def test_the_flag_reads_as_a_reason_for_a_look() -> None:
    (flag,) = pasted.pasted_answers(notebook("kappa = 0.61"), OWNERS, COURSE.__getitem__)
    assert flag["kind"] in results.LOOK_FLAGS
    assert results.flag_text(flag) == "needs a look: kappa (q7_kappa) is typed in as data equal to the course's value"
