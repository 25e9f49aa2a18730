"""The class report: one self-contained HTML page, rendered from a Jinja2 template, that opens offline.

The page leads with what a teacher acts on (the header, the status table, the hand-ins that need a
look) and then gives each notebook a section of its own: its score distribution on its own axis
(points out of that notebook's maximum, since notebooks are worth different points), its own mean
and median, and the class's share of points per question, as a chart and as a table.

Charts are altair specs embedded as JSON, drawn by the Vega, Vega-Lite and Vega-Embed JavaScript
from vl-convert's bundle, inlined once in the page: no CDN, so the report opens without internet.
Everything a student controls (ids, file names, reasons quoting their code) goes through Jinja2's
autoescape, and the chart specs are JSON with ``<``, ``>`` and ``&`` escaped, so nothing in them can
close their script element.
"""

from __future__ import annotations

import functools
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import altair as alt
import jinja2
import pandas as pd

from course.grading.results import STATUS_MEANING, STATUS_ORDER, Status, fmt

if TYPE_CHECKING:
    from course.grading.results import Row

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "data" / "chart-theme.json"
SYLLABUS = ROOT / "course" / "syllabus.md"
# Okabe-Ito: distinguishable with every common colour-vision deficiency (and the course theme's palette).
BLUE, ORANGE, VERMILLION, BLACK = "#0072B2", "#E69F00", "#D55E00", "#000000"
FALLBACK_THEME = {"range": {"category": [BLUE, ORANGE, "#009E73", "#CC79A7", "#56B4E9", VERMILLION]}}


@dataclass
class Chart:
    """One chart as the page embeds it: its own div, its spec, and its title and description in words."""

    id: str
    title: str
    description: str
    spec: str
    """the Vega-Lite spec as JSON, safe inside a script element"""


@dataclass
class Question:
    """One auto-graded question's class results."""

    name: str
    points: float
    mean_points: float
    share: float
    """mean share of the question's points earned, 0..1"""
    blank: int
    """graded hand-ins that left its answer cells as handed out"""


@dataclass
class Section:
    """One notebook's part of the report."""

    name: str
    possible: float
    rows: int
    graded: int
    mean: float | None = None
    median: float | None = None
    questions: list[Question] = field(default_factory=list)
    written: list[tuple[str, float]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def course_title() -> str:
    """The course's name, from the syllabus's first heading (its one source)."""
    if SYLLABUS.exists():
        for line in SYLLABUS.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].removeprefix("Syllabus:").strip()
    return "Course"


def theme() -> dict[str, Any]:
    """The course's chart theme (data/chart-theme.json), or its colour-blind-safe palette alone."""
    if THEME.exists():
        data = json.loads(THEME.read_text(encoding="utf-8"))
        return data.get("config", data)
    return FALLBACK_THEME


def safe_json(data: Any) -> str:
    """JSON that cannot end a script element or open a comment in HTML."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@functools.cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed in one script, for altair's Vega-Lite version (from vl-convert)."""
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    # vl-convert's stub marks `snippet` required; the function makes it optional, and without one the bundle
    # exposes vegaEmbed as a global, which the report's script calls.
    bundle = vl_convert.javascript_bundle(vl_version=vl_version_for_vl_convert())  # type: ignore[call-arg]
    return bundle.replace("</script", "<\\/script")


def embed(chart: alt.TopLevelMixin, chart_id: str, title: str, description: str) -> Chart:
    """A chart with the course theme, ready for its own div."""
    with alt.data_transformers.disable_max_rows():
        spec = chart.to_dict()
    spec["config"] = {**theme(), **spec.get("config", {})}
    spec["description"] = description
    return Chart(id=chart_id, title=title, description=description, spec=safe_json(spec))


def score_chart(name: str, chart_id: str, totals: list[float], possible: float) -> Chart:
    """Histogram of one notebook's scores on its own axis (0 to its maximum), with mean and median rules."""
    step = 1.0 if possible <= 30 else possible / 20
    mean, median = statistics.fmean(totals), statistics.median(totals)
    title = f"{name}: auto-graded scores (out of {fmt(possible, 2)})"
    description = (
        f"Histogram of {len(totals)} graded hand-ins of {name}: auto-graded points from 0 to {fmt(possible, 2)} "
        f"in steps of {fmt(step, 2)}. Mean {fmt(mean, 2)}, median {fmt(median, 2)}."
    )
    x_scale = alt.Scale(domain=[0, possible])
    bars = (
        alt.Chart(pd.DataFrame({"score": totals}))
        .mark_bar(color=BLUE)
        .encode(
            x=alt.X(
                "score:Q",
                bin=alt.Bin(extent=[0, possible], step=step),
                scale=x_scale,
                title=f"auto-graded score (points out of {fmt(possible, 2)})",
                axis=alt.Axis(format="~g"),
            ),
            y=alt.Y("count():Q", title="hand-ins", axis=alt.Axis(tickMinStep=1)),
            tooltip=[alt.Tooltip("count():Q", title="hand-ins")],
        )
    )
    stats = pd.DataFrame({"statistic": ["mean", "median"], "score": [mean, median]})
    rules = (
        alt.Chart(stats)
        .mark_rule(size=3)
        .encode(
            x=alt.X("score:Q", scale=x_scale),
            color=alt.Color(
                "statistic:N", scale=alt.Scale(domain=["mean", "median"], range=[VERMILLION, BLACK]), title=None
            ),
            strokeDash=alt.StrokeDash(
                "statistic:N", scale=alt.Scale(domain=["mean", "median"], range=[[1, 0], [6, 3]]), title=None
            ),
            tooltip=["statistic", alt.Tooltip("score:Q", format=".2f")],
        )
    )
    chart = alt.layer(bars, rules).properties(title=title, width=520, height=200)
    return embed(chart, chart_id, title, description)


def question_chart(name: str, chart_id: str, questions: list[Question]) -> Chart:
    """Bar per question: the class's mean share of that question's points."""
    table = pd.DataFrame(
        {
            "question": [q.name for q in questions],
            "percent": [round(100 * q.share, 1) for q in questions],
            "points": [q.points for q in questions],
        }
    )
    title = f"{name}: share of points earned per question (class mean)"
    description = (
        f"Bar per auto-graded question of {name}: the mean share of its points the graded hand-ins earned, "
        + (", ".join(f"{q.name} {round(100 * q.share)}%" for q in questions))
    )
    chart = (
        alt.Chart(table)
        .mark_bar(color=BLUE)
        .encode(
            y=alt.Y("question:N", sort=None, title=None),
            x=alt.X("percent:Q", scale=alt.Scale(domain=[0, 100]), title="% of the question's points, class mean"),
            tooltip=["question", alt.Tooltip("points:Q", title="points"), alt.Tooltip("percent:Q", title="% earned")],
        )
        .properties(title=title, width=520, height=alt.Step(22))
    )
    return embed(chart, chart_id, title, description)


def sections(rows: list[Row]) -> list[Section]:
    """One section per notebook that had hand-ins, in course order, with its statistics and charts."""
    by_name: dict[str, list[Row]] = {}
    for row in rows:
        if row.autograder is not None:
            by_name.setdefault(row.autograder.name, []).append(row)
    found = []
    for number, (name, group) in enumerate(sorted(by_name.items())):
        ag = group[0].autograder
        assert ag is not None
        graded = [r for r in group if r.graded]
        section = Section(name, ag.auto_possible, len(group), len(graded), written=list(ag.manual))
        if graded:
            totals = [sum(r.scores.values()) for r in graded]
            section.mean, section.median = statistics.fmean(totals), statistics.median(totals)
            for question in ag.questions:
                points = ag.possible[question]
                earned = [r.scores.get(question, 0.0) for r in graded]
                mean_points = statistics.fmean(earned)
                section.questions.append(
                    Question(
                        question,
                        points,
                        mean_points,
                        mean_points / points if points else 0.0,
                        sum(question in r.blank for r in graded),
                    )
                )
            section.charts.append(score_chart(name, f"chart-{number}-scores", totals, ag.auto_possible))
            if section.questions:
                section.charts.append(question_chart(name, f"chart-{number}-questions", section.questions))
        found.append(section)
    return found


@functools.cache
def template_environment() -> jinja2.Environment:
    """Templates from course/grading/templates/, every value HTML-escaped unless marked safe."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("course.grading", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def html(rows: list[Row], out: Path | None = None, graded_at: datetime | None = None) -> str:
    """The whole report page as one string.

    ``out`` is the output folder the page is written to (named in the header); ``graded_at`` is when
    grading finished (default: now, as the report is written at the end of grading).
    """
    when = (graded_at or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M %Z").strip()
    counts = Counter(str(row.status) for row in rows)
    statuses = [(str(s), counts[s], STATUS_MEANING[s]) for s in STATUS_ORDER if counts[s]]
    attention = [
        {
            "student": row.submission.student,
            "assignment": row.submission.assignment or "",
            "status": str(row.status),
            "file": row.submission.path.name,
            "reason": " | ".join(reason for reason in row.reasons if reason),
        }
        for row in rows
        if row.status != Status.OK
    ]
    late = [
        {"student": row.submission.student, "assignment": row.submission.assignment or "", "late": row.late}
        for row in rows
        if row.late
    ]
    parts = sections(rows)
    charts = [chart for part in parts for chart in part.charts]
    return (
        template_environment()
        .get_template("report.html.j2")
        .render(
            course=course_title(),
            graded_at=when,
            files=len(rows) + sum(len(row.duplicates) for row in rows),
            rows=len(rows),
            graded=sum(row.graded for row in rows),
            out=str(out) if out else None,
            statuses=statuses,
            attention=attention,
            late=late,
            sections=parts,
            fmt=fmt,
            vega_bundle=vega_bundle() if charts else "",
        )
    )
