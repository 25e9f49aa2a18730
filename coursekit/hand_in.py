"""The hand-in: a zip of the notebook as the student sees it, saved first by JupyterLab itself.

A student who edits an answer (code or a written Markdown answer) and forgets to save would hand in
the last saved file. So the button first asks JupyterLab to save the notebook, through JupyterLab's
own ``docmanager:save`` command sent from the kernel by ipylab, waits until the file on disk changes,
and only then zips it: the hand-in holds what is on the screen, Markdown included.

Where no JupyterLab answers (another front end, or ipylab's extension missing), nothing can save from
the kernel. Then the set-up's record of the code each cell last ran (IPython's ``pre_run_cell`` event;
JupyterLab sends each cell's id with its code) is compared with the saved file: a cell in the file
whose saved code differs from what ran is refused with what to do. A cell that ran but is no longer in
the file (a scratch cell, deleted) does not count. The hand-in is a button, so Run All never makes one;
each hand-in replaces the previous one in ``hand-in/`` next to the notebook.
"""

from __future__ import annotations

import contextlib
import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any

HAND_IN_FOLDER = "hand-in"
# cell id -> the source the kernel last ran in that cell
RAN: dict[str, str] = {}
# ipywidgets' focus ring is 1 px of light blue on the blue button, nearly invisible (WCAG 2.4.7): a dark
# ring outside a white gap shows on the button and on the page (3:1 or more against both).
FOCUS_RING = (
    ".course-hand-in:focus-visible, .course-hand-in:focus {"
    " outline: 3px solid #1b1b1b !important; outline-offset: 2px; box-shadow: 0 0 0 2px #ffffff; }"
)
# How long the button waits for JupyterLab to write the notebook (a large notebook on a slow disk).
SAVE_TIMEOUT = 15.0


def record_runs() -> None:
    """Remember the source of every cell the kernel runs, by cell id (outside IPython: do nothing)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "_course_records_runs", False):
        return

    def remember(info: Any) -> None:
        if getattr(info, "cell_id", None):
            RAN[info.cell_id] = info.raw_cell

    shell.events.register("pre_run_cell", remember)
    shell._course_records_runs = True


def unsaved_cells(notebook: Path, ran: dict[str, str]) -> list[int]:
    """Numbers (1 = first cell) of the cells in the saved file whose last run code is not what the file holds.

    A cell that ran but is not in the saved file (a scratch cell since deleted) is not the student's work
    in this notebook and does not count.
    """
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    saved = {cell.get("id"): (index, "".join(cell.get("source", ""))) for index, cell in enumerate(cells, 1)}
    return sorted(
        saved[cell_id][0]
        for cell_id, source in ran.items()
        if cell_id in saved and saved[cell_id][1].strip() != source.strip()
    )


def export(grader: Any, notebook: Path) -> Path:
    """Zip the saved notebook into hand-in/<name>.zip, replacing the previous hand-in; return the zip's path."""
    target = notebook.parent / HAND_IN_FOLDER / f"{notebook.stem}.zip"
    target.parent.mkdir(exist_ok=True)
    target.unlink(missing_ok=True)
    with contextlib.chdir(notebook.parent):  # otter names the notebook in the zip by the path it is given
        grader.export(notebook.name, export_path=str(target), pdf=False, display_link=False, ignore_log=True)
    return target.relative_to(notebook.parent)


def make_hand_in(grader: Any, notebook: Path, ran: dict[str, str], saved_now: bool) -> str:
    """Export the notebook to hand-in/<name>.zip; return what to tell the student.

    `saved_now`: JupyterLab has just saved the notebook, so the file holds what the student sees.
    Otherwise the file is handed in only if it holds the code that ran, and the message says when it
    was saved, since a written answer changed after that is not in it.
    """
    if not notebook.is_file():
        return f"Could not find {notebook.name} next to this notebook's kernel: save the notebook, then try again."
    if saved_now:
        where = export(grader, notebook)
        return f"Handed in: saved your notebook, and {where} holds it. Upload that file as your teacher asks."
    differ = unsaved_cells(notebook, ran)
    if differ:
        cells = ", ".join(f"cell {n}" for n in differ[:5])
        return (
            f"Not handed in: the saved file is older than the code you ran ({cells}, numbered as in "
            "JupyterLab's status bar). Save the notebook "
            "(Ctrl+S, or File > Save Notebook), then click the button again."
        )
    when = datetime.fromtimestamp(notebook.stat().st_mtime).strftime("%H:%M")
    where = export(grader, notebook)
    return (
        f"Handed in: {where} holds your notebook as saved at {when} (it could not be saved from here). "
        "If you changed anything since, written answers included, save the notebook (Ctrl+S), "
        "then click the button again. Upload that file as your teacher asks."
    )


def save_through_lab(app: Any, notebook: Path, timeout: float = SAVE_TIMEOUT) -> bool:
    """Ask JupyterLab to save the notebook on screen and wait until the file changes; False if it did not."""
    if app is None or not getattr(app, "course_lab_answered", False):
        return False
    before = notebook.stat().st_mtime_ns if notebook.is_file() else 0
    app.commands.execute("docmanager:save")  # JupyterLab's own Save: the current notebook, the one clicked in
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if notebook.is_file() and notebook.stat().st_mtime_ns != before:
            time.sleep(0.2)  # JupyterLab writes the file in one request; let it finish before reading
            return True
        time.sleep(0.1)
    return False


def lab_front_end() -> Any:
    """ipylab's handle on JupyterLab, marked once JupyterLab answers; None without ipylab."""
    try:
        from ipylab import JupyterFrontEnd
    except ImportError:
        return None
    app = JupyterFrontEnd()
    app.course_lab_answered = False

    def answered() -> None:
        app.course_lab_answered = True

    app.on_ready(answered)
    return app


def hand_in_button(grader: Any) -> Any:
    """A button that makes the hand-in (see the module's docstring); nothing while grading."""
    if type(grader)._grading_mode or not getattr(grader, "_notebook", None):
        return None
    import ipywidgets as widgets

    notebook = Path(grader._notebook).resolve()
    app = lab_front_end()
    button = widgets.Button(
        description="Make my hand-in", icon="upload", button_style="primary", layout=widgets.Layout(width="auto")
    )
    button.add_class("course-hand-in")
    said = widgets.Output()
    focus_ring = widgets.HTML(f"<style>{FOCUS_RING}</style>", layout=widgets.Layout(display="none"))

    def clicked(_: Any) -> None:
        said.clear_output()
        saved_now = save_through_lab(app, notebook)
        with said:  # the time tells this click's message from the last one's
            print(f"{make_hand_in(grader, notebook, RAN, saved_now)} ({datetime.now():%H:%M:%S})")

    button.on_click(clicked)
    return widgets.VBox([focus_ring, button, said])
