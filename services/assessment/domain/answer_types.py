"""Reading one answer by its question's type, into its normal form: integers as int, decimals as
float, select_multiple as a list of choice names, dates as ISO strings, geopoints as ODK's
``"lat lon [altitude accuracy]"``. Arabic-Indic digits (and the Arabic decimal separator) are
accepted wherever a number is; an empty answer (None, "", []) is None."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from services.assessment.domain.forms import Question
from shared.text import normalise_digits

NOT_A_NUMBER = ("not_a_number", "يجب أن تكون الإجابة رقماً", "The answer must be a number")


class AnswerTypeError(ValueError):
    def __init__(self, code: str, message_ar: str, message_en: str) -> None:
        self.code, self.message_ar, self.message_en = code, message_ar, message_en
        super().__init__(message_en)


def read_answer(q: Question, raw: Any) -> Any:
    if raw is None or raw == "" or raw == []:
        return None
    reader = _READERS[q.type]
    return reader(q, raw)


def _number_text(raw: Any) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise AnswerTypeError(
            "not_a_number", "يجب أن تكون الإجابة رقماً", "The answer must be a number"
        )
    return normalise_digits(str(raw)).replace("٫", ".").replace("٬", "").strip()


def _integer(q: Question, raw: Any) -> int:
    text = _number_text(raw)
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number != int(number):
        raise AnswerTypeError("not_an_integer", "يجب أن تكون الإجابة عدداً صحيحاً",
                              "The answer must be a whole number")  # fmt: skip
    return int(number)


def _decimal(q: Question, raw: Any) -> float:
    try:
        number = float(_number_text(raw))
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise AnswerTypeError(
            "not_a_number", "يجب أن تكون الإجابة رقماً", "The answer must be a number"
        )
    return number


def _text(q: Question, raw: Any) -> str:
    if isinstance(raw, float) and not math.isfinite(raw):
        raise AnswerTypeError(*NOT_A_NUMBER)
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise AnswerTypeError("not_text", "يجب أن تكون الإجابة نصاً", "The answer must be text")
    return str(raw)


def _choice(q: Question, raw: Any) -> str:
    name = normalise_digits(str(raw)).strip() if isinstance(raw, str | int) else None
    if name is None or name not in q.choice_names():
        raise AnswerTypeError("not_a_choice", "الإجابة ليست من خيارات السؤال",
                              f"Not one of the choices of {q.list_name!r}")  # fmt: skip
    return name


def _choices(q: Question, raw: Any) -> list[str] | None:
    items = raw.split() if isinstance(raw, str) else raw
    if not isinstance(items, list):
        raise AnswerTypeError("not_a_choice", "يجب أن تكون الإجابة قائمة خيارات",
                              "The answer must be a list of choices")  # fmt: skip
    names = [_choice(q, item) for item in items]
    if len(set(names)) != len(names):
        raise AnswerTypeError("choice_repeated", "خيار مكرر في الإجابة", "A choice is repeated")
    return names or None


def _date(q: Question, raw: Any) -> str:
    try:
        return date.fromisoformat(normalise_digits(str(raw)).strip()).isoformat()
    except ValueError:
        raise AnswerTypeError("not_a_date", "يجب أن يكون التاريخ بالصيغة YYYY-MM-DD",
                              "The answer must be a date, YYYY-MM-DD") from None  # fmt: skip


def _geopoint(q: Question, raw: Any) -> str:
    if isinstance(raw, dict):
        raw = [raw.get(k) for k in ("latitude", "longitude", "altitude", "accuracy") if k in raw]
    parts = raw if isinstance(raw, list) else normalise_digits(str(raw)).split()
    try:
        numbers = [float(p) for p in parts]
    except (TypeError, ValueError):
        numbers = []
    if not 2 <= len(numbers) <= 4 or not (-90 <= numbers[0] <= 90 and -180 <= numbers[1] <= 180):
        raise AnswerTypeError("not_a_geopoint", "الموقع يجب أن يكون خط عرض وخط طول",
                              "The answer must be a latitude and a longitude")  # fmt: skip
    return " ".join(format(n, "g") for n in numbers)


_READERS = {
    "integer": _integer,
    "decimal": _decimal,
    "text": _text,
    "select_one": _choice,
    "select_multiple": _choices,
    "date": _date,
    "geopoint": _geopoint,
}
