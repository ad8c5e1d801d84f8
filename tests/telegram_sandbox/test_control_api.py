"""The control API and its client: simulated users, the conversation, the change feed, stats and reset."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from sandbox.telegram.client import SandboxError, TelegramSandboxClient
from sandbox.telegram.config import TelegramSandboxSettings
from sandbox.telegram.server import RunningSandbox
from tests.telegram_sandbox.conftest import ECHO_TOKEN, MAIN_TOKEN, make_settings


@pytest.fixture
async def telegram(sandbox: RunningSandbox) -> AsyncIterator[TelegramSandboxClient]:
    async with TelegramSandboxClient(sandbox.url) as client:
        yield client


async def started_user(telegram: TelegramSandboxClient, name: str = "Олена", **fields: str) -> int:
    user = await telegram.create_user(name, **fields)
    await telegram.send_text(user["id"], "/start")
    return int(user["id"])


async def test_users_are_created_with_growing_ids_and_validated(telegram: TelegramSandboxClient) -> None:
    first = await telegram.create_user("Олена", last_name="Коваль", phone_number="+380501234567")
    second = await telegram.create_user("Іван", username="ivan_petrenko", language_code="en")
    assert second["id"] == first["id"] + 1
    assert first == {
        "id": first["id"],
        "is_bot": False,
        "first_name": "Олена",
        "last_name": "Коваль",
        "language_code": "uk",
        "phone_number": "+380501234567",
    }
    assert [u["id"] for u in await telegram.users()] == [first["id"], second["id"]]
    with pytest.raises(SandboxError) as refused:
        await telegram.create_user("Х", phone_number="not a phone")
    assert refused.value.status_code == 422


async def test_actions_need_a_bot_and_a_known_user(telegram: TelegramSandboxClient, bot: Bot) -> None:
    with pytest.raises(SandboxError) as unknown:
        await telegram.send_text(999, "hello")
    assert unknown.value.status_code == 404


async def test_actions_before_any_bot_connected_are_refused(telegram: TelegramSandboxClient) -> None:
    user = await telegram.create_user("Олена")
    with pytest.raises(SandboxError) as refused:
        await telegram.send_text(user["id"], "/start")
    assert refused.value.status_code == 409 and "no bot" in refused.value.detail


async def test_buttons_must_exist_to_be_pressed(telegram: TelegramSandboxClient, bot: Bot) -> None:
    user_id = await started_user(telegram)
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Так", callback_data="yes")]])
    sent = await bot.send_message(user_id, "Питання", reply_markup=markup)
    with pytest.raises(SandboxError) as wrong_data:
        await telegram.press_button(user_id, sent.message_id, "no")
    assert wrong_data.value.status_code == 400
    with pytest.raises(SandboxError) as no_such:
        await telegram.press_button_by_text(user_id, "Ні")
    assert no_such.value.status_code == 404
    with pytest.raises(SandboxError):
        await telegram.press_reply_button(user_id, "Так")
    pressed = await telegram.press_button(user_id, sent.message_id, "yes")
    assert pressed["update_id"] is not None and pressed["callback_query_id"]


async def test_reply_keyboard_buttons_send_text_contact_or_location(telegram: TelegramSandboxClient, bot: Bot) -> None:
    user_id = await started_user(telegram, phone_number="+380501234567")
    keyboard = ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text="📍 Де я", request_location=True), KeyboardButton(text="Меню")],
            [KeyboardButton(text="📱 Номер", request_contact=True)],
        ],
        one_time_keyboard=True,
    )
    await bot.send_message(user_id, "Оберіть", reply_markup=keyboard)

    with pytest.raises(SandboxError) as no_place:
        await telegram.press_reply_button(user_id, "📍 Де я")
    assert no_place.value.status_code == 400
    located = await telegram.press_reply_button(user_id, "📍 Де я", latitude=49.8397, longitude=24.0297)
    assert located["message"]["location"] == {"latitude": 49.8397, "longitude": 24.0297}
    # A one-time keyboard folds away after a press but stays available.
    assert (await telegram.chat(user_id))["reply_keyboard_collapsed"] is True
    assert (await telegram.press_reply_button(user_id, "Меню"))["message"]["text"] == "Меню"
    contact = (await telegram.press_reply_button(user_id, "📱 Номер"))["message"]["contact"]
    assert contact["user_id"] == user_id and contact["phone_number"] == "+380501234567"


async def test_deep_links_start_the_bot_with_a_payload_and_unblock_it(
    telegram: TelegramSandboxClient, bot: Bot
) -> None:
    user_id = await started_user(telegram)
    await telegram.block(user_id)
    opened = await telegram.open_deep_link(user_id, "t.me/ehealth_cabinet_bot?start=doc_42")
    message = opened["message"]
    assert message["text"] == "/start doc_42"
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert (await telegram.chat(user_id))["blocked"] is False
    updates = await bot.get_updates()
    assert [u.my_chat_member is not None for u in updates][-2:] == [True, False]

    with pytest.raises(SandboxError) as other_bot:
        await telegram.open_deep_link(user_id, "https://t.me/some_other_bot?start=x")
    assert other_bot.value.status_code == 400


async def test_the_conversation_reflects_edits_and_deletions(telegram: TelegramSandboxClient, bot: Bot) -> None:
    user_id = await started_user(telegram)
    kept = await bot.send_message(user_id, "Перше")
    gone = await bot.send_message(user_id, "Друге")
    await bot.edit_message_text("Перше, <i>виправлене</i>", chat_id=user_id, message_id=kept.message_id)
    await bot.delete_message(user_id, gone.message_id)

    conversation = await telegram.messages(user_id)
    assert [(m["direction"], m["text"]) for m in conversation] == [("user", "/start"), ("bot", "Перше, виправлене")]
    assert conversation[1]["entities"] == [{"type": "italic", "offset": 7, "length": 10}]
    assert (await telegram.last_bot_message(user_id) or {}).get("message_id") == kept.message_id


async def test_waiting_for_the_bot_uses_the_event_feed(telegram: TelegramSandboxClient, bot: Bot) -> None:
    user_id = await started_user(telegram)
    cursor = (await telegram.events())["last_seq"]

    async def reply_later() -> None:
        await asyncio.sleep(0.2)
        await bot.send_chat_action(user_id, "typing")
        await bot.send_message(user_id, "Відповідь")

    replying = asyncio.create_task(reply_later())
    message = await telegram.wait_for_bot_message(user_id, timeout=5, predicate=lambda m: m["text"] == "Відповідь")
    await replying
    assert message["direction"] == "bot"
    kinds = [e["kind"] for e in (await telegram.events(cursor))["events"]]
    assert kinds == ["chat_action", "message"]
    # Without after_message_id the reply to the user's last message counts, even if it came earlier.
    assert (await telegram.wait_for_bot_message(user_id, timeout=0.3))["message_id"] == message["message_id"]
    with pytest.raises(TimeoutError):
        await telegram.wait_for_bot_message(user_id, after_message_id=message["message_id"], timeout=0.3)


async def test_inline_answers_are_cached_for_cache_time(telegram: TelegramSandboxClient, bot: Bot) -> None:
    user_id = await started_user(telegram)
    asked = await telegram.send_inline_query(user_id, "терапевт")
    assert asked["update_id"] is not None and asked["cached"] is False
    await bot.answer_inline_query(asked["inline_query_id"], results=[], cache_time=300)

    again = await telegram.send_inline_query(user_id, "терапевт")
    # Telegram serves the cached answer itself: no update reaches the bot.
    assert again["update_id"] is None and again["cached"] is True
    answer = await telegram.inline_answer(again["inline_query_id"], timeout=0)
    assert answer["results"] == [] and answer["cache_time"] == 300
    other = await telegram.send_inline_query(user_id, "педіатр")
    assert other["cached"] is False


async def test_stats_and_reset(telegram: TelegramSandboxClient, bot: Bot) -> None:
    user_id = await started_user(telegram)
    await bot.send_message(user_id, "Привіт")
    stats = await telegram.stats()
    counters = stats["bots"][str(bot.id)]
    assert stats["users"] == 1
    assert counters["messages_sent"] == 1 and counters["methods"]["sendMessage"] == 1
    assert counters["updates_queued"] == 1 and counters["pending_updates"] == 1

    await telegram.reset()
    assert await telegram.users() == []
    assert [b["id"] for b in await telegram.bots()] == [bot.id]
    newcomer = await telegram.create_user("Нова")
    assert newcomer["id"] > user_id  # ids are never reused, so a running bot's state cannot mix users up
    assert (await telegram.stats())["bots"][str(bot.id)]["messages_sent"] == 0


async def test_bots_are_isolated(
    telegram: TelegramSandboxClient, bot: Bot, make_bot: Callable[[str], Bot], sandbox: RunningSandbox
) -> None:
    echo = make_bot(ECHO_TOKEN)
    await echo.get_me()
    user = await telegram.create_user("Олена")
    async with TelegramSandboxClient(sandbox.url, bot_id=echo.id) as echo_side:
        await echo_side.send_text(user["id"], "до ехо-бота")
        assert [m["text"] for m in await echo_side.messages(user["id"])] == ["до ехо-бота"]
    assert await telegram.messages(user["id"]) == []
    assert await bot.get_updates() == []
    echo_updates = await echo.get_updates()
    assert [u.message.text for u in echo_updates if u.message] == ["до ехо-бота"]
    with pytest.raises(Exception, match="bot can't initiate conversation"):
        await bot.send_message(user["id"], "Я не знайомий")


async def test_a_link_button_to_the_bot_opens_it_with_the_payload(telegram: TelegramSandboxClient, bot: Bot) -> None:
    user_id = await started_user(telegram)
    link = InlineKeyboardButton(text="Записатися", url="https://t.me/ehealth_cabinet_bot?start=doc_5")
    await bot.send_message(user_id, "Лікар", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[link]]))
    opened = await telegram.press_button_by_text(user_id, "Записатися")
    assert opened["message"]["text"] == "/start doc_5"


@pytest.mark.parametrize("settings", [make_settings(inline_feedback=True)])
async def test_inline_messages_are_edited_by_inline_message_id(
    settings: TelegramSandboxSettings, telegram: TelegramSandboxClient, bot: Bot, sandbox: RunningSandbox
) -> None:
    user_id = await started_user(telegram)
    asked = await telegram.send_inline_query(user_id, "лікар")
    buttons = {"inline_keyboard": [[{"text": "Деталі", "callback_data": "details"}]]}
    result = {
        "type": "article",
        "id": "doc_1",
        "title": "Лікар",
        "reply_markup": buttons,
        "input_message_content": {"message_text": "Лікар Іваненко"},
    }
    async with httpx.AsyncClient(base_url=f"{sandbox.url}/bot{MAIN_TOKEN}") as raw:
        answered = await raw.post(
            "/answerInlineQuery", json={"inline_query_id": asked["inline_query_id"], "results": [result]}
        )
        assert answered.json()["ok"] is True
        picked = await telegram.pick_inline_result(user_id, asked["inline_query_id"], "doc_1")
        updates = await bot.get_updates()
        chosen = next(u.chosen_inline_result for u in updates if u.chosen_inline_result)
        inline_message_id = chosen.inline_message_id
        assert inline_message_id and chosen.result_id == "doc_1"

        # A button under a message sent through inline mode reports the inline message, not the message.
        pressed = await telegram.press_button(user_id, picked["message"]["message_id"], "details")
        query = next(u.callback_query for u in await bot.get_updates(offset=pressed["update_id"]) if u.callback_query)
        assert query.message is None and query.inline_message_id == inline_message_id

        edited = await raw.post(
            "/editMessageText", json={"inline_message_id": inline_message_id, "text": "Лікар Іваненко, терапевт"}
        )
        assert edited.json() == {"ok": True, "result": True}
    assert (await telegram.messages(user_id))[-1]["text"] == "Лікар Іваненко, терапевт"
