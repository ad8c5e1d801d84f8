"""Vaccinations in plain words: every code a word (or nothing), every value from the registry an escaped argument.

The rules (which words a code takes, what the calendar says is due) are `backend.domain.vaccinations_view`;
here they become this patient's language.
"""

from __future__ import annotations

import html
from datetime import date

from backend.domain.immunization_calendar import DueDose
from backend.domain.vaccinations_view import (
    BODY_SITE,
    CALENDAR_SERIES,
    REASON,
    REASON_NOT_GIVEN,
    ROUTE,
    TARGET_DISEASE,
    VACCINE,
    CalendarAdvice,
    CalendarAge,
    dose_age,
    is_overdue,
    millilitres,
)
from bot.api_models import CodedValue, Immunization
from bot.dialogs.common.words import dictionary_word
from bot.i18n import Markup, Translator, join_markup, local_time

BUTTON_NAME_LENGTH = 40  # a vaccine's name on a button: Telegram cuts long labels anyway


def vaccine_name(i18n: Translator, vaccine: CodedValue) -> Markup:
    """Our word for a vaccine we know; the registry's own name for another; a neutral word without either."""
    if word := dictionary_word(i18n, VACCINE, vaccine.code):
        return word
    if vaccine.text and vaccine.text.strip():
        return Markup(html.escape(vaccine.text.strip(), quote=False))
    return i18n.get("vax-vaccine-unnamed")


def dose_text(i18n: Translator, number: int | None, of: int | None) -> Markup | None:
    """ "2-га доза з 3", "2-га доза"; nothing without a dose number."""
    if not number or number < 1:
        return None
    if of and of >= number:
        return i18n.get("vax-dose-of", number=number, of=of)
    return i18n.get("vax-dose", number=number)


def age_text(i18n: Translator, age: CalendarAge) -> Markup:
    """ "при народженні", "на 3-й день життя", "у 2 місяці", "у 6 років"."""
    if age.kind == "years":
        return i18n.get("vax-age-years", years=age.value)
    if age.kind == "months":
        return i18n.get("vax-age-months", months=age.value)
    if age.kind == "days":
        return i18n.get("vax-age-days", days=age.value)
    return i18n.get("vax-age-birth")


def _given_on(vaccination: Immunization) -> date:
    return local_time(vaccination.date).date()


def vaccination_line(i18n: Translator, position: int, vaccination: Immunization) -> str:
    """One vaccination of a list: the vaccine, the dose, the date (or that it was not given)."""
    lines = [i18n.get("vax-line-title", position=position, vaccine=vaccine_name(i18n, vaccination.vaccine))]
    given_on = _given_on(vaccination)
    if vaccination.not_given:
        lines.append(i18n.get("vax-line-not-given", date=given_on))
    elif dose := dose_text(i18n, vaccination.dose_number, vaccination.series_doses):
        lines.append(i18n.get("vax-line-dose", dose=dose, date=given_on))
    else:
        lines.append(i18n.get("vax-line-date", date=given_on))
    return "\n".join(lines)


def button_label(i18n: Translator, position: int, vaccination: Immunization) -> str:
    name = html.unescape(vaccine_name(i18n, vaccination.vaccine)).strip()
    if len(name) > BUTTON_NAME_LENGTH:
        name = name[: BUTTON_NAME_LENGTH - 1].rstrip() + "…"
    return f"{position}. {name}"


def _due_line(i18n: Translator, dose: DueDose, birth_date: date, today: date) -> Markup:
    series = dictionary_word(i18n, CALENDAR_SERIES, dose.series) or i18n.get("vax-vaccine-unnamed")
    which = dose_text(i18n, dose.dose_number, None) or Markup("")
    age = age_text(i18n, dose_age(dose, birth_date))
    if is_overdue(dose, today):
        return i18n.get("vax-calendar-overdue", series=series, dose=which, age=age, date=dose.due_on)
    if dose.is_due(today):
        return i18n.get("vax-calendar-due", series=series, dose=which, age=age, date=dose.due_on)
    return i18n.get("vax-calendar-next", series=series, dose=which, age=age, date=dose.due_on)


def advice_text(i18n: Translator, advice: CalendarAdvice, birth_date: date, today: date) -> str:
    """What the national calendar says for the patient today: what is overdue or due now, else that all is
    done; then the next dose after those."""
    lines: list[str] = [i18n.get("vax-calendar-title")]
    if advice.adult_without_record:
        lines.append(i18n.get("vax-calendar-adult-no-record"))
        return "\n".join(lines)
    lines.extend(_due_line(i18n, dose, birth_date, today) for dose in advice.due)
    if not advice.due:
        lines.append(i18n.get("vax-calendar-done"))
    if advice.upcoming is not None:
        lines.append(_due_line(i18n, advice.upcoming, birth_date, today))
    if advice.due:
        lines.append(i18n.get("vax-calendar-missing-hint"))
    lines.append(i18n.get("vax-calendar-doctor"))
    return "\n".join(lines)


def _words(i18n: Translator, codes: list[str]) -> Markup | None:
    words = [word for word in (dictionary_word(i18n, TARGET_DISEASE, code) for code in codes) if word]
    unique = list(dict.fromkeys(words))
    return join_markup(", ", unique) if unique else None


def vaccination_card(i18n: Translator, vaccination: Immunization) -> str:
    """The whole vaccination: the vaccine and its code, what it protects from, the dose and date, the lot, the
    maker, how and where it was given, reactions, why it was (not) given, and who gave it."""
    blocks: list[list[str]] = []
    what = [i18n.get("vax-card-title", vaccine=vaccine_name(i18n, vaccination.vaccine))]
    if vaccination.vaccine.code.strip():
        what.append(i18n.get("vax-card-code", code=vaccination.vaccine.code.strip()))
    if diseases := _words(i18n, vaccination.target_diseases):
        what.append(i18n.get("vax-card-diseases", diseases=diseases))
    blocks.append(what)

    given_on = _given_on(vaccination)
    facts: list[str] = []
    if vaccination.not_given:
        facts.append(i18n.get("vax-card-not-given", date=given_on))
        reason = next(
            (word for word in (dictionary_word(i18n, REASON_NOT_GIVEN, c) for c in vaccination.reasons) if word), None
        )
        facts.append(i18n.get("vax-card-not-given-reason", reason=reason or i18n.get("vax-not-given-other")))
    else:
        facts.append(i18n.get("vax-card-date", date=given_on))
        if dose := dose_text(i18n, vaccination.dose_number, vaccination.series_doses):
            facts.append(i18n.get("vax-card-dose", dose=dose))
        if (amount := millilitres(vaccination.dose_value, vaccination.dose_unit)) is not None:
            facts.append(i18n.get("vax-card-amount", amount=amount))
        if route := dictionary_word(i18n, ROUTE, vaccination.route):
            facts.append(i18n.get("vax-card-route", route=route))
        if site := dictionary_word(i18n, BODY_SITE, vaccination.site):
            facts.append(i18n.get("vax-card-site", site=site))
        reasons = [word for word in (dictionary_word(i18n, REASON, code) for code in vaccination.reasons) if word]
        if reasons:
            facts.append(i18n.get("vax-card-reason", reason=join_markup(", ", reasons)))
    blocks.append(facts)

    vaccine: list[str] = []
    if vaccination.lot_number and vaccination.lot_number.strip():
        vaccine.append(i18n.get("vax-card-lot", lot=vaccination.lot_number.strip()))
    if vaccination.expiration_date is not None:
        vaccine.append(i18n.get("vax-card-expires", date=vaccination.expiration_date))
    if vaccination.manufacturer and vaccination.manufacturer.strip():
        vaccine.append(i18n.get("vax-card-manufacturer", manufacturer=vaccination.manufacturer.strip()))
    if vaccine:
        blocks.append(vaccine)

    after: list[str] = []
    if not vaccination.not_given:
        if vaccination.reactions:
            after.append(i18n.get("vax-card-reactions", count=len(vaccination.reactions)))
        else:
            after.append(i18n.get("vax-card-no-reactions"))
    performer = vaccination.performer.display if vaccination.performer is not None else None
    if performer and performer.strip():
        after.append(i18n.get("vax-card-performer", performer=performer.strip()))
    if after:
        blocks.append(after)
    return "\n\n".join("\n".join(block) for block in blocks)
