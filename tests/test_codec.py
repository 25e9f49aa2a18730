"""The codec on its own (issue 24.4): any value it accepts round-trips exactly, through JSON as the protocol
carries it, and any JSON at all decodes to a value or a CodecError, never another exception."""

from __future__ import annotations

import contextlib
import datetime
import json
import math
import re
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.grading import codec

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
floats = st.floats(allow_nan=True, allow_infinity=True)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    floats,
    st.text(max_size=20),
    st.binary(max_size=20),
    st.builds(range, st.integers(-50, 50), st.integers(-50, 50), st.integers(1, 5)),
    st.dates(),
    st.datetimes(),
    st.just(...),
)
# Keys of dicts and members of sets: hashable, and equal to themselves (no NaN).
keys = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10), st.dates())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(keys, inner, max_size=4),
        st.frozensets(keys, max_size=4),
        st.sets(keys, max_size=4),
    ),
    max_leaves=20,
)


def same(a: Any, b: Any) -> bool:
    """Equal and of exactly the same type, all the way down (NaN equals NaN; -0.0 is not 0.0)."""
    if type(a) is not type(b):
        return False
    if type(a) is float:
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if type(a) in (list, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is dict:
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, pd.Series):
        return a.dtype == b.dtype and type(a.index) is type(b.index) and a.equals(b) and a.index.equals(b.index)
    if isinstance(a, pd.DataFrame):
        return list(a.dtypes) == list(b.dtypes) and a.equals(b) and type(a.index) is type(b.index)
    return a == b


def round_trip(value: Any) -> Any:
    """What the other side gets: encoded, sent as the protocol's JSON, decoded."""
    wire = json.loads(json.dumps(codec.Encoder({}).encode(value), allow_nan=False))
    return codec.Decoder().decode(wire)


@SETTINGS
@given(values)
def test_any_value_the_codec_accepts_round_trips_exactly(value: Any) -> None:
    assert same(round_trip(value), value), value


columns = st.one_of(
    st.lists(st.integers(-(2**63), 2**63 - 1), min_size=3, max_size=3).map(lambda v: pd.Series(v, dtype="int64")),
    st.lists(floats, min_size=3, max_size=3).map(lambda v: pd.Series(v, dtype="float64")),
    st.lists(st.text(max_size=8), min_size=3, max_size=3).map(lambda v: pd.Series(v, dtype=object)),
    st.lists(st.sampled_from(["a", "b", "c"]), min_size=3, max_size=3).map(lambda v: pd.Series(v, dtype="category")),
    st.lists(st.one_of(st.none(), st.integers(-5, 5)), min_size=3, max_size=3).map(
        lambda v: pd.Series(v, dtype="Int64")
    ),
    st.lists(st.datetimes(min_value=datetime.datetime(1800, 1, 1)), min_size=3, max_size=3).map(
        lambda v: pd.Series(v, dtype="datetime64[us]")
    ),
)


@SETTINGS
@given(st.lists(columns, min_size=1, max_size=3), st.sampled_from(["range", "text", "multi"]))
def test_pandas_values_round_trip_with_their_dtypes(series: list[pd.Series], index: str) -> None:
    frame = pd.DataFrame({f"c{i}": s for i, s in enumerate(series)})
    if index == "text":
        frame.index = pd.Index(["x", "y", "z"], name="row")
    elif index == "multi":
        frame.index = pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 1)], names=["k", "n"])
    assert same(round_trip(frame), frame)
    assert same(round_trip(frame.iloc[:, 0]), frame.iloc[:, 0])


TAGS = (
    "dict", "OrderedDict", "Counter", "defaultdict", "tuple", "set", "frozenset", "float", "bigint", "bytes", "range",
    "ellipsis", "pattern", "date", "datetime", "function", "chart", "np", "ndarray", "DataFrame", "Series", "Index",
    "RangeIndex", "MultiIndex", "Timestamp", "NaT", "NA", "no-such-tag",
)  # fmt: skip
FIELDS = (
    "v", "data", "index", "columns", "name", "names", "levels", "codes", "dtype", "shape", "pattern", "flags", "ns",
    "unit", "tz", "class", "spec", "ref", "categories", "ordered", "i8",
)  # fmt: skip
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=8), inner, max_size=4),
        st.fixed_dictionaries({"$": st.sampled_from(TAGS)}, optional=dict.fromkeys(FIELDS, inner)),
    ),
    max_leaves=25,
)


@SETTINGS
@given(json_values)
def test_any_json_decodes_to_a_value_or_a_codec_error(data: Any) -> None:
    with contextlib.suppress(codec.CodecError):
        codec.Decoder().decode(data)


def test_a_forged_deep_value_is_a_codec_error() -> None:
    deep: Any = {"$": "pattern", "pattern": "x", "flags": 0}
    for _ in range(5000):
        deep = {"$": "pattern", "pattern": deep, "flags": 0}
    with pytest.raises(codec.CodecError, match="nested too deeply"):
        codec.Decoder().decode(deep)


def test_a_value_huge_once_built_is_refused_before_it_is_built() -> None:
    wire = {"$": "MultiIndex", "names": [None], "codes": [[0, 1]]}
    wire["levels"] = [{"$": "RangeIndex", "v": [0, 250_000_000, 1], "name": None}]
    with pytest.raises(codec.TooLarge, match="250000000 values"):
        codec.Decoder().decode(wire)
    with pytest.raises(codec.TooLarge):
        codec.Decoder().decode({"$": "range", "v": [0, 10**18, 1]})
    assert codec.Decoder().decode({"$": "range", "v": [0, 10, 1]}) == range(10)


def test_a_pattern_round_trips() -> None:
    pattern = re.compile(r"\bRwanda\b", re.I)
    assert round_trip(pattern) == pattern
