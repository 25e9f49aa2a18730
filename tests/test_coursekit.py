"""coursekit: the checkpoints that keep a notebook running whatever the student wrote, without showing answers."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import coursekit
from coursekit import checkpoints
from coursekit.checkpoints import NotPrecomputed, NotReleased, RecordedFunction, matches, same_value
from tests.conftest import ROOT, read_notebook


def test_same_value_compares_contents_and_kind() -> None:
    frame = pd.DataFrame({"a": [1, 2]})
    assert same_value(frame.copy(), frame)
    assert not same_value(frame.assign(a=[1, 3]), frame)
    assert not same_value(frame["a"], frame), "a Series is not the table"
    assert same_value([1, 2], [1, 2]) and not same_value((1, 2), [1, 2])
    assert same_value(0.583, 7 / 12) is False, "a rounded float is not the value"
    assert same_value(7 / 12, 7 / 12)


def test_same_value_never_raises_on_a_strange_value() -> None:
    class Odd:
        def __eq__(self, other: object) -> bool:
            raise RuntimeError("no")

    assert same_value(Odd(), [1]) is False
    assert same_value(Ellipsis, pd.DataFrame()) is False


def test_a_recorded_function_answers_only_the_calls_the_notebook_makes() -> None:
    encoded = checkpoints.record_function(lambda text, times=2: text * times, [(("ab",), {}), (("c",), {"times": 3})])
    course = checkpoints.decode(encoded)
    assert isinstance(course, RecordedFunction)
    assert course("ab") == "abab" and course(text="ab", times=2) == "abab" and course("c", 3) == "ccc"
    with pytest.raises(NotPrecomputed, match="not one of them"):
        course("other")
    assert matches(lambda text, times=2: text * times, course), "a function with the same results stands in"
    assert not matches(lambda text, times=2: text, course)
    assert not matches(lambda text, times=2: 1 / 0, course), "a function that raises does not match"
    assert not matches("not a function", course)


def test_the_store_round_trips_every_course_value() -> None:
    from course import answers

    for notebook in answers.NOTEBOOKS:
        for name, entry in answers.module(notebook).CHECKPOINTS.items():
            stored = checkpoints.course_value(notebook, name)
            if entry.function:
                assert isinstance(stored, RecordedFunction), f"{notebook} {name}: the store holds code"
                continue
            assert same_value(stored, entry.load()), f"{notebook} {name}: the store's value differs from the course's"


def test_checkpoint_uses_yours_when_it_matches_else_the_course_value(capsys: pytest.CaptureFixture[str]) -> None:
    coursekit.setup("01")
    course = coursekit.checkpoint("lines", ...)
    said = capsys.readouterr().out
    assert said.strip() == coursekit.COURSES.format(name="lines")
    assert course[0] not in said, "the checkpoint must not print the value"
    mine = list(course)
    assert coursekit.checkpoint("lines", mine) is mine
    assert capsys.readouterr().out.strip() == coursekit.YOURS.format(name="lines")


def test_a_provider_is_the_only_source_and_not_released_gives_yours_back(monkeypatch: pytest.MonkeyPatch) -> None:
    coursekit.setup("01")
    asked = []

    def refuse(notebook: str, name: str) -> object:
        asked.append((notebook, name))
        raise NotReleased(name)

    monkeypatch.setattr(checkpoints, "provider", refuse)
    monkeypatch.setattr(checkpoints, "STORE", Path("/nonexistent"))
    mine = ["not", "the", "answer"]
    assert coursekit.checkpoint("lines", mine) is mine
    assert asked == [("01", "lines")]


def test_in_otter_grading_a_name_is_released_only_after_its_question_was_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(checkpoints, "_grading", lambda: True)
    monkeypatch.setattr(checkpoints, "_checked", lambda question: question == "q1_lines")
    coursekit.setup("01")
    assert coursekit.checkpoint("body", None) is None, "q3_body has not been checked: nothing is handed over"
    assert coursekit.checkpoint("lines", None) is not None


def test_a_passing_table_is_never_told_it_does_not_match() -> None:
    """03 q1 with its columns in another order, 03 q9 with its index reset: the tests accept both."""
    from course import answers

    countries = answers.entry("03", "countries").load()
    assert matches(countries[list(reversed(countries.columns))], countries, checkpoints.compare_of("03", "countries"))
    ranks = answers.entry("03", "outside_ranks").load()
    assert matches(ranks.reset_index(drop=True), ranks, checkpoints.compare_of("03", "outside_ranks"))


def test_checkpoint_before_setup_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coursekit, "_notebook", None)
    with pytest.raises(RuntimeError, match="set-up cell"):
        coursekit.checkpoint("lines", [])


# What a student sees at grader.check (coursekit.checks) and at the hand-in (coursekit.hand_in).


def test_the_student_sees_the_assert_message_not_the_test_source() -> None:
    from coursekit.checks import student_message

    otter_says = (
        "❌ Test case failed\nError at line 3 in test q1_lines:\n"
        "  assert len(lines) == 30\nAssertionError: Split on lines"
    )
    assert student_message(otter_says) == "Split on lines"
    crashed = student_message("❌ Test case failed\nError at line 2 in test q5:\n  x['a']\nKeyError: 'stance_id'")
    assert "could not run on your answer" in crashed and "KeyError" in crashed and "line 2" not in crashed


def grader_for(tmp_path: Path, notebook: str = "01_reading-the-raw-text.ipynb"):  # noqa: ANN201
    """A coursekit.Grader on a copy of a student edition, as a student's kernel makes it."""
    import shutil

    from coursekit.checks import Grader

    copy = tmp_path / notebook
    shutil.copy(ROOT / "notebooks" / notebook, copy)
    return Grader(str(copy))


def test_a_failing_check_shows_one_message_and_no_machinery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    article = coursekit.ARTICLE.read_text(encoding="utf-8")
    shown = grader_for(tmp_path).check("q1_lines", {"lines": article.split()})
    assert not shown.passed
    text = repr(shown)
    assert text.count("not passed yet") == 1 and "Error at line" not in text and "assert " not in text, text
    assert "q1_lines" in shown._repr_html_()
    assert not list(tmp_path.glob(".OTTER_LOG")), "a check must leave no log beside the notebook"


def test_a_passing_check_says_the_values_are_checked_at_grading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    article = coursekit.ARTICLE.read_text(encoding="utf-8")
    shown = grader_for(tmp_path).check("q1_lines", {"lines": article.split("\n")})
    assert shown.passed and "when your notebook is graded" in shown.message


def test_after_a_restart_the_check_says_to_run_all_above(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shown = grader_for(tmp_path).check("q1_lines", {})
    assert not shown.passed and "`lines` does not exist in this session" in shown.message
    assert "Run > Run All Above Selected Cell" in shown.message


def saved_notebook(folder: Path, sources: dict[str, str]) -> Path:
    path = folder / "01_reading-the-raw-text.ipynb"
    cells = [
        {"cell_type": "code", "id": i, "metadata": {}, "outputs": [], "execution_count": None, "source": s}
        for i, s in sources.items()
    ]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    return path


def test_without_jupyterlab_the_hand_in_refuses_when_the_saved_file_is_older_than_the_code_that_ran(
    tmp_path: Path,
) -> None:
    """Where JupyterLab could not save from the kernel, a saved file older than the code that ran is refused."""
    from coursekit.hand_in import make_hand_in, unsaved_cells

    notebook = saved_notebook(tmp_path, {"a": "lines = ...", "b": "x = 1"})
    assert unsaved_cells(notebook, {"a": "lines = ...", "b": "x = 1"}) == []
    assert unsaved_cells(notebook, {"a": 'lines = article.split("\\n")'}) == [1]
    assert unsaved_cells(notebook, {"deleted scratch cell": "y = 2"}) == [], "a deleted cell must not block"

    class NoExport:
        def export(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("exported although the notebook was not saved")

    said = make_hand_in(NoExport(), notebook, {"a": 'lines = article.split("\\n")'}, saved_now=False)
    assert said.startswith("Not handed in") and "cell 1" in said and "Ctrl+S" in said


def test_the_hand_in_replaces_the_previous_one_and_holds_the_saved_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from coursekit.hand_in import make_hand_in

    monkeypatch.chdir(tmp_path)
    grader = grader_for(tmp_path)
    notebook = tmp_path / "01_reading-the-raw-text.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))
    first_code = next(c for c in cells["cells"] if c["cell_type"] == "code")
    first_code["source"] = "".join(first_code["source"]) + "\n# my edit"
    notebook.write_text(json.dumps(cells), encoding="utf-8")
    ran = {first_code["id"]: first_code["source"]}
    for saved_now in (True, False):
        said = make_hand_in(grader, notebook, ran, saved_now=saved_now)
        assert said.startswith("Handed in"), said
    assert "as saved at" in said and "written answers included" in said, said
    made = list((tmp_path / "hand-in").iterdir())
    assert [p.name for p in made] == ["01_reading-the-raw-text.zip"], made
    with zipfile.ZipFile(made[0]) as archive:
        inside = archive.read("01_reading-the-raw-text.ipynb").decode("utf-8")
    assert "# my edit" in inside
    assert not list(tmp_path.glob("*.zip")) and not list(tmp_path.glob(".OTTER_LOG")), list(tmp_path.iterdir())


def test_the_stop_words_coursekit_grades_with_are_the_ones_notebook_01_shows() -> None:
    """Notebook 01 shows its stop list so students see what it removes; the hidden tests use coursekit's copy."""
    from coursekit import nb01

    cell = next(
        c.source
        for c in read_notebook(ROOT / "notebooks" / "01_reading-the-raw-text.ipynb").cells
        if c.cell_type == "code" and "STOP_WORDS = {" in c.source
    )
    namespace: dict = {}
    exec(cell[cell.index("STOP_WORDS = {") :].split("\n\n")[0], namespace)
    assert set(namespace["STOP_WORDS"]) == set(nb01.STOP_WORDS), "coursekit/nb01.py's STOP_WORDS drifted from 01's"


# Issue 19, item 8: the checkpoint is explained once per notebook, in the same words everywhere.
CHECKPOINT_EXPLAINED = (
    "**Checkpoints.** After an exercise whose result later cells need, a *checkpoint* cell hands the cells "
    "below your answer if it can stand in for the course's, and otherwise what the course precomputed for "
    "those cells, never shown: a value, or for a function the results of the calls this notebook makes (it "
    "runs on nothing else; finish your own function for that). It prints one line that says which one the "
    "cells below use. So a slip in one exercise never stops the rest, and **Run > Run All Cells** works even "
    "before you have answered anything. A checkpoint never changes your mark: each answer is marked as it is "
    "when its `grader.check(...)` cell runs."
)


@pytest.mark.parametrize("notebook", ["01", "02", "03", "04", "05", "07"])
def test_the_checkpoint_is_explained_once_in_the_same_words(notebook: str) -> None:
    (path,) = (ROOT / "notebooks").glob(f"{notebook}_*.ipynb")
    markdown = [c.source for c in read_notebook(path).cells if c.cell_type == "markdown"]
    assert sum(text.count(CHECKPOINT_EXPLAINED) for text in markdown) == 1, f"{path.name}: not explained exactly once"
    others = [t for t in markdown if CHECKPOINT_EXPLAINED not in t and "matches the course's" in t]
    assert not others, f"{path.name}: the checkpoint is explained again, in other words: {others[0][:200]}"
