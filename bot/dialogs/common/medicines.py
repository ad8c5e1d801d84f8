"""A medicine in words: its form and strength, an amount in its unit ("таблетки, 500 мг", "60 таблеток").

Shared by the flows that name medicines (prescriptions, the medical extract); the rules (which words a strength
takes) are `backend.domain.prescriptions_view`, the words are the `rx-amount-…` and dictionary texts.
"""

from __future__ import annotations

from backend.domain.prescriptions_view import MEDICATION_FORM, PER_UNIT, strength_phrase, unit_slug
from bot.api_models import Medication, Strength
from bot.dialogs.common.words import dictionary_word
from bot.i18n import Markup, Translator, join_markup


def number(value: float) -> int | float:
    """60.0 → 60: whole amounts read without a decimal part (and pick the right plural form)."""
    return int(value) if float(value).is_integer() else value


def amount_text(i18n: Translator, value: float, unit: str | None) -> Markup:
    """ "60 таблеток", "500 мг", "10 мл"; the number alone for a unit we do not know."""
    slug = unit_slug(unit)
    if slug is not None and i18n.has(f"rx-amount-{slug}"):
        return i18n.get(f"rx-amount-{slug}", count=number(value))
    return i18n.get("rx-amount-other", count=number(value))


def strength_text(i18n: Translator, strength: Strength) -> Markup:
    """ "500 мг", "100 ОД/мл", "100 мкг/дозу", "250 мг/5 мл"."""
    phrase = strength_phrase(
        strength.numerator_value, strength.numerator_unit, strength.denominator_value, strength.denominator_unit
    )
    amount = amount_text(i18n, phrase.amount, strength.numerator_unit)
    if phrase.per_unit is None:
        return amount
    if phrase.per_amount is not None:
        return Markup(f"{amount}/{amount_text(i18n, phrase.per_amount, phrase.per_unit)}")
    per = dictionary_word(i18n, PER_UNIT, phrase.per_unit)
    return Markup(f"{amount}/{per}") if per else amount


def form_text(i18n: Translator, medication: Medication) -> Markup | None:
    """ "таблетки, 500 мг", "розчин для ін’єкцій, 100 ОД/мл"; an unknown form leaves only the strength."""
    parts = [dictionary_word(i18n, MEDICATION_FORM, medication.form)]
    if medication.strength is not None:
        parts.append(strength_text(i18n, medication.strength))
    present = [part for part in parts if part]
    return join_markup(", ", present) if present else None
