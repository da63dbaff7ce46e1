"""What the bot answers, as (text, keyboard): a keyboard is rows of (label, callback data), so
the conversation's rules stay free of aiogram. Callback data: ``pick:<field>:<code>``,
``tog:<field>:<code>``, ``done:<field>``, ``skip:<field>``, ``fix:<field>``, ``confirm``,
``restart``."""

from __future__ import annotations

from typing import Any

from adapters.telegram_bot.domain import form
from adapters.telegram_bot.domain.texts import LABELS, PROMPTS, STATUSES, option_label, pick, say

Keyboard = list[list[tuple[str, str]]]
Reply = tuple[str, Keyboard | None]


def question(field: str, lang: str, selected: list[str] | None = None) -> Reply:
    spec = form.FIELDS[field]
    text = pick(PROMPTS[field], lang)
    rows: Keyboard = []
    if spec.kind == "choice":
        rows = _grid([(option_label(field, c, lang), f"pick:{field}:{c}") for c in spec.options])
    elif spec.kind == "multi":
        chosen = selected or []
        rows = _grid(
            [
                (("✓ " if c in chosen else "") + option_label(field, c, lang), f"tog:{field}:{c}")
                for c in spec.options
            ]
        )
        rows.append([(say("done", lang), f"done:{field}")])
        if chosen:
            items = "، ".join(option_label(field, c, lang) for c in chosen)
            text += "\n" + say("chosen", lang, items=items)
    if not spec.required:
        rows.append([(say("skip", lang), f"skip:{field}")])
    return text, rows or None


def invalid(field: str, code: str, message: str, lang: str) -> Reply:
    text, keyboard = question(field, lang)
    return f"⚠️ {message}\n{text}", keyboard


def summary(draft: dict[str, Any], lang: str) -> Reply:
    lines = [say("summary", lang)]
    for spec in form.FORM:
        value = form.display(spec.name, draft.get(spec.name), lang)
        lines.append(f"• {pick(LABELS[spec.name], lang)}: {value}")
    keyboard: Keyboard = [[(say("confirm", lang), "confirm")], [(say("restart", lang), "restart")]]
    return "\n".join(lines), keyboard


def registered(org_id: str, lang: str) -> Reply:
    return say("registered", lang, org_id=org_id), None


def rejected(errors: list[dict[str, Any]], lang: str) -> Reply:
    lines = [say("rejected", lang)]
    keyboard: Keyboard = []
    for error in errors:
        field = error.get("field")
        message = error.get("message_en") if lang == "en" else error.get("message_ar")
        label = pick(LABELS[field], lang) if field in LABELS else (field or "—")
        lines.append(f"• {label}: {message}")
        if field in form.FIELDS and all(row[0][1] != f"fix:{field}" for row in keyboard):
            keyboard.append([(say("fix", lang, label=label), f"fix:{field}")])
    return "\n".join(lines), keyboard or None


def status(row: dict[str, Any] | None, lang: str) -> Reply:
    if row is None:
        return say("no_status", lang), None
    state = row.get("status") or row["outcome"]
    text = say("status", lang, status=pick(STATUSES.get(state, (state, state)), lang))
    if row.get("org_id"):
        text += f"\n{row['org_id']}"
    return text, None


def _grid(buttons: list[tuple[str, str]], width: int = 2) -> Keyboard:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]
