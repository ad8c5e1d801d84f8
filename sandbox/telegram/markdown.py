"""Telegram's MarkdownV2 and legacy Markdown parse modes, with Telegram's refusals.

Like the HTML parser, these produce the plain text and its entities (UTF-16 offsets); errors name
byte offsets into the UTF-8 source. Not modelled: MarkdownV2's expandable block quotation (`**>`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox.telegram.formatting import (
    SPACES,
    Entity,
    EntityParseError,
    FormattedText,
    UserResolver,
    byte_offset,
    link_entity,
    sort_entities,
    utf16_len,
)

_RESERVED = frozenset("_*[]()~`>#+-=|{}.!\n")
_CODE_RESERVED = frozenset("`")
_CUSTOM_EMOJI_URL = re.compile(r"tg://emoji\?id=(\d+)$")
# Entity names as Telegram's error messages spell them.
_NAMES = {
    "bold": "Bold", "italic": "Italic", "underline": "Underline", "strikethrough": "Strikethrough",
    "spoiler": "Spoiler", "code": "Code", "pre": "Pre", "text_link": "TextUrl", "custom_emoji": "CustomEmoji",
    "blockquote": "BlockQuote",
}  # fmt: skip


def _reserved_error(character: str) -> EntityParseError:
    return EntityParseError(f"Character '{character}' is reserved and must be escaped with the preceding '\\'")


@dataclass(slots=True)
class _Open:
    kind: str
    argument: str
    offset: int  # UTF-16 offset in the result
    source_index: int  # where it opened in the source (for error messages)
    piece_index: int  # where its text starts in the result pieces


class _MarkdownV2:
    def __init__(self, source: str, resolve_user: UserResolver | None) -> None:
        self.source = source
        self.n = len(source)
        self.resolve_user = resolve_user
        self.pieces: list[str] = []
        self.offset = 0
        self.stack: list[_Open] = []
        self.entities: list[Entity] = []
        self.in_blockquote = False

    def at(self, index: int) -> str:
        return self.source[index] if index < self.n else "\0"

    def append(self, text: str) -> None:
        self.pieces.append(text)
        self.offset += utf16_len(text)

    def unclosed(self, opened: _Open) -> EntityParseError:
        kind = "PreCode" if opened.kind == "pre" and opened.argument else _NAMES[opened.kind]
        return EntityParseError(
            f"Can't find end of {kind} entity at byte offset {byte_offset(self.source, opened.source_index)}"
        )

    def parse(self) -> FormattedText:
        i = 0
        while i < self.n:
            c = self.source[i]
            if c == "\\" and 0 < ord(self.at(i + 1)) <= 126:
                self.append(self.source[i + 1])
                i += 2
                continue
            in_code = bool(self.stack) and self.stack[-1].kind in ("code", "pre")
            if c not in (_CODE_RESERVED if in_code else _RESERVED):
                self.append(c)
                i += 1
                continue
            i = self.close(i) if self.closes_here(i) else self.open(i)
        if self.in_blockquote and self.stack and self.stack[-1].kind == "blockquote":
            opened = self.stack.pop()
            if self.offset > opened.offset:
                self.entities.append(
                    {"type": "blockquote", "offset": opened.offset, "length": self.offset - opened.offset}
                )
        if self.stack:
            raise self.unclosed(self.stack[-1])
        return FormattedText("".join(self.pieces), sort_entities(self.entities))

    def closes_here(self, i: int) -> bool:
        if not self.stack:
            return False
        c, following = self.source[i], self.at(i + 1)
        if self.in_blockquote and c == "\n" and following != ">":
            return True
        kind = self.stack[-1].kind
        return {
            "bold": c == "*",
            "italic": c == "_" and following != "_",
            "underline": c == "_" and following == "_",
            "strikethrough": c == "~",
            "spoiler": c == "|" and following == "|",
            "code": c == "`",
            "pre": c == "`" and following == "`" and self.at(i + 2) == "`",
            "text_link": c == "]",
            "custom_emoji": c == "]",
        }.get(kind, False)

    def open(self, i: int) -> int:
        c, following = self.source[i], self.at(i + 1)
        start = i
        argument = ""
        if c == "_":
            kind, i = ("underline", i + 2) if following == "_" else ("italic", i + 1)
        elif c in "*~[":
            kind, i = {"*": "bold", "~": "strikethrough", "[": "text_link"}[c], i + 1
        elif c == "|" and following == "|":
            kind, i = "spoiler", i + 2
        elif c == "!" and following == "[":
            kind, i = "custom_emoji", i + 2
        elif c == "`":
            if following == "`" and self.at(i + 2) == "`":
                kind = "pre"
                i += 3
                language_end = i
                while self.at(language_end) not in SPACES and self.at(language_end) != "`":
                    language_end += 1
                if language_end > i and language_end < self.n and self.source[language_end] != "`":
                    argument, i = self.source[i:language_end], language_end
                # One line break right after the opening (and the language) is not part of the code.
                if self.at(i) in "\r\n":
                    i += 2 if self.at(i + 1) in "\r\n" and self.at(i + 1) != self.at(i) else 1
            else:
                kind, i = "code", i + 1
        elif c == "\n":
            self.append("\n")
            if following != ">":
                return i + 1
            if self.in_blockquote:
                return i + 2
            self.in_blockquote = True
            kind, i = "blockquote", i + 2
        elif c == ">" and i == 0:
            self.in_blockquote = True
            kind, i = "blockquote", i + 1
        else:
            raise _reserved_error(c)
        self.stack.append(_Open(kind, argument, self.offset, start, len(self.pieces)))
        return i

    def close(self, i: int) -> int:
        opened = self.stack[-1]
        c = self.source[i]
        if c == "\n" and opened.kind != "blockquote":
            raise self.unclosed(opened)
        empty = self.offset == opened.offset
        entity: Entity | None = {"type": opened.kind}
        if opened.kind in ("underline", "spoiler"):
            i += 2
        elif opened.kind == "pre":
            i += 3
            if opened.argument:
                entity = {"type": "pre", "language": opened.argument}
        elif opened.kind == "blockquote":
            self.in_blockquote = False
            self.append("\n")
            i += 1
        elif opened.kind in ("text_link", "custom_emoji"):
            url, i = self.link_target(i, opened)
            entity = self.target_entity(opened.kind, url, opened)
        else:
            i += 1
        if entity is not None and not empty:
            self.entities.append({**entity, "offset": opened.offset, "length": self.offset - opened.offset})
        self.stack.pop()
        return i

    def link_target(self, i: int, opened: _Open) -> tuple[str, int]:
        """The URL after `]`: `(…)` with escapes, or for a plain link, its own text."""
        if self.at(i + 1) != "(":
            if opened.kind == "custom_emoji":
                raise EntityParseError("Custom emoji entity must contain a tg://emoji URL")
            return "".join(self.pieces[opened.piece_index :]), i + 1
        i += 2
        url_start = i
        parts: list[str] = []
        while i < self.n and self.source[i] != ")":
            if self.source[i] == "\\" and 0 < ord(self.at(i + 1)) <= 126:
                parts.append(self.source[i + 1])
                i += 2
                continue
            parts.append(self.source[i])
            i += 1
        if i >= self.n:
            what = "a custom emoji URL" if opened.kind == "custom_emoji" else "a URL"
            raise EntityParseError(f"Can't find end of {what} at byte offset {byte_offset(self.source, url_start)}")
        return "".join(parts), i + 1

    def target_entity(self, kind: str, url: str, opened: _Open) -> Entity | None:
        if kind == "custom_emoji":
            emoji = _CUSTOM_EMOJI_URL.match(url)
            if emoji is None or int(emoji.group(1)) == 0:
                raise EntityParseError("Invalid custom emoji identifier specified")
            return {"type": "custom_emoji", "custom_emoji_id": emoji.group(1)}
        return link_entity(url, self.resolve_user)


def parse_markdown_v2(source: str, *, resolve_user: UserResolver | None = None) -> FormattedText:
    return _MarkdownV2(source, resolve_user).parse()


_LEGACY_MARKERS = {"_": "italic", "*": "bold", "`": "code", "[": "text_link"}


def parse_markdown(source: str, *, resolve_user: UserResolver | None = None) -> FormattedText:
    """The legacy Markdown mode: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting."""
    n = len(source)
    pieces: list[str] = []
    entities: list[Entity] = []
    offset = 0
    i = 0
    while i < n:
        c = source[i]
        if c == "\\" and i + 1 < n and source[i + 1] in _LEGACY_MARKERS:
            pieces.append(source[i + 1])
            offset += 1
            i += 2
            continue
        if c not in _LEGACY_MARKERS:
            pieces.append(c)
            offset += utf16_len(c)
            i += 1
            continue
        begin = i
        end_character = "]" if c == "[" else c
        is_pre = c == "`" and source[i + 1 : i + 3] == "``"
        language = ""
        i += 3 if is_pre else 1
        if is_pre:
            language_end = i
            while language_end < n and source[language_end] not in SPACES and source[language_end] != "`":
                language_end += 1
            if language_end > i and language_end < n and source[language_end] != "`":
                language, i = source[i:language_end], language_end
            if i < n and source[i] in "\r\n":
                i += 2 if i + 1 < n and source[i + 1] in "\r\n" and source[i + 1] != source[i] else 1
        start_offset = offset
        inner_start = len(pieces)
        while i < n and (source[i] != end_character or (is_pre and source[i + 1 : i + 3] != "``")):
            pieces.append(source[i])
            offset += utf16_len(source[i])
            i += 1
        if i >= n:
            raise EntityParseError(f"Can't find end of the entity starting at byte offset {byte_offset(source, begin)}")
        entity: Entity | None = None
        if c == "[":
            url = "".join(pieces[inner_start:])
            if i + 1 < n and source[i + 1] == "(":
                close = source.find(")", i + 2)
                url, i = (source[i + 2 :], n - 1) if close < 0 else (source[i + 2 : close], close)
            entity = link_entity(url, resolve_user)
        elif is_pre:
            entity = {"type": "pre", "language": language} if language else {"type": "pre"}
            i += 2
        else:
            entity = {"type": _LEGACY_MARKERS[c]}
        if entity is not None and offset > start_offset:
            entities.append({**entity, "offset": start_offset, "length": offset - start_offset})
        i += 1
    return FormattedText("".join(pieces), sort_entities(entities))
