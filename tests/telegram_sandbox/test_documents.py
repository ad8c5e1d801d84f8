"""sendDocument in the Bot API emulator, through a real aiogram Bot: uploads, names, MIME types, captions,
protection, file ids, errors."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile

from sandbox.telegram.server import RunningSandbox
from sandbox.telegram.simulation import SimulatedUser
from tests.telegram_sandbox.test_photos import png

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def patient(sandbox: RunningSandbox, bot: Bot, act: Callable[..., SimulatedUser]) -> int:
    user = sandbox.world.create_user("Олена", last_name="Коваль", phone_number="+380501234567")
    act(user.id).send_text("/start")
    return user.id


async def test_an_uploaded_document_comes_back_with_its_name_type_size_caption_and_protection(
    bot: Bot, patient: int, sandbox: RunningSandbox
) -> None:
    sent = await bot.send_document(
        patient,
        BufferedInputFile(PDF, "vypyska-2026-12-05.pdf"),
        caption="Виписка з <b>медичної картки</b>",
        protect_content=True,
    )

    assert sent.document is not None and sent.has_protected_content is True
    assert sent.photo is None
    assert sent.document.file_name == "vypyska-2026-12-05.pdf"
    assert (sent.document.mime_type, sent.document.file_size) == ("application/pdf", len(PDF))
    assert sent.document.file_id.startswith("BQAC")  # a document's id, not a photo's
    assert sent.caption == "Виписка з медичної картки"
    assert [(e.type, e.offset, e.length) for e in sent.caption_entities or []] == [("bold", 10, 15)]

    # The same document again by its file_id, without uploading it.
    again = await bot.send_document(patient, sent.document.file_id)
    assert again.document is not None and again.document.file_id == sent.document.file_id
    assert again.caption is None and again.has_protected_content is None

    async with httpx.AsyncClient(base_url=sandbox.url) as client:
        served = await client.get(f"/sandbox/files/{sent.document.file_id}")
        assert served.status_code == 200 and served.content == PDF
        assert served.headers["content-type"] == "application/pdf"
        messages = (await client.get(f"/sandbox/chats/{patient}/messages")).json()
        assert messages[-2]["document"]["file_name"] == "vypyska-2026-12-05.pdf"
        assert messages[-2]["has_protected_content"] is True


async def test_a_file_without_a_known_extension_is_a_generic_binary(bot: Bot, patient: int) -> None:
    sent = await bot.send_document(patient, BufferedInputFile(b"\x00\x01", "data"))
    assert sent.document is not None and sent.document.mime_type == "application/octet-stream"


async def test_a_photos_file_id_is_not_a_document_nor_a_documents_a_photo(bot: Bot, patient: int) -> None:
    photo = await bot.send_photo(patient, BufferedInputFile(png(10, 10), "p.png"))
    document = await bot.send_document(patient, BufferedInputFile(PDF, "a.pdf"))
    assert photo.photo is not None and document.document is not None

    with pytest.raises(TelegramBadRequest, match="type of file mismatch"):
        await bot.send_document(patient, photo.photo[-1].file_id)
    with pytest.raises(TelegramBadRequest, match="type of file mismatch"):
        await bot.send_photo(patient, document.document.file_id)


@pytest.mark.parametrize(
    ("document", "detail"),
    [
        (BufferedInputFile(b"", "empty.pdf"), "file must be non-empty"),
        ("unknown-file-id", "wrong file identifier/HTTP URL specified"),
        ("https://example.com/extract.pdf", "wrong file identifier/HTTP URL specified"),
    ],
)
async def test_documents_telegram_would_refuse_are_refused_with_its_words(
    bot: Bot, patient: int, document: BufferedInputFile | str, detail: str
) -> None:
    with pytest.raises(TelegramBadRequest, match=detail):
        await bot.send_document(patient, document)


async def test_a_documents_caption_counts_at_most_1024_characters(bot: Bot, patient: int) -> None:
    await bot.send_document(patient, BufferedInputFile(PDF, "a.pdf"), caption="я" * 1024)
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(patient, BufferedInputFile(PDF, "a.pdf"), caption="я" * 1025)
