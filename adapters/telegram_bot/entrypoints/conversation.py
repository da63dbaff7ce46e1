"""The registration conversation (aiogram router, private chats). State per chat in the FSM
(PostgreSQL): ``reg:ask`` (data ``field`` is being asked), ``reg:confirm`` (the summary),
``reg:waiting`` (sent, answer pending). Data: ``lang``, ``draft`` (checked answers),
``selected`` (codes toggled for a multi-choice field), ``fixing`` (a rejected field being
corrected: back to the summary after it)."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from adapters.telegram_bot.adapters.telegram import markup
from adapters.telegram_bot.domain import form, replies
from adapters.telegram_bot.domain.checks import FieldError
from adapters.telegram_bot.domain.texts import say
from adapters.telegram_bot.service_layer import handlers
from adapters.telegram_bot.service_layer.views import BotViews
from shared.messaging.consumer import UowFactory

ASK, CONFIRM, WAITING = "reg:ask", "reg:confirm", "reg:waiting"


async def _say(bot: Bot, chat_id: int, reply: replies.Reply) -> None:
    text, keyboard = reply
    await bot.send_message(chat_id, text, reply_markup=markup(keyboard))


async def _ask(
    bot: Bot, chat_id: int, state: FSMContext, field: str, before: str = "", **data: Any
) -> None:
    """Ask ``field`` (after ``before``, in the same message: one send, not two)."""
    await state.update_data(field=field, selected=[], **data)
    await state.set_state(ASK)
    lang = (await state.get_data()).get("lang", "ar")
    text, keyboard = replies.question(field, lang)
    await _say(bot, chat_id, (f"{before}\n\n{text}" if before else text, keyboard))


async def _answered(bot: Bot, chat_id: int, state: FSMContext, field: str, value: Any) -> None:
    """Keep the answer; ask the next field, or show the summary."""
    data = await state.get_data()
    draft = {**data.get("draft", {}), field: value}
    following = None if data.get("fixing") else form.after(field)
    await state.update_data(draft=draft)
    if following is not None:
        await _ask(bot, chat_id, state, following)
        return
    await state.update_data(fixing=False)
    await state.set_state(CONFIRM)
    await _say(bot, chat_id, replies.summary(draft, data.get("lang", "ar")))


async def _start(bot: Bot, chat_id: int, state: FSMContext) -> None:
    lang = (await state.get_data()).get("lang", "ar")
    await state.set_data({"lang": lang, "draft": {}, "fixing": False})
    await _ask(bot, chat_id, state, form.first(), before=say("welcome", lang))


async def _invalid(bot: Bot, chat_id: int, state: FSMContext, field: str, exc: FieldError) -> None:
    lang = (await state.get_data()).get("lang", "ar")
    await _say(
        bot, chat_id, replies.invalid(field, exc.code, exc.en if lang == "en" else exc.ar, lang)
    )


def make_router() -> Router:
    router = Router(name="registration")
    router.message.filter(F.chat.type == "private")

    @router.message(Command("start"))
    async def on_start(message: Message, bot: Bot, state: FSMContext) -> None:
        await _start(bot, message.chat.id, state)

    @router.message(Command("en", "ar"))
    async def on_language(message: Message, bot: Bot, state: FSMContext) -> None:
        lang = "en" if (message.text or "").startswith("/en") else "ar"
        await state.update_data(lang=lang)
        data = await state.get_data()
        if await state.get_state() == ASK:
            await _say(
                bot, message.chat.id, replies.question(data["field"], lang, data.get("selected"))
            )
        elif await state.get_state() == CONFIRM:
            await _say(bot, message.chat.id, replies.summary(data.get("draft", {}), lang))
        else:
            await _say(bot, message.chat.id, (say("welcome", lang), None))

    @router.message(Command("status"))
    async def on_status(message: Message, bot: Bot, state: FSMContext, views: BotViews) -> None:
        lang = (await state.get_data()).get("lang", "ar")
        row = await views.latest_submission(message.chat.id)
        await _say(bot, message.chat.id, replies.status(row, lang))

    @router.message(StateFilter(ASK), F.text)
    async def on_answer(message: Message, bot: Bot, state: FSMContext) -> None:
        field = (await state.get_data())["field"]
        try:
            value = form.accept(field, message.text or "")
        except FieldError as exc:
            await _invalid(bot, message.chat.id, state, field, exc)
            return
        await _answered(bot, message.chat.id, state, field, value)

    @router.message()
    async def on_other(message: Message, bot: Bot, state: FSMContext) -> None:
        data = await state.get_data()
        if await state.get_state() == CONFIRM:
            await _say(
                bot, message.chat.id, replies.summary(data.get("draft", {}), data.get("lang", "ar"))
            )
        elif await state.get_state() == WAITING:
            await _say(bot, message.chat.id, (say("waiting", data.get("lang", "ar")), None))
        else:
            await _start(bot, message.chat.id, state)

    router.callback_query.register(on_button)
    return router


async def on_button(
    query: CallbackQuery, bot: Bot, state: FSMContext, uow_factory: UowFactory
) -> None:
    """Every inline button: ``verb[:field[:code]]`` (see :mod:`..domain.replies`)."""
    await query.answer()
    chat_id = query.from_user.id
    verb, _, rest = (query.data or "").partition(":")
    field, _, code = rest.partition(":")
    data = await state.get_data()
    asking = await state.get_state() == ASK and data.get("field") == field
    try:
        if verb == "pick" and asking:
            await _answered(bot, chat_id, state, field, form.pick(field, code))
        elif verb == "tog" and asking:
            selected = form.toggle(data.get("selected", []), form.pick(field, code))
            await state.update_data(selected=selected)
            await _say(bot, chat_id, replies.question(field, data.get("lang", "ar"), selected))
        elif verb == "done" and asking:
            await _answered(
                bot, chat_id, state, field, form.finish_multi(field, data.get("selected", []))
            )
        elif verb == "skip" and asking and not form.FIELDS[field].required:
            await _answered(bot, chat_id, state, field, None)
        elif verb == "fix" and field in form.FIELDS and await state.get_state() == WAITING:
            await _ask(bot, chat_id, state, field, fixing=True)
        elif verb == "confirm" and await state.get_state() == CONFIRM:
            await _submit(bot, chat_id, state, uow_factory, data)
        elif verb == "restart":
            await _start(bot, chat_id, state)
    except FieldError as exc:
        await _invalid(bot, chat_id, state, field, exc)


async def _submit(
    bot: Bot, chat_id: int, state: FSMContext, uow_factory: UowFactory, data: dict[str, Any]
) -> None:
    lang = data.get("lang", "ar")
    cmd = handlers.SubmitRegistration(chat_id, lang, form.submission(data.get("draft", {})))
    async with uow_factory() as uow:
        await handlers.submit_registration(cmd, uow)  # type: ignore[arg-type]
    await state.set_state(WAITING)
    await _say(bot, chat_id, (say("sent", lang), None))
