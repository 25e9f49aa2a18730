"""JAIL SIDE: a light otter for the jail, so that a hand-in's set-up cell does not import otter's tools.

Why: every hand-in gets a fresh jail whose Python imports what the notebooks use before its first
cell, and that start is most of a hand-in's CPU. ``import otter`` imports otter's whole API, and
with it nbconvert, ipywidgets and otter's exporters (``otter.api`` imports ``otter.export``); that was
about a third of the jail's start (issue 20.10; the report of branch i20s has the measurements). In
the jail otter does nothing of that: ``grader.check`` only tells the runner that a question was
checked, and every test runs in the harness with the real otter. So before the notebook runs the
runner installs, with :func:`install`:

- ``otter``: a package whose submodules are otter's own, imported when first used (``import
  otter.test_files`` still works), and whose ``api``, ``logs`` and ``__version__`` are otter's too;
- ``otter.check`` and ``otter.check.notebook``, whose ``Notebook`` has otter's constructor, its
  class-level grading mode and, in grading mode, otter's behaviour for the calls a notebook makes:
  ``export``, ``to_pdf``, ``check_all`` and ``add_plugin_files`` do nothing (otter's
  ``grading_mode_disabled``), and ``check`` is the runner's recorder (set by the runner);
- ``anywidget`` marked absent: ``altair.JupyterChart`` (a widget for a browser, which grading never
  shows) is then altair's own stand-in, and importing altair no longer imports ipywidgets.

Standard library only; the runner imports it (and the jail carries it, see jail.RUNNER_FILES).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any, ClassVar

# Submodules and attributes of the real otter package that a notebook may use, loaded on first use.
LAZY = {"api": "otter.api", "logs": "otter.check.logs"}


class Notebook:
    """otter.Notebook as grading sees it: otter's attributes, nothing run, ``check`` set by the runner."""

    _grading_mode: ClassVar[bool] = False
    _tests_dir_override: ClassVar[str | None] = None
    _shelve: ClassVar[bool] = False

    def __init__(self, nb_path: str | None = None, tests_dir: str = "./tests", tests_url_prefix: str | None = None):
        cls = type(self)
        self._tests_dir = cls._tests_dir_override if cls._tests_dir_override is not None else tests_dir
        self._notebook = nb_path
        self._tests_url_prefix = tests_url_prefix
        self._addl_files: list[str] = []
        self._plugin_collections: dict[str, Any] = {}
        self._nbmeta_config: Any = None
        self.interpreter = None

    @classmethod
    def init_grading_mode(cls, tests_dir: str) -> None:
        """As otter's: every Notebook made from now on reads its tests from tests_dir."""
        cls._grading_mode = True
        cls._tests_dir_override = tests_dir

    def check(self, question: str, global_env: dict[str, Any] | None = None) -> Any:
        """Replaced by the runner's recorder before any cell runs."""
        raise RuntimeError("grading has not started: the runner sets Notebook.check")

    def _log_event(self, *args: Any, **kwargs: Any) -> None:
        """otter logs checks for its own grading from logs; grading here never reads them."""

    def run_plugin(self, *args: Any, **kwargs: Any) -> None:
        """The course's notebooks use no otter plugin."""

    def export(self, *args: Any, **kwargs: Any) -> None:
        """Does nothing while grading, as otter's (``grading_mode_disabled``)."""

    def to_pdf(self, *args: Any, **kwargs: Any) -> None:
        """Does nothing while grading, as otter's (``grading_mode_disabled``)."""

    def check_all(self, *args: Any, **kwargs: Any) -> None:
        """Does nothing while grading, as otter's (``grading_mode_disabled``)."""

    def add_plugin_files(self, *args: Any, **kwargs: Any) -> None:
        """Does nothing while grading, as otter's (``grading_mode_disabled``)."""


def package(name: str, locations: list[str]) -> types.ModuleType:
    """An empty package whose submodules are found where the real package keeps them."""
    module = types.ModuleType(name, f"{name}, as the grading jail provides it (course_jail.otter_standin)")
    module.__path__ = list(locations)
    module.__package__ = name
    return module


def lazy(name: str) -> Any:
    """A module-level __getattr__: otter's api, logs and __version__, imported when first asked for."""

    def get(attribute: str) -> Any:
        if attribute in LAZY:
            return importlib.import_module(LAZY[attribute])
        if attribute == "__version__":
            return importlib.import_module("otter.version").__version__
        raise AttributeError(f"module {name!r} has no attribute {attribute!r}")

    return get


def install() -> type[Notebook]:
    """Put the stand-ins in sys.modules (before anything imports otter or altair); return the Notebook class."""
    if "otter" in sys.modules:
        raise RuntimeError("otter is already imported: install the stand-in before anything imports it")
    spec = importlib.util.find_spec("otter")
    roots = list(spec.submodule_search_locations or []) if spec is not None else []
    otter = package("otter", roots)
    check = package("otter.check", [f"{root}/check" for root in roots])
    notebook = types.ModuleType("otter.check.notebook", "otter's Notebook, as the grading jail provides it")
    notebook.__package__ = "otter.check"
    Notebook.__module__ = notebook.__name__
    # Through the modules' namespaces: a module made at run time has no attributes its type declares.
    vars(notebook)["Notebook"] = Notebook
    vars(check)["notebook"] = notebook
    vars(otter).update(
        check=check, Notebook=Notebook, __getattr__=lazy("otter"), __all__=["api", "logs", "Notebook", "__version__"]
    )
    sys.modules.update({"otter": otter, "otter.check": check, "otter.check.notebook": notebook})
    sys.modules.setdefault("anywidget", None)  # type: ignore[arg-type]  # None marks a module absent (import fails)
    return Notebook
