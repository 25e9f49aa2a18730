"""Accessibility, WCAG 2.1 AA, in the browser: a keyboard-only path from opening 01 to a hand-in.

axe-core (from the axe-playwright-python package, nothing fetched) checks every notebook's outputs in
tests/test_browser.py, and report.html and the feedback files in tests/test_report_browser.py. Here a
student who uses no mouse opens notebook 01, runs it and hands it in with keys only, and at every step
the element that has the focus must look different from how it looks without it (WCAG 2.4.7, focus
visible): the pixels around it change when the focus is taken away.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser_lab
from tests.conftest import ROOT
from tests.test_browser import chromium, lab  # noqa: F401 (pytest fixtures, as in the browser test)

NOTEBOOK = "notebooks/01_reading-the-raw-text.ipynb"
SHOTS = ROOT / "screenshots" / "keyboard"
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# What has the focus, in words for a failure message.
FOCUSED = """() => { const e = document.activeElement;
  return e ? `${e.tagName.toLowerCase()}.${String(e.className).split(' ').slice(0, 4).join('.')} `
    + `"${(e.getAttribute('aria-label') || e.innerText || '').slice(0, 50).replace(/\\n/g, ' ')}"` : 'nothing'; }"""


@pytest.fixture(scope="session")
def browser(chromium: Path):  # noqa: F811
    """The browser suites' one Chromium (browser_lab.shared_browser), given back after."""
    yield browser_lab.shared_browser(chromium)
    browser_lab.give_back_browser()


@pytest.fixture
def fresh_page(browser, lab: browser_lab.Lab) -> Iterator:  # noqa: F811
    """JupyterLab in a new page, its launcher focused, as a student finds it."""
    page = browser_lab.offline_lab_page(browser, lab, workspace="keyboard")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('jp-Launcher')", timeout=60_000
    )
    yield page
    browser_lab.close_notebook(page)
    page.context.close()


def focus_is_visible(page) -> bool:
    """Whether the focused element is drawn differently once the focus is taken away (then given back).

    The area compared is the element's box and 6 px around it, where an outline or a ring is drawn.
    """
    box = page.evaluate(
        """() => { const e = document.activeElement; window.courseFocused = e;
          const r = e.getBoundingClientRect();
          return {x: Math.max(r.x - 6, 0), y: Math.max(r.y - 6, 0), width: r.width + 12, height: r.height + 12}; }"""
    )
    focused = page.screenshot(clip=box, animations="disabled")
    page.evaluate("() => window.courseFocused.blur()")
    page.wait_for_timeout(100)
    unfocused = page.screenshot(clip=box, animations="disabled")
    page.evaluate("() => window.courseFocused.focus({focusVisible: true})")
    page.wait_for_timeout(100)
    return focused != unfocused


def step(page, keys: list[str], name: str, steps: list[str]) -> None:
    """Press keys (or type text, written "type:...") and record what has the focus and whether it shows."""
    for key in keys:
        if key.startswith("type:"):
            page.keyboard.type(key.removeprefix("type:"))
        else:
            page.keyboard.press(key)
    page.wait_for_timeout(300)
    focused = page.evaluate(FOCUSED)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{len(steps) + 1}-{name}.png"))
    assert focus_is_visible(page), f"step {name!r}: the focus on {focused} is not visible (steps so far: {steps})"
    steps.append(f"{name}: {focused}")


def focus_text(page) -> str:
    return page.evaluate(FOCUSED)


def test_a_student_opens_runs_and_hands_in_01_with_the_keyboard_only(fresh_page, lab: browser_lab.Lab) -> None:  # noqa: F811
    """From the launcher: the file browser, notebooks/, 01; Shift+Enter through every cell; Tab to the button."""
    page = fresh_page
    steps: list[str] = []
    step(page, ["Shift+Tab", "Shift+Tab"], "file browser", steps)
    assert "course" in focus_text(page), steps
    selected = "() => document.querySelector('.jp-DirListing-item.jp-mod-selected')?.innerText || ''"
    for _ in range(8):  # the course folder's listing: course/, coursekit/, data/, notebooks/, ...
        step(page, ["ArrowDown"], "down", steps)
        if page.evaluate(selected).startswith("notebooks"):
            break
    step(page, ["Enter"], "notebooks folder", steps)
    for _ in range(8):  # the first ArrowDown selects the item in focus; folders first (hand-in/ once made), then 01
        step(page, ["ArrowDown"], "down", steps)
        if page.evaluate(selected).startswith("01_"):
            break
    page.keyboard.press("Enter")
    page.wait_for_selector(".jp-Notebook .jp-Cell.jp-mod-active", timeout=60_000)
    page.evaluate("() => { window.courseNotebook = window.jupyterapp.shell.currentWidget; }")
    assert page.evaluate("() => window.courseNotebook.context.path") == NOTEBOOK, steps
    browser_lab.wait_idle(page)
    step(page, [], "notebook open", steps)

    cells = page.evaluate("() => window.courseNotebook.content.widgets.length")
    for _ in range(cells):  # Shift+Enter runs a cell and moves to the next, as a student works through
        step(page, ["Shift+Enter"], "shift+enter", steps)
        browser_lab.wait_idle(page, 120_000)
    errors = browser_lab.error_outputs(page)
    assert not errors, errors

    hand_in = browser_lab.cell_index(page, "coursekit.hand_in_button(grader)")
    step(page, ["Escape"], "command mode", steps)  # Shift+Enter on the last cell opened a new one for typing
    active = "() => window.courseNotebook.content.activeCellIndex"
    for _ in range(10):  # up to the hand-in cell, one cell at a time
        if page.evaluate(active) <= hand_in:
            break
        step(page, ["ArrowUp"], "up", steps)
    assert page.evaluate(active) == hand_in, steps
    for _ in range(12):  # from the cell, Tab goes to its toolbar, then to the hand-in button
        if "Make my hand-in" in focus_text(page):
            break
        step(page, ["Tab"], "tab", steps)
    assert "Make my hand-in" in focus_text(page), f"Tab never reached the hand-in button: {steps}"
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert ring == ["solid", "3px"], f"the hand-in button's focus ring is {ring}, not the course's 3 px dark ring"
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => /Handed in|Not handed in/.test(document.activeElement.closest('.jp-OutputArea')?.innerText || '')",
        timeout=60_000,
    )
    said = page.evaluate("() => document.activeElement.closest('.jp-OutputArea').innerText")
    assert "Handed in" in said and "Not handed in" not in said, said
    assert (lab.root / "notebooks" / "hand-in" / "01_reading-the-raw-text.zip").is_file()
    step(page, [], "handed in", steps)
    print("\n".join(steps))
