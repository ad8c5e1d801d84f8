"""Texts: both languages have the same keys, every key the code uses exists (that every text renders with
the arguments its code passes: `test_i18n_arguments.py`)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as fluent_ast
from fluent.syntax.visitor import Visitor

from backend.api.errors import MESSAGES
from backend.domain.dictionaries import BOT_DICTIONARIES
from backend.domain.messages import UK_MESSAGES
from backend.domain.validators import ADDRESS_TYPES
from bot.api_client import BackendError
from bot.api_models import NOTIFICATION_KINDS
from bot.app import COMMANDS
from bot.dialogs.common.errors import error_text, field_text
from bot.dialogs.settings.getters import NOTIFICATION_WIDGETS
from bot.i18n import LANGUAGES, LOCALES_DIR, Locales

BOT_DIR = Path(__file__).resolve().parents[2] / "bot"
KEY_CALLS = {"Translated", "get", "has"}  # Translated("key"), i18n.get("key"), i18n.has("key")
TEXT_KEY = re.compile(r"[a-z][a-z0-9_]*(-[a-z0-9_]+)+")  # text keys have a dash; dict keys and ids do not


def _messages(path: Path) -> dict[str, fluent_ast.Message]:
    resource = FluentParser().parse(path.read_text(encoding="utf-8"))
    junk = [entry for entry in resource.body if isinstance(entry, fluent_ast.Junk)]
    assert not junk, f"{path}: {[entry.annotations[0].message for entry in junk]}"
    return {entry.id.name: entry for entry in resource.body if isinstance(entry, fluent_ast.Message)}


def _variables(message: fluent_ast.Message) -> set[str]:
    found: set[str] = set()

    class Variables(Visitor):
        def visit_VariableReference(self, node: fluent_ast.VariableReference) -> None:
            found.add(node.id.name)

    Variables().visit(message)
    return found


def _keys(language: str) -> dict[str, fluent_ast.Message]:
    messages: dict[str, fluent_ast.Message] = {}
    for path in sorted((LOCALES_DIR / language).glob("*.ftl")):
        for key, message in _messages(path).items():
            assert key not in messages, f"{key} is defined twice in {language}"
            messages[key] = message
    return messages


UK, EN = _keys("uk"), _keys("en")


def test_both_languages_have_the_same_files_and_keys() -> None:
    assert sorted(p.name for p in (LOCALES_DIR / "uk").glob("*.ftl")) == sorted(
        p.name for p in (LOCALES_DIR / "en").glob("*.ftl")
    )
    for path in (LOCALES_DIR / "uk").glob("*.ftl"):
        uk, en = _messages(path), _messages(LOCALES_DIR / "en" / path.name)
        assert sorted(set(uk) - set(en)) == [], f"missing in en/{path.name}"
        assert sorted(set(en) - set(uk)) == [], f"missing in uk/{path.name}"


def test_both_languages_use_the_same_arguments() -> None:
    for key, message in UK.items():
        assert _variables(message) == _variables(EN[key]), key


def _literal_keys_in_code() -> set[tuple[str, str]]:
    """(file, key) for every text key written as a string literal in a Translated/get/has call."""
    found: set[tuple[str, str]] = set()
    for path in BOT_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            first = node.args[0]
            key = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else ""
            if name in KEY_CALLS and TEXT_KEY.fullmatch(key):
                found.add((str(path.relative_to(BOT_DIR)), key))
    return found


def test_every_key_written_in_the_code_exists() -> None:
    used = _literal_keys_in_code()
    assert len(used) > 100, "the scan found too few keys: is it still reading the code?"
    missing = sorted((file, key) for file, key in used if key not in UK)
    assert missing == []


def _composed_keys() -> set[str]:
    """Keys the code builds from values (f-strings): every value they can take."""
    keys = {f"command-{name}" for name in COMMANDS}
    keys |= {f"language-{language}" for language in LANGUAGES}
    keys |= {f"profile-address-{kind.lower()}" for kind in ADDRESS_TYPES}
    keys |= {f"change-address-{kind.lower()}" for kind in ADDRESS_TYPES}
    keys |= {key for dictionary in BOT_DICTIONARIES for key in map(dictionary.key, [*dictionary.words, "?"]) if key}
    keys |= {f"notice-{notice}" for notice in ("cancelled", "stale", "signed-out")}
    keys |= {f"settings-{state}-{widget}" for widget in NOTIFICATION_WIDGETS.values() for state in ("on", "off")}
    return keys


def test_every_composed_key_exists() -> None:
    assert set(NOTIFICATION_WIDGETS) == set(NOTIFICATION_KINDS)
    assert sorted(_composed_keys() - set(UK)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_backend_error_code_has_our_own_text(language: str) -> None:
    i18n = Locales().translator(language)
    for code in (*MESSAGES, "registry_unavailable", "backend_unavailable", "forbidden", "conflict"):
        assert i18n.has("error-" + code.replace("_", "-")), code
        shown = error_text(i18n, BackendError(code, "Повідомлення бекенду"))
        assert "Повідомлення бекенду" not in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_validator_code_has_our_own_text(language: str) -> None:
    i18n = Locales().translator(language)
    for code in UK_MESSAGES:
        if code.startswith("precheck."):
            continue  # the submit flow words these itself
        shown = field_text(i18n, code, "Повідомлення бекенду", {"max_len": 20, "min_len": 2})
        assert shown != i18n.get("invalid-value") and "Повідомлення бекенду" not in shown, code


def test_a_broken_text_file_stops_the_start(tmp_path: Path) -> None:
    for language in LANGUAGES:
        (tmp_path / language).mkdir()
        (tmp_path / language / "texts.ftl").write_text("fine = Добре\nbroken { = Погано\n", encoding="utf-8")

    with pytest.raises(ValueError, match=r"texts\.ftl"):
        Locales(tmp_path)


@pytest.mark.parametrize(
    ("first_name", "addressed"), [("Олена", "Олено"), ("Андрій", "Андрію"), ("В’ячеслав", "В’ячеславе")]
)
def test_the_greeting_addresses_the_patient_in_the_vocative_in_ukrainian_only(first_name: str, addressed: str) -> None:
    locales = Locales()
    assert (
        locales.translator("uk").get("onboarding-greeting", first_name=first_name).startswith(f"Вітаємо, {addressed}!")
    )
    assert (
        locales.translator("en").get("onboarding-greeting", first_name=first_name).startswith(f"Welcome, {first_name}!")
    )
