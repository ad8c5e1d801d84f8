"""Message text and its entities, produced the way Telegram produces them.

`parse_html` follows Telegram's HTML parse mode: the same tags, the same character references, the
same refusals with the same wording (byte offsets into the UTF-8 source). Offsets and lengths of
entities are in UTF-16 code units, as in the Bot API. `finish_text` then trims the text, drops empty
entities and adds the entities Telegram finds by itself (commands, links, mentions, hashtags, emails).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Entity = dict[str, Any]
UserResolver = Callable[[int], dict[str, Any] | None]

# Telegram's whitespace in markup (the NUL stands for the end of the text, as in C strings).
SPACES = frozenset(" \t\r\n\v\0")
MAX_MESSAGE_LENGTH = 4096  # UTF-16 code units, after parsing
MAX_CAPTION_LENGTH = 1024  # a media message's caption, likewise
_TRIMMED = " \t\r\n\v\f"
_SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SIMPLE_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
}
_NAMED_REFERENCES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]*")
_TEXT_RUN = re.compile(r"[^<&]+")
_TG_USER_LINK = re.compile(r"tg://user\?id=(\d{1,19})$", re.IGNORECASE)
_LINK_SCHEMES = ("http://", "https://", "tg://", "ton://", "ftp://")

# Telegram orders entities by offset, then longer first, then by a fixed priority of types.
_TYPE_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "text_mention": 49,
    "mention": 50,
    "hashtag": 50,
    "cashtag": 50,
    "bot_command": 50,
    "url": 50,
    "email": 50,
    "phone_number": 50,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}
ENTITY_TYPES = frozenset(_TYPE_PRIORITY)
# Entities Telegram never looks inside when it detects links and commands.
_OPAQUE_TYPES = frozenset({"pre", "code", "text_link", "text_mention"})

_AUTO_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bot_command", re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")),
    ("url", re.compile(r"(?i)(?<![\w@/])(?:https?://|www\.|t\.me/)[^\s<>\"]*[^\s<>\".,;:!?)'\]]")),
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}(?!\w)")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d_]\w*(?![\w#])")),
)


class EntityParseError(ValueError):
    """Telegram's "can't parse entities" refusal; the message is Telegram's detail text."""


@dataclass(frozen=True, slots=True)
class FormattedText:
    text: str
    entities: list[Entity]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _ascii_lower(value: str) -> str:
    return value.lower() if value.isascii() else "".join(c.lower() if c.isascii() else c for c in value)


def _decode_reference(source: str, start: int) -> tuple[str, int] | None:
    """The character a `&…;` reference stands for, and where the reference ends; None if it is not one."""
    n = len(source)
    end = start + 1
    if end < n and source[end] == "#":
        end += 1
        hexadecimal = end < n and source[end] == "x"
        if hexadecimal:
            end += 1
        digits_start = end
        allowed = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        while end < n and source[end] in allowed:
            end += 1
        digits = source[digits_start:end]
        code = int(digits, 16 if hexadecimal else 10) if digits else 0
        if code == 0 or code >= 0x10FFFF or end - start >= 10 or 0xD800 <= code <= 0xDFFF:
            return None
        character = chr(code)
    else:
        while end < n and source[end].isascii() and source[end].isalpha():
            end += 1
        character = _NAMED_REFERENCES.get(source[start + 1 : end], "")
        if not character:
            return None
    if end < n and source[end] == ";":
        end += 1
    return character, end


def checked_link(url: str) -> str | None:
    """The link Telegram would keep for a text link, or None when it drops it."""
    url = url.strip()
    if not url:
        return None
    lowered = url.lower()
    if "://" not in lowered:
        url = "http://" + url
        lowered = "http://" + lowered
    if not lowered.startswith(_LINK_SCHEMES):
        return None
    host = lowered.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0]
    if not host or any(c in SPACES for c in host):
        return None
    return url


def link_entity(url: str, resolve_user: UserResolver | None) -> Entity | None:
    """A link's entity without position: a mention of a known user, a text link, or None (dropped)."""
    mention = _TG_USER_LINK.match(url.strip())
    if mention is not None:
        user = resolve_user(int(mention.group(1))) if resolve_user else None
        return {"type": "text_mention", "user": user} if user is not None else None
    link = checked_link(url)
    return {"type": "text_link", "url": link} if link is not None else None


@dataclass(slots=True)
class _OpenTag:
    name: str
    argument: str
    offset: int
    piece_index: int
    expandable: bool


class _HtmlParser:
    def __init__(self, source: str, resolve_user: UserResolver | None) -> None:
        self.source = source
        self.n = len(source)
        self.resolve_user = resolve_user
        self.pieces: list[str] = []
        self.offset = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[Entity] = []

    def at(self, index: int) -> str:
        return self.source[index] if index < self.n else "\0"

    def fail(self, detail: str) -> EntityParseError:
        return EntityParseError(detail)

    def append(self, chunk: str) -> None:
        self.pieces.append(chunk)
        self.offset += utf16_len(chunk)

    def parse(self) -> FormattedText:
        i = 0
        while i < self.n:
            c = self.source[i]
            if c == "&":
                reference = _decode_reference(self.source, i)
                if reference is not None:
                    self.append(reference[0])
                    i = reference[1]
                    continue
                self.append("&")
                i += 1
            elif c == "<":
                i = self.end_tag(i) if self.at(i + 1) == "/" else self.start_tag(i)
            else:
                run = _TEXT_RUN.match(self.source, i)
                assert run is not None
                self.append(run.group())
                i = run.end()
        if self.stack:
            raise self.fail(f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"')
        for entity in self.entities:
            if entity["type"] == "code":
                entity.pop("language", None)
        return FormattedText("".join(self.pieces), sort_entities(self.entities))

    def skip_spaces(self, i: int) -> int:
        while i < self.n and self.source[i] in SPACES:
            i += 1
        return i

    def start_tag(self, begin: int) -> int:
        source = self.source
        i = begin + 1
        while self.at(i) not in SPACES and self.at(i) != ">":
            i += 1
        if i >= self.n:
            raise self.fail(f"Unclosed start tag at byte offset {byte_offset(source, begin)}")
        name = _ascii_lower(source[begin + 1 : i])
        if name not in _SUPPORTED_TAGS:
            raise self.fail(f'Unsupported start tag "{name}" at byte offset {byte_offset(source, begin)}')
        argument = ""
        expandable = False
        while self.at(i) != ">":
            i = self.skip_spaces(i)
            if self.at(i) == ">":
                break
            attribute_begin = i
            while self.at(i) not in SPACES and self.at(i) != "=":
                i += 1
            attribute = source[attribute_begin:i]
            if not attribute:
                raise self.fail(f'Empty attribute name in the tag "{name}" at byte offset {byte_offset(source, begin)}')
            i = self.skip_spaces(i)
            if self.at(i) != "=":
                if name == "blockquote" and attribute.lower() == "expandable":
                    expandable = True
                    continue
                raise self.fail(
                    f'Expected equal sign in declaration of an attribute of the tag "{name}" '
                    f"at byte offset {byte_offset(source, begin)}"
                )
            i = self.skip_spaces(i + 1)
            if i >= self.n:
                raise self.fail(f'Unclosed start tag "{name}" at byte offset {byte_offset(source, begin)}')
            value, i = self.attribute_value(i)
            if i >= self.n:
                raise self.fail(f"Unclosed start tag at byte offset {byte_offset(source, begin)}")
            argument = self.tag_argument(name, attribute, value, argument)
        if name == "span" and argument != "spoiler":
            raise self.fail(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(source, begin)}')
        self.stack.append(_OpenTag(name, argument, self.offset, len(self.pieces), expandable))
        return i + 1

    def attribute_value(self, i: int) -> tuple[str, int]:
        quote = self.source[i]
        if quote not in "'\"":
            token = _NAME_TOKEN.match(self.source, i)
            assert token is not None
            end = token.end()
            if self.at(end) not in SPACES and self.at(end) != ">":
                raise self.fail(f"Unexpected end of name token at byte offset {byte_offset(self.source, i)}")
            return token.group().lower(), end
        i += 1
        parts: list[str] = []
        while i < self.n and self.source[i] != quote:
            if self.source[i] == "&":
                reference = _decode_reference(self.source, i)
                if reference is not None:
                    parts.append(reference[0])
                    i = reference[1]
                    continue
            parts.append(self.source[i])
            i += 1
        if i < self.n:
            i += 1
        return "".join(parts), i

    @staticmethod
    def tag_argument(tag: str, attribute: str, value: str, current: str) -> str:
        if tag == "a" and attribute == "href":
            return value
        if tag == "code" and attribute == "class" and value.startswith("language-"):
            return value[len("language-") :]
        if tag == "span" and attribute == "class" and value.startswith("tg-"):
            return value[len("tg-") :]
        if tag == "tg-emoji" and attribute == "emoji-id":
            return value
        return current

    def end_tag(self, begin: int) -> int:
        source = self.source
        if not self.stack:
            raise self.fail(f"Unexpected end tag at byte offset {byte_offset(source, begin)}")
        i = begin + 2
        while self.at(i) not in SPACES and self.at(i) != ">":
            i += 1
        end_name = _ascii_lower(source[begin + 2 : i])
        i = self.skip_spaces(i)
        if self.at(i) != ">":
            raise self.fail(f"Unclosed end tag at byte offset {byte_offset(source, begin)}")
        opened = self.stack[-1]
        if end_name and end_name != opened.name:
            raise self.fail(
                f'Unmatched end tag at byte offset {byte_offset(source, begin)}, expected "</{opened.name}>", '
                f'found "</{end_name}>"'
            )
        if self.offset > opened.offset:
            self.close_entity(opened, self.offset - opened.offset)
        self.stack.pop()
        return i + 1

    def close_entity(self, opened: _OpenTag, length: int) -> None:
        offset = opened.offset
        entity: Entity = {"offset": offset, "length": length}
        name = opened.name
        previous = self.entities[-1] if self.entities else None
        same_span = previous is not None and previous["offset"] == offset and previous["length"] == length
        if name in _SIMPLE_TAG_TYPES or name == "span":
            entity["type"] = _SIMPLE_TAG_TYPES.get(name, "spoiler")
        elif name == "blockquote":
            entity["type"] = "expandable_blockquote" if opened.expandable else "blockquote"
        elif name == "tg-emoji":
            if not opened.argument.isdigit() or int(opened.argument) == 0:
                raise self.fail("Invalid custom emoji identifier specified")
            entity.update(type="custom_emoji", custom_emoji_id=opened.argument)
        elif name == "a":
            url = opened.argument or "".join(self.pieces[opened.piece_index :])
            link = link_entity(url, self.resolve_user)
            if link is None:
                return
            entity.update(link)
        elif name == "pre":
            # <pre><code class="language-x">…</code></pre>: the inner code gives the pre its language.
            if same_span and previous is not None and previous["type"] == "code" and previous.get("language"):
                previous["type"] = "pre"
                return
            entity["type"] = "pre"
        else:  # code
            if same_span and previous is not None and previous["type"] == "pre" and opened.argument:
                previous["language"] = opened.argument
                return
            entity["type"] = "code"
            if opened.argument:
                entity["language"] = opened.argument
        self.entities.append(entity)


def parse_html(source: str, *, resolve_user: UserResolver | None = None) -> FormattedText:
    return _HtmlParser(source, resolve_user).parse()


def sort_entities(entities: list[Entity]) -> list[Entity]:
    entities.sort(key=lambda e: (e["offset"], -e["length"], _TYPE_PRIORITY.get(e["type"], 50)))
    return entities


def _utf16_index_map(text: str) -> list[int]:
    """UTF-16 offset of every character position of `text` (plus the end)."""
    offsets = [0] * (len(text) + 1)
    position = 0
    for index, character in enumerate(text):
        offsets[index] = position
        position += 2 if ord(character) > 0xFFFF else 1
    offsets[len(text)] = position
    return offsets


def _detect_entities(text: str, existing: list[Entity]) -> list[Entity]:
    # Regex positions count characters; they differ from UTF-16 offsets only past astral characters.
    offsets = _utf16_index_map(text) if utf16_len(text) != len(text) else None
    opaque = [(e["offset"], e["offset"] + e["length"]) for e in existing if e["type"] in _OPAQUE_TYPES]
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for entity_type, pattern in _AUTO_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if offsets is not None:
                start, end = offsets[start], offsets[end]
            if any(start < o_end and o_start < end for o_start, o_end in (*opaque, *taken)):
                continue
            taken.append((start, end))
            found.append({"type": entity_type, "offset": start, "length": end - start})
    return found


def finish_text(text: str, entities: list[Entity]) -> FormattedText:
    """Trim surrounding whitespace (moving entities with the text) and add auto-detected entities."""
    stripped_left = text.lstrip(_TRIMMED)
    trimmed = stripped_left.rstrip(_TRIMMED)
    if len(trimmed) != len(text):
        shift = utf16_len(text[: len(text) - len(stripped_left)])
        total = utf16_len(trimmed)
        kept: list[Entity] = []
        for entity in entities:
            start = max(entity["offset"] - shift, 0)
            end = min(entity["offset"] + entity["length"] - shift, total)
            if end > start:
                kept.append({**entity, "offset": start, "length": end - start})
        entities = kept
    if trimmed and any(c in trimmed for c in "/@#.:"):
        entities = entities + _detect_entities(trimmed, entities)
    return FormattedText(trimmed, sort_entities(entities))


def entities_from_param(text: str, raw: Any) -> list[Entity]:
    """Entities a bot passed explicitly (`entities` / `caption_entities`), checked against the text."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise EntityParseError("entities must be an Array")
    total = utf16_len(text)
    entities: list[Entity] = []
    for item in raw:
        if not isinstance(item, dict):
            raise EntityParseError("MessageEntity must be an Object")
        entity_type = item.get("type")
        offset, length = item.get("offset"), item.get("length")
        if entity_type not in ENTITY_TYPES:
            raise EntityParseError(f"Unsupported entity type {entity_type!r}")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length <= 0:
            raise EntityParseError("Entity offset and length must be non-negative integers")
        if offset >= total:
            continue
        entity: Entity = {"type": entity_type, "offset": offset, "length": min(length, total - offset)}
        if entity_type == "text_link":
            link = checked_link(str(item.get("url") or ""))
            if link is None:
                raise EntityParseError(f"entity URL '{item.get('url') or ''}' is invalid: Wrong HTTP URL")
            entity["url"] = link
        elif entity_type == "pre" and item.get("language"):
            entity["language"] = str(item["language"])
        elif entity_type == "custom_emoji":
            entity["custom_emoji_id"] = str(item.get("custom_emoji_id") or "")
        elif entity_type == "text_mention":
            entity["user"] = item.get("user")
        entities.append(entity)
    return entities
