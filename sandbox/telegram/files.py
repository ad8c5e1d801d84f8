"""Files bots uploaded (photos), kept so a bot may send one again by its `file_id` and the web chat can show it.

Telegram keeps files for good; the emulator keeps the latest few (its memory is bounded), and a file_id it no
longer holds is answered as Telegram answers an unknown one.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass, field

MAX_KEPT_FILES = 256


@dataclass(frozen=True, slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    content_type: str
    width: int
    height: int
    data: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.data)


class FileStore:
    def __init__(self, limit: int = MAX_KEPT_FILES) -> None:
        self._limit = limit
        self._files: OrderedDict[str, StoredFile] = OrderedDict()

    def keep(self, data: bytes, content_type: str, width: int, height: int) -> StoredFile:
        unique = secrets.token_urlsafe(12)
        stored = StoredFile(f"AgAC{secrets.token_urlsafe(40)}", unique, content_type, width, height, data)
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
