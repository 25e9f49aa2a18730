"""A fresh kernel running a notebook's real set-up cell: what the chart tests and the Binder test share.

The set-up cell of every notebook calls ``coursekit.setup``, which draws altair
charts offline and keeps Vega's bundled JavaScript in ``~/.cache/rwanda-course/``.
``Kernel`` starts a kernel whose HOME is a folder the test chooses, so a test
decides whether that bundle exists.
"""

from __future__ import annotations

import os
import queue
import re
from pathlib import Path

from jupyter_client.manager import KernelManager

from tests.conftest import NOTEBOOKS, ROOT, read_notebook

WIDGET = "application/vnd.jupyter.widget-view+json"
CHART = 'alt.Chart(pd.DataFrame({"x": [1, 2, 3]}), title="t", description="d").mark_bar().encode(x="x:Q")'
REFUSE_BUNDLING = (
    "import vl_convert\n"
    "def refuse(*args, **kwargs):\n"
    "    raise AssertionError('bundled Vega again although a bundle was kept')\n"
    "vl_convert.javascript_bundle = refuse"
)
SETUP_CALL = re.compile(r'^coursekit\.setup\("(\d\d)"\)', re.MULTILINE)


def setup_cell(path: Path) -> str:
    """The notebook's set-up cell: the code cell that calls coursekit.setup."""
    cells = [c.source for c in read_notebook(path).cells if c.cell_type == "code" and SETUP_CALL.search(c.source)]
    assert len(cells) == 1, f"{path.name}: expected one set-up cell calling coursekit.setup, found {len(cells)}"
    return cells[0]


class Kernel:
    """A fresh python3 kernel in notebooks/, with HOME pointing at a folder of the test's choosing."""

    def __init__(self, home: Path) -> None:
        self.manager = KernelManager(kernel_name="python3")
        env = {**os.environ, "HOME": str(home)}
        self.manager.start_kernel(cwd=str(ROOT / "notebooks"), env=env)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=120)

    def run(self, code: str) -> list[dict]:
        """Run code; return the data of what it displays. An error in the kernel fails the test."""
        return self.execute(code)[0]

    def value(self, expression: str) -> str:
        """What the kernel prints for expression."""
        return self.execute(f"print({expression})")[1].strip()

    def execute(self, code: str) -> tuple[list[dict], str]:
        shown: list[dict] = []
        printed: list[str] = []
        errors: list[str] = []

        def collect(message: dict) -> None:
            kind, content = message["msg_type"], message["content"]
            if kind in {"display_data", "execute_result"}:
                shown.append(content["data"])
            elif kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                errors.append(f"{content['ename']}: {content['evalue']}")

        try:
            self.client.execute_interactive(code, timeout=180, output_hook=collect, allow_stdin=False)
        except (TimeoutError, queue.Empty) as error:
            raise AssertionError(f"the kernel did not finish: {code[:80]!r}") from error
        assert not errors, f"the kernel raised {errors[0]} running {code[:80]!r}"
        return shown, "".join(printed)

    def close(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


# The set-up cell of notebook 01's student edition (00, the warm-up, draws no charts and imports no altair).
SETUP = setup_cell(NOTEBOOKS / "01_reading-the-raw-text.ipynb")
