"""Questionnaires: a form's versions, each an immutable definition read from an XLSForm (no I/O).

The definition is what the portal renders and what submissions are validated against: every
question with its type, Arabic and English labels, required, relevance, constraint (with its
messages), choices, and groups and repeats nested with their children. It is stored as JSON and
served as is (docs/services/assessment.md, "Form definition").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class FormKind(StrEnum):
    NEEDS = "needs"
    CAPACITY = "capacity"
    CHALLENGES = "challenges"
    SURVEY = "survey"


QuestionType = Literal[
    "integer",
    "decimal",
    "text",
    "select_one",
    "select_multiple",
    "date",
    "geopoint",
    "note",
    "group",
    "repeat",
]
SECTION_TYPES = ("group", "repeat")
SELECT_TYPES = ("select_one", "select_multiple")
Labels = dict[str, str]
"""Text per language code: ``{"ar": "...", "en": "..."}`` (Arabic always present)."""


class Choice(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    label: Labels


class Question(BaseModel):
    """A question, or a group / repeat holding ``children``."""

    model_config = ConfigDict(frozen=True)

    name: str
    type: QuestionType
    label: Labels = Field(default_factory=dict)
    hint: Labels | None = None
    required: bool = False
    required_message: Labels | None = None
    relevant: str | None = Field(default=None, description="XLSForm relevance expression")
    constraint: str | None = Field(default=None, description="XLSForm constraint expression")
    constraint_message: Labels | None = None
    appearance: str | None = None
    hxl: str | None = Field(default=None, description="HXL hashtag of the column, e.g. #affected")
    list_name: str | None = None
    choices: list[Choice] | None = None
    children: list[Question] | None = None

    @property
    def is_section(self) -> bool:
        return self.type in SECTION_TYPES

    @property
    def answerable(self) -> bool:
        return not self.is_section and self.type != "note"

    def choice_names(self) -> set[str]:
        return {c.name for c in self.choices or ()}


class FormDefinition(BaseModel):
    model_config = ConfigDict(frozen=True)

    form_id: str
    version: str
    kind: FormKind
    title: str
    default_language: str = "ar"
    demo: bool = False
    questions: list[Question]

    def digest(self) -> str:
        """Identity of the content: two uploads of one version must have the same hash."""
        canonical = json.dumps(
            self.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    def columns(self) -> Iterator[Question]:
        """Answerable questions outside repeats, and repeats themselves, in form order: one
        export column each (a repeat's answers are one column, a list of rows)."""
        yield from columns_of(self.questions)

    def question(self, name: str) -> Question | None:
        return next((q for q in walk(self.questions) if q.name == name), None)


def walk(questions: list[Question]) -> Iterator[Question]:
    """Every question, group and repeat, depth first."""
    for q in questions:
        yield q
        if q.children:
            yield from walk(q.children)


def columns_of(questions: list[Question]) -> Iterator[Question]:
    """The answerable questions and repeats of one level (groups opened, repeats not)."""
    for q in questions:
        if q.type == "group":
            yield from columns_of(q.children or [])
        elif q.type == "repeat" or q.answerable:
            yield q
