"""What a teacher sees: the class report that ``python -m course grade`` writes, opened in Chromium, offline.

A small class of two notebooks (for each: a solution, a blank student edition and a broken file) is
graded with the CLI. report.html is then opened from file:// in Debian's Chromium with every request
that is not file:// or 127.0.0.1 blocked and recorded. The header, the status table, the "needs a
look" list and each notebook's section must be visible, and every chart drawn (an svg or canvas in
its own div). A student id written as HTML must show as text. The screenshot of the status table goes
to screenshots/report/report.png (git-ignored).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser_lab, grade_corpus
from tests.conftest import ROOT

SCREENSHOT = ROOT / "screenshots" / "report" / "report.png"
TIMEOUT = 60
# A student id that is also HTML: the report must show it as text, never as markup.
MARKUP_ID = "<b>zed"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's Chromium; CI must have it (CI=true fails), elsewhere the test is skipped."""
    return browser_lab.require_chromium()


@pytest.fixture(scope="module")
def graded(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Two notebooks, each with a solution, a blank and a broken file, graded with the CLI."""
    first, second = sorted(p.stem for p in (built_dist / "autograder").glob("*.zip"))[:2]
    folder = tmp_path_factory.mktemp("report-class") / "submissions"
    out = folder.parent / "out"
    folder.mkdir()
    expected = {}
    for name in (first, second):
        solution = grade_corpus.read(built_dist / "solutions" / f"{name}.ipynb")
        blank = grade_corpus.read(ROOT / "notebooks" / f"{name}.ipynb")
        (folder / f"ada_{name}.ipynb").write_text(json.dumps(solution), encoding="utf-8")
        (folder / f"bob_{name}.ipynb").write_text(json.dumps(blank), encoding="utf-8")
        expected[("ada", name)] = "ok"
        expected[("bob", name)] = "ok|cell-errors"  # a blank edition runs through (its checkpoints) or says why not
    # Broken: one file is not JSON at all, the other raises in a cell (and its student id is HTML).
    (folder / f"cy_{first}.ipynb").write_text("{ this is not json", encoding="utf-8")
    expected[("cy", "")] = "invalid"
    solution = grade_corpus.read(built_dist / "solutions" / f"{second}.ipynb")
    broken = grade_corpus.with_cell(solution, "raise ValueError('boom')", grade_corpus.first_setup_cell(solution))
    (folder / f"{MARKUP_ID}_{second}.ipynb").write_text(json.dumps(broken), encoding="utf-8")
    expected[(MARKUP_ID, second)] = "cell-errors"
    result = subprocess.run(
        [sys.executable, "-m", "course", "grade", str(folder), "-o", str(out), "--timeout", str(TIMEOUT)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "report.html").is_file(), "course grade wrote no report.html"
    return {"out": out, "notebooks": [first, second], "expected": expected, "files": len(list(folder.iterdir()))}


@pytest.fixture(scope="module")
def browser(chromium: Path):
    """The browser suites' one Chromium (browser_lab.shared_browser), given back after."""
    yield browser_lab.shared_browser(chromium)
    browser_lab.give_back_browser()


@pytest.fixture(scope="module")
def report_page(browser, graded: dict) -> Iterator:
    """report.html opened from file:// in a page that may load nothing else; ``page.blocked`` lists attempts."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    page.blocked = []
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))

    def offline(route) -> None:
        url = route.request.url
        if url.startswith(("file://", "http://127.0.0.1:", "http://127.0.0.1/")):
            route.continue_()
        else:
            page.blocked.append(url)
            route.abort("internetdisconnected")

    context.route("**/*", offline)
    page.goto((graded["out"] / "report.html").resolve().as_uri())
    page.wait_for_function(
        "() => [...document.querySelectorAll('div.vega-chart')].every(d => d.querySelector('svg, canvas'))",
        timeout=60_000,
        polling=250,
    )
    yield page
    context.close()


def test_header_names_course_time_hand_ins_and_folder(report_page, graded: dict) -> None:
    header = report_page.locator("#report-header")
    assert header.is_visible()
    assert report_page.locator("h1").inner_text() == "Class report"
    assert "Rwanda" in report_page.locator("#course").inner_text()
    assert report_page.locator("#graded-at").inner_text().strip()
    assert report_page.locator("#hand-ins").inner_text().startswith(f"{graded['files']} files")
    folder = report_page.locator("#output-folder")
    assert folder.is_visible()
    # record.py names the folder once it passes out= to report.html; until then the page says where it is
    assert str(graded["out"]) in folder.inner_text() or "the folder this report is in" in folder.inner_text()


def test_status_table_counts_each_status_and_says_what_it_means(report_page, graded: dict) -> None:
    table = report_page.locator("#status-table")
    assert table.is_visible()
    cells = [row.locator("td").all_inner_texts() for row in table.locator("tbody tr").all()]
    shown = {cells[0]: int(cells[1]) for cells in cells}
    assert shown.get("invalid") == 1
    assert shown.get("ok", 0) >= 2, "both solutions are ok"
    assert shown.get("cell-errors", 0) >= 1
    assert sum(shown.values()) == len(graded["expected"]), "one row per student and notebook"
    assert all(len(cells[2]) > 10 for cells in cells), "every status needs its meaning"


def test_needs_a_look_lists_every_row_that_is_not_ok(report_page, graded: dict) -> None:
    table = report_page.locator("#attention-table")
    assert table.is_visible()
    rows = [row.locator("td").all_inner_texts() for row in table.locator("tbody tr").all()]
    by_student = {cells[0]: cells for cells in rows}
    assert by_student["cy"][2] == "invalid"
    assert by_student["cy"][3] == f"cy_{graded['notebooks'][0]}.ipynb"
    assert by_student["cy"][4], "the invalid file needs its reason"
    # the HTML student id is text on the page, not a bold element
    assert by_student[MARKUP_ID][2] == "cell-errors"
    assert "ValueError" in by_student[MARKUP_ID][4]
    assert report_page.locator("#attention-table b").count() == 0
    assert all(cells[2] != "ok" for cells in rows)


def test_each_notebook_has_its_own_section_axes_and_mean(report_page, graded: dict) -> None:
    sections = report_page.locator("section.notebook")
    assert sections.count() == 2
    for index, name in enumerate(graded["notebooks"]):
        section = sections.nth(index)
        assert section.locator("h2").inner_text() == name
        stats = section.locator("p.stats").inner_text()
        assert stats.startswith("Mean ") and "median" in stats
        assert section.locator("table.questions tbody tr").count() >= 1
        charts = section.locator("div.vega-chart")
        assert charts.count() == 2
        score_title = charts.first.get_attribute("data-title")
        assert name in score_title and "out of" in score_title


def test_every_chart_is_drawn_offline(report_page) -> None:
    charts = report_page.locator("div.vega-chart")
    assert charts.count() == 4
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.locator("svg, canvas").count() >= 1, f"chart {chart.get_attribute('id')} was not drawn"
        label = chart.locator("svg").first.get_attribute("aria-label") or ""
        assert label.startswith(chart.get_attribute("data-title")), "each chart's svg is labelled with its title"
        assert chart.get_attribute("data-description") in label, "and with its description"
    assert report_page.blocked == [], f"the report tried to load: {report_page.blocked}"
    assert report_page.errors == [], report_page.errors
    html = report_page.content()
    assert html.count("window.vegaEmbed=") == 1, "the Vega bundle must be inlined exactly once"


def test_screenshot_shows_the_status_table(report_page) -> None:
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    report_page.locator("#status-table").scroll_into_view_if_needed()
    report_page.evaluate("() => window.scrollTo(0, 0)")
    report_page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert SCREENSHOT.stat().st_size > 10_000


def test_the_report_has_no_wcag_violations(report_page) -> None:
    """axe-core (bundled in axe-playwright-python): WCAG 2.0/2.1 A and AA, every impact, the whole page."""
    violations = browser_lab.axe_violations(report_page)
    assert not violations, "\n".join(violations)


def test_every_feedback_file_as_rendered_has_no_wcag_violations(report_page, graded: dict) -> None:
    """Each student's feedback (Markdown) rendered as CommonMark with tables, as JupyterLab or an LMS shows it."""
    import html

    from markdown_it import MarkdownIt

    render = MarkdownIt("commonmark", {"html": False}).enable("table").render
    files = sorted((graded["out"] / "feedback").glob("*/*.md"))
    assert files, "course grade wrote no feedback files"
    page = report_page.context.new_page()
    try:
        for path in files:
            title = html.escape(f"Feedback: {path.parent.name}, {path.stem}")
            page.set_content(
                f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
                f"<body><main>{render(path.read_text(encoding='utf-8'))}</main></body></html>"
            )
            violations = browser_lab.axe_violations(page)
            assert not violations, f"{path.relative_to(graded['out'])}:\n" + "\n".join(violations)
    finally:
        page.close()
