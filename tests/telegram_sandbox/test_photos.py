"""sendPhoto in the Bot API emulator, through a real aiogram Bot: uploads, sizes, captions, file ids, errors."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

import httpx
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from sandbox.telegram.images import image_size
from sandbox.telegram.server import RunningSandbox
from sandbox.telegram.simulation import SimulatedUser


def png(width: int, height: int) -> bytes:
    """A real (grey) PNG picture of this size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def jpeg_header(width: int, height: int) -> bytes:
    """The start of a JPEG file up to its frame header (what a size reader needs)."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + frame + b"\xff\xd9"


@pytest.fixture
def patient(sandbox: RunningSandbox, bot: Bot, act: Callable[..., SimulatedUser]) -> int:
    user = sandbox.world.create_user("Олена", last_name="Коваль", phone_number="+380501234567")
    act(user.id).send_text("/start")
    return user.id


def test_sizes_are_read_from_png_and_jpeg_headers_only() -> None:
    assert image_size(png(37, 21)) == (37, 21)
    assert image_size(jpeg_header(640, 480)) == (640, 480)
    assert image_size(b"GIF89a\x01\x00\x01\x00") is None
    assert image_size(b"") is None


async def test_an_uploaded_photo_comes_back_with_its_sizes_caption_and_protection(
    bot: Bot, patient: int, sandbox: RunningSandbox
) -> None:
    picture = png(400, 400)
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Далі", callback_data="next")]])
    sent = await bot.send_photo(
        patient,
        BufferedInputFile(picture, "qr.png"),
        caption="Рецепт № <code>0000-243P-1X53-EH38</code>",
        protect_content=True,
        reply_markup=markup,
    )
    assert sent.photo is not None and sent.has_protected_content is True
    largest = sent.photo[-1]
    assert (largest.width, largest.height, largest.file_size) == (400, 400, len(picture))
    assert [(size.width, size.height) for size in sent.photo[:-1]] == [(90, 90), (320, 320)]
    assert sent.caption == "Рецепт № 0000-243P-1X53-EH38"
    assert [(e.type, e.offset, e.length) for e in sent.caption_entities or []] == [("code", 9, 19)]
    assert sent.reply_markup is not None and sent.reply_markup.inline_keyboard[0][0].text == "Далі"

    # The same photo again by its file_id (or a smaller size's), without uploading it.
    again = await bot.send_photo(patient, sent.photo[0].file_id)
    assert again.photo is not None and again.photo[-1].file_id == largest.file_id and again.caption is None

    # The web chat reads the uploaded bytes back through the control API.
    async with httpx.AsyncClient(base_url=sandbox.url) as client:
        served = await client.get(f"/sandbox/files/{largest.file_id}")
        assert served.status_code == 200 and served.content == picture
        assert served.headers["content-type"] == "image/png"
        messages = (await client.get(f"/sandbox/chats/{patient}/messages")).json()
        assert messages[-2]["photo"][-1]["file_id"] == largest.file_id
        assert (await client.get("/sandbox/files/unknown")).status_code == 404


@pytest.mark.parametrize(
    ("photo", "detail"),
    [
        (BufferedInputFile(b"GIF89a-not-a-photo", "x.gif"), "IMAGE_PROCESS_FAILED"),
        (BufferedInputFile(png(30, 700), "thin.png"), "PHOTO_INVALID_DIMENSIONS"),
        ("unknown-file-id", "wrong file identifier/HTTP URL specified"),
        ("https://example.com/photo.png", "wrong file identifier/HTTP URL specified"),
    ],
)
async def test_photos_telegram_would_refuse_are_refused_with_its_words(
    bot: Bot, patient: int, photo: BufferedInputFile | str, detail: str
) -> None:
    with pytest.raises(TelegramBadRequest, match=detail):
        await bot.send_photo(patient, photo)


async def test_a_caption_counts_at_most_1024_characters_after_parsing(bot: Bot, patient: int) -> None:
    picture = BufferedInputFile(png(10, 10), "p.png")
    await bot.send_photo(patient, picture, caption="<b>" + "я" * 1024 + "</b>")
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_photo(patient, BufferedInputFile(png(10, 10), "p.png"), caption="я" * 1025)
