"""Version-safe export of a form's submissions (no I/O).

Columns: the meta columns, then the union of every version's question columns — the latest
version's in its order, then the questions only older versions ask (dropped since), the most
recent first. A column is a question *name*: a renamed question is a new name, so its old and new
answers stay in their own columns; a retyped question keeps its column. Each submission fills the
columns of its own version and leaves the others empty, so nothing moves between versions (the
Kobo failure this avoids: kobotoolbox/kpi 1609, 3533, 4413; formpack 99). With a language, the
header is the question's label (from the latest version that asks it) and a choice answer its
choice's label in the submission's own version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from services.assessment.domain.forms import FormDefinition, Question

META = (
    ("_id", "#meta+id"),
    ("form_version", "#meta+form_version"),
    ("_submitted_at", "#date+submitted"),
    ("_submitted_by", "#meta+submitted_by"),
    ("_campaign_id", "#activity+code"),
    ("_association_id", "#org+id"),
    ("_centre", "#adm2+code"),
)
META_NAMES = tuple(name for name, _ in META)


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    hxl: str


class ExportPlan:
    def __init__(self, versions: list[FormDefinition], lang: str | None = None) -> None:
        """``versions`` oldest first (upload order): the last is the latest."""
        self.lang = lang
        self.by_version = {v.version: {q.name: q for q in v.columns()} for v in versions}
        newest: dict[str, Question] = {}
        for v in reversed(versions):
            for q in v.columns():
                newest.setdefault(q.name, q)
        self.columns = [Column(n, n, h) for n, h in META] + [
            Column(name, self._header(q), q.hxl or "") for name, q in newest.items()
        ]
        self.has_hxl = any(q.hxl for q in newest.values())

    def _header(self, q: Question) -> str:
        if self.lang is None:
            return q.name
        return q.label.get(self.lang) or q.label.get("ar") or q.name

    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def hxl_row(self) -> list[str]:
        return [c.hxl for c in self.columns]

    def values(self, row: dict[str, Any]) -> list[Any]:
        """One submission's values, column by column (JSON values: lists stay lists)."""
        questions = self.by_version.get(row["form_version"], {})
        answers = row["answers"]
        out: list[Any] = [row.get(name) for name in META_NAMES]
        for column in self.columns[len(META) :]:
            q = questions.get(column.name)
            value = answers.get(column.name)
            out.append(None if q is None or value is None else self._value(q, value))
        return out

    def _value(self, q: Question, value: Any) -> Any:
        if self.lang is None or not q.choices:
            return value
        labels = {c.name: c.label.get(self.lang) or c.label.get("ar") or c.name for c in q.choices}
        if isinstance(value, list):
            return [labels.get(v, v) for v in value]
        return labels.get(value, value)


def flat(value: Any, lang: str | None = None) -> str:
    """A value as one spreadsheet cell: lists of choices space-separated (ODK) or, as labels,
    separated by "; "; a repeat's rows as JSON."""
    if value is None:
        return ""
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return ("; " if lang else " ").join(value)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return str(value)
