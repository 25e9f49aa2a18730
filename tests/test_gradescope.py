"""The autograder zips as Gradescope runs them, in the environment they declare: same scores as `course grade`.

Gradescope builds its grading image from the zip's ``environment.yml`` (a conda environment: a Python
version and pip packages) and runs ``run_autograder``, which runs ``run_otter.py``. Here the same
declared Python and the same pip packages are installed from the package index into a fresh virtual
environment (conda-forge is not reachable from CI; the environment's only non-pip entry,
``jupyter_server``, is on PyPI too), and the zip's own ``run_otter.py`` runs in a folder laid out as
Gradescope lays out ``/autograder``. A solution and a blank notebook of every assignment must score
there exactly what ``python -m course grade`` gives them, question by question.

The environment is built once per machine and kept in ``.gradescope-env/`` (git-ignored), keyed by the
hash of what the zips declare; a fresh CI machine builds it (a few minutes, from the package index).
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import NOTEBOOKS, ROOT, master_paths

ENV_HOME = ROOT / ".gradescope-env"


def declared(zip_path: Path) -> dict:
    """The conda environment a zip declares."""
    with zipfile.ZipFile(zip_path) as archive:
        return yaml.safe_load(archive.read("environment.yml"))


def python_and_packages(environment: dict) -> tuple[str, list[str]]:
    """(Python version, pip requirements) of a declared environment; conda packages other than
    python and pip are installed with pip under the same name."""
    python, packages = "", []
    for dependency in environment["dependencies"]:
        if isinstance(dependency, dict):
            packages += dependency["pip"]
        elif dependency.startswith("python="):
            python = dependency.split("=", 1)[1]
        elif dependency != "pip":
            packages.append(dependency)
    return python, packages


@pytest.fixture(scope="module")
def gradescope_python(built_dist: Path) -> Path:
    """A Python in a fresh virtual environment holding exactly what the zips declare."""
    environments = {z.name: declared(z) for z in sorted((built_dist / "autograder").glob("*.zip"))}
    assert len({json.dumps(e, sort_keys=True) for e in environments.values()}) == 1, (
        "the autograders declare different environments; every notebook should be graded in the course's one"
    )
    python, packages = python_and_packages(next(iter(environments.values())))
    runtime = (ROOT / "runtime.txt").read_text(encoding="utf-8").strip().removeprefix("python-")
    assert python == runtime, f"the zips declare Python {python}, the course runs {runtime} (runtime.txt)"
    assert {"pandas", "altair", "pycountry"} <= {p.split("==")[0] for p in packages}, packages
    interpreter = shutil.which(f"python{python}")
    assert interpreter, f"python{python} is not installed: the zips' declared Python must be available to test them"
    key = hashlib.sha256(json.dumps([python, packages]).encode()).hexdigest()[:16]
    venv = ENV_HOME / key
    ready = venv / ".complete"
    if not ready.exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([interpreter, "-m", "venv", str(venv)], check=True, timeout=300)
        install = subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *packages],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        assert install.returncode == 0, install.stderr[-3000:]
        ready.write_text(" ".join(packages), encoding="utf-8")
    return venv / "bin" / "python"


def run_like_gradescope(python: Path, zip_path: Path, notebook: Path, root: Path) -> dict:
    """Run the zip's own run_otter.py on one submission in a Gradescope-like /autograder; its results.json."""
    autograder = root / "autograder"
    for folder in ("source", "submission", "results"):
        (autograder / folder).mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(autograder / "source")
        entry = archive.read("run_otter.py").decode("utf-8")
    shutil.copy(notebook, autograder / "submission" / notebook.name)
    assert 'run_autograder("/autograder")' in entry, "run_otter.py no longer runs /autograder: update this test"
    script = autograder / "source" / "run_here.py"
    script.write_text(entry.replace('run_autograder("/autograder")', f"run_autograder({str(autograder)!r})"))
    result = subprocess.run(
        [str(python), str(script)], cwd=autograder / "source", capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return json.loads((autograder / "results" / "results.json").read_text(encoding="utf-8"))


def gradescope_scores(results: dict) -> dict[str, float]:
    """Question -> score in a results.json (the public and hidden parts of a question added up)."""
    scores: dict[str, float] = {}
    for test in results["tests"]:
        if "max_score" not in test:
            continue
        question = test["name"].split(" - ")[0].strip()
        scores[question] = scores.get(question, 0.0) + float(test["score"])
    return scores


@pytest.fixture(scope="module")
def course_gradebook(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict]:
    """`python -m course grade` on a solution and a blank edition of every notebook: (student, assignment) -> row."""
    hand_ins = tmp_path_factory.mktemp("hand-ins")
    for master in master_paths():
        shutil.copy(built_dist / "solutions" / master.name, hand_ins / f"solution_{master.name}")
        shutil.copy(NOTEBOOKS / master.name, hand_ins / f"blank_{master.name}")
    out = tmp_path_factory.mktemp("graded")
    result = subprocess.run(
        [sys.executable, "-m", "course", "grade", str(hand_ins), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        return {(row["student"], row["assignment"]): row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("master", master_paths(), ids=[p.stem for p in master_paths()])
@pytest.mark.parametrize("who", ["solution", "blank"])
def test_gradescope_scores_as_course_grade(
    master: Path, who: str, gradescope_python: Path, course_gradebook: dict, built_dist: Path, tmp_path: Path
) -> None:
    notebook = tmp_path / "in" / master.name
    notebook.parent.mkdir()
    shutil.copy((built_dist / "solutions" if who == "solution" else NOTEBOOKS) / master.name, notebook)
    results = run_like_gradescope(
        gradescope_python, built_dist / "autograder" / f"{master.stem}.zip", notebook, tmp_path
    )
    theirs = gradescope_scores(results)
    assert theirs, f"Gradescope's run of {master.stem} graded no question: {results}"
    row = course_gradebook[(who, master.stem)]
    ours = {question: float(row[question]) for question in theirs}
    assert ours == pytest.approx(theirs), f"{master.stem} ({who}): Gradescope {theirs}, course grade {ours}"
    possible = sum(float(t["max_score"]) for t in results["tests"] if "max_score" in t)
    if who == "solution":
        assert sum(theirs.values()) == pytest.approx(possible), f"the solution loses points on Gradescope: {theirs}"
    else:
        assert sum(theirs.values()) == 0, f"a blank notebook scores on Gradescope: {theirs}"


def feedback_messages(feedback: str) -> list[str]:
    """The failure messages of public checks in a feedback file ('- check 1 not passed: MESSAGE')."""
    return [line.split(" not passed: ", 1)[1] for line in feedback.splitlines() if " not passed: " in line]


def test_gradescope_shows_students_the_messages_of_their_feedback(
    gradescope_python: Path, built_dist: Path, tmp_path: Path
) -> None:
    """What a student reads on Gradescope carries the same messages as feedback/ from course grade."""
    master = master_paths()[0]
    hand_ins = tmp_path / "hand-ins"
    hand_ins.mkdir()
    notebook = hand_ins / f"blank_{master.name}"
    shutil.copy(NOTEBOOKS / master.name, notebook)
    results = run_like_gradescope(
        gradescope_python, built_dist / "autograder" / f"{master.stem}.zip", notebook, tmp_path
    )
    out = tmp_path / "graded"
    graded = subprocess.run(
        [sys.executable, "-m", "course", "grade", str(hand_ins), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert graded.returncode == 0, graded.stdout[-2000:] + graded.stderr[-2000:]
    ours = feedback_messages((out / "feedback" / "blank" / f"{master.stem}.md").read_text(encoding="utf-8"))
    assert ours, "a blank notebook's feedback names no failed check: nothing to compare"
    shown = "\n".join(test.get("output", "") for test in results["tests"] if test.get("visibility") == "visible")
    missing = [message for message in ours if message not in shown]
    assert not missing, f"feedback/ says what Gradescope does not show: {missing}\n{json.dumps(results)[:3000]}"
