"""What a student sees: every notebook, run in JupyterLab in Chromium with no network.

nbval proves that the code runs; this proves that a student sees the result.
For every student edition and every master, JupyterLab (on 127.0.0.1, serving a
scratch copy of the course) opens the notebook in Debian's Chromium, runs all
cells and waits for the kernel to be idle. Then no cell may show an error,
every altair chart must be drawn (an svg or canvas inside its output), and every
``grader.check`` cell must show its result. Any request that leaves 127.0.0.1
is blocked and fails the test: a chart that needs a CDN is a blank chart in a
classroom without internet.

One screenshot per notebook goes to screenshots/ (git-ignored), centred on the
first chart. All notebooks share one server and one browser; the tests form
one xdist group, so a single worker runs them, in course order.
"""

from __future__ import annotations

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
    """One headless Chromium for all notebooks, with a fresh, empty profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(chromium), args=browser_lab.CHROMIUM_ARGS)
        yield instance
        instance.close()


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


def test_what_a_student_sees_at_a_mistake_a_restart_and_an_unsaved_hand_in(lab_page, lab: browser_lab.Lab) -> None:
    """Three moments of a first-year in notebook 01, in the browser: each message is the one they need."""
    import zipfile

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

        # 2. After a restart, only the check is run: it says to run the answer cell, nothing crashes.
        page.evaluate("async () => { await window.courseNotebook.sessionContext.session.kernel.restart(); }")
        browser_lab.wait_idle(page)
        browser_lab.run_cell(page, setup)
        said = browser_lab.run_cell(page, check)
        assert "does not exist in this session" in said and "answer cell" in said, said
        assert "TypeError" not in said and "NoneType" not in said, said
        browser_lab.show_cell(page, check, shots / "2-after-restart.png")

        # 3. An edited, unsaved answer: the hand-in refuses and says to save; saved, the zip holds the edit.
        browser_lab.run_cell(page, browser_lab.cell_index(page, "article = (SEEDS"))
        browser_lab.run_cell(page, answer, 'lines = article.split("\\n")  # my unsaved edit')
        hand_in = browser_lab.cell_index(page, "coursekit.hand_in_button(grader)")
        browser_lab.run_cell(page, hand_in)
        button = page.locator(".jp-Notebook .jp-Cell").nth(hand_in).get_by_role("button", name="Make my hand-in")
        button.click()
        page.wait_for_function(
            "(i) => window.courseNotebook.content.widgets[i].outputArea.node.innerText.includes('hand')", arg=hand_in
        )
        said = browser_lab.cell_text(page, hand_in)
        assert "Not handed in" in said and "Ctrl+S" in said, said
        zipped = lab.root / "notebooks" / "hand-in" / "01_reading-the-raw-text.zip"
        assert not zipped.exists(), "an unsaved notebook was handed in"
        browser_lab.show_cell(page, hand_in, shots / "3-unsaved-hand-in.png")

        page.evaluate("async () => { await window.courseNotebook.context.save(); }")
        button.click()
        page.wait_for_function(
            "(i) => window.courseNotebook.content.widgets[i].outputArea.node.innerText.includes('Handed in')",
            arg=hand_in,
        )
        with zipfile.ZipFile(zipped) as archive:
            assert "# my unsaved edit" in archive.read("01_reading-the-raw-text.ipynb").decode("utf-8")
    finally:
        browser_lab.close_notebook(page)
