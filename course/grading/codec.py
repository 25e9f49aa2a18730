"""Values as tagged JSON: what may cross between the jailed runner and the harness, and nothing else.

Encoding dispatches on the exact type (``type(v) is list``, never ``isinstance``) through a fixed table;
an object of a subclass of a plain type (a list that fakes ``==``) is sent as the plain data it holds,
read with the base type's own methods, and noted. Decoding builds values with a fixed set of
constructors chosen by the tag, never by a name from the wire: no pickle, no ``getattr`` on student
text. Functions travel as references that the other side calls back (``{"$": "function", "ref": n}``).

Plain JSON carries None, bool, int, str, float and lists; every other value is an object with a
``"$"`` tag. pandas and numpy objects keep their dtypes exactly (a Series stays a Series, a
datetime64[us] column keeps its unit), which pandas' table-orient JSON does not, so that a test sees
what it would have seen in the student's own kernel. Standard library only at import time: pandas,
numpy and altair are used only when a value of theirs is met (or asked for).
"""

from __future__ import annotations

import base64
import collections
import datetime
import math
import re
import sys
import types
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
MAX_DEPTH = 60
# The most values a decoded range or RangeIndex may hold: more than any frame (64 MB) can carry as data.
MAX_ELEMENTS = 10_000_000
CHART_CLASSES = ("Chart", "LayerChart", "HConcatChart", "VConcatChart", "ConcatChart", "FacetChart", "RepeatChart")
NUMPY_DTYPES = {
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64",
}  # fmt: skip
PANDAS_DTYPES = {
    "object", "str", "string", "boolean", "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32",
    "UInt64", "Float32", "Float64",
}  # fmt: skip
TIME_DTYPE = re.compile(r"^(datetime64|timedelta64)\[(s|ms|us|ns)(, [A-Za-z0-9_/+-]{1,40})?\]$")
FUNCTION_TYPES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType)


# The plain types whose subclasses are sent as their plain value, each read with the base type's own method
# (a subclass's overridden __getitem__ or __int__ could say anything).
PLAIN_READERS: tuple[tuple[type, Callable[[Any], Any]], ...] = (
    (list, list.copy),
    (tuple, lambda value: tuple.__getitem__(value, slice(None))),
    (dict, dict.copy),
    (str, lambda value: str.__getitem__(value, slice(None))),
    (bool, bool.__bool__),
    (int, int.__int__),
    (float, float.__float__),
)


class CodecError(ValueError):
    """A value the codec does not carry, or a message that is not a well-formed encoded value."""


class TooLarge(CodecError):
    """A value that is small on the wire but would be huge once built (a range of a billion values)."""


class Encoder:
    """Encode values; callables get a reference number (kept in ``functions``); subclasses are noted."""

    def __init__(self, functions: dict[int, Any] | None = None, refs: Callable[[Any], int | None] | None = None):
        self.functions = functions
        self.refs = refs  # harness side: the reference of a remote function passed back as an argument
        self.notes: list[str] = []

    def encode(self, value: Any, depth: int = 0) -> Any:
        """The tagged-JSON form of value."""
        if depth > MAX_DEPTH:
            raise CodecError("a value nested too deeply")
        kind = type(value)
        if value is None or kind is bool or kind is str:
            return value
        if kind is int:
            return value if abs(value) < 1 << 63 else {"$": "bigint", "v": str(value)}
        if kind is float:
            return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
        if kind is list:
            return [self.encode(item, depth + 1) for item in value]
        if kind is tuple:
            return {"$": "tuple", "v": [self.encode(item, depth + 1) for item in value]}
        if kind in (dict, collections.OrderedDict, collections.Counter, collections.defaultdict):
            items = [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in dict.items(value)]
            return {"$": kind.__name__, "v": items}
        if kind in (set, frozenset):
            return {"$": kind.__name__, "v": [self.encode(item, depth + 1) for item in value]}
        if kind is bytes:
            return {"$": "bytes", "v": base64.b64encode(value).decode("ascii")}
        if kind is range:
            return {"$": "range", "v": [value.start, value.stop, value.step]}
        if kind is type(Ellipsis):
            return {"$": "ellipsis"}
        if kind is re.Pattern:
            return {"$": "pattern", "pattern": self.encode(value.pattern), "flags": value.flags}
        if kind in (datetime.date, datetime.datetime) and getattr(value, "tzinfo", None) is None:
            return {"$": kind.__name__, "v": value.isoformat()}
        found = self._library(value, kind, depth)
        if found is not None:
            return found
        if self.refs is not None and (ref := self.refs(value)) is not None:
            return {"$": "function", "ref": ref, "name": ""}
        if self.functions is not None and (kind in FUNCTION_TYPES or isinstance(value, FUNCTION_TYPES)):
            ref = len(self.functions) + 1
            self.functions[ref] = value
            return {"$": "function", "ref": ref, "name": str(getattr(value, "__name__", "function"))[:100]}
        return self._subclass(value, kind, depth)

    def _subclass(self, value: Any, kind: type, depth: int) -> Any:
        """An object of a subclass of a plain type, as the plain data its base type holds."""
        for base, read in PLAIN_READERS:
            if isinstance(value, base):
                self.notes.append(kind.__name__)
                return self.encode(read(value), depth)
        raise CodecError(f"a {kind.__name__} cannot be sent for grading")

    def _library(self, value: Any, kind: type, depth: int) -> Any:
        """numpy, pandas and altair values (only if those libraries are loaded), else None."""
        np = sys.modules.get("numpy")
        pd = sys.modules.get("pandas")
        alt = sys.modules.get("altair")
        if np is not None:
            if kind is np.ndarray:
                return self._ndarray(value, depth)
            if isinstance(value, np.generic) and kind is np.dtype(kind).type and np.dtype(kind).name in NUMPY_DTYPES:
                return {"$": "np", "dtype": np.dtype(kind).name, "v": self.encode(value.item())}
        if pd is not None:
            if kind is pd.DataFrame:
                return {
                    "$": "DataFrame",
                    "index": self._index(value.index, depth),
                    "columns": self._index(value.columns, depth),
                    "data": [self._column(value.iloc[:, i], depth) for i in range(value.shape[1])],
                }
            if kind is pd.Series:
                return {
                    "$": "Series",
                    "index": self._index(value.index, depth),
                    "name": self.encode(value.name, depth + 1),
                    "data": self._column(value, depth),
                }
            if isinstance(value, pd.Index) and kind.__module__.startswith("pandas"):
                return self._index(value, depth)
            if kind is pd.Timestamp:
                return {"$": "Timestamp", "ns": value.value, "unit": value.unit, "tz": str(value.tz or "") or None}
            if value is pd.NaT:
                return {"$": "NaT"}
            if value is pd.NA:
                return {"$": "NA"}
        if alt is not None and kind.__module__.startswith("altair") and kind.__name__ in CHART_CLASSES:
            if kind is not getattr(alt, kind.__name__, None):
                raise CodecError(f"a {kind.__name__} that is not altair's cannot be sent")
            try:
                return {"$": "chart", "class": kind.__name__, "spec": value.to_dict()}
            except Exception as error:  # noqa: BLE001 - the test sees the same failure at to_dict()
                return {"$": "chart", "class": kind.__name__, "error": f"{type(error).__name__}: {error}"[:2000]}
        return None

    def _ndarray(self, array: Any, depth: int) -> dict:
        """A numpy array of numbers, booleans or objects, with its shape."""
        name = array.dtype.name
        if name in NUMPY_DTYPES:
            flat = [self.encode(x) for x in array.ravel().tolist()]
        elif name == "object":
            flat = [self.encode(x, depth + 1) for x in array.ravel().tolist()]
        else:
            raise CodecError(f"a numpy array of {name} cannot be sent")
        return {"$": "ndarray", "dtype": name, "shape": list(array.shape), "v": flat}

    def _index(self, index: Any, depth: int) -> dict:
        """A pandas Index of any kind used in the notebooks: range, multi, categorical or plain."""
        pd = sys.modules["pandas"]
        name = self.encode(index.name, depth + 1) if type(index) is not pd.MultiIndex else None
        if type(index) is pd.RangeIndex:
            return {"$": "RangeIndex", "v": [index.start, index.stop, index.step], "name": name}
        if type(index) is pd.MultiIndex:
            return {
                "$": "MultiIndex",
                "levels": [self._index(level, depth + 1) for level in index.levels],
                "codes": [list(map(int, codes)) for codes in index.codes],
                "names": [self.encode(n, depth + 1) for n in index.names],
            }
        return {"$": "Index", "name": name, "data": self._column(index, depth)}

    def _column(self, column: Any, depth: int) -> dict:
        """One Series' or Index's values with their exact dtype."""
        pd = sys.modules["pandas"]
        np = sys.modules["numpy"]
        dtype = column.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            codes = column.cat.codes if isinstance(column, pd.Series) else column.codes
            return {
                "dtype": "category",
                "categories": self._index(dtype.categories, depth + 1),
                "ordered": bool(dtype.ordered),
                "codes": [int(c) for c in codes],
            }
        name = str(dtype)
        if TIME_DTYPE.match(name):
            ints = column.array.asi8 if hasattr(column.array, "asi8") else np.asarray(column).view("i8")
            return {"dtype": name, "i8": [int(x) for x in ints]}
        if name in NUMPY_DTYPES:
            return {"dtype": name, "v": [self.encode(x) for x in np.asarray(column).tolist()]}
        if name in PANDAS_DTYPES:
            return {"dtype": name, "v": [self.encode(x, depth + 1) for x in column.tolist()]}
        raise CodecError(f"a pandas column of dtype {name} cannot be sent")


class Decoder:
    """Build values from tagged JSON with a fixed table of constructors."""

    def __init__(self, function: Callable[[int, str], Any] | None = None):
        self.function = function  # makes the stand-in for a function reference

    def decode(self, data: Any) -> Any:
        """The value that data encodes; CodecError (and no other exception) when data is not a well-formed
        encoded value, however it was forged: a missing field, a wrong type, nesting too deep, a size that
        would be huge once built (a range of a billion values), a number out of range."""
        try:
            return self._decode(data, 0)
        except CodecError:
            raise
        except (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError, RecursionError) as error:
            raise CodecError(f"a malformed value ({type(error).__name__}: {str(error)[:100]})") from None

    def _decode(self, data: Any, depth: int) -> Any:
        """The value that data encodes, at a nesting depth."""
        if depth > MAX_DEPTH:
            raise CodecError("a value nested too deeply")
        kind = type(data)
        if data is None or kind in (bool, int, float, str):
            return data
        if kind is list:
            return [self._decode(item, depth + 1) for item in data]
        if kind is not dict or type(data.get("$")) is not str:
            raise CodecError("an object without a tag")
        tag = data["$"]
        if tag in ("dict", "OrderedDict", "Counter", "defaultdict"):
            made = {"dict": dict, "OrderedDict": collections.OrderedDict, "Counter": collections.Counter}.get(
                tag, collections.defaultdict
            )()
            for pair in self._list(data["v"]):
                key, value = self._list(pair)
                made[self._decode(key, depth + 1)] = self._decode(value, depth + 1)
            return made
        if tag in ("tuple", "set", "frozenset"):
            items = [self._decode(item, depth + 1) for item in self._list(data["v"])]
            return {"tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
        simple = {
            "float": lambda: float(self._choice(data["v"], ("nan", "inf", "-inf"))),
            "bigint": lambda: int(self._str(data["v"])),
            "bytes": lambda: base64.b64decode(self._str(data["v"]), validate=True),
            "range": lambda: self._range(data["v"]),
            "ellipsis": lambda: ...,
            "pattern": lambda: re.compile(self._decode(data["pattern"], depth + 1), self._int(data["flags"])),
            "date": lambda: datetime.date.fromisoformat(self._str(data["v"])),
            "datetime": lambda: datetime.datetime.fromisoformat(self._str(data["v"])),
        }
        if tag in simple:
            return simple[tag]()
        if tag == "function":
            if self.function is None:
                raise CodecError("a function where none is expected")
            return self.function(self._int(data["ref"]), self._str(data.get("name", ""))[:100])
        if tag == "chart":
            return _chart(self._choice(data["class"], CHART_CLASSES), data.get("spec"), data.get("error"))
        if tag == "np":
            np = _numpy()
            return np.dtype(self._choice(data["dtype"], NUMPY_DTYPES)).type(self._decode(data["v"], depth + 1))
        if tag == "ndarray":
            return self._ndarray(data, depth)
        pd = _pandas()
        if tag == "DataFrame":
            index, columns = self._index(data["index"], depth), self._index(data["columns"], depth)
            arrays = [self._column(c, depth) for c in self._list(data["data"])]
            if len(arrays) != len(columns):
                raise CodecError("a DataFrame whose columns and data differ in number")
            # dtype= keeps an object column of strings object (pandas 3 would infer its str dtype otherwise)
            series = {i: pd.Series(a, index=index, copy=False, dtype=a.dtype) for i, a in enumerate(arrays)}
            frame = pd.DataFrame(series, index=index)
            frame.columns = columns
            return frame
        if tag == "Series":
            index = self._index(data["index"], depth)
            values = self._column(data["data"], depth)
            name = self._decode(data["name"], depth + 1)
            return pd.Series(values, index=index, name=name, dtype=values.dtype)
        if tag in ("Index", "RangeIndex", "MultiIndex"):
            return self._index(data, depth)
        if tag == "Timestamp":
            stamp = pd.Timestamp(self._int(data["ns"]), unit="ns", tz="UTC" if data.get("tz") else None)
            if data.get("tz"):
                stamp = stamp.tz_convert(self._str(data["tz"]))
            return stamp.as_unit(self._choice(data["unit"], ("s", "ms", "us", "ns")))
        if tag == "NaT":
            return pd.NaT
        if tag == "NA":
            return pd.NA
        raise CodecError(f"an unknown tag {tag[:40]!r}")

    def _ndarray(self, data: dict, depth: int) -> Any:
        np = _numpy()
        dtype = self._choice(data["dtype"], {*NUMPY_DTYPES, "object"})
        shape = tuple(self._int(n) for n in self._list(data["shape"]))
        flat = [self._decode(x, depth + 1) for x in self._list(data["v"])]
        if dtype == "object":
            array = np.empty(len(flat), dtype=object)
            for i, item in enumerate(flat):
                array[i] = item
            return array.reshape(shape)
        return np.array(flat, dtype=dtype).reshape(shape)

    def _index(self, data: Any, depth: int) -> Any:
        pd = _pandas()
        if type(data) is not dict:
            raise CodecError("an index that is not an object")
        tag = data.get("$")
        if tag == "RangeIndex":
            span = self._range(data["v"])
            return pd.RangeIndex(span.start, span.stop, span.step, name=self._decode(data["name"], depth + 1))
        if tag == "MultiIndex":
            levels = [self._index(level, depth + 1) for level in self._list(data["levels"])]
            codes = [[self._int(c) for c in self._list(row)] for row in self._list(data["codes"])]
            names = [self._decode(n, depth + 1) for n in self._list(data["names"])]
            return pd.MultiIndex(levels=levels, codes=codes, names=names)
        if tag != "Index":
            raise CodecError("an index of an unknown kind")
        values = self._column(data["data"], depth)
        name = self._decode(data["name"], depth + 1)
        if isinstance(values, pd.Categorical):
            return pd.CategoricalIndex(values, name=name)
        return pd.Index(values, name=name, dtype=getattr(values, "dtype", None), copy=False)

    def _column(self, data: Any, depth: int) -> Any:
        """An array with exactly the dtype the runner saw."""
        np, pd = _numpy(), _pandas()
        if type(data) is not dict:
            raise CodecError("a column that is not an object")
        dtype = self._str(data["dtype"])
        if dtype == "category":
            categories = self._index(data["categories"], depth + 1)
            codes = np.array([self._int(c) for c in self._list(data["codes"])], dtype="int64")
            return pd.Categorical.from_codes(codes, categories=categories, ordered=bool(data["ordered"]))
        time = TIME_DTYPE.match(dtype)
        if time:
            ints = np.array([self._int(x) for x in self._list(data["i8"])], dtype="int64")
            kind, unit, zone = time.groups()
            raw = ints.view(f"{'M8' if kind == 'datetime64' else 'm8'}[{unit}]")
            if zone:
                return pd.DatetimeIndex(raw).tz_localize("UTC").tz_convert(zone[2:]).array
            return raw
        values = [self._decode(x, depth + 1) for x in self._list(data["v"])]
        if dtype in NUMPY_DTYPES:
            return np.array(values, dtype=dtype)
        if dtype == "object":
            array = np.empty(len(values), dtype=object)
            for i, item in enumerate(values):
                array[i] = item
            return array
        return pd.array(values, dtype=self._choice(dtype, PANDAS_DTYPES))

    def _range(self, data: Any) -> range:
        """A range of at most MAX_ELEMENTS values: a longer one is a few bytes on the wire, but a test that
        iterates it (a MultiIndex over RangeIndex(0, 250_000_000)) would fill the harness's memory."""
        span = range(*(self._int(x) for x in self._list(data)))
        if len(span) > MAX_ELEMENTS:
            raise TooLarge(f"a range of {len(span)} values, more than the {MAX_ELEMENTS} grading reads")
        return span

    @staticmethod
    def _list(data: Any) -> list:
        return _exactly(data, list, "a list")

    @staticmethod
    def _int(data: Any) -> int:
        return _exactly(data, int, "an integer")

    @staticmethod
    def _str(data: Any) -> str:
        return _exactly(data, str, "a string")

    @staticmethod
    def _choice(data: Any, allowed: Any) -> str:
        if type(data) is not str or data not in allowed:
            raise CodecError(f"{str(data)[:40]!r} is not one of the allowed values")
        return data


def _exactly(data: Any, kind: type[T], what: str) -> T:
    """`data` when its type is exactly `kind` (a subclass of list, int or str off the wire is refused)."""
    if type(data) is not kind:
        raise CodecError(f"{what} expected")
    return data


def _numpy() -> Any:
    import numpy

    return numpy


def _pandas() -> Any:
    import pandas

    return pandas


def _chart(class_name: str, spec: Any, error: Any) -> Any:
    """An altair chart of the named class whose ``to_dict()`` gives the spec the student's chart gave."""
    import copy

    import altair as alt

    base = getattr(alt, class_name)  # class_name is one of CHART_CLASSES

    def to_dict(self: Any, *args: Any, **kwargs: Any) -> dict:
        if error is not None:
            raise ValueError(str(error))
        return copy.deepcopy(spec)

    frozen: Any = type(class_name, (base,), {"to_dict": to_dict, "__module__": base.__module__})  # altair's class
    try:
        chart = frozen.from_dict(spec, validate=False) if isinstance(spec, dict) else frozen.__new__(frozen)
    except Exception:  # noqa: BLE001 - a spec altair cannot read back still answers to_dict()
        chart = frozen.__new__(frozen)
    if type(chart) is not frozen:
        chart.__class__ = frozen
    return chart
