"""An assessment form version's definition (the assessment service's JSON) as a page, and the
posted page back as answers.

Input names: ``a.<question>`` for the form's questions (a group's too: groups only arrange
them), ``r.<repeat>.<row>.<question>`` inside a repeat, which the page offers ``REPEAT_ROWS``
times (an entry left empty is no entry). Relevance and constraints go on the page as data for
the portal's script; the assessment service judges the answers again."""

from __future__ import annotations

from typing import Any

REPEAT_ROWS = 3
ANSWERABLE = {"integer", "decimal", "text", "select_one", "select_multiple", "date", "geopoint"}


def answers_from(definition: dict[str, Any], form: dict[str, list[str]]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    _walk(definition.get("questions") or [], "a.", form, answers)
    return answers


def _walk(
    questions: list[dict[str, Any]], prefix: str, form: dict[str, list[str]], out: dict[str, Any]
) -> None:
    for q in questions:
        kind, name = q.get("type"), q.get("name", "")
        if kind == "group":
            _walk(q.get("children") or [], prefix, form, out)
        elif kind == "repeat":
            rows = []
            for i in range(REPEAT_ROWS):
                row: dict[str, Any] = {}
                _walk(q.get("children") or [], f"r.{name}.{i}.", form, row)
                if row:
                    rows.append(row)
            if rows:
                out[name] = rows
        elif kind in ANSWERABLE:
            values = [v.strip() for v in form.get(prefix + name, []) if v.strip()]
            if kind == "select_multiple" and values:
                out[name] = values
            elif values:
                out[name] = values[0]


def label(item: dict[str, Any] | None, key: str, lang: str) -> str:
    texts = (item or {}).get(key) or {}
    if not isinstance(texts, dict):
        return str(texts)
    return str(texts.get(lang) or texts.get("ar") or next(iter(texts.values()), ""))
