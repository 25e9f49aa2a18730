"""What a student sees: every notebook, run in JupyterLab in Chromium with no network.

nbval proves that the code runs; this proves that a student sees the result.
For every student edition and every master, JupyterLab (on 127.0.0.1, serving a
scratch copy of the course) opens the notebook in Debian's Chromium, runs all
cells and waits for the kernel to be idle. Then no cell may show an error,
every altair chart must be drawn (an svg or canvas inside its output), and every
``grader.check`` cell must show its result. Any request that leaves 127.0.0.1
is blocked and fails the test: a chart that needs a CDN is a blank chart in a
classroom without internet. axe-core then checks what the notebook puts on the page
(its outputs and rendered Markdown) against WCAG 2.0/2.1 A and AA: no violation at any impact.

One screenshot per notebook goes to screenshots/ (git-ignored), centred on the
first chart. All notebooks share one server and one browser; the tests form
one xdist group, so a single worker runs them, in course order.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser_lab
from tests.conftest import ROOT, master_paths, student_paths

SCREENSHOTS = ROOT / "screenshots"
NOTEBOOKS = [*student_paths(), *master_paths()]
CHECK_CALL = re.compile(r"""grader\.check\(\s*["']([^"']+)["']""")

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; CI must have it (CI=true fails), elsewhere the tests are skipped."""
    return browser_lab.require_chromium()


@pytest.fixture(scope="session")
def lab(chromium: Path) -> Iterator[browser_lab.Lab]:
    """One JupyterLab for all notebooks, serving a scratch copy of the course, stopped afterwards."""
    with (
        tempfile.TemporaryDirectory(prefix="course-browser-") as scratch,
        browser_lab.jupyter_lab(browser_lab.scratch_course(Path(scratch))) as server,
    ):
        yield server


@pytest.fixture(scope="session")
def browser(chromium: Path):
    """One headless Chromium for all notebooks (and the other browser suites), with a fresh, empty profile."""
    yield browser_lab.shared_browser(chromium)
    browser_lab.give_back_browser()


@pytest.fixture(scope="session")
def lab_page(browser, lab: browser_lab.Lab):
    """JupyterLab, loaded once in a page that can reach only 127.0.0.1."""
    page = browser_lab.offline_lab_page(browser, lab)
    yield page
    page.context.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[relative(p) for p in NOTEBOOKS])
def test_student_sees_every_output(notebook: Path, lab_page) -> None:
    page = lab_page
    page.blocked.clear()
    try:
        report = browser_lab.run_all(page, relative(notebook))
        # WCAG 2.1 AA: what the course puts on the page (outputs and rendered Markdown; see browser_lab)
        inaccessible = browser_lab.axe_violations(page, browser_lab.NOTEBOOK_CONTENT)
        shot = SCREENSHOTS / notebook.parent.relative_to(ROOT).as_posix().replace("/", "-") / f"{notebook.stem}.png"
        browser_lab.screenshot(page, shot)
    finally:
        browser_lab.close_notebook(page)
    name = relative(notebook)
    cells = report["cells"]
    print(f"{name}: seconds {report['seconds']}")  # shown with -s or on failure

    not_run = [c["index"] for c in cells if c["source"].strip() and c["executionCount"] is None]
    assert not not_run, f"{name}: Run All left code cells {not_run} unrun (see the errors above them)"

    errors = [f"cell {c['index']}: {o['ename']}" for c in cells for o in c["outputs"] if o["type"] == "error"]
    assert not errors, f"{name} shows errors after Run All: {errors}"

    total, drawn = browser_lab.chart_count(report)
    blank = [
        f"cell {c['index']}: {o['text'][:120]!r}"
        for c in cells
        for o in c["outputs"]
        if o["isChart"] and not o["drawn"]
    ]
    assert not blank, f"{name}: {total - drawn} of {total} charts show no svg or canvas: {blank}"
    assert not page.blocked, f"{name} asked for resources outside 127.0.0.1 (blank offline): {page.blocked[:5]}"
    assert not inaccessible, f"{name}: axe-core finds WCAG 2.1 AA violations in the outputs: {inaccessible}"

    checks = [(c, CHECK_CALL.search(c["source"])) for c in cells]
    checks = [(c, m.group(1)) for c, m in checks if m]
    if notebook.parent == ROOT / "notebooks":
        assert checks, f"{name} has no grader.check cell"
    silent = [
        f"cell {c['index']} ({question})"
        for c, question in checks
        if not any(question in o["text"] for o in c["outputs"])
    ]
    assert not silent, f"{name}: these grader.check cells show no result for their question: {silent}"


def test_what_a_student_sees_at_a_mistake_an_error_and_a_restart(lab_page) -> None:
    """Three moments of a first-year in notebook 01, in the browser: each message is the one they need."""
    page = lab_page
    name = "notebooks/01_reading-the-raw-text.ipynb"
    shots = SCREENSHOTS / "student-moments"
    browser_lab.open_notebook(page, name)
    try:
        setup = browser_lab.cell_index(page, "coursekit.setup(")
        browser_lab.run_cell(page, setup)
        browser_lab.run_cell(page, browser_lab.cell_index(page, "article = (SEEDS"))
        answer = browser_lab.cell_index(page, "lines = ...")
        check = browser_lab.cell_index(page, 'grader.check("q1_lines")')

        # 1. A wrong answer: one message that names the mistake, no test source.
        browser_lab.run_cell(page, answer, "lines = article.split()")
        said = browser_lab.run_cell(page, check)
        assert said.count("not passed yet") == 1, f"expected one message, the check shows: {said!r}"
        assert "Error at line" not in said and "assert " not in said and "Traceback" not in said, said
        browser_lab.show_cell(page, check, shots / "1-wrong-answer.png")
        wrong = said

        # 2. The answer cell stops with an error: the check says so, not a word about the previous value.
        browser_lab.run_cell(page, answer, "lines = article.split(1)")
        said = browser_lab.run_cell(page, check)
        assert "The cell that makes `lines` stopped with TypeError" in said and "Fix that first" in said, said
        assert wrong.split(":", 1)[1].strip()[:40] not in said, f"the check judged the previous value: {said!r}"
        browser_lab.show_cell(page, check, shots / "2-error-in-the-answer.png")

        # 3. After a restart, only the check is run: it says what to do, and doing it word for word works.
        browser_lab.run_cell(page, answer, 'lines = article.split("\\n")')
        page.evaluate("async () => { await window.courseNotebook.sessionContext.session.kernel.restart(); }")
        browser_lab.wait_idle(page)
        browser_lab.run_cell(page, setup)  # the set-up cell makes `grader`: the check cannot speak before it
        said = browser_lab.run_cell(page, check)
        assert "does not exist in this session" in said and "Run > Run All Above Selected Cell" in said, said
        browser_lab.show_cell(page, check, shots / "3-after-restart.png")
        browser_lab.follow_menu(page, check, "Run", "Run All Above Selected Cell")
        errors = browser_lab.error_outputs(page)
        assert not errors, f"Run > Run All Above Selected Cell, as the check said, shows errors: {errors}"
        said = browser_lab.run_cell(page, check)
        assert "q1_lines (passed)" in said, said
    finally:
        browser_lab.close_notebook(page)


def test_the_hand_in_holds_what_the_student_sees(lab_page, lab: browser_lab.Lab) -> None:
    """A deleted scratch cell never blocks the hand-in, and unsaved edits (code and Markdown) are handed in."""
    import zipfile

    page = lab_page
    name = "notebooks/01_reading-the-raw-text.ipynb"
    zipped = lab.root / "notebooks" / "hand-in" / "01_reading-the-raw-text.zip"
    shots = SCREENSHOTS / "student-moments"
    browser_lab.open_notebook(page, name)
    try:
        browser_lab.run_cell(page, browser_lab.cell_index(page, "coursekit.setup("))
        browser_lab.run_cell(page, browser_lab.cell_index(page, "article = (SEEDS"))
        answer = browser_lab.cell_index(page, "lines = ...")
        hand_in = browser_lab.cell_index(page, "coursekit.hand_in_button(grader)")
        browser_lab.run_cell(page, hand_in)

        # 1. A scratch cell, run and deleted; the notebook saved by the student; the button hands in.
        browser_lab.run_cell(page, answer, 'lines = article.split("\\n")')
        page.evaluate(
            """async (index) => {
              const w = window.courseNotebook;
              w.content.activeCellIndex = index;
              await window.jupyterapp.commands.execute('notebook:insert-cell-below');
            }""",
            answer,
        )
        browser_lab.run_cell(page, answer + 1, "scratch = lines[:3]\nscratch")
        page.evaluate(
            """async (index) => {
              window.courseNotebook.content.activeCellIndex = index;
              await window.jupyterapp.commands.execute('notebook:delete-cell');
              await window.courseNotebook.context.save();
            }""",
            answer + 1,
        )
        said = browser_lab.click_hand_in(page, hand_in)
        assert said.startswith("Handed in"), said
        with zipfile.ZipFile(zipped) as archive:
            sources = ["".join(c["source"]) for c in json.loads(archive.read("01_reading-the-raw-text.ipynb"))["cells"]]
        assert 'lines = article.split("\\n")' in sources and not any("scratch = " in s for s in sources), sources

        # 2. Unsaved edits, a written answer in Markdown and a code answer: clicked, both are in the zip.
        written = page.evaluate(
            """() => window.courseNotebook.content.widgets.findIndex(c => c.model.type === 'markdown'
                 && c.model.sharedModel.getSource().includes('Type your answer here'))"""
        )
        assert written >= 0, "notebook 01 has no written answer cell"
        page.evaluate(
            """([written, answer]) => {
              const cells = window.courseNotebook.content.widgets;
              cells[written].model.sharedModel.setSource('My unsaved written answer: the article cites P05.');
              cells[answer].model.sharedModel.setSource('lines = article.split("\\n")  # my unsaved edit');
            }""",
            [written, answer],
        )
        assert page.evaluate("() => window.courseNotebook.context.model.dirty"), "the edits should be unsaved"
        said = browser_lab.click_hand_in(page, hand_in)
        assert said.startswith("Handed in: saved your notebook"), said
        browser_lab.show_cell(page, hand_in, shots / "4-unsaved-hand-in.png")
        with zipfile.ZipFile(zipped) as archive:
            inside = archive.read("01_reading-the-raw-text.ipynb").decode("utf-8")
        assert "My unsaved written answer" in inside, "the unsaved Markdown answer is not in the hand-in"
        assert "# my unsaved edit" in inside, "the unsaved code is not in the hand-in"
        assert not page.evaluate("() => window.courseNotebook.context.model.dirty"), "the notebook was not saved"
    finally:
        browser_lab.close_notebook(page)
