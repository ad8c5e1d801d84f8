"""The patient's draft of changes → the backend's `/me/changes` body, and the draft in plain words.

The draft keeps only what the patient typed (one item per phone or address type); the lists the registry
replaces as a whole are built at submit time from the person as the registry has it now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from typing import Any

from backend.domain.dictionaries import DOCUMENT_TYPE, PHONE_TYPE, PREFERRED_WAY_COMMUNICATION
from backend.domain.masking import mask_document
from bot.api_models import AddressOut, PersonView
from bot.dialogs.common.words import address_text, dictionary_word
from bot.i18n import Markup, Translator

Draft = dict[str, Any]

# Draft keys: email, secret, preferred_way_communication (values); phones {type: number};
# addresses {type: address}; document {type, number, expiration_date?}; emergency_contact {…}.
VALUE_KEYS = ("email", "secret", "preferred_way_communication", "emergency_contact")

_ADDRESS_IN_FIELDS = (
    "type",
    "area",
    "region",
    "settlement",
    "settlement_type",
    "street_type",
    "street",
    "building",
    "apartment",
    "zip",
)


def is_empty(draft: Draft) -> bool:
    return not any(draft.get(key) for key in draft)


def address_in(address: AddressOut | Mapping[str, Any]) -> dict[str, Any]:
    """An address as `/me/changes` takes it (the view adds a readable `text`; empty parts are left out)."""
    values = address.model_dump() if isinstance(address, AddressOut) else dict(address)
    return {key: values[key] for key in _ADDRESS_IN_FIELDS if values.get(key)}


def changes_body(draft: Draft, person: PersonView) -> dict[str, Any]:
    """Everything in the draft; phones and addresses of other types are kept as the registry has them."""
    body: dict[str, Any] = {key: draft[key] for key in VALUE_KEYS if key in draft}
    if draft.get("phones"):
        new_phones: dict[str, str] = draft["phones"]
        kept = [{"type": phone.type, "number": phone.number} for phone in person.phones if phone.type not in new_phones]
        body["phones"] = kept + [{"type": kind, "number": number} for kind, number in new_phones.items()]
    if draft.get("addresses"):
        new_addresses: dict[str, dict[str, Any]] = draft["addresses"]
        kept_addresses = [address_in(address) for address in person.addresses if address.type not in new_addresses]
        body["addresses"] = kept_addresses + list(new_addresses.values())
    if draft.get("document"):
        body["documents"] = [draft["document"]]
    return body


def person_fingerprint(person: PersonView) -> str:
    """Tells whether the registry's data changed since, without keeping the data itself."""
    return hashlib.sha256(person.model_dump_json().encode()).hexdigest()


def address_line(i18n: Translator, address: Mapping[str, Any]) -> Markup:
    """A new address in one line, every code a word (the parts escaped)."""
    return address_text(i18n, address)


def draft_lines(i18n: Translator, draft: Draft) -> list[Markup]:
    """The draft as the patient reads it on the confirmation screen (a new code word is never echoed)."""
    lines: list[Markup] = []
    if "email" in draft:
        lines.append(i18n.get("change-email", email=draft["email"]))
    for kind, number in (draft.get("phones") or {}).items():
        lines.append(i18n.get("change-phone", kind=dictionary_word(i18n, PHONE_TYPE, kind), number=number))
    for kind, address in (draft.get("addresses") or {}).items():
        lines.append(i18n.get(f"change-address-{kind.lower()}", address=address_line(i18n, address)))
    document = draft.get("document")
    if document:
        valid_until = document.get("expiration_date")
        lines.append(
            i18n.get(
                "change-document-until" if valid_until else "change-document",
                kind=dictionary_word(i18n, DOCUMENT_TYPE, document["type"]),
                number=mask_document(document["number"]),
                valid_until=date.fromisoformat(valid_until) if valid_until else None,
            )
        )
    contact = draft.get("emergency_contact")
    if contact:
        lines.append(
            i18n.get(
                "change-emergency",
                name=f"{contact['last_name']} {contact['first_name']}",
                phone=contact["phones"][0]["number"],
            )
        )
    if "secret" in draft:
        lines.append(i18n.get("change-secret"))
    if "preferred_way_communication" in draft:
        way = draft["preferred_way_communication"]
        lines.append(i18n.get("change-communication", way=dictionary_word(i18n, PREFERRED_WAY_COMMUNICATION, way)))
    return lines
