"""Every text renders whole with the arguments its code passes; the translator passes a text only the variables
it reads; and a text that would not render whole is never shown half-made.

"The arguments its code passes" are read from the source (`tests/bot/text_uses.py`): each `i18n.get(key, …)`,
each helper that passes a key on (`button_text`, `field_text`, …) at each of its callers, each `Translated(key)`
with the keys its window's getter returns. A variable the code does not pass (Fluent would show its bare
name to the patient) fails here, at the place that renders the text.
"""

from __future__ import annotations

import logging
import re
from functools import cache

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser
from fluent.syntax import ast as fluent_ast
from fluent.syntax.visitor import Visitor

from bot.dialogs.common.errors import field_text
from bot.i18n import LANGUAGES, LOCALES_DIR, Locales, Translator, fluent_arguments
from tests.bot.text_uses import ANY, Use, collect

_VARIABLE = re.compile(r"\$([a-zA-Z][\w-]*)")
VARIABLES = sorted({name for path in LOCALES_DIR.rglob("*.ftl") for name in _VARIABLE.findall(path.read_text())})
WORD = "<x&y>"  # a value that must come out escaped
NUMBER = 3  # a value for a variable a text counts with (plural forms, NUMBER())

# Helpers that check at run time that they pass every variable their text reads, and word it otherwise
# (each has its own test below): the scan sees the call, not the check.
CHECKED_AT_RUN_TIME = {"field_text"}
# Helpers whose key is one of a closed set the scan cannot read from the call, each set rendered whole by a
# test of its own: `dictionary_word` renders eHealth dictionary texts, which take no arguments
# (tests/bot/test_words.py renders every code of every dictionary in both languages).
KEYS_FROM_A_CLOSED_SET = {"dictionary_word"}


class _Reads(Visitor):
    """The variables of a message, the ones it counts with, and the messages it includes."""

    def __init__(self) -> None:
        self.variables: set[str] = set()
        self.numbers: set[str] = set()
        self.messages: set[str] = set()

    def visit_VariableReference(self, node: fluent_ast.VariableReference) -> None:
        self.variables.add(node.id.name)

    def visit_SelectExpression(self, node: fluent_ast.SelectExpression) -> None:
        if isinstance(node.selector, fluent_ast.VariableReference):
            self.numbers.add(node.selector.id.name)
        self.generic_visit(node)

    def visit_FunctionReference(self, node: fluent_ast.FunctionReference) -> None:
        if node.id.name == "NUMBER":
            self.numbers |= {
                a.id.name for a in node.arguments.positional if isinstance(a, fluent_ast.VariableReference)
            }
        self.generic_visit(node)

    def visit_MessageReference(self, node: fluent_ast.MessageReference) -> None:
        self.messages.add(node.id.name)


@cache
def _messages(language: str) -> dict[str, _Reads]:
    found: dict[str, _Reads] = {}
    for path in sorted((LOCALES_DIR / language).glob("*.ftl")):
        for entry in FluentParser().parse(path.read_text(encoding="utf-8")).body:
            if isinstance(entry, fluent_ast.Message):
                reads = _Reads()
                reads.visit(entry)
                found[entry.id.name] = reads
    return found


@cache
def _uses() -> tuple[Use, ...]:
    return tuple(collect())


def _uses_of(key: str) -> list[Use]:
    """The places that render `key`: those that write it out, else those whose pattern matches it (a
    pattern such as `submit-result-{status}` does not also stand for `submit-result-active`, which the code
    renders by name with its own arguments)."""
    uses = [use for use in _uses() if use.function not in KEYS_FROM_A_CLOSED_SET]
    named = [use for use in uses if use.names(key)]
    return named or [use for use in uses if use.renders(key)]


def _sample(reads: _Reads, names: frozenset[str]) -> dict[str, object]:
    return {name: NUMBER if name in reads.numbers else WORD for name in names}


def test_the_scan_reads_the_code() -> None:
    uses = _uses()
    assert len(uses) > 300
    widget = [use for use in uses if use.names("search-chosen-speciality")]
    assert widget and all(use.arguments >= {"speciality"} for use in widget)
    helper = [use for use in uses if use.names("search-settlement-option-area")]  # through `button_text`
    assert helper and all(use.arguments >= {"name", "area", "doctors"} for use in helper)


def test_every_text_with_variables_is_rendered_somewhere() -> None:
    """A text that reads variables has a place in the code that renders it (or is part of one that has):
    else nothing says which arguments it gets. (A text without variables and without a use is only unused.)"""
    messages = _messages("uk")
    included = {name for reads in messages.values() for name in reads.messages}
    unplaced = [key for key, reads in messages.items() if reads.variables and key not in included and not _uses_of(key)]
    assert unplaced == []


def test_every_place_passes_arguments_the_scan_can_read() -> None:
    """`**error.params` and the like: the text's variables must be passed by name where it is rendered."""
    unknown = sorted({item for use in _uses() if use.function not in CHECKED_AT_RUN_TIME for item in use.unknown})
    unreadable = sorted(
        use.site for use in _uses() if ANY in use.patterns and use.function not in KEYS_FROM_A_CLOSED_SET
    )
    assert unknown == []
    assert unreadable == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_renders_with_the_arguments_its_code_passes(language: str) -> None:
    i18n = Locales().translator(language)
    messages = _messages(language)
    failures: list[tuple[str, str, list[str]]] = []
    rendered = 0
    for key, reads in messages.items():
        for use in _uses_of(key) or [Use("(no use)", "", frozenset(), frozenset())]:
            if use.function in CHECKED_AT_RUN_TIME:
                continue
            text, errors = i18n.render(key, **_sample(reads, use.arguments))
            rendered += 1
            if errors:
                failures.append((key, use.site, errors))
            elif reads.variables - reads.numbers and WORD in text:
                failures.append((key, use.site, ["an argument is not escaped"]))
    assert rendered > 300
    assert failures == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_field_problem_without_its_limits_is_worded_without_them(
    language: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The API's field errors carry no limits: a text that names them is not used then."""
    i18n = Locales().translator(language)
    codes = [key.removeprefix("invalid-") for key in _messages(language) if key.startswith("invalid-")]
    with_limits = [code for code in codes if i18n.variables(f"invalid-{code}")]
    assert with_limits, "no field text names a limit any more: is this test still needed?"
    caplog.set_level(logging.ERROR, logger="bot.i18n")
    for code in codes:
        shown = field_text(i18n, code, "Повідомлення бекенду")
        assert not {"min_len", "max_len"} & set(re.findall(r"\w+", shown)), code
        limits = {name: NUMBER for name in i18n.variables(f"invalid-{code}")}
        assert field_text(i18n, code, "", limits) == i18n.get(f"invalid-{code}", **limits), code
    assert caplog.records == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_text_that_does_not_render_whole_is_never_shown(language: str, caplog: pytest.LogCaptureFixture) -> None:
    i18n = Locales().translator(language)
    caplog.set_level(logging.ERROR, logger="bot.i18n")

    shown = i18n.get("search-settlement-invalid")  # its limits not given

    assert shown == i18n.get("error-generic")
    assert "min_len" not in shown
    assert "search-settlement-invalid" in caplog.text and "min_len" in caplog.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_text_is_never_shown_as_its_key(language: str, caplog: pytest.LogCaptureFixture) -> None:
    i18n = Locales().translator(language)
    caplog.set_level(logging.ERROR, logger="bot.i18n")

    shown = i18n.get("decl-status-not-in-any-dictionary")  # e.g. a status code eHealth adds one day

    assert shown == i18n.get("error-generic")
    assert "decl-status-not-in-any-dictionary" in caplog.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("value", [1, 3, 21, "Кам'янське <b>"])
def test_every_text_renders_as_with_every_argument(language: str, value: object) -> None:
    translator = Locales().translator(language)
    bundle = translator._bundle
    arguments = dict.fromkeys(VARIABLES, value)
    compared = 0
    for key in bundle._messages:
        message = bundle.get_message(key)
        if message.value is None:
            continue
        everything, _ = bundle.format_pattern(message.value, fluent_arguments(arguments))
        assert str(translator.render(key, **arguments)[0]) == everything, key
        compared += 1
    assert compared > 100


def test_a_text_gets_only_the_variables_it_reads() -> None:
    translator = Locales().translator("uk")
    used = translator._used(translator._bundle, "search-results-total", {"count": 7, "first": 1, "last": 5, "x": 0})
    assert used == {"count": 7, "first": 1, "last": 5}


def test_a_referenced_text_gets_the_variables_it_reads() -> None:
    bundle = FluentBundle(["uk"], use_isolating=False)
    bundle.add_resource(FluentResource("greeting = Вітаємо, { $name }!\nmenu = { greeting } { $count }\n"))
    translator = Translator("uk", bundle)
    assert translator.get("menu", name="Олена", count=2, unused="x") == "Вітаємо, Олена! 2"
    used = translator._used(bundle, "menu", {"name": "Олена", "count": 2, "unused": "x"})
    assert used == {"name": "Олена", "count": 2}
    assert translator.variables("menu") == {"name", "count"}
