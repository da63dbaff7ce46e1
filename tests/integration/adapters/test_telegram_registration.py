"""A registration by Telegram chat, from /start to the org id, against the real registry on this
test's bus and a Telegram Bot API stand-in; the answers checked on the way, the chat's state
kept in the bot's schema."""

from __future__ import annotations

from shared.events.intake import AssociationRegistrationSubmitted
from tests.integration.adapters.conftest import Chat
from tests.support.services import running

SUBMITTED = "intake.registration.submitted.v1"
REGISTERED = "registry.association.registered.v1"


def arabic_digits(number: str) -> str:
    return "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in number)


async def answer_all(chat: Chat, telegram, number: str) -> None:
    """Every field after the Arabic name, buttons where the bot offers them."""
    await chat.press("skip:name_en")
    await chat.say(arabic_digits(number))
    await chat.press("pick:legal_form:association")
    await chat.press("pick:centre:edfu")
    for sector in ("health", "education"):
        await chat.press(f"tog:sectors:{sector}")
    await chat.press("done:sectors")
    await chat.press("tog:centres_served:edfu")
    await chat.press("tog:centres_served:daraw")
    await chat.press("done:centres_served")
    await chat.say("٠١٠ ١٢٣٤ ٥٦٧٨")
    await chat.press("skip:contact_email")


async def test_whole_conversation_ends_with_the_org_id(
    bot_app, registry_app, telegram, bus, chat_id, number
):
    submitted = await bus.capture(SUBMITTED)
    registered = await bus.capture(REGISTERED)
    reg = number()
    async with running(registry_app), running(bot_app) as client:
        chat = Chat(client, chat_id)
        await chat.say("/start")
        assert "اسم الجمعية بالعربية" in telegram.messages(chat_id)[-1]["text"]
        await chat.say("Hope")  # not Arabic: asked again
        assert "الاسم بالعربية مطلوب" in telegram.messages(chat_id)[-1]["text"]
        await chat.say("جمعية الأمل للتنمية")
        await chat.press("skip:name_en")
        await chat.say("12ab")
        assert "أرقام فقط" in telegram.messages(chat_id)[-1]["text"]
        await chat.say(arabic_digits(reg))
        legal = telegram.messages(chat_id)[-1]
        assert "pick:legal_form:foundation" in legal["buttons"]
        await chat.press("pick:legal_form:association")
        await chat.press("pick:centre:edfu")
        await chat.press("tog:sectors:health")
        await chat.press("tog:sectors:education")
        assert "الصحة" in telegram.messages(chat_id)[-1]["text"]  # chosen so far, shown
        await chat.press("done:sectors")
        await chat.press("tog:centres_served:edfu")
        await chat.press("done:centres_served")
        await chat.say("٠١٠ ١٢٣٤ ٥٦٧٨")
        await chat.press("skip:contact_email")
        summary = telegram.messages(chat_id)[-1]
        assert reg in summary["text"] and "الصحة" in summary["text"] and "إدفو" in summary["text"]
        assert summary["buttons"] == ["confirm", "restart"]
        await chat.press("confirm")
        answer = await telegram.wait_for(chat_id, f"EG-MOSS-{reg}")
        await chat.say("/status")
        status = telegram.messages(chat_id)[-1]["text"]
    [event] = submitted.events()
    assert event["source"] == "/aswan/bot"
    data = AssociationRegistrationSubmitted.model_validate(event["data"])
    assert data.registration_number == reg and data.channel == "bot"
    assert data.bot_chat_id == str(chat_id)
    assert data.sectors == ["education", "health"] and data.centres_served == ["edfu"]
    assert data.contact_phone == "+201012345678"
    [done] = registered.events()
    assert done["data"]["submission_id"] == event["id"]
    assert "تم تسجيل الجمعية" in answer["text"]
    assert "في انتظار التحقق" in status and f"EG-MOSS-{reg}" in status


async def test_rejected_registration_is_corrected_field_by_field(
    bot_app, registry_app, telegram, bus, chat_id, number
):
    registered = await bus.capture(REGISTERED)
    taken, fresh = number(), number()
    async with running(registry_app), running(bot_app) as client:
        first = Chat(client, chat_id + 1)  # another chat registers the number first
        await first.say("/start")
        await first.say("جمعية سابقة بنفس الرقم")
        await answer_all(first, telegram, taken)
        await first.press("confirm")
        await telegram.wait_for(first.id, f"EG-MOSS-{taken}")

        chat = Chat(client, chat_id)
        await chat.say("/start")
        await chat.say("جمعية النور الجديدة")
        await answer_all(chat, telegram, taken)
        await chat.press("confirm")
        rejected = await telegram.wait_for(chat_id, "لم يُقبل الطلب")
        assert "رقم الإشهار" in rejected["text"]
        assert rejected["buttons"] == ["fix:registration_number"]
        await chat.press("fix:registration_number")
        assert "رقم الإشهار" in telegram.messages(chat_id)[-1]["text"]
        await chat.say(fresh)
        summary = telegram.messages(chat_id)[-1]  # straight back to the summary
        assert fresh in summary["text"] and "جمعية النور الجديدة" in summary["text"]
        await chat.press("confirm")
        await telegram.wait_for(chat_id, f"EG-MOSS-{fresh}")
    numbers = [e["data"]["registration_number"] for e in registered.events()]
    assert sorted(numbers) == sorted([taken, fresh])


async def test_conversation_survives_a_restart_of_the_adapter(
    bot_settings, registry_app, telegram, chat_id, number
):
    from adapters.telegram_bot.bootstrap import build

    reg = number()
    async with running(build(bot_settings())) as client:
        chat = Chat(client, chat_id)
        await chat.say("/en")
        await chat.say("/start")
        await chat.say("جمعية الصمود")
        await chat.press("skip:name_en")
        await chat.say(reg)
        assert "legal form" in telegram.messages(chat_id)[-1]["text"]
    async with running(registry_app), running(build(bot_settings())) as client:
        chat = Chat(client, chat_id)
        await chat.press("pick:legal_form:foundation")  # the same question, after the restart
        assert "centre" in telegram.messages(chat_id)[-1]["text"]
        await chat.press("pick:centre:aswan")
        await chat.press("tog:sectors:women")
        await chat.press("done:sectors")
        await chat.press("skip:centres_served")
        await chat.press("skip:contact_phone")
        await chat.say("INFO@Example.org")
        summary = telegram.messages(chat_id)[-1]["text"]
        assert "جمعية الصمود" in summary and reg in summary and "Foundation" in summary
        assert "info@example.org" in summary
        await chat.press("confirm")
        answer = await telegram.wait_for(chat_id, f"EG-MOSS-{reg}")
    assert "is registered" in answer["text"]  # English, as chosen before the restart
