"""Telegram's HTML parse mode, trimming and entity detection, checked without a server."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.telegram.formatting import EntityParseError, finish_text, parse_html, utf16_len
from sandbox.telegram.markdown import parse_markdown, parse_markdown_v2

# Text without the characters the parser treats specially, so that it must come back unchanged.
plain_text = st.text(st.characters(blacklist_characters="<&", blacklist_categories=("Cs",)), max_size=200)


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_escaped_text_comes_back_as_it_was(text: str) -> None:
    parsed = parse_html(html.escape(text, quote=True))
    assert parsed.text == text
    assert parsed.entities == []


@given(plain_text, plain_text, plain_text)
def test_a_bold_span_covers_exactly_its_text_in_utf16_units(before: str, inner: str, after: str) -> None:
    parsed = parse_html(f"{before}<b>{inner}</b>{after}")
    assert parsed.text == before + inner + after
    if inner:
        assert parsed.entities == [{"type": "bold", "offset": utf16_len(before), "length": utf16_len(inner)}]
    else:
        assert parsed.entities == []


@given(st.text(max_size=300))
def test_parsing_either_succeeds_with_entities_inside_the_text_or_refuses(source: str) -> None:
    try:
        parsed = parse_html(source)
    except EntityParseError:
        return
    total = utf16_len(parsed.text)
    for entity in parsed.entities:
        assert entity["length"] > 0 and entity["offset"] >= 0 and entity["offset"] + entity["length"] <= total


def test_nested_tags_links_code_and_references() -> None:
    parsed = parse_html(
        '<b>Лікар <i>Іваненко</i></b> — <a href="https://ehealth.gov.ua/x?a=1&amp;b=2">кабінет</a>, '
        '<pre><code class="language-python">print(1)</code></pre> <tg-spoiler>таємно</tg-spoiler> &#x41;&#66;'
    )
    assert parsed.text == "Лікар Іваненко — кабінет, print(1) таємно AB"
    assert parsed.entities == [
        {"type": "bold", "offset": 0, "length": 14},
        {"type": "italic", "offset": 6, "length": 8},
        {"type": "text_link", "offset": 17, "length": 7, "url": "https://ehealth.gov.ua/x?a=1&b=2"},
        {"type": "pre", "offset": 26, "length": 8, "language": "python"},
        {"type": "spoiler", "offset": 35, "length": 6},
    ]


def test_unknown_references_and_bare_ampersands_stay_as_text() -> None:
    assert parse_html("R&D &nbsp; &copy").text == "R&D &nbsp; &copy"


def test_a_mention_link_of_a_known_user_becomes_a_text_mention() -> None:
    users = {42: {"id": 42, "is_bot": False, "first_name": "Олена"}}
    parsed = parse_html(
        '<a href="tg://user?id=42">Олена</a> і <a href="tg://user?id=7">хтось</a>', resolve_user=users.get
    )
    assert parsed.entities == [{"type": "text_mention", "offset": 0, "length": 5, "user": users[42]}]


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        ("Привіт <foo>", 'Unsupported start tag "foo" at byte offset 13'),  # byte offsets count UTF-8 bytes
        ('<a href="x">x</a', "Unclosed end tag at byte offset 13"),
        ("<a href=x/>y</a>", "Unexpected end of name token at byte offset 8"),
        ("<b =x>y</b>", 'Empty attribute name in the tag "b" at byte offset 0'),
        ("<b disabled>y</b>", 'Expected equal sign in declaration of an attribute of the tag "b" at byte offset 0'),
    ],
)
def test_refusals_name_the_place_in_bytes(source: str, detail: str) -> None:
    with pytest.raises(EntityParseError) as refused:
        parse_html(source)
    assert str(refused.value) == detail


def test_finishing_trims_whitespace_and_moves_entities_with_the_text() -> None:
    parsed = parse_html("\n\n  <b>Увага</b>: запис /start  \n")
    finished = finish_text(parsed.text, parsed.entities)
    assert finished.text == "Увага: запис /start"
    assert finished.entities == [
        {"type": "bold", "offset": 0, "length": 5},
        {"type": "bot_command", "offset": 13, "length": 6},
    ]


def test_detected_entities_skip_code_and_cover_links_mentions_and_emails() -> None:
    parsed = parse_html(
        "<code>/skip</code> https://t.me/ehealth_cabinet_bot?start=doc_1 @ehealth_cabinet_bot "
        "пишіть на help@ehealth.gov.ua #запис"
    )
    finished = finish_text(parsed.text, parsed.entities)
    found = {(e["type"], parsed.text[e["offset"] : e["offset"] + e["length"]]) for e in finished.entities}
    assert found == {
        ("code", "/skip"),
        ("url", "https://t.me/ehealth_cabinet_bot?start=doc_1"),
        ("mention", "@ehealth_cabinet_bot"),
        ("email", "help@ehealth.gov.ua"),
        ("hashtag", "#запис"),
    }


def escape_markdown_v2(text: str) -> str:
    return "".join(f"\\{c}" if c in "_*[]()~`>#+-=|{}.!\\" else c for c in text)


@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=200))
def test_markdown_v2_escaped_text_comes_back_as_it_was(text: str) -> None:
    parsed = parse_markdown_v2(escape_markdown_v2(text))
    assert (parsed.text, parsed.entities) == (text, [])


def test_markdown_v2_nesting_as_in_telegrams_own_example() -> None:
    source = (
        r"*bold _italic bold ~italic bold strikethrough ||italic bold strikethrough spoiler||~ "
        r"__underline italic bold___ bold* [посилання](https://ehealth.gov.ua/) `код` "
        "```python\nprint(1)\n```"
    )
    parsed = parse_markdown_v2(source)
    assert parsed.text.startswith("bold italic bold italic bold strikethrough italic bold strikethrough spoiler")
    types = [(e["type"], parsed.text[e["offset"] : e["offset"] + e["length"]]) for e in parsed.entities]
    assert types[:5] == [
        (
            "bold",
            "bold italic bold italic bold strikethrough italic bold strikethrough spoiler underline italic bold bold",
        ),
        ("italic", "italic bold italic bold strikethrough italic bold strikethrough spoiler underline italic bold"),
        ("strikethrough", "italic bold strikethrough italic bold strikethrough spoiler"),
        ("spoiler", "italic bold strikethrough spoiler"),
        ("underline", "underline italic bold"),
    ]
    assert types[5:] == [("text_link", "посилання"), ("code", "код"), ("pre", "print(1)\n")]
    assert parsed.entities[-1]["language"] == "python"


def test_markdown_v2_block_quotes_span_the_quoted_lines() -> None:
    parsed = parse_markdown_v2(">Перший рядок\n>другий\nпісля")
    assert parsed.text == "Перший рядок\nдругий\nпісля"
    assert parsed.entities == [{"type": "blockquote", "offset": 0, "length": 20}]


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        ("Ціна 5.00", "Character '.' is reserved and must be escaped with the preceding '\\'"),
        ("Так *жирний", "Can't find end of Bold entity at byte offset 7"),
        ("```python\nprint(1)", "Can't find end of PreCode entity at byte offset 0"),
        ("[текст](https://x.ua", "Can't find end of a URL at byte offset 13"),
    ],
)
def test_markdown_v2_refusals(source: str, detail: str) -> None:
    with pytest.raises(EntityParseError) as refused:
        parse_markdown_v2(source)
    assert str(refused.value) == detail


def test_legacy_markdown() -> None:
    parsed = parse_markdown(r"*Увага*: _запис_ на `12:00`, [кабінет](https://ehealth.gov.ua) \*зірочка")
    assert parsed.text == "Увага: запис на 12:00, кабінет *зірочка"
    assert [e["type"] for e in parsed.entities] == ["bold", "italic", "code", "text_link"]
    with pytest.raises(EntityParseError, match="Can't find end of the entity starting at byte offset 0"):
        parse_markdown("*без кінця")
