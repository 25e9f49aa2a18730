"""The class report: one self-contained HTML page (no network needed) with altair charts.

Charts: the score distribution, the success rate per question, and the questions most often left
blank; plus a table of statuses and their meaning. The Vega JavaScript is inlined from the
vl-convert-python package (``to_html(inline=True)``), so the page opens offline.
"""

from __future__ import annotations

import contextlib
import html as html_escape
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

if TYPE_CHECKING:
    from course.grading.results import Row

THEME = Path(__file__).resolve().parents[2] / "data" / "chart-theme.json"
OKABE_ITO_BLUE = "#0072B2"
OKABE_ITO_ORANGE = "#E69F00"


def frames(rows: list[Row]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Tidy tables behind the charts: scores per submission, results per question, blanks per question."""
    scores, questions, blanks = [], [], []
    for row in rows:
        ag = row.autograder
        if ag is None or not row.graded:
            continue
        possible = ag.auto_possible
        scores.append(
            {
                "assignment": ag.name,
                "student": row.submission.student,
                "percent": 100 * sum(row.scores.values()) / possible if possible else 0,
                "status": row.status,
            }
        )
        for question in ag.questions:
            questions.append(
                {
                    "assignment": ag.name,
                    "question": question,
                    "success": row.scores.get(question, 0) / ag.possible[question] if ag.possible[question] else 0,
                }
            )
        for question in [*ag.questions, *(name for name, _ in ag.manual)]:
            blanks.append({"assignment": ag.name, "question": question, "blank": question in row.blank})
    return pd.DataFrame(scores), pd.DataFrame(questions), pd.DataFrame(blanks)


def charts(rows: list[Row]) -> alt.VConcatChart | None:
    """The three charts, stacked, or None when nothing was graded."""
    scores, questions, blanks = frames(rows)
    if scores.empty:
        return None
    distribution = (
        alt.Chart(scores, title="Score distribution (auto-graded part)")
        .mark_bar(color=OKABE_ITO_BLUE)
        .encode(
            x=alt.X("percent:Q", bin=alt.Bin(extent=[0, 100], step=10), title="score (% of auto-graded points)"),
            y=alt.Y("count():Q", title="students"),
            row=alt.Row("assignment:N", title=None),
            tooltip=[alt.Tooltip("count():Q", title="students")],
        )
        .properties(width=520, height=160)
        .properties(description="Histogram of students' auto-graded scores in steps of 10 percent, per assignment.")
    )
    rate = questions.groupby(["assignment", "question"], as_index=False)["success"].mean()
    rate["percent"] = (100 * rate["success"]).round(1)
    success = (
        alt.Chart(rate, title="Success rate per question (share of the question's points earned)")
        .mark_bar(color=OKABE_ITO_BLUE)
        .encode(
            y=alt.Y("question:N", sort=None, title=None),
            x=alt.X("percent:Q", scale=alt.Scale(domain=[0, 100]), title="% of points earned, class average"),
            row=alt.Row("assignment:N", title=None),
            tooltip=["question", alt.Tooltip("percent:Q", title="% earned")],
        )
        .properties(width=520)
        .properties(description="Bar per question: the class's average share of that question's points.")
    )
    counted = blanks.groupby(["assignment", "question"], as_index=False)["blank"].sum()
    counted = counted[counted["blank"] > 0].sort_values("blank", ascending=False)
    if counted.empty:
        counted = pd.DataFrame({"assignment": ["(none)"], "question": ["no question left blank"], "blank": [0]})
    blank_chart = (
        alt.Chart(counted, title="Questions most often left blank")
        .mark_bar(color=OKABE_ITO_ORANGE)
        .encode(
            y=alt.Y("question:N", sort="-x", title=None),
            x=alt.X("blank:Q", title="students who left it blank", axis=alt.Axis(tickMinStep=1)),
            row=alt.Row("assignment:N", title=None),
            tooltip=["question", alt.Tooltip("blank:Q", title="left blank")],
        )
        .properties(width=520)
        .properties(description="Bar per question: how many students left its answer cells as handed out.")
    )
    combined = alt.vconcat(distribution, success, blank_chart).resolve_scale(color="independent")
    if THEME.exists():
        theme = json.loads(THEME.read_text(encoding="utf-8"))
        config = theme.get("config", theme)
        with contextlib.suppress(Exception):  # a theme the schema rejects still leaves readable charts
            combined = combined.properties(config=config)
    return combined


def status_table(rows: list[Row]) -> str:
    """An HTML table: each status, how many rows, what it means."""
    from course.grading.results import STATUS_MEANING, STATUS_ORDER

    counts = Counter(row.status for row in rows)
    cells = "".join(
        f"<tr><td><code>{s}</code></td><td>{counts[s]}</td><td>{html_escape.escape(STATUS_MEANING[s])}</td></tr>"
        for s in STATUS_ORDER
        if counts[s]
    )
    return f"<table><tr><th>status</th><th>rows</th><th>meaning</th></tr>{cells}</table>"


def attention_table(rows: list[Row]) -> str:
    """Rows a teacher should look at (anything but ok), with the reason."""
    lines = [
        f"<tr><td>{html_escape.escape(r.submission.student)}</td><td>{html_escape.escape(r.submission.assignment)}</td>"
        f"<td><code>{r.status}</code></td><td>{html_escape.escape(' | '.join(x for x in r.reasons if x))}</td></tr>"
        for r in rows
        if r.status != "ok"
    ]
    if not lines:
        return "<p>Every submission ran cleanly.</p>"
    head = "<tr><th>student</th><th>assignment</th><th>status</th><th>reason</th></tr>"
    return f"<table>{head}{''.join(lines)}</table>"


STYLE = """
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
td, th { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
</style>
"""


def html(rows: list[Row]) -> str:
    """The whole report page as one string."""
    graded = [r for r in rows if r.graded]
    totals = [sum(r.scores.values()) for r in graded]
    head = (
        f"<h1>Class report</h1><p>{len(rows)} submissions, {len(graded)} graded."
        + (f" Mean auto-graded score {sum(totals) / len(totals):.2f}." if totals else "")
        + " Written questions are marked separately (written-answers.csv).</p>"
        + "<h2>Statuses</h2>"
        + status_table(rows)
        + "<h2>Needs a look</h2>"
        + attention_table(rows)
        + "<h2>Charts</h2>"
    )
    chart = charts(rows)
    if chart is None:
        return (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Class report</title>{STYLE}</head>"
            f"<body>{head}<p>No charts: nothing was graded.</p></body></html>"
        )
    page = chart.to_html(inline=True)
    page = page.replace("<head>", f"<head><title>Class report</title>{STYLE}", 1)
    return page.replace("<body>", f"<body>{head}", 1)
