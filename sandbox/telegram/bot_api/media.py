"""Sending photos (`sendPhoto`), as the Bot API documents it.

`photo` is a new upload (multipart `InputFile`) or the `file_id` of a photo sent before; the emulator has no
network, so a URL is refused as Telegram refuses one it cannot fetch. The answer's `photo` lists the sizes
Telegram makes: thumbnails no larger than the picture, and the picture itself.
"""

from __future__ import annotations

from sandbox.telegram.bot_api.context import BotCall, caption_param, writable_chat
from sandbox.telegram.bot_api.messages import reply_markup_param, send_content
from sandbox.telegram.bot_api.registry import method
from sandbox.telegram.errors import bad_request
from sandbox.telegram.files import StoredFile
from sandbox.telegram.images import image_size
from sandbox.telegram.models import JsonDict
from sandbox.telegram.params import ATTACH

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # "The photo must be at most 10 MB in size."
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
    stored = call.world.files.get(reference)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
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
