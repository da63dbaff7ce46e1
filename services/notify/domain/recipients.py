"""Who hears about an event, on which channel. Pure functions over event data and read models."""

from __future__ import annotations

from typing import Any

from services.notify.domain.model import Channel, Language, Recipient


def language_of(value: str | None) -> Language:
    return Language.EN if (value or "").lower().startswith("en") else Language.AR


def association_contacts(
    association_id: str,
    email: str | None,
    phone: str | None,
    bot_chat_id: str | None,
    language: str | None,
) -> list[Recipient]:
    """An association hears by email and, if it came through the bot, by bot; SMS only when
    neither is known."""
    who, lang = f"association:{association_id}", language_of(language)
    out = []
    if email:
        out.append(Recipient(who, Channel.EMAIL, email, lang))
    if bot_chat_id:
        out.append(Recipient(who, Channel.BOT, bot_chat_id, lang))
    if not out and phone:
        out.append(Recipient(who, Channel.SMS, phone, lang))
    return out


def submitter(
    submission_id: str,
    channel: str | None,
    email: str | None,
    phone: str | None,
    bot_chat_id: str | None,
    language: str | None,
) -> list[Recipient]:
    """A rejected submission is answered on the channel it came from: bot -> bot message,
    portal -> email (SMS when the portal form gave only a phone)."""
    who, lang = f"submission:{submission_id}", language_of(language)
    if channel == "bot" and bot_chat_id:
        return [Recipient(who, Channel.BOT, bot_chat_id, lang)]
    if email:
        return [Recipient(who, Channel.EMAIL, email, lang)]
    if phone:
        return [Recipient(who, Channel.SMS, phone, lang)]
    if bot_chat_id:
        return [Recipient(who, Channel.BOT, bot_chat_id, lang)]
    return []


def subscribers(rows: list[dict[str, Any]]) -> list[Recipient]:
    return [
        Recipient(
            r["recipient"],
            Channel(r["channel"]),
            r["address"],
            language_of(r["language"]),
            r["subscription_id"],
        )
        for r in rows
    ]


def once_each(recipients: list[Recipient]) -> list[Recipient]:
    """One notification per (recipient, channel): the first one named wins."""
    seen: set[tuple[str, Channel]] = set()
    out = []
    for r in recipients:
        if (r.recipient, r.channel) not in seen:
            seen.add((r.recipient, r.channel))
            out.append(r)
    return out
