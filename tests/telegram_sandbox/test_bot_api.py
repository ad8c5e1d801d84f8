"""The Bot API emulator through a real aiogram Bot: results, Telegram's errors and limits."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramUnauthorizedError,
)
from aiogram.methods import GetUpdates
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from sandbox.telegram.server import RunningSandbox
from sandbox.telegram.simulation import SimulatedUser
from tests.telegram_sandbox.conftest import ECHO_TOKEN, MAIN_TOKEN

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def dumped(value: object) -> object:
    """aiogram objects compare with their bot context; compare what they carry instead."""
    if isinstance(value, list):
        return [dumped(item) for item in value]
    return value.model_dump(exclude_none=True) if hasattr(value, "model_dump") else value


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=data)] for text, data in buttons]
    )


@pytest.fixture
def patient(sandbox: RunningSandbox, bot: Bot, act: Callable[..., SimulatedUser]) -> int:
    """A user who has started the main bot (so the bot may write to them)."""
    user = sandbox.world.create_user("Олена", last_name="Коваль", phone_number="+380501234567")
    act(user.id).send_text("/start")
    return user.id


async def test_get_me_describes_the_bot_of_the_token(bot: Bot, make_bot: Callable[[str], Bot]) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username, me.first_name) == (7000000001, True, "ehealth_cabinet_bot", "еКабінет")
    assert me.supports_inline_queries is True
    other = await make_bot(ECHO_TOKEN).get_me()
    assert (other.id, other.username) == (7000000002, "bot7000000002_bot")


async def test_send_message_parses_html_and_keeps_the_inline_keyboard(
    bot: Bot, patient: int, sandbox: RunningSandbox
) -> None:
    markup = keyboard(("Так", "consent:yes"), ("Ні", "consent:no"))
    sent = await bot.send_message(patient, "<b>Згода</b> на обробку &lt;даних&gt; 🙂 <i>так</i>", reply_markup=markup)

    assert sent.text == "Згода на обробку <даних> 🙂 так"
    assert sent.from_user is not None and sent.from_user.id == bot.id
    assert sent.chat.id == patient and sent.chat.type == "private"
    entities = [(e.type, e.offset, e.length) for e in sent.entities or []]
    # Offsets are in UTF-16 code units: the emoji counts twice, so "так" starts at 28, not 27.
    assert entities == [("bold", 0, 5), ("italic", 28, 3)]
    assert dumped(sent.reply_markup) == dumped(markup)
    stored = sandbox.world.bot().chats[patient].messages[sent.message_id]
    assert stored.direction == "bot" and stored.data["text"] == sent.text


async def test_editing_text_replaces_it_and_refuses_an_identical_edit(bot: Bot, patient: int) -> None:
    markup = keyboard(("Далі", "next"))
    sent = await bot.send_message(patient, "Крок 1", reply_markup=markup)

    edited = await bot.edit_message_text(
        "Крок <b>2</b>", chat_id=patient, message_id=sent.message_id, reply_markup=markup
    )
    assert isinstance(edited, type(sent))
    assert edited.text == "Крок 2" and edited.edit_date is not None and dumped(edited.reply_markup) == dumped(markup)

    with pytest.raises(TelegramBadRequest) as refused:
        await bot.edit_message_text("Крок <b>2</b>", chat_id=patient, message_id=sent.message_id, reply_markup=markup)
    assert refused.value.message == NOT_MODIFIED

    # Without reply_markup an edit drops the keyboard, as Telegram does.
    plain = await bot.edit_message_text("Крок <b>2</b>", chat_id=patient, message_id=sent.message_id)
    assert isinstance(plain, type(sent)) and plain.reply_markup is None
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=patient, message_id=sent.message_id + 100)


async def test_edit_reply_markup_and_delete(bot: Bot, patient: int, sandbox: RunningSandbox) -> None:
    sent = await bot.send_message(patient, "Оберіть", reply_markup=keyboard(("А", "a")))
    changed = await bot.edit_message_reply_markup(
        chat_id=patient, message_id=sent.message_id, reply_markup=keyboard(("Б", "b"))
    )
    assert isinstance(changed, type(sent)) and dumped(changed.reply_markup) == dumped(keyboard(("Б", "b")))
    with pytest.raises(TelegramBadRequest) as same:
        await bot.edit_message_reply_markup(
            chat_id=patient, message_id=sent.message_id, reply_markup=keyboard(("Б", "b"))
        )
    assert same.value.message == NOT_MODIFIED

    assert await bot.delete_message(patient, sent.message_id) is True
    assert sent.message_id not in sandbox.world.bot().chats[patient].messages
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(patient, sent.message_id)


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("Привіт <b>світ", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b", "Unclosed start tag at byte offset 0"),
    ],
)
async def test_invalid_html_is_refused_with_telegrams_detail(bot: Bot, patient: int, html: str, detail: str) -> None:
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_message(patient, html)
    assert refused.value.message == f"Bad Request: can't parse entities: {detail}"


async def test_text_limits_count_the_text_after_parsing(bot: Bot, patient: int) -> None:
    longest = await bot.send_message(patient, "<b>" + "я" * 4096 + "</b>")
    assert longest.text is not None and len(longest.text) == 4096
    with pytest.raises(TelegramBadRequest, match="Bad Request: message is too long"):
        await bot.send_message(patient, "я" * 4097)
    for empty in ("", "   \n ", "<b></b>"):
        with pytest.raises(TelegramBadRequest, match="Bad Request: message text is empty"):
            await bot.send_message(patient, empty)


async def test_callback_data_is_limited_to_64_bytes(bot: Bot, patient: int) -> None:
    # Cyrillic letters are two bytes each in UTF-8: 32 fit, 33 do not.
    await bot.send_message(patient, "ok", reply_markup=keyboard(("Кнопка", "я" * 32)))
    with pytest.raises(TelegramBadRequest, match="Bad Request: BUTTON_DATA_INVALID"):
        await bot.send_message(patient, "too long", reply_markup=keyboard(("Кнопка", "я" * 33)))
    with pytest.raises(TelegramBadRequest, match="Text buttons are unallowed in the inline keyboard"):
        await bot.send_message(
            patient, "x", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="x")]])
        )


async def test_reply_keyboard_stays_until_removed(bot: Bot, patient: int, sandbox: RunningSandbox) -> None:
    chat = sandbox.world.bot().chats[patient]
    share = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="📱 Поділитися номером", request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    sent = await bot.send_message(patient, "Поділіться номером", reply_markup=share)
    # Message.reply_markup carries inline keyboards only; the reply keyboard lives in the chat.
    assert sent.reply_markup is None
    assert chat.reply_keyboard == {
        "keyboard": [[{"text": "📱 Поділитися номером", "request_contact": True}]],
        "resize_keyboard": True,
        "one_time_keyboard": True,
    }
    await bot.send_message(patient, "Ще щось")
    assert chat.reply_keyboard is not None
    await bot.send_message(patient, "Дякуємо", reply_markup=ReplyKeyboardRemove())
    assert chat.reply_keyboard is None


async def test_chats_the_bot_may_not_write_to(bot: Bot, sandbox: RunningSandbox) -> None:
    with pytest.raises(TelegramBadRequest, match="Bad Request: chat not found"):
        await bot.send_message(424242, "hello")
    stranger = sandbox.world.create_user("Іван")
    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot can't initiate conversation with a user"):
        await bot.send_message(stranger.id, "hello")


async def test_blocking_sends_my_chat_member_and_refuses_messages(
    bot: Bot, patient: int, act: Callable[..., SimulatedUser], sandbox: RunningSandbox
) -> None:
    await bot.get_updates(offset=sandbox.world.bot().updates.last_id + 1)
    act(patient).set_blocked(True)

    updates = await bot.get_updates(timeout=1)
    assert len(updates) == 1 and updates[0].my_chat_member is not None
    change = updates[0].my_chat_member
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("member", "kicked")
    assert change.from_user.id == patient and change.new_chat_member.user.id == bot.id

    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot was blocked by the user"):
        await bot.send_message(patient, "Нагадування")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_chat_action(patient, "typing")
    assert sandbox.world.bot().stats.forbidden == 2

    act(patient).set_blocked(False)
    updates = await bot.get_updates(offset=updates[0].update_id + 1, timeout=1)
    assert updates[0].my_chat_member is not None
    assert updates[0].my_chat_member.new_chat_member.status == "member"
    assert (await bot.send_message(patient, "Знову з вами")).text == "Знову з вами"


async def test_callback_query_is_answered_once(
    bot: Bot, patient: int, act: Callable[..., SimulatedUser], sandbox: RunningSandbox
) -> None:
    sent = await bot.send_message(patient, "Підтвердити?", reply_markup=keyboard(("Так", "yes")))
    pressed = act(patient).press_inline_button(sent.message_id, "yes")
    updates = await bot.get_updates(offset=pressed.update_id, timeout=1)
    query = updates[0].callback_query
    assert query is not None and query.data == "yes" and query.id == pressed.callback_query_id
    assert query.message is not None and query.message.message_id == sent.message_id
    assert query.from_user.id == patient and query.chat_instance

    with pytest.raises(TelegramBadRequest, match="MESSAGE_TOO_LONG"):
        await bot.answer_callback_query(query.id, text="я" * 201)
    assert await bot.answer_callback_query(query.id, text="Готово", show_alert=True) is True
    record = sandbox.world.bot().callback_queries[query.id]
    assert record.answer is not None and record.answer["text"] == "Готово" and record.answer["show_alert"] is True
    with pytest.raises(TelegramBadRequest, match="query is too old and response timeout expired"):
        await bot.answer_callback_query(query.id)


async def test_inline_query_answers_are_checked_and_paged(
    bot: Bot, patient: int, act: Callable[..., SimulatedUser], sandbox: RunningSandbox
) -> None:
    def article(index: int) -> dict[str, object]:
        return {
            "type": "article",
            "id": f"doc_{index}",
            "title": f"Лікар {index}",
            "input_message_content": {"message_text": f"<b>Лікар {index}</b>", "parse_mode": "HTML"},
        }

    asked = act(patient).inline_query("терапевт")
    assert asked.inline_query_id is not None
    update = (await bot.get_updates(offset=asked.update_id, timeout=1))[0]
    assert update.inline_query is not None and update.inline_query.query == "терапевт"
    assert update.inline_query.chat_type == "sender"

    query_id = update.inline_query.id
    raw = httpx.AsyncClient(base_url=f"{sandbox.url}/bot{MAIN_TOKEN}")
    async with raw:
        too_many = await raw.post(
            "/answerInlineQuery", json={"inline_query_id": query_id, "results": [article(i) for i in range(51)]}
        )
        assert too_many.json() == {"ok": False, "error_code": 400, "description": "Bad Request: RESULTS_TOO_MUCH"}
        twice = await raw.post(
            "/answerInlineQuery", json={"inline_query_id": query_id, "results": [article(1), article(1)]}
        )
        assert twice.json()["description"] == "Bad Request: RESULT_ID_DUPLICATE"
        long_offset = await raw.post(
            "/answerInlineQuery", json={"inline_query_id": query_id, "results": [], "next_offset": "x" * 65}
        )
        assert long_offset.json()["description"] == "Bad Request: NEXT_OFFSET_INVALID"
        answered = await raw.post(
            "/answerInlineQuery",
            json={
                "inline_query_id": query_id,
                "results": [article(i) for i in range(50)],
                "next_offset": "50",
                "cache_time": 0,
                "is_personal": True,
            },
        )
        assert answered.json() == {"ok": True, "result": True}

    answer = sandbox.world.bot().inline_queries[query_id].answer
    assert answer is not None and answer["next_offset"] == "50" and len(answer["results"]) == 50
    picked = act(patient).pick_inline_result(query_id, "doc_7")
    assert picked.message is not None and picked.message["text"] == "Лікар 7"
    assert picked.message["via_bot"]["id"] == bot.id
    assert picked.message["entities"] == [{"type": "bold", "offset": 0, "length": 7}]


async def test_commands_are_kept_per_scope_and_language(bot: Bot, patient: int, sandbox: RunningSandbox) -> None:
    ukrainian = [BotCommand(command="start", description="Почати"), BotCommand(command="help", description="Довідка")]
    english = [BotCommand(command="start", description="Start")]
    assert await bot.set_my_commands(ukrainian, language_code="uk") is True
    await bot.set_my_commands(english)
    await bot.set_my_commands(
        [BotCommand(command="cabinets", description="Кабінети")], scope=BotCommandScopeChat(chat_id=patient)
    )

    assert dumped(await bot.get_my_commands(language_code="uk")) == dumped(ukrainian)
    assert dumped(await bot.get_my_commands()) == dumped(english)
    assert await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats()) == []
    main = sandbox.world.bot()
    assert [c["command"] for c in main.effective_commands(patient, "uk")] == ["cabinets"]
    assert [c["command"] for c in main.effective_commands(patient + 1, "uk")] == ["start", "help"]
    assert [c["description"] for c in main.effective_commands(patient + 1, "de")] == ["Start"]

    await bot.delete_my_commands(language_code="uk")
    assert await bot.get_my_commands(language_code="uk") == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad Command", description="x")])


async def test_chat_action_is_announced_and_checked(bot: Bot, patient: int, sandbox: RunningSandbox) -> None:
    before = sandbox.world.events.last_seq
    assert await bot.send_chat_action(patient, "typing") is True
    events = sandbox.world.events.after(before)
    assert [(e["kind"], e["action"]) for e in events] == [("chat_action", "typing")]
    with pytest.raises(TelegramBadRequest, match="wrong parameter action in request"):
        await bot.send_chat_action(patient, "dancing")


async def test_location_contact_and_chat(bot: Bot, patient: int) -> None:
    location = await bot.send_location(patient, latitude=50.4501, longitude=30.5234)
    assert location.location is not None and location.location.latitude == pytest.approx(50.4501)
    contact = await bot.send_contact(patient, phone_number="+380501234567", first_name="Олена")
    # The number belongs to the sandbox user, so Telegram links the contact to that account.
    assert contact.contact is not None and contact.contact.user_id == patient
    with pytest.raises(TelegramBadRequest, match="wrong latitude"):
        await bot.send_location(patient, latitude=91, longitude=0)
    chat = await bot.get_chat(patient)
    assert (chat.id, chat.type, chat.first_name, chat.last_name) == (patient, "private", "Олена", "Коваль")


async def test_get_updates_confirms_by_offset_and_filters_types(
    bot: Bot, sandbox: RunningSandbox, act: Callable[..., SimulatedUser]
) -> None:
    user = sandbox.world.create_user("Марія").id
    first = act(user).send_text("/start")
    second = act(user).send_text("Привіт")
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [first.update_id, second.update_id]
    assert updates[0].message is not None and updates[0].message.text == "/start"
    assert [(e.type, e.offset, e.length) for e in updates[0].message.entities or []] == [("bot_command", 0, 6)]
    # Not confirmed yet: the same updates again; confirmed by offset: gone.
    assert len(await bot.get_updates()) == 2
    assert await bot.get_updates(offset=second.update_id + 1) == []
    assert sandbox.world.bot().stats.updates_delivered == 2

    await bot.get_updates(offset=second.update_id + 1, allowed_updates=["callback_query"])
    assert act(user).send_text("not for this bot's filter").update_id is None
    await bot.get_updates(allowed_updates=[])
    assert act(user).send_text("back to the default").update_id is not None


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    bot: Bot, patient: int, act: Callable[..., SimulatedUser], sandbox: RunningSandbox
) -> None:
    await bot.get_updates(offset=sandbox.world.bot().updates.last_id + 1)
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(bot.get_updates(offset=sandbox.world.bot().updates.last_id + 1, timeout=10))
    await asyncio.sleep(0.1)
    act(patient).send_text("Є хтось?")
    updates = await asyncio.wait_for(poll, 5)
    assert [u.message.text for u in updates if u.message] == ["Є хтось?"]
    assert loop.time() - started < 2


async def test_a_second_poller_terminates_the_first(bot: Bot, sandbox: RunningSandbox) -> None:
    await bot.get_updates(offset=sandbox.world.bot().updates.last_id + 1)
    first = asyncio.create_task(bot(GetUpdates(timeout=10), request_timeout=20))
    await asyncio.sleep(0.1)
    assert await bot.get_updates(timeout=0) == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, 5)


async def test_tokens_and_methods_are_checked(sandbox: RunningSandbox, make_bot: Callable[[str], Bot]) -> None:
    with pytest.raises(TelegramUnauthorizedError):
        await make_bot("12345:short").get_me()
    await make_bot(MAIN_TOKEN).get_me()
    with pytest.raises(TelegramUnauthorizedError):
        await make_bot("7000000001:AAH-a_different_secret_for_that_id").get_me()
    async with httpx.AsyncClient(base_url=f"{sandbox.url}/bot{MAIN_TOKEN}") as raw:
        missing = await raw.post("/sendSticker")
        assert (missing.status_code, missing.json()) == (
            404,
            {"ok": False, "error_code": 404, "description": "Not Found"},
        )
        # Method names are case-insensitive, and GET with a query string works as in Telegram.
        me = await raw.get("/GETME")
        assert me.json()["result"]["username"] == "ehealth_cabinet_bot"
    with pytest.raises(TelegramNotFound):
        await make_bot(MAIN_TOKEN).get_chat_member_count(1)


async def test_requests_in_every_encoding(sandbox: RunningSandbox, patient: int) -> None:
    markup = '{"inline_keyboard":[[{"text":"Так","callback_data":"y"}]]}'
    async with httpx.AsyncClient(base_url=f"{sandbox.url}/bot{MAIN_TOKEN}") as raw:
        form = await raw.post("/sendMessage", data={"chat_id": str(patient), "text": "форма", "reply_markup": markup})
        multipart = await raw.post(
            "/sendMessage", data={"chat_id": str(patient), "text": "multipart"}, files={"reply_markup": (None, markup)}
        )
        body = await raw.post(
            "/sendMessage",
            json={
                "chat_id": patient,
                "text": "json",
                "reply_markup": {"inline_keyboard": [[{"text": "Так", "callback_data": "y"}]]},
            },
        )
        query = await raw.get("/sendMessage", params={"chat_id": patient, "text": "query"})
    results = [r.json() for r in (form, multipart, body, query)]
    assert [r["ok"] for r in results] == [True, True, True, True]
    assert [r["result"]["text"] for r in results] == ["форма", "multipart", "json", "query"]
    assert results[0]["result"]["reply_markup"] == results[2]["result"]["reply_markup"]
    assert results[1]["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "y"


async def test_markdown_parse_modes(bot: Bot, patient: int) -> None:
    sent = await bot.send_message(patient, r"*Запис* на 12:00 \(вівторок\)", parse_mode="MarkdownV2")
    assert sent.text == "Запис на 12:00 (вівторок)"
    assert [(e.type, e.offset, e.length) for e in sent.entities or []] == [("bold", 0, 5)]
    legacy = await bot.send_message(patient, "_Нагадування_", parse_mode="Markdown")
    assert [(e.type, e.length) for e in legacy.entities or []] == [("italic", 11)]
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_message(patient, "Ціна 5.00", parse_mode="MarkdownV2")
    assert refused.value.message == (
        "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"
    )
    with pytest.raises(TelegramBadRequest, match="unsupported parse_mode"):
        await bot.send_message(patient, "x", parse_mode="BBCode")
