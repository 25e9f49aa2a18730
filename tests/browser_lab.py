"""JupyterLab in Debian's Chromium, offline: what the browser test and its helpers share.

The browser test checks what a student sees, so it drives a real JupyterLab in
a real browser. Two rules keep it honest and harmless:

- The browser has no network beyond 127.0.0.1 (Chromium's background
  networking is off and the course's charts must not need a CDN), so a chart
  that renders here renders in a classroom without internet.
- JupyterLab serves a scratch copy of the course (notebooks/, course/source/,
  data/, seeds/) with autosave off: running a notebook never writes outputs
  into the committed files, the export cell's zip lands in the scratch copy,
  and nbval, which runs the same notebooks in place under xdist, is not
  disturbed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = f"Chromium not found at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)"
# Headless, no sandbox (CI runs as root in a container), and nothing that phones
# home: without the background-networking flags Chromium's own connections are
# refused on a machine with no internet and slow the start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# What the scratch copy holds: the notebooks and everything they read.
COURSE_DIRS = ("notebooks", "course/source", "data", "seeds", "coursekit")
# JupyterLab user settings: no autosave (never write into the notebooks), every
# cell kept in the DOM (so that each output can be inspected), no news or update checks.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def require_chromium() -> Path:
    """Debian's Chromium; CI must have it (CI=true fails the test), elsewhere the test is skipped."""
    import pytest

    if not CHROMIUM.is_file():
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(CHROMIUM_MISSING)
        pytest.skip(CHROMIUM_MISSING)
    return CHROMIUM


# One Playwright and one Chromium per test process: Playwright's sync API cannot start a second
# instance while one runs, and the browser suites (one xdist group) run in one process. Each suite's
# fixture takes it and gives it back; the last to give it back stops it.
_SHARED: dict[str, Any] = {"users": 0}


def shared_browser(chromium: Path) -> Any:
    """The process's headless Chromium (started on first use, with a fresh, empty profile); give it back after."""
    from playwright.sync_api import sync_playwright

    if "browser" not in _SHARED:
        _SHARED["playwright"] = sync_playwright().start()
        _SHARED["browser"] = _SHARED["playwright"].chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
    _SHARED["users"] += 1
    return _SHARED["browser"]


def give_back_browser() -> None:
    """One user is done with the shared Chromium; the last one closes it and stops Playwright."""
    _SHARED["users"] -= 1
    if _SHARED["users"] > 0 or "browser" not in _SHARED:
        return
    _SHARED.pop("browser").close()
    _SHARED.pop("playwright").stop()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scratch_course(into: Path) -> Path:
    """Copy the notebooks and the data they read into a fresh folder; return it."""
    for name in COURSE_DIRS:
        shutil.copytree(
            ROOT / name, into / name, ignore=shutil.ignore_patterns("*.zip", ".ipynb_checkpoints", "__pycache__")
        )
    return into


@dataclass
class Lab:
    """A running JupyterLab server."""

    url: str
    token: str
    root: Path
    process: subprocess.Popen = field(repr=False)


@contextmanager
def jupyter_lab(root: Path, timeout: float = 120) -> Iterator[Lab]:
    """Start JupyterLab on 127.0.0.1 (free port, random token) serving root; stop it and its kernels after."""
    port, token = free_port(), secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="lab-home-") as home:
        home_dir = Path(home)
        settings = home_dir / "settings"
        for name, values in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        env = {
            **os.environ,
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(home_dir / "workspaces"),
            "JUPYTER_CONFIG_DIR": str(home_dir / "config"),
            "JUPYTER_RUNTIME_DIR": str(home_dir / "runtime"),
        }
        log = (home_dir / "lab.log").open("wb")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--expose-app-in-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                *(["--allow-root"] if os.geteuid() == 0 else []),  # CI containers run as root
            ],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kernels die with it
        )
        lab = Lab(url=f"http://127.0.0.1:{port}", token=token, root=root, process=process)
        try:
            wait_until_serving(lab, timeout, home_dir / "lab.log")
            yield lab
        finally:
            stop(process)
            log.close()


def wait_until_serving(lab: Lab, timeout: float, log: Path) -> None:
    """Return once the server answers; raise with its log when it dies or is too slow."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {lab.process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{lab.url}/api/status?token={lab.token}", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    """Stop a process started with its own session, and everything in its group."""
    if process.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


# Runs in the page after Run All: one record per code cell, from JupyterLab's own
# models (which outputs are errors) and from the DOM (what is actually drawn).
INSPECT_JS = """
() => {
  const panel = window.courseNotebook;
  const cells = [];
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    const outputs = [];
    const area = cell.outputArea;
    for (let i = 0; i < area.model.length; i++) {
      const out = area.model.get(i);
      const mimes = Object.keys(out.data || {});
      const html = String((out.data || {})['text/html'] || '');
      const child = area.widgets[i];
      const node = child ? child.node : null;
      // altair's chart is a widget too; the hand-in button is a widget that holds a button, not a chart
      const isButton = !!(node && node.querySelector('button'));
      const isChart = mimes.some(m => m.includes('vega')
        || (m === 'application/vnd.jupyter.widget-view+json' && !isButton))
        || /vega|altair-viz/.test(html);
      outputs.push({
        type: out.type,
        mimes,
        ename: out.type === 'error' ? String(out.toJSON().ename) + ': ' + String(out.toJSON().evalue) : null,
        isChart,
        drawn: !!(node && node.querySelector('svg.marks, canvas.marks')),
        text: node ? node.innerText.slice(0, 600) : '',
      });
    }
    cells.push({
      index,
      source: cell.model.sharedModel.getSource(),
      executionCount: cell.model.executionCount,
      outputs,
    });
  });
  return {kernelStatus: panel.sessionContext.session?.kernel?.status ?? 'none', cells};
}
"""


def chart_count(report: dict) -> tuple[int, int]:
    """(chart outputs, chart outputs with a drawn svg or canvas) in an inspection report."""
    charts = [o for c in report["cells"] for o in c["outputs"] if o["isChart"]]
    return len(charts), sum(o["drawn"] for o in charts)


def offline_lab_page(browser, lab: Lab, timeout_ms: int = 180_000, workspace: str | None = None):
    """JupyterLab loaded in a new page that can reach only the server; notebooks are then opened inside it.

    Every other request is aborted and recorded in ``page.blocked``: CI machines
    may have internet, a classroom may not, and the test must see what the
    classroom sees. JupyterLab is loaded once (its start is the slowest step in
    a headless browser on two cores) and each notebook opens in it, as a student
    opens one after another.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.blocked = []

    def only_local(route) -> None:
        url = route.request.url
        if url.startswith(lab.url + "/"):
            route.continue_()
        else:
            page.blocked.append(url)
            route.abort("internetdisconnected")

    context.route("**/*", only_local)
    # A named workspace with ?reset starts from JupyterLab's default layout (the launcher), whatever was open before.
    where = f"/lab/workspaces/{workspace}?reset&token=" if workspace else "/lab?token="
    page.goto(f"{lab.url}{where}{lab.token}")
    page.wait_for_function("() => !!window.jupyterapp", timeout=timeout_ms, polling=250)
    page.evaluate("() => window.jupyterapp.restored")
    return page


def run_all(page, relative: str, timeout_ms: int = 240_000) -> dict:
    """Open a notebook, Run All, wait until the kernel is idle and the charts are drawn; return the inspection."""
    started = time.monotonic()
    open_notebook(page, relative, timeout_ms)
    opened = time.monotonic()
    finished = page.evaluate(
        """(ms) => {
          window.jupyterapp.shell.activateById(window.courseNotebook.id);
          return Promise.race([
            window.jupyterapp.commands.execute('notebook:run-all-cells').then(() => 'done'),
            new Promise(resolve => setTimeout(() => resolve('timeout'), ms)),
          ]);
        }""",
        timeout_ms,
    )
    if finished != "done":
        raise TimeoutError(f"Run All of {relative} did not finish within {timeout_ms / 1000:.0f} s")
    wait_idle(page, timeout_ms)
    ran = time.monotonic()
    # Charts draw after their output arrives (the widget loads its JavaScript): give them time.
    deadline = time.monotonic() + 30
    report = page.evaluate(INSPECT_JS)
    while time.monotonic() < deadline:
        total, drawn = chart_count(report)
        if drawn == total:
            break
        page.wait_for_timeout(250)
        report = page.evaluate(INSPECT_JS)
    report["seconds"] = {
        "open": round(opened - started, 1),
        "run_all": round(ran - opened, 1),
        "charts": round(time.monotonic() - ran, 1),
    }
    return report


def screenshot(page, path: Path) -> None:
    """Save what the student sees around the notebook's first chart (or its top, if it has none)."""
    page.evaluate(
        """() => {
          const w = window.courseNotebook;
          const target = w.node.querySelector('.vega-embed') || w.node.querySelector('.jp-Cell');
          if (target) target.scrollIntoView({block: 'center'});
        }"""
    )
    page.wait_for_timeout(300)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))


def close_notebook(page) -> None:
    """Shut down the open notebook's kernel and close its tab without saving (nothing is written to disk)."""
    page.evaluate(
        """async () => {
          const w = window.courseNotebook;
          if (!w) return;
          window.courseNotebook = null;
          if (w.sessionContext) await w.sessionContext.shutdown();
          if (w.context && w.context.model) w.context.model.dirty = false;
          w.dispose();
        }"""
    )


def open_notebook(page, relative: str, timeout_ms: int = 180_000) -> None:
    """Open a notebook in the loaded JupyterLab and wait until its kernel is idle."""
    page.evaluate(
        """async (path) => {
          const widget = await window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'});
          window.courseNotebook = widget;
          await widget.context.ready;
          await widget.sessionContext.ready;
          window.jupyterapp.shell.activateById(widget.id);
        }""",
        relative,
    )
    wait_idle(page, timeout_ms)


def wait_idle(page, timeout_ms: int = 180_000) -> None:
    """Wait until no cell is running and the kernel is idle."""
    page.wait_for_function(
        """() => {
          const w = window.courseNotebook;
          const busy = w.content.widgets.some(c => c.model.type === 'code'
                        && c.node.querySelector('.jp-InputPrompt')?.innerText.includes('*'));
          return !busy && w.sessionContext.session?.kernel?.status === 'idle';
        }""",
        timeout=timeout_ms,
        polling=250,
    )


def cell_index(page, contains: str) -> int:
    """Index of the first code cell whose source contains the text."""
    index = page.evaluate(
        """(text) => window.courseNotebook.content.widgets.findIndex(
             c => c.model.type === 'code' && c.model.sharedModel.getSource().includes(text))""",
        contains,
    )
    if index < 0:
        raise LookupError(f"no code cell contains {contains!r}")
    return index


def run_cell(page, index: int, source: str | None = None) -> str:
    """Run one cell (after replacing its source, if given), as Shift+Enter does; return its output text."""
    page.evaluate(
        """async ([index, source]) => {
          const w = window.courseNotebook;
          const cell = w.content.widgets[index];
          if (source !== null) cell.model.sharedModel.setSource(source);
          w.content.activeCellIndex = index;
          await window.jupyterapp.commands.execute('notebook:run-cell');
        }""",
        [index, source],
    )
    wait_idle(page)
    return cell_text(page, index)


def cell_text(page, index: int) -> str:
    """What a cell's output area shows, as text."""
    return page.evaluate("(index) => window.courseNotebook.content.widgets[index].outputArea.node.innerText", index)


def show_cell(page, index: int, path: Path) -> None:
    """Screenshot with the given cell in the middle of the view."""
    page.evaluate(
        "(index) => window.courseNotebook.content.widgets[index].node.scrollIntoView({block: 'center'})", index
    )
    page.wait_for_timeout(300)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))


def follow_menu(page, index: int, menu: str, item: str, timeout_ms: int = 180_000) -> None:
    """Select a cell by clicking it, then choose menu > item in JupyterLab's menu bar, as a student does."""
    cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputPrompt").click()
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()
    page.wait_for_timeout(500)  # the runs start after the menu closes
    wait_idle(page, timeout_ms)


def error_outputs(page) -> list[str]:
    """Every error output the open notebook shows, as 'cell N: Name: message'."""
    return page.evaluate(
        """() => {
          const found = [];
          window.courseNotebook.content.widgets.forEach((cell, index) => {
            if (cell.model.type !== 'code') return;
            const area = cell.outputArea.model;
            for (let i = 0; i < area.length; i++) {
              const out = area.get(i).toJSON();
              if (out.output_type === 'error') found.push(`cell ${index}: ${out.ename}: ${out.evalue}`);
            }
          });
          return found;
        }"""
    )


def click_hand_in(page, index: int, timeout_ms: int = 60_000) -> str:
    """Click the hand-in button in a cell's output; return the message it prints."""
    cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
    cell.scroll_into_view_if_needed()
    before = cell_text(page, index)
    page.wait_for_timeout(1100)  # each message ends with the time to the second: this one's differs
    cell.get_by_role("button", name="Make my hand-in").click()
    page.wait_for_function(
        """([i, before]) => {
          const said = window.courseNotebook.content.widgets[i].outputArea.node.innerText;
          return said !== before && /(Handed in|Not handed in|Could not).*[(][0-9]{2}:[0-9]{2}:[0-9]{2}[)]/.test(said);
        }""",
        arg=[index, before],
        timeout=timeout_ms,
    )
    said = cell_text(page, index)
    return next(line for line in said.splitlines() if re.match(r"Handed in|Not handed in|Could not", line))


# axe-core's rule tags for WCAG 2.0 and 2.1, levels A and AA: the rules the course is held to.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# JupyterLab's own page (its toolbars, cell editors, file browser) has axe violations that the course
# cannot fix (aria-allowed-attr on its toolbar buttons, aria-input-field-name on every cell editor,
# aria-required-children on the cell list): in JupyterLab, axe checks what the course puts on the
# page, the outputs of the cells, rendered Markdown included.
NOTEBOOK_CONTENT = {"include": [[".jp-Notebook .jp-OutputArea"], [".jp-Notebook .jp-MarkdownOutput"]]}


def axe_violations(page, context: dict | None = None) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page (or in context), one line per rule, at any impact.

    axe-core comes from the axe-playwright-python package (its bundled axe.min.js): nothing is fetched.
    """
    from axe_playwright_python.base import AXE_SCRIPT

    page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        """([context, tags]) => axe.run(context || document,
             {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        [context, WCAG_AA_TAGS],
    )
    return [
        f"{rule['id']} ({rule['impact']}, {len(rule['nodes'])} nodes): {rule['help']}; first: "
        f"{rule['nodes'][0]['target']} {rule['nodes'][0]['html'][:160]!r}"
        for rule in results["violations"]
    ]
