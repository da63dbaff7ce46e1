"""Errors of forms and submissions: stable codes, Arabic and English messages."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from shared.errors import ConflictError, NotFoundError, ValidationFailedError


@dataclass(frozen=True)
class SheetError:
    """One problem of an uploaded workbook, where the author can find it."""

    code: str
    message_ar: str
    message_en: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def as_dict(self) -> dict[str, Any]:
        located = asdict(self)
        located["field"] = (
            ":".join(str(p) for p in (self.sheet, self.row, self.column) if p is not None) or None
        )
        return located


class WorkbookInvalidError(ValidationFailedError):
    """The workbook is not a usable XLSForm; ``sheet_errors`` lists every problem found."""

    code = "form_invalid"
    message_ar = "ملف الاستمارة غير صالح"
    message_en = "The XLSForm workbook is not valid"

    def __init__(self, sheet_errors: list[SheetError]) -> None:
        self.sheet_errors = sheet_errors
        first = sheet_errors[0]
        super().__init__(
            f"{first.message_en} ({len(sheet_errors)} problem(s))",
            f"{first.message_ar} (عدد المشكلات: {len(sheet_errors)})",
            field=first.as_dict()["field"],
        )

    def body(self) -> dict[str, Any]:
        out = super().body()
        out["errors"] = [e.as_dict() for e in self.sheet_errors]
        return out


class FormVersionConflictError(ConflictError):
    code = "form_version_conflict"
    message_ar = (
        "هذا الإصدار من الاستمارة موجود بمحتوى مختلف؛ الإصدارات لا تُعدَّل، ارفعه برقم إصدار جديد"
    )
    message_en = (
        "This form version exists with different content; versions are immutable, "
        "upload it under a new version"
    )


class FormNotFoundError(NotFoundError):
    code = "form_not_found"
    message_ar = "الاستمارة أو إصدارها غير موجود"
    message_en = "No such form or form version"


class SubmissionNotFoundError(NotFoundError):
    code = "submission_not_found"
    message_ar = "الاستمارة المرسلة غير موجودة"
    message_en = "No such submission"


class SubmissionInvalidError(ValidationFailedError):
    code = "submission_invalid"
    message_ar = "الإجابات غير صالحة لإصدار الاستمارة"
    message_en = "The answers are not valid for the form version"
