"""Files bots uploaded (photos and documents), kept so a bot may send one again by its `file_id` and the web chat
can show it.

Telegram keeps files for good; the emulator keeps the latest few (its memory is bounded), and a file_id it no
longer holds is answered as Telegram answers an unknown one.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass, field

MAX_KEPT_FILES = 256
PHOTO = "photo"
DOCUMENT = "document"
# The start of Telegram's file ids tells the kind of file (a photo's "AgAC…", a document's "BQAC…").
_ID_PREFIX = {PHOTO: "AgAC", DOCUMENT: "BQAC"}


@dataclass(frozen=True, slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    content_type: str
    width: int
    height: int
    data: bytes = field(repr=False)
    kind: str = PHOTO
    file_name: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)


class FileStore:
    def __init__(self, limit: int = MAX_KEPT_FILES) -> None:
        self._limit = limit
        self._files: OrderedDict[str, StoredFile] = OrderedDict()

    def keep(
        self,
        data: bytes,
        content_type: str,
        width: int = 0,
        height: int = 0,
        *,
        kind: str = PHOTO,
        file_name: str | None = None,
    ) -> StoredFile:
        unique = secrets.token_urlsafe(12)
        file_id = f"{_ID_PREFIX[kind]}{secrets.token_urlsafe(40)}"
        stored = StoredFile(file_id, unique, content_type, width, height, data, kind, file_name)
        self._files[stored.file_id] = stored
        while len(self._files) > self._limit:
            self._files.popitem(last=False)
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        """The file behind a file_id, or behind one of its smaller sizes' ids (`<file_id>.<n>`)."""
        original = file_id.split(".", 1)[0]
        found = self._files.get(original)
        if found is not None:
            self._files.move_to_end(original)
        return found
