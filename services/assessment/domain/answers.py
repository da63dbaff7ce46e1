"""Checking answers against the exact form version they name (no I/O).

In form order: each answer is read by its question's type (Arabic-Indic digits accepted); a
question whose relevance is false is skipped, its answer ignored and never required (and later
expressions see it as empty, as in ODK); then required, choices and constraint. Every error is
collected, each at its question (``field``: the name, ``repeat[0].name`` inside a repeat).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.assessment.domain.answer_types import AnswerTypeError, read_answer
from services.assessment.domain.constraints import Value, holds
from services.assessment.domain.forms import FormDefinition, Question, columns_of
from shared.events.assessment import FieldError
from shared.text import control_char_fields

CONTROL_MESSAGES = (
    "النص يحتوي على رموز تحكم غير مسموحة",
    "The text holds control characters (such as NUL), which are not allowed",
)


@dataclass
class Checked:
    answers: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)


def check_answers(definition: FormDefinition, answers: dict[str, Any]) -> Checked:
    out = Checked()
    if fields := control_char_fields(answers):  # NUL & co: refused before anything reads them
        out.errors = [_error(f, "control_characters", *CONTROL_MESSAGES) for f in fields]
        return out
    known = {q.name for q in definition.columns()}
    for name in sorted(set(answers) - known):
        out.errors.append(_error(name, "unknown_question", "لا يوجد سؤال بهذا الاسم في هذا الإصدار",
                                 "No question of this name in this form version"))  # fmt: skip
    _Scope(answers, out.answers, out.errors, None, "").section(definition.questions)
    return out


class _Scope:
    """One level of answers: the form's, or one row of a repeat (whose names shadow the form's)."""

    def __init__(
        self,
        raw: dict[str, Any],
        kept: dict[str, Any],
        errors: list[FieldError],
        outer: _Scope | None,
        prefix: str,
    ) -> None:
        self.raw, self.kept, self.errors, self.outer, self.prefix = raw, kept, errors, outer, prefix
        self.ahead: dict[str, Question] = {}  # this level's questions not reached yet

    def resolve(self, name: str) -> Value:
        if name in self.kept:
            return self.kept[name]
        if (q := self.ahead.get(name)) is not None and q.answerable:
            try:  # a later question: its answer as read so far (ODK sees every answer)
                return read_answer(q, self.raw.get(name))
            except AnswerTypeError:
                return None
        return self.outer.resolve(name) if self.outer is not None else None

    def section(self, questions: list[Question], top: bool = True) -> None:
        if top:
            self.ahead = {q.name: q for q in columns_of(questions)}
        for q in questions:
            reached = [q] if q.type != "group" else list(columns_of(q.children or []))
            relevant = not q.relevant or holds(q.relevant, None, self.resolve)
            if not relevant or q.type != "group":
                for done in reached:
                    self.ahead.pop(done.name, None)
            if not relevant:
                continue  # not relevant: ignored, never required
            if q.type == "group":
                self.section(q.children or [], top=False)
            elif q.type == "repeat":
                self.repeat(q)
            elif q.answerable:
                self.question(q)

    def question(self, q: Question) -> None:
        where = self.prefix + q.name
        try:
            value = read_answer(q, self.raw.get(q.name))
        except AnswerTypeError as exc:
            self.errors.append(_error(where, exc.code, exc.message_ar, exc.message_en))
            return
        if value is None:
            if q.required:
                ar = (q.required_message or {}).get("ar") or "هذا السؤال مطلوب"
                en = (q.required_message or {}).get("en") or "This question is required"
                self.errors.append(_error(where, "required", ar, en))
            return
        self.kept[q.name] = value
        if q.constraint and not holds(q.constraint, value, self.resolve):
            del self.kept[q.name]
            ar = (q.constraint_message or {}).get("ar") or "الإجابة لا تحقق شرط السؤال"
            en = (q.constraint_message or {}).get("en") or f"The answer fails: {q.constraint}"
            self.errors.append(_error(where, "constraint_failed", ar, en))

    def repeat(self, q: Question) -> None:
        rows = self.raw.get(q.name)
        if rows in (None, "", []):
            if q.required:
                self.errors.append(_error(self.prefix + q.name, "required", "هذا القسم مطلوب",
                                          "At least one entry is required"))  # fmt: skip
            return
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            self.errors.append(_error(self.prefix + q.name, "invalid_repeat",
                                      "يجب أن تكون الإجابة قائمة من الإدخالات",
                                      "A repeat's answer is a list of objects"))  # fmt: skip
            return
        kept_rows: list[dict[str, Any]] = []
        for index, row in enumerate(rows):
            kept: dict[str, Any] = {}
            prefix = f"{self.prefix}{q.name}[{index}]."
            names = {c.name for c in q.children or []}
            for name in sorted(set(row) - names):
                self.errors.append(_error(prefix + name, "unknown_question",
                                          "لا يوجد سؤال بهذا الاسم في هذا القسم",
                                          "No question of this name in this repeat"))  # fmt: skip
            _Scope(row, kept, self.errors, self, prefix).section(q.children or [])
            kept_rows.append(kept)
        self.kept[q.name] = kept_rows


def _error(field: str, code: str, ar: str, en: str) -> FieldError:
    return FieldError(field=field, code=code, message_ar=ar, message_en=en)
