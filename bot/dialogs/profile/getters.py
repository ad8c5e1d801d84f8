"""Data for the profile windows: the person as the patient should read it (identifiers masked)."""

from __future__ import annotations

import html
from typing import Any

from aiogram_dialog import DialogManager

from backend.domain.dictionaries import DOCUMENT_TYPE, GENDER, PHONE_TYPE, PREFERRED_WAY_COMMUNICATION
from backend.domain.validators import DOCUMENT_TYPES
from bot.api_models import PersonView
from bot.dialogs.common.context import backend_of, translator_of, user_id_of
from bot.dialogs.common.widgets import problem_getter
from bot.dialogs.common.words import address_text, dictionary_word
from bot.dialogs.profile import changes
from bot.dialogs.profile.data import DRAFT_KEY, SETTLEMENTS_KEY, SIGNING_KEY
from bot.i18n import Markup, Translator, join_markup


def _phone_lines(i18n: Translator, person: PersonView) -> Markup:
    return join_markup(
        ", ",
        (
            i18n.get("profile-phone-line", kind=dictionary_word(i18n, PHONE_TYPE, phone.type), number=phone.number)
            for phone in person.phones
        ),
    )


def person_text(i18n: Translator, person: PersonView) -> Markup:
    """The whole card: one text, every value escaped by the translator."""
    not_set = i18n.get("not-set")
    names = " ".join(part for part in (person.last_name, person.first_name, person.second_name) if part)
    parts = [
        i18n.get("profile-title"),
        i18n.get("profile-name", name=names),
        i18n.get("profile-birth-date", birth_date=person.birth_date),
        i18n.get("profile-gender", gender=dictionary_word(i18n, GENDER, person.gender) or not_set),
        i18n.get("profile-tax-id", tax_id=person.tax_id_masked or i18n.get("profile-no-tax-id")),
        i18n.get("profile-email", email=person.email or not_set),
        i18n.get("profile-phones", phones=_phone_lines(i18n, person) or not_set),
    ]
    for address in person.addresses:
        parts.append(
            i18n.get(f"profile-address-{address.type.lower()}", address=address_text(i18n, address.model_dump()))
        )
    for document in person.documents:
        parts.append(
            i18n.get(
                "profile-document-until" if document.expiration_date else "profile-document",
                kind=dictionary_word(i18n, DOCUMENT_TYPE, document.type),
                number=document.number_masked,
                valid_until=document.expiration_date,
            )
        )
    contact = person.emergency_contact
    if contact is not None:
        contact_name = " ".join(part for part in (contact.last_name, contact.first_name) if part)
        contact_phones = ", ".join(phone.number for phone in contact.phones)
        parts.append(i18n.get("profile-emergency", name=contact_name, phones=contact_phones or not_set))
    else:
        parts.append(i18n.get("profile-emergency", name=not_set, phones=not_set))
    way = person.preferred_way_communication
    parts.append(
        i18n.get("profile-communication", way=dictionary_word(i18n, PREFERRED_WAY_COMMUNICATION, way) or not_set)
    )
    parts.append(i18n.get("profile-secret-set" if person.secret_set else "profile-secret-not-set"))
    return join_markup("\n", parts)


def verification_notice(i18n: Translator, person: PersonView, *, can_edit: bool) -> Markup:
    """Unverified data: what it means for a declaration and what the patient can do (empty when verified)."""
    if not person.declaration_pending_verification:
        return Markup("")
    parts = [i18n.get("profile-not-verified")]
    if can_edit:
        parts.append(i18n.get("profile-not-verified-edit"))
    parts.append(i18n.get("profile-not-verified-visit"))
    return join_markup("\n", parts)


async def view_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    person = await backend_of(dialog_manager).get_me(user_id_of(dialog_manager))
    i18n = translator_of(dialog_manager)
    read_only = person.access_level != "FULL"
    return {
        **await problem_getter(dialog_manager, **kwargs),
        "person": person_text(i18n, person),
        "verification_notice": verification_notice(i18n, person, can_edit=not read_only),
        "can_edit": not read_only,
        "read_only": read_only,
    }


async def confirm_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    draft = dialog_manager.dialog_data.get(DRAFT_KEY) or {}
    lines = changes.draft_lines(translator_of(dialog_manager), draft)
    return {
        **await problem_getter(dialog_manager, **kwargs),
        "changes": join_markup("\n", lines),
        "has_changes": bool(lines),
    }


async def signing_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    signing = dialog_manager.dialog_data.get(SIGNING_KEY) or {}
    i18n = translator_of(dialog_manager)
    items = join_markup(
        "\n", (i18n.get("profile-summary-item", label=label, value=value) for label, value in signing.get("items", []))
    )
    summary = i18n.get("profile-summary", title=signing.get("title", ""), lead=signing.get("lead", ""), items=items)
    return {**await problem_getter(dialog_manager, **kwargs), "summary": summary, "signing_url": signing.get("url", "")}


async def settlements_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    found = dialog_manager.dialog_data.get(SETTLEMENTS_KEY) or []
    # "м. Київ" (not "Київ, м. Київ"), "с. Зарічне, Рівненська"; button texts are plain text (no HTML).
    i18n = translator_of(dialog_manager)
    items = [
        (index, html.unescape(address_text(i18n, {**item, "settlement": item["name"]})))
        for index, item in enumerate(found)
    ]
    return {**await problem_getter(dialog_manager, **kwargs), "settlements": items}


async def document_types_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    kinds = [(kind, dictionary_word(i18n, DOCUMENT_TYPE, kind)) for kind in DOCUMENT_TYPES]
    return {**await problem_getter(dialog_manager, **kwargs), "document_types": kinds}
