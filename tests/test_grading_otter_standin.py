"""The jail's light otter (course/grading/otter_standin.py): a notebook's set-up cell and its checks work
as in otter's grading mode, and none of otter's heavy tools (nbconvert, ipywidgets, its exporters) is
imported in the jail; otter's other submodules still load when a notebook asks for them."""

from __future__ import annotations

import importlib.util
import inspect
import json
import subprocess
import sys
from pathlib import Path

import otter

from tests.conftest import ROOT

STANDIN = ROOT / "course" / "grading" / "otter_standin.py"

# Run in a fresh Python, as the runner's preload does: the stand-in first, then the notebook's set-up.
SETUP = r"""
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("otter_standin", sys.argv[1])
standin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(standin)
Notebook = standin.install()
Notebook.init_grading_mode("./tests")
checked = []
Notebook.check = lambda self, question, global_env=None: checked.append(question) or "recorded"
sys.path.insert(0, sys.argv[2])
import altair as alt, pandas as pd
import coursekit, otter, otter.check.notebook
coursekit.setup(sys.argv[3])
grader = coursekit.Grader(sys.argv[4])
answer = grader.check("q1")
heavy = sorted(m for m in ("nbconvert", "ipywidgets", "anywidget", "otter.api", "otter.export") if sys.modules.get(m))
try:
    alt.JupyterChart(alt.Chart(pd.DataFrame({"x": [1]})).mark_point())
    widget = "made"
except ImportError:
    widget = "ImportError"
found = {"checked": checked, "answer": str(answer), "heavy_before": heavy, "widget": widget,
         "is_notebook": isinstance(grader, otter.Notebook), "tests_dir": grader._tests_dir,
         "mode": otter.check.notebook.Notebook._grading_mode, "export": grader.export(),
         "check_all": grader.check_all(), "version": otter.__version__}
import otter.test_files.exception_test as exception_test
found["real_submodule"] = exception_test.ExceptionTestFile.__module__
print(json.dumps(found))
"""


def test_the_jails_otter_records_checks_without_otters_tools(tmp_path: Path) -> None:
    notebook = next((ROOT / "notebooks").glob("01_*.ipynb"))
    result = subprocess.run(
        [sys.executable, "-I", "-c", SETUP, str(STANDIN), str(ROOT), "01", str(notebook)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["checked"] == ["q1"] and found["answer"] == "recorded"
    assert found["heavy_before"] == [], found["heavy_before"]
    assert found["widget"] == "ImportError"  # anywidget absent: altair's own stand-in
    assert found["is_notebook"] and found["mode"] and found["tests_dir"] == "./tests"
    assert found["export"] is None and found["check_all"] is None  # as otter's, in grading mode
    assert found["version"] == otter.__version__
    assert found["real_submodule"] == "otter.test_files.exception_test"


def test_the_stand_in_has_every_public_call_of_otters_notebook() -> None:
    """An otter upgrade that adds a call a notebook could make must be mirrored in the stand-in."""
    spec = importlib.util.spec_from_file_location("otter_standin_copy", STANDIN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    public = {name for name, _ in inspect.getmembers(otter.Notebook, callable) if not name.startswith("_")}
    assert public, "otter.Notebook has no public calls: the test would hold trivially"
    assert public <= set(dir(module.Notebook)), public - set(dir(module.Notebook))
