"""The jail starts wherever the course and its Python live (issue 25): each place an instructor's Python is
commonly found (a venv through a symlink or under /tmp, a course under a symlinked home, a copied base Python,
a venv made by uv) grades a solution to full marks, and when a jail cannot start, the message names the step
that failed (bubblewrap's namespaces, or this Python's path), offering --unisolated only for the first."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from course.grading import autograder, jail
from tests.conftest import ROOT

pytestmark = pytest.mark.xdist_group("grading")
ASSIGNMENT = "01_reading-the-raw-text"
VENV = Path(sys.prefix)
SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
VERSION = f"python{sys.version_info.major}.{sys.version_info.minor}"


def make_venv(folder: Path, base_bin: Path) -> Path:
    """A venv in folder whose Python is base_bin's and whose site-packages is a link to this one's; its python."""
    (folder / "bin").mkdir(parents=True)
    (folder / "bin" / "python").symlink_to(base_bin / VERSION)
    (folder / "pyvenv.cfg").write_text(
        f"home = {base_bin}\ninclude-system-site-packages = false\nversion = {sys.version.split()[0]}\n",
        encoding="utf-8",
    )
    (folder / "lib" / VERSION).mkdir(parents=True)
    (folder / "lib" / VERSION / "site-packages").symlink_to(SITE_PACKAGES)
    return folder / "bin" / "python"


def copied_base(prefix: Path) -> Path:
    """This venv's base Python copied to a non-standard prefix (its standard library, not its packages)."""
    base = Path(sys.base_prefix)
    (prefix / "bin").mkdir(parents=True)
    shutil.copy2(Path(sys._base_executable).resolve(), prefix / "bin" / VERSION)  # type: ignore[attr-defined]
    skip = shutil.ignore_patterns("site-packages", "test", "__pycache__", "idlelib", "tkinter", "ensurepip")
    shutil.copytree(base / "lib" / VERSION, prefix / "lib" / VERSION, ignore=skip, symlinks=True)
    return prefix / "bin"


def place(kind: str, tmp: Path) -> tuple[Path, Path]:
    """(the python to grade with, the course folder to run it in) for one common installation."""
    if kind == "venv-through-a-symlink":
        (tmp / "link").symlink_to(VENV)
        return tmp / "link" / "bin" / "python", ROOT
    if kind == "venv-under-tmp":
        return make_venv(tmp / "venv", Path(sys._base_executable).resolve().parent), ROOT  # type: ignore[attr-defined]
    if kind == "course-under-a-symlinked-home":
        (tmp / "home").symlink_to(ROOT.parent)
        course = tmp / "home" / ROOT.name
        inside = VENV.relative_to(ROOT) if VENV.is_relative_to(ROOT) else None
        return (course / inside / "bin" / "python" if inside else Path(sys.executable)), course
    if kind == "copied-base-python-through-a-symlink":
        (tmp / "base").symlink_to(copied_base(tmp / "opt" / "python"))  # home = a link to the copy's bin/
        return make_venv(tmp / "venv", tmp / "base"), ROOT
    if kind == "uv-venv":
        uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv") or "uv"
        base = Path(sys._base_executable).resolve()  # type: ignore[attr-defined]
        env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
        subprocess.run([uv, "venv", "--quiet", "--python", str(base), str(tmp / "uv")], check=True, env=env)
        packages = tmp / "uv" / "lib" / VERSION / "site-packages"
        shutil.rmtree(packages)
        packages.symlink_to(SITE_PACKAGES)
        return tmp / "uv" / "bin" / "python", ROOT
    raise ValueError(kind)


PLACES = [
    "venv-through-a-symlink",
    "venv-under-tmp",
    "course-under-a-symlinked-home",
    "copied-base-python-through-a-symlink",
    "uv-venv",
]


@pytest.mark.parametrize("kind", PLACES)
def test_grades_to_full_marks_wherever_python_lives(kind: str, built_dist: Path, tmp_path: Path) -> None:
    python, course = place(kind, tmp_path)
    folder, out = tmp_path / "class", tmp_path / "out"
    folder.mkdir()
    shutil.copy(built_dist / "solutions" / f"{ASSIGNMENT}.ipynb", folder / f"ada_{ASSIGNMENT}.ipynb")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    argv = [str(python), "-m", "course", "grade", str(folder), "-o", str(out), "--timeout", "30", "--jobs", "1"]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=600, cwd=course, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    possible = autograder.load(ASSIGNMENT, tmp_path / "ag").auto_possible
    assert (row["status"], row["isolation"], float(row["total"])) == ("ok", "jail", possible), row


def test_each_failure_to_start_a_jail_says_its_own_cause(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = jail.runner_package(tmp_path / "runner")
    (tmp_path / "empty").mkdir()
    jail.check_available(runner, tmp_path / "empty")  # this machine makes jails

    missing = tmp_path / "no-such-python" / "bin" / "python"
    with pytest.raises(jail.JailUnavailable) as python_error:
        jail.check_available(runner, tmp_path / "empty", python=str(missing))
    said = str(python_error.value)
    assert said.startswith(f"the jail cannot start this Python: {missing}"), said
    assert "--unisolated" not in said.replace("not with --unisolated", "") and "namespaces" not in said

    fake = tmp_path / "bin"  # a bwrap that fails as one does where user namespaces are refused
    fake.mkdir()
    (fake / "bwrap").write_text("#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n")
    (fake / "bwrap").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
    with pytest.raises(jail.JailUnavailable) as namespace_error:
        jail.check_available(runner, tmp_path / "empty")
    said = str(namespace_error.value)
    assert said.startswith("bubblewrap cannot create namespaces here (bwrap: setting up uid map"), said
    assert "max_user_namespaces" in said and "pass --unisolated" in said and "this Python" not in said

    (fake / "bwrap").write_text("#!/bin/sh\necho 'bwrap: Unknown option --disable-userns' >&2\nexit 1\n")
    with pytest.raises(jail.JailUnavailable) as old_error:
        jail.check_available(runner, tmp_path / "empty")
    assert str(old_error.value).startswith("this bubblewrap is too old"), str(old_error.value)
