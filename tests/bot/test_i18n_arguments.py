"""The translator passes a text only the variables it reads: every text renders as with all arguments given."""

from __future__ import annotations

import re

import pytest
from fluent.runtime import FluentBundle, FluentResource

from bot.i18n import LANGUAGES, LOCALES_DIR, Locales, Translator, fluent_arguments

_VARIABLE = re.compile(r"\$([a-zA-Z][\w-]*)")
VARIABLES = sorted({name for path in LOCALES_DIR.rglob("*.ftl") for name in _VARIABLE.findall(path.read_text())})


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
        assert str(translator.get(key, **arguments)) == everything, key
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
