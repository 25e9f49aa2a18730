"""The hand-in: a zip of the notebook as saved, made only when the saved file holds the code that ran.

A student who edits an answer, runs it and forgets to save would hand in the last saved file (perhaps
with no answers at all). So the set-up records, for every cell the kernel runs, its id and source
(IPython's ``pre_run_cell`` event; JupyterLab sends each cell's id with its code). The hand-in compares
the last code run in each cell with that cell in the saved file and refuses, saying what to do, when
they differ. The hand-in is a button, so Run All never makes one; each hand-in replaces the previous
one in ``hand-in/`` next to the notebook.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

HAND_IN_FOLDER = "hand-in"
# cell id -> the source the kernel last ran in that cell
RAN: dict[str, str] = {}


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
    """Numbers (1 = first cell) of the cells whose last run code is not what the saved file holds.

    A cell that ran but is not in the saved file at all (added and never saved) counts as cell 0.
    """
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    saved = {cell.get("id"): (index, "".join(cell.get("source", ""))) for index, cell in enumerate(cells, 1)}
    differ = []
    for cell_id, source in ran.items():
        index, text = saved.get(cell_id, (0, None))
        if text is None or text.strip() != source.strip():
            differ.append(index)
    return sorted(differ)


def make_hand_in(grader: Any, notebook: Path, ran: dict[str, str]) -> str:
    """Export the saved notebook to hand-in/<name>.zip if it holds what ran; return what to tell the student."""
    if not notebook.is_file():
        return f"Could not find {notebook.name} next to this notebook's kernel: save the notebook, then try again."
    differ = unsaved_cells(notebook, ran)
    if differ:
        where = ", ".join("a new cell" if n == 0 else f"cell {n}" for n in differ[:5])
        return (
            f"Not handed in: the saved file is older than the code you ran ({where}, numbered as in "
            "JupyterLab's status bar). Save the notebook "
            "(Ctrl+S, or File > Save Notebook), then click the button again."
        )
    target = notebook.parent / HAND_IN_FOLDER / f"{notebook.stem}.zip"
    target.parent.mkdir(exist_ok=True)
    target.unlink(missing_ok=True)
    with contextlib.chdir(notebook.parent):  # otter names the notebook in the zip by the path it is given
        grader.export(notebook.name, export_path=str(target), pdf=False, display_link=False, ignore_log=True)
    where = target.relative_to(notebook.parent)
    return f"Handed in: {where} holds your saved notebook. Upload that file as your teacher asks."


def hand_in_button(grader: Any) -> Any:
    """A button that makes the hand-in (see the module's docstring); nothing while grading."""
    if type(grader)._grading_mode or not getattr(grader, "_notebook", None):
        return None
    import ipywidgets as widgets

    notebook = Path(grader._notebook).resolve()
    button = widgets.Button(
        description="Make my hand-in", icon="upload", button_style="primary", layout=widgets.Layout(width="auto")
    )
    said = widgets.Output()

    def clicked(_: Any) -> None:
        said.clear_output()
        with said:
            print(make_hand_in(grader, notebook, RAN))

    button.on_click(clicked)
    return widgets.VBox([button, said])
