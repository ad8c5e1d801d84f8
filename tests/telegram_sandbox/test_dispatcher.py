"""A real aiogram Dispatcher polling the sandbox, driven by simulated users through the control client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from sandbox.telegram.client import TelegramSandboxClient
from sandbox.telegram.server import RunningSandbox

DOCTORS = [f"Лікар {i}" for i in range(1, 8)]
PAGE = 3


def demo_router() -> Router:
    router = Router()

    @router.message(CommandStart(deep_link=True))
    async def start_with_payload(message: Message, command: CommandObject) -> None:
        await message.answer(f"Відкрито: <code>{command.args}</code>")

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        assert message.from_user is not None
        consent = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Погоджуюсь", callback_data="ok")]])
        await message.answer(f"Вітаємо, <b>{message.from_user.first_name}</b>!", reply_markup=consent)

    @router.callback_query(F.data == "ok")
    async def consent_given(query: CallbackQuery) -> None:
        await query.answer("Дякуємо!")
        assert isinstance(query.message, Message)
        await query.message.edit_text("Згоду отримано ✅")
        phone = ReplyKeyboardMarkup(
            keyboard=[[KeyboardButton(text="Поділитися номером", request_contact=True)]], resize_keyboard=True
        )
        await query.message.answer("Поділіться, будь ласка, номером телефону", reply_markup=phone)

    @router.message(F.contact)
    async def contact(message: Message) -> None:
        assert message.contact is not None and message.from_user is not None
        own = message.contact.user_id == message.from_user.id
        text = "Номер підтверджено" if own else "Це не ваш номер"
        await message.answer(text, reply_markup=ReplyKeyboardRemove() if own else None)

    @router.message(Command("help"))
    async def help_command(message: Message) -> None:
        await message.answer("Довідка")

    @router.inline_query()
    async def search(query: InlineQuery) -> None:
        start = int(query.offset or 0)
        found = [d for d in DOCTORS if query.query.lower() in d.lower()]
        page = found[start : start + PAGE]
        results = [
            InlineQueryResultArticle(
                id=f"doc_{start + i}",
                title=name,
                description="Терапевт",
                input_message_content=InputTextMessageContent(message_text=f"<b>{name}</b>"),
            )
            for i, name in enumerate(page)
        ]
        next_offset = str(start + PAGE) if start + PAGE < len(found) else ""
        await query.answer(results, cache_time=0, is_personal=True, next_offset=next_offset)

    @router.message(F.via_bot)
    async def picked(message: Message) -> None:
        await message.answer(f"Ви обрали: {message.text}")

    return router


@pytest.fixture
async def polling_bot(sandbox: RunningSandbox, bot: Bot) -> AsyncIterator[Bot]:
    dispatcher = Dispatcher()
    dispatcher.include_router(demo_router())
    polling = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, polling_timeout=5))
    yield bot
    await dispatcher.stop_polling()
    await asyncio.wait_for(polling, 10)


@pytest.fixture
async def telegram(sandbox: RunningSandbox) -> AsyncIterator[TelegramSandboxClient]:
    async with TelegramSandboxClient(sandbox.url) as client:
        yield client


async def test_a_patient_goes_through_start_consent_and_phone(
    polling_bot: Bot, telegram: TelegramSandboxClient
) -> None:
    user = await telegram.create_user("Олена", phone_number="+380501234567")
    await telegram.send_text(user["id"], "/start")
    greeting = await telegram.wait_for_bot_message(user["id"])
    assert greeting["text"] == "Вітаємо, Олена!"
    assert greeting["entities"] == [{"type": "bold", "offset": 9, "length": 5}]

    pressed = await telegram.press_button_by_text(user["id"], "Погоджуюсь")
    answer = await telegram.callback_answer(pressed["callback_query_id"])
    assert answer["text"] == "Дякуємо!" and answer["show_alert"] is False
    edited = await telegram.wait_for_edit(user["id"], greeting["message_id"], predicate=lambda m: "Згоду" in m["text"])
    assert edited["text"] == "Згоду отримано ✅" and "reply_markup" not in edited and "edit_date" in edited

    await telegram.wait_for_bot_message(user["id"], after_message_id=greeting["message_id"])
    chat = await telegram.chat(user["id"])
    assert chat["reply_keyboard"]["keyboard"] == [[{"text": "Поділитися номером", "request_contact": True}]]

    shared = await telegram.press_reply_button(user["id"], "Поділитися номером")
    assert shared["message"]["contact"] == {
        "phone_number": "+380501234567",
        "first_name": "Олена",
        "user_id": user["id"],
    }
    confirmed = await telegram.wait_for_bot_message(user["id"])
    assert confirmed["text"] == "Номер підтверджено"
    assert (await telegram.chat(user["id"]))["reply_keyboard"] is None

    await telegram.share_contact(user["id"], phone_number="+380671112233", first_name="Сусід")
    assert (await telegram.wait_for_bot_message(user["id"]))["text"] == "Це не ваш номер"


async def test_deep_links_commands_and_inline_mode(polling_bot: Bot, telegram: TelegramSandboxClient) -> None:
    user = await telegram.create_user("Петро")
    await telegram.open_deep_link(user["id"], "https://t.me/ehealth_cabinet_bot?start=doc_42")
    opened = await telegram.wait_for_bot_message(user["id"])
    assert opened["text"] == "Відкрито: doc_42"

    await telegram.send_text(user["id"], "/help")
    assert (await telegram.wait_for_bot_message(user["id"]))["text"] == "Довідка"

    first = await telegram.inline_query(user["id"], "лікар")
    assert [r["title"] for r in first["results"]] == DOCTORS[:3] and first["next_offset"] == "3"
    last = await telegram.inline_query(user["id"], "лікар", offset="6")
    assert [r["title"] for r in last["results"]] == DOCTORS[6:] and last["next_offset"] == ""

    picked = await telegram.pick_inline_result(user["id"], first["inline_query_id"], "doc_1")
    assert picked["message"]["text"] == "Лікар 2" and picked["message"]["via_bot"]["username"] == "ehealth_cabinet_bot"
    reply = await telegram.wait_for_bot_message(user["id"])
    assert reply["text"] == "Ви обрали: Лікар 2"

    stats = (await telegram.stats())["bots"][str(polling_bot.id)]
    assert stats["messages_sent"] == 3 and stats["methods"]["answerInlineQuery"] == 2
    assert stats["updates_delivered"] >= 5
