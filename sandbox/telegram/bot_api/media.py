"""Sending photos (`sendPhoto`) and general files (`sendDocument`), as the Bot API documents them.

`photo` (`document`) is a new upload (multipart `InputFile`) or the `file_id` of a photo (document) sent before;
the emulator has no network, so a URL is refused as Telegram refuses one it cannot fetch. The answer's `photo`
lists the sizes Telegram makes: thumbnails no larger than the picture, and the picture itself; a `document`
carries the file's name, MIME type and size.
"""

from __future__ import annotations

import mimetypes

from sandbox.telegram.bot_api.context import BotCall, caption_param, writable_chat
from sandbox.telegram.bot_api.messages import reply_markup_param, send_content
from sandbox.telegram.bot_api.registry import method
from sandbox.telegram.errors import bad_request
from sandbox.telegram.files import DOCUMENT, PHOTO, StoredFile
from sandbox.telegram.images import image_size
from sandbox.telegram.models import JsonDict
from sandbox.telegram.params import ATTACH

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # "The photo must be at most 10 MB in size."
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # "Bots can currently send files of any type of up to 50 MB in size"
GENERIC_TYPE = "application/octet-stream"
MAX_SIDES_TOTAL = 10_000  # "The photo's width and height must not exceed 10000 in total."
MAX_RATIO = 20  # "Width and height ratio must be at most 20."
THUMBNAIL_SIDES = (90, 320, 800)  # Telegram's s, m and x sizes; the largest size is the picture itself


def _stored_photo(call: BotCall) -> StoredFile:
    upload = call.params.upload("photo")
    if upload is not None:
        if len(upload.data) > MAX_PHOTO_BYTES:
            raise bad_request("file is too big")
        size = image_size(upload.data)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = size
        if (
            width < 1
            or height < 1
            or width + height > MAX_SIDES_TOTAL
            or max(width, height) > MAX_RATIO * min(width, height)
        ):
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        content_type = "image/png" if upload.data.startswith(b"\x89PNG") else "image/jpeg"
        return call.world.files.keep(upload.data, content_type, width, height)
    reference = (call.params.string("photo") or "").strip()
    if not reference or reference.startswith(ATTACH):
        raise bad_request("there is no photo in the request")
    return _sent_before(call, reference, PHOTO)


def _sent_before(call: BotCall, reference: str, kind: str) -> StoredFile:
    """A file sent earlier, by its file_id; a file of another kind is refused as Telegram refuses it."""
    stored = call.world.files.get(reference)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != kind:
        raise bad_request("type of file mismatch")
    return stored


def photo_sizes(stored: StoredFile) -> list[JsonDict]:
    longest = max(stored.width, stored.height)
    sizes: list[JsonDict] = []
    for index, side in enumerate(THUMBNAIL_SIDES):
        if side >= longest:
            break
        scale = side / longest
        sizes.append(
            {
                "file_id": f"{stored.file_id}.{index}",
                "file_unique_id": f"{stored.file_unique_id}{index}",
                "width": max(1, round(stored.width * scale)),
                "height": max(1, round(stored.height * scale)),
            }
        )
    sizes.append(
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": stored.width,
            "height": stored.height,
            "file_size": stored.size,
        }
    )
    return sizes


@method("sendPhoto")
async def send_photo(call: BotCall) -> JsonDict:
    caption = caption_param(call)
    markup = reply_markup_param(call)
    chat = writable_chat(call)
    stored = _stored_photo(call)
    content: JsonDict = {"photo": photo_sizes(stored)}
    if caption is not None:
        content["caption"] = caption.text
        if caption.entities:
            content["caption_entities"] = caption.entities
    if call.params.boolean("has_spoiler"):
        content["has_media_spoiler"] = True
    return send_content(call, chat, content, markup)


def _content_type(file_name: str | None, declared: str | None) -> str:
    """The MIME type Telegram gives a document: the part's own type, else the one its name implies."""
    if declared and declared.strip() and declared.strip() != GENERIC_TYPE:
        return declared.strip()
    guessed, _ = mimetypes.guess_type(file_name or "")
    return guessed or GENERIC_TYPE


def _stored_document(call: BotCall) -> StoredFile:
    upload = call.params.upload("document")
    if upload is not None:
        if not upload.data:
            raise bad_request("file must be non-empty")
        if len(upload.data) > MAX_DOCUMENT_BYTES:
            raise bad_request("file is too big")
        file_name = (upload.filename or "").strip() or None
        content_type = _content_type(file_name, upload.content_type)
        return call.world.files.keep(upload.data, content_type, kind=DOCUMENT, file_name=file_name)
    reference = (call.params.string("document") or "").strip()
    if not reference or reference.startswith(ATTACH):
        raise bad_request("there is no document in the request")
    return _sent_before(call, reference, DOCUMENT)


def document_of(stored: StoredFile) -> JsonDict:
    document: JsonDict = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if stored.file_name:
        document["file_name"] = stored.file_name
    document["mime_type"] = stored.content_type
    document["file_size"] = stored.size
    return document


@method("sendDocument")
async def send_document(call: BotCall) -> JsonDict:
    caption = caption_param(call)
    markup = reply_markup_param(call)
    chat = writable_chat(call)
    stored = _stored_document(call)
    content: JsonDict = {"document": document_of(stored)}
    if caption is not None:
        content["caption"] = caption.text
        if caption.entities:
            content["caption_entities"] = caption.entities
    return send_content(call, chat, content, markup)
