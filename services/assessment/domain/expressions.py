"""The XLSForm expression subset we evaluate (constraints, relevance): a tokenizer and a
precedence-climbing parser into a small tree. Anything outside the subset is refused when the
form is uploaded (:class:`ExpressionError`), never half-evaluated on a submission.

Grammar (XPath 1.0 precedence)::

    expr    := and ("or" and)*
    and     := compare ("and" compare)*
    compare := sum (("=" | "!=" | "<" | "<=" | ">" | ">=") sum)*
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "div" | "mod") unary)*
    unary   := "-" unary | primary
    primary := number | 'string' | "string" | "." | ${name} | name "(" [expr ("," expr)*] ")"
             | "(" expr ")"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FUNCTIONS: dict[str, tuple[int, int]] = {
    # name: (fewest, most) arguments
    "selected": (2, 2),
    "regex": (2, 2),
    "not": (1, 1),
    "count-selected": (1, 1),
    "string-length": (1, 1),
    "contains": (2, 2),
    "starts-with": (2, 2),
    "number": (1, 1),
    "int": (1, 1),
    "string": (1, 1),
    "date": (1, 1),
    "if": (3, 3),
    "coalesce": (2, 2),
    "true": (0, 0),
    "false": (0, 0),
    "today": (0, 0),
}
BINARY = ("or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "div", "mod")
_LEVELS = (("or",), ("and",), ("=", "!=", "<", "<=", ">", ">="), ("+", "-"), ("*", "div", "mod"))
_TOKEN = re.compile(
    r"""\s*(?:
      (?P<number>\d+(?:\.\d*)?|\.\d+)
    | (?P<string>'[^']*'|"[^"]*")
    | (?P<ref>\$\{\s*(?P<refname>[A-Za-z_][\w.\-]*)\s*\})
    | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)
    | (?P<name>[A-Za-z_][\w\-]*)
    | (?P<dot>\.)
    )""",
    re.VERBOSE,
)


class ExpressionError(ValueError):
    """The expression is not in the subset we can evaluate."""


@dataclass(frozen=True)
class Node:
    """``kind``: num, str, here (``.``), ref (``${name}``), call, neg, or a binary operator."""

    kind: str
    value: object = None
    args: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Expression:
    text: str
    tree: Node

    def references(self) -> set[str]:
        return set(_refs(self.tree))


def parse(text: str) -> Expression:
    tokens = _tokenize(text)
    parser = _Parser(tokens)
    tree = parser.expression(0)
    if parser.peek() is not None:
        raise ExpressionError(f"unexpected {parser.peek()[1]!r}")  # type: ignore[index]
    return Expression(text, tree)


def _tokenize(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos, end = 0, len(text.rstrip())
    while pos < end:
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ExpressionError(f"cannot read {text[pos : pos + 12].strip()!r}")
        kind = m.lastgroup if m.lastgroup != "refname" else "ref"
        value = m.group("refname") if kind == "ref" else m.group(kind or "")
        out.append((kind or "", value))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise ExpressionError("the expression ends too early")
        self.pos += 1
        return token

    def expect(self, op: str) -> None:
        if self.take() != ("op", op):
            raise ExpressionError(f"expected {op!r}")

    def _operator(self, level: int) -> str | None:
        token = self.peek()
        if token is None or token[0] not in ("op", "name"):
            return None
        return token[1] if token[1] in _LEVELS[level] else None

    def expression(self, level: int) -> Node:
        if level == len(_LEVELS):
            return self.unary()
        left = self.expression(level + 1)
        while (op := self._operator(level)) is not None:
            self.take()
            left = Node(op, args=(left, self.expression(level + 1)))
        return left

    def unary(self) -> Node:
        if self.peek() == ("op", "-"):
            self.take()
            return Node("neg", args=(self.unary(),))
        return self.primary()

    def primary(self) -> Node:
        kind, value = self.take()
        if kind == "number":
            return Node("num", float(value))
        if kind == "string":
            return Node("str", value[1:-1])
        if kind == "dot":
            return Node("here")
        if kind == "ref":
            return Node("ref", value)
        if (kind, value) == ("op", "("):
            inner = self.expression(0)
            self.expect(")")
            return inner
        if kind == "name":
            return self.call(value)
        raise ExpressionError(f"unexpected {value!r}")

    def call(self, name: str) -> Node:
        if name not in FUNCTIONS:
            raise ExpressionError(f"the function {name!r} is not supported")
        self.expect("(")
        args: list[Node] = []
        if self.peek() != ("op", ")"):
            args.append(self.expression(0))
            while self.peek() == ("op", ","):
                self.take()
                args.append(self.expression(0))
        self.expect(")")
        fewest, most = FUNCTIONS[name]
        if not fewest <= len(args) <= most:
            raise ExpressionError(f"{name}() takes {fewest}-{most} arguments, not {len(args)}")
        return Node("call", name, tuple(args))


def _refs(node: Node) -> list[str]:
    own = [str(node.value)] if node.kind == "ref" else []
    return own + [name for arg in node.args for name in _refs(arg)]
