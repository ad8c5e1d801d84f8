"""Texts: Fluent files per language (`bot/locales/<lang>/*.ftl`), one `Translator` per language.

Arguments are HTML-escaped before they reach the text (the bot sends HTML), so a name or an address from
the registry can never change the markup. Texts themselves may hold the few tags Telegram allows; a rendered
text is `Markup` and goes into another text as it is.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.errors import FluentReferenceError
from fluent.syntax import ast
from fluent.syntax.ast import Junk
from fluent.syntax.visitor import Visitor

from backend.domain.names import vocative

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES = ("uk", "en")
DEFAULT_LANGUAGE = "uk"
I18N_KEY = "i18n"  # where the translator sits in handler and middleware data

FluentArg = str | int | float | Decimal
_BROKEN_TEXT_FALLBACK = "error-generic"  # shown instead of a text that did not render whole
KYIV = ZoneInfo("Europe/Kyiv")


def local_time(moment: datetime) -> datetime:
    """The registry's UTC time as a patient in Ukraine reads it."""
    return moment.astimezone(KYIV) if moment.tzinfo is not None else moment


class Markup(str):
    """Text that is already safe HTML (our own rendered texts): passed into another text unescaped."""

    __slots__ = ()


def join_markup(separator: str, parts: Iterable[Markup]) -> Markup:
    return Markup(separator.join(parts))


def language_for(code: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """Our language for a Telegram `language_code` (`en-GB` → en; ru and others → the default)."""
    base = (code or "").split("-")[0].lower()
    return base if base in LANGUAGES else default


def _argument(value: object) -> FluentArg:
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, bool):  # bool is an int: keep it out of plural selectors
        return str(value).lower()
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return html.escape(str(value), quote=False)


def fluent_arguments(values: Mapping[str, object]) -> dict[str, FluentArg]:
    """Plain values become Fluent arguments (escaped); lists, dicts and objects are left out."""
    return {
        name: _argument(value)
        for name, value in values.items()
        if value is not None and isinstance(value, str | int | float | Decimal | date)
    }


def _error_kind(error: Exception) -> str:
    """What went wrong, fit for the log: a reference error names a variable or a text; other errors (a
    number function given a word) would quote the value, so only their kind is kept."""
    if isinstance(error, FluentReferenceError):
        return f"{type(error).__name__}: {error}"
    return type(error).__name__


class _Variables(Visitor):
    """The `$variables` a message reads, its referenced messages' included (they get the same arguments)."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.messages: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)

    def visit_MessageReference(self, node: ast.MessageReference) -> None:
        self.messages.add(node.id.name)


def _variables_of(bundle: FluentBundle, key: str) -> frozenset[str]:
    found = _Variables()
    pending, seen = [key], set()
    while pending:
        name = pending.pop()
        if name in seen or not bundle.has_message(name):
            continue
        seen.add(name)
        found.visit(bundle.get_message(name))
        pending.extend(found.messages - seen)
    return frozenset(found.names)


class Translator:
    """The texts of one language, with the Ukrainian texts behind them for a key that is missing.

    Widgets pass a window's whole data as arguments; only the variables a text reads are converted
    (escaping every other value on every render cost more than formatting the text).
    """

    def __init__(self, language: str, bundle: FluentBundle, fallback: FluentBundle | None = None) -> None:
        self.language = language
        self._bundle = bundle
        self._fallback = fallback
        self._variables: dict[tuple[int, str], frozenset[str]] = {}  # bounded: one entry per text

    def _used(self, bundle: FluentBundle, key: str, arguments: dict[str, object]) -> dict[str, object]:
        names = self._variables.get((id(bundle), key))
        if names is None:
            names = self._variables[(id(bundle), key)] = _variables_of(bundle, key)
        return {name: arguments[name] for name in names if name in arguments}

    def has(self, key: str) -> bool:
        return self._bundle.has_message(key)

    def variables(self, key: str) -> frozenset[str]:
        """The `$variables` a text reads (its referenced texts' included); empty for a missing key."""
        for bundle in (self._bundle, self._fallback):
            if bundle is not None and bundle.has_message(key):
                names = self._variables.get((id(bundle), key))
                if names is None:
                    names = self._variables[(id(bundle), key)] = _variables_of(bundle, key)
                return names
        return frozenset()

    def render(self, key: str, /, **arguments: object) -> tuple[Markup, list[str]]:
        """The text and what went wrong rendering it (a variable not given, a number that is no number):
        the kinds of the Fluent errors, never the values. A missing key renders as itself."""
        for bundle in (self._bundle, self._fallback):
            if bundle is not None and bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    break
                used = self._used(bundle, key, arguments)
                text, errors = bundle.format_pattern(message.value, fluent_arguments(used))
                return Markup(text), [_error_kind(error) for error in errors]
        return Markup(html.escape(key)), [f"missing text ({self.language})"]

    def get(self, key: str, /, **arguments: object) -> Markup:
        """The text in this language. A missing text is never shown as its key, nor one that does not render
        whole half-made (Fluent would put a variable's bare name where its value belongs): the patient gets the
        general "something went wrong" instead, and the log says which text and why
        (`tests/bot/test_locales.py` and `tests/bot/test_i18n_arguments.py` keep this from happening)."""
        text, errors = self.render(key, **arguments)
        if not errors:
            return text
        if not self.has(key) and not (self._fallback is not None and self._fallback.has_message(key)):
            # A raw key ("decl-status-…") means nothing to a patient: the same general text instead.
            log.error("missing text %s (%s)", key, self.language)
        else:
            log.error("text %s did not render: %s", key, errors)
        fallback, failed = self.render(_BROKEN_TEXT_FALLBACK)
        return fallback if not failed else Markup("…")

    __call__ = get


def _vocative(name: object) -> object:
    """`VOCATIVE($first_name)`: how a Ukrainian text addresses a person («Вітаємо, Олено!»)."""
    return vocative(name) if isinstance(name, str) else name


# Functions a text may call: a language decides in its own files where it declines a name.
FUNCTIONS = {"VOCATIVE": _vocative}


def _load_bundle(language: str, directory: Path) -> FluentBundle:
    # No Unicode isolation marks: Telegram shows them as stray characters in some clients.
    bundle = FluentBundle([language], functions=FUNCTIONS, use_isolating=False)
    for path in sorted((directory / language).glob("*.ftl")):
        resource = FluentResource(path.read_text(encoding="utf-8"))
        # The bundle silently skips what it cannot parse; a broken text must stop the start instead.
        junk = [entry for entry in resource.body if isinstance(entry, Junk)]
        broken = [note.message for entry in junk for note in entry.annotations]
        if broken:
            raise ValueError(f"{path}: {broken}")
        bundle.add_resource(resource)
    return bundle


class Locales:
    """Every language's texts, loaded once at start-up."""

    def __init__(self, directory: Path = LOCALES_DIR, default: str = DEFAULT_LANGUAGE) -> None:
        self.default = default
        bundles = {language: _load_bundle(language, directory) for language in LANGUAGES}
        self._translators = {
            language: Translator(language, bundle, None if language == DEFAULT_LANGUAGE else bundles[DEFAULT_LANGUAGE])
            for language, bundle in bundles.items()
        }

    def translator(self, language: str | None) -> Translator:
        return self._translators.get(language or self.default) or self._translators[self.default]
