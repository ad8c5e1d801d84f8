"""The bot's calls to Telegram go as JSON bodies with what aiogram's form would carry; uploads stay multipart."""

from __future__ import annotations

import json

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.methods import EditMessageText, SendDocument
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from aiohttp import BytesPayload, FormData

from bot.telegram_session import JsonBodySession

BOT = Bot("123456789:AAsandbox-token-for-tests", default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def test_a_call_is_one_json_body_with_defaults_resolved_and_unset_values_left_out() -> None:
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="1. Коваленко Олена", callback_data="doctor:1")]]
    )
    method = EditMessageText(chat_id=100000001, message_id=42, text="<b>Знайдено 37 лікарів</b>", reply_markup=keyboard)

    body = JsonBodySession().build_form_data(BOT, method)

    assert isinstance(body, BytesPayload)
    assert body.content_type == "application/json"
    assert json.loads(body.decode()) == {
        "chat_id": 100000001,
        "message_id": 42,
        "text": "<b>Знайдено 37 лікарів</b>",
        "parse_mode": "HTML",  # the bot's default, as aiogram's form resolves it
        "reply_markup": {"inline_keyboard": [[{"text": "1. Коваленко Олена", "callback_data": "doctor:1"}]]},
    }


def test_an_upload_keeps_aiograms_multipart_form() -> None:
    method = SendDocument(chat_id=100000001, document=BufferedInputFile(b"%PDF-1.7", filename="declaration.pdf"))

    assert isinstance(JsonBodySession().build_form_data(BOT, method), FormData)
