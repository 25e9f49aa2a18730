"""The README is the page students and teachers read first: short, and its two commands are the real ones.

CI (.ci/run) runs the README's test command verbatim; if the two drift apart, CI would test something
no reader runs. The open-the-course command must name a notebook that exists.
"""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"```bash\n(python3\.11 -m venv .*?)\n```", README)


def test_the_readme_is_a_page() -> None:
    size = len(README.encode("utf-8"))
    assert size < 6000, f"README.md is {size} bytes: keep it under 6 kB; measured figures go in docs/benchmarks.md"


def test_ci_runs_the_readmes_test_command() -> None:
    tests = [command for command in COMMANDS if command.endswith("-m pytest")]
    assert len(tests) == 1, f"the README should give one test command, found {tests}"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests[0] in ci, ".ci/run does not run the README's test command"


def test_the_open_command_opens_a_notebook_that_exists() -> None:
    opens = [command for command in COMMANDS if "jupyter lab" in command]
    assert len(opens) == 1, f"the README should give one command that opens JupyterLab, found {opens}"
    notebook = opens[0].split("jupyter lab ")[1].strip()
    assert (ROOT / notebook).is_file(), f"the README opens {notebook}, which does not exist"
