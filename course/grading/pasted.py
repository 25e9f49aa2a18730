"""TRUSTED: answers typed in as data equal to the course's value (issue 19.5), found in the hand-in's source.

A student can print a course value in a later cell (a checkpoint's, say), paste it into the answer
cell as a literal and pass every test that compares values. The cell's code says so: the graded name
is assigned from literal data (a list, dict, string or number, or ``pd.Series``/``pd.DataFrame`` of
literals) that equals the course's value. Such a row is marked for a human look; nothing is taken
away, because a student may also have typed a short answer by hand. A plain string literal is never
flagged: a pattern or a label is what an exercise has the student type (01's number_pattern is one);
the same string decoded from the student store's JSON (``decode(json.loads("..."))``) is. The source is only parsed
(``ast``) and literals are read with ``ast.literal_eval`` and pandas' constructors: nothing of the
student's is executed here.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from typing import Any

FRAMES = {"Series", "DataFrame"}


def assignments(notebook_text: str) -> list[tuple[str, ast.expr]]:
    """(name, value expression) of every top-level ``name = value`` in the notebook's code cells."""
    try:
        cells = json.loads(notebook_text).get("cells") or []
    except (ValueError, AttributeError):
        return []
    found = []
    for cell in cells if type(cells) is list else []:
        if type(cell) is not dict or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(p for p in source if type(p) is str) if type(source) is list else str(source)
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue  # a cell with IPython magics is not a pasted literal
        for node in tree.body:
            if isinstance(node, ast.Assign):
                found += [(target.id, node.value) for target in node.targets if isinstance(target, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                found.append((node.target.id, node.value))
    return found


def literal(node: ast.expr, depth: int = 0) -> tuple[bool, Any]:
    """(True, value) when the expression is literal data: a Python literal; ``json.loads`` of a literal
    string; coursekit's ``decode`` of literal data (the student store's form); or a pandas Series or
    DataFrame made of such data. Nothing else is evaluated."""
    try:
        return True, ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    if not isinstance(node, ast.Call) or depth > 5:
        return False, None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name not in {*FRAMES, "loads", "decode"}:
        return False, None
    arguments = [literal(a, depth + 1) for a in node.args]
    keywords = {k.arg: literal(k.value, depth + 1) for k in node.keywords}
    if not all(found for found, _ in [*arguments, *keywords.values()]) or None in keywords:
        return False, None
    args = [value for _, value in arguments]
    kwargs = {str(k): value for k, (_, value) in keywords.items()}
    try:
        if name == "loads":
            plain = len(args) == 1 and not kwargs and type(args[0]) is str
            return (True, json.loads(args[0])) if plain else (False, None)
        if name == "decode":
            from coursekit.checkpoints import decode  # type: ignore[attr-defined]  # the course's own copy

            return (True, decode(*args)) if len(args) == 1 and not kwargs else (False, None)
        import pandas as pd

        return True, getattr(pd, name)(*args, **kwargs)
    except Exception:  # noqa: BLE001 - data that cannot be made into the value is not a pasted value
        return False, None


def equal(pasted: Any, course: Any) -> bool:
    """Whether pasted data is the course's value, as it prints or as a plain list or dict of it."""
    import pandas as pd

    candidates = [course]
    if isinstance(course, pd.Series):
        candidates += [course.tolist(), course.to_dict()]
    elif isinstance(course, pd.DataFrame):
        candidates += [course.to_dict(), course.to_dict("list"), course.to_dict("records"), course.values.tolist()]
    for candidate in candidates:
        try:
            if isinstance(candidate, pd.Series | pd.DataFrame):
                if type(pasted) is type(candidate):
                    if isinstance(candidate, pd.Series) and isinstance(pasted, pd.Series):
                        pd.testing.assert_series_equal(
                            pasted, candidate, check_dtype=False, check_index_type=False, check_names=False
                        )
                    elif isinstance(candidate, pd.DataFrame) and isinstance(pasted, pd.DataFrame):
                        pd.testing.assert_frame_equal(
                            pasted, candidate, check_dtype=False, check_index_type=False, check_names=False
                        )
                    return True
            elif not isinstance(pasted, pd.Series | pd.DataFrame) and bool(pasted == candidate):
                return True
        except Exception:  # noqa: BLE001 - values that cannot be compared are not equal
            continue
    return False


def pasted_answers(notebook_text: str, owners: dict[str, str], course_value: Callable[[str], Any]) -> list[dict]:
    """Flags for graded names assigned literal data equal to the course's value (name -> owning question)."""
    flags, seen = [], set()
    for name, node in assignments(notebook_text):
        if name not in owners or name in seen:
            continue
        found, value = literal(node)
        if not found or (isinstance(node, ast.Constant) and isinstance(value, str | bytes)):
            continue
        try:
            course = course_value(name)
        except Exception:  # noqa: BLE001 - a name with no course value cannot be compared
            continue
        if equal(value, course):
            seen.add(name)
            flags.append({"kind": "pasted", "name": name, "type": owners[name]})
    return flags
