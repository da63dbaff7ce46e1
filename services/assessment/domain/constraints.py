"""Evaluation of parsed XLSForm expressions (:mod:`.expressions`) with XPath 1.0's conversions:
an empty answer is the empty string (NaN as a number, false as a boolean); ``=`` and ``!=``
compare numerically when one side is a number, as dates when one side is a date, else as
strings; ``<``-style comparisons compare numbers (dates as days). A select_multiple answer is its
space-separated choice names, as in ODK.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from services.assessment.domain.expressions import Expression, Node, parse

Value = Any  # None | str | float | int | bool | list[str] | date
Resolve = Callable[[str], Value]
_EPOCH = date(1970, 1, 1)


@lru_cache(maxsize=4096)
def compiled(text: str) -> Expression:
    """Parse once per expression text (forms are immutable, so texts repeat)."""
    return parse(text)


def evaluate(expression: Expression, here: Value, resolve: Resolve) -> Value:
    return _eval(expression.tree, here, resolve)


def holds(text: str, here: Value, resolve: Resolve) -> bool:
    return to_bool(evaluate(compiled(text), here, resolve))


def _eval(node: Node, here: Value, resolve: Resolve) -> Value:
    kind = node.kind
    if kind in ("num", "str"):
        return node.value
    if kind == "here":
        return here
    if kind == "ref":
        return resolve(str(node.value))
    if kind == "neg":
        return -to_number(_eval(node.args[0], here, resolve))
    if kind == "call":
        return _call(str(node.value), node.args, here, resolve)
    if kind == "or":
        return any(to_bool(_eval(a, here, resolve)) for a in node.args)
    if kind == "and":
        return all(to_bool(_eval(a, here, resolve)) for a in node.args)
    left, right = (_eval(a, here, resolve) for a in node.args)
    if kind in ("=", "!="):
        return _equal(left, right) == (kind == "=")
    if kind in ("<", "<=", ">", ">="):
        return _order(kind, to_number(left), to_number(right))
    return _arithmetic(kind, to_number(left), to_number(right))


def _call(name: str, args: tuple[Node, ...], here: Value, resolve: Resolve) -> Value:
    values = [_eval(a, here, resolve) for a in args]
    if name == "selected":
        return to_string(values[1]) in _items(values[0])
    if name == "count-selected":
        return float(len(_items(values[0])))
    if name == "regex":
        return re.search(to_string(values[1]), to_string(values[0])) is not None
    if name == "not":
        return not to_bool(values[0])
    if name == "string-length":
        return float(len(to_string(values[0])))
    if name == "contains":
        return to_string(values[1]) in to_string(values[0])
    if name == "starts-with":
        return to_string(values[0]).startswith(to_string(values[1]))
    if name == "number":
        return to_number(values[0])
    if name == "int":
        number = to_number(values[0])
        return number if math.isnan(number) else float(math.trunc(number))
    if name == "string":
        return to_string(values[0])
    if name == "date":
        return to_date(values[0])
    if name == "if":
        return values[1] if to_bool(values[0]) else values[2]
    if name == "coalesce":
        return values[0] if to_string(values[0]) else values[1]
    if name == "today":
        return datetime.now(UTC).date()
    return name == "true"  # true() / false(): the parser admits nothing else


def _items(value: Value) -> list[str]:
    return list(value) if isinstance(value, list) else to_string(value).split()


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return to_bool(left) == to_bool(right)
    if _is_number(left) or _is_number(right):
        return to_number(left) == to_number(right)
    if isinstance(left, date) or isinstance(right, date):
        return to_date(left) == to_date(right)
    return to_string(left) == to_string(right)


def _order(op: str, left: float, right: float) -> bool:
    if math.isnan(left) or math.isnan(right):
        return False
    return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[op]


def _arithmetic(op: str, left: float, right: float) -> float:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if right == 0:
        return math.nan
    return left / right if op == "div" else math.fmod(left, right)


def _is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def to_number(value: Value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, date):
        return float((value - _EPOCH).days)
    text = to_string(value).strip()
    try:
        return float(text) if text else math.nan
    except ValueError:
        parsed = to_date(text)
        return float((parsed - _EPOCH).days) if parsed is not None else math.nan


def to_string(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_bool(value: Value) -> bool:
    if isinstance(value, float):
        return not math.isnan(value) and value != 0
    if isinstance(value, date):
        return True
    return bool(value)


def to_date(value: Value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(to_string(value).strip()[:10])
    except ValueError:
        return None
