"""coursekit: the checkpoints that keep a notebook running whatever the student wrote, without showing answers."""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd
import pytest

import coursekit
from coursekit.checkpoints import Checkpoint, same_value
from tests.conftest import ROOT


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


def test_a_function_checkpoint_compares_behaviour() -> None:
    entry = Checkpoint(lambda: str.upper, probe=lambda f: f("abc"))
    assert entry.matches(lambda s: s.upper(), entry.load())
    assert not entry.matches(lambda s: s, entry.load())
    assert not entry.matches(lambda s: 1 / 0, entry.load()), "a function that raises does not match"
    assert not entry.matches("not a function", entry.load())


def test_checkpoint_uses_yours_when_it_matches_else_the_course_value(capsys: pytest.CaptureFixture[str]) -> None:
    coursekit.setup("01")
    course = coursekit.checkpoint("lines", ...)
    said = capsys.readouterr().out
    assert "use the course's lines" in said and "Checkpoint" in said
    assert course[0] not in said, "the checkpoint must not print the value"
    mine = list(course)
    assert coursekit.checkpoint("lines", mine) is mine
    assert "use your lines" in capsys.readouterr().out


@pytest.mark.parametrize("module", sorted((ROOT / "coursekit").glob("nb[0-9][0-9].py")), ids=lambda p: p.stem)
def test_every_checkpoint_loads(module: Path) -> None:
    checkpoints = importlib.import_module(f"coursekit.{module.stem}").CHECKPOINTS
    assert checkpoints, f"{module.name} defines no checkpoints"
    for name, entry in checkpoints.items():
        value = entry.load()
        assert value is not None and value is not ..., f"{module.stem}: checkpoint {name} loads nothing"
        assert entry.matches(value, value), f"{module.stem}: checkpoint {name} does not match itself"


def test_checkpoint_before_setup_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coursekit, "_notebook", None)
    with pytest.raises(RuntimeError, match="set-up cell"):
        coursekit.checkpoint("lines", [])
