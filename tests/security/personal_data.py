"""What counts as a test person's personal data, read from the registry sandbox (the source of truth),
in every written form a leak could take."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from sandbox.registry.core.models import Person


def phone_forms(number: str) -> list[str]:
    """`+380671234567` also leaks as `0671234567` or `671234567`."""
    digits = "".join(char for char in number if char.isdigit())
    return [number, digits, digits[-10:], digits[-9:]] if len(digits) >= 9 else [number]


def _phones(items: list[dict[str, Any]] | None) -> list[str]:
    return [form for item in items or [] if item.get("number") for form in phone_forms(str(item["number"]))]


async def personal_data_of(sessionmaker: async_sessionmaker[AsyncSession], person_id: str) -> dict[str, str]:
    """Label → value of everything identifying about the person; no value is shorter than 6 characters, so a
    match in a log line or a response is never a coincidence of a few digits."""
    async with sessionmaker() as session:
        found = await session.get(Person, person_id)
    if found is None:
        raise AssertionError(f"no person {person_id} in the registry sandbox")
    values: dict[str, str] = {
        "full name": f"{found.first_name} {found.last_name}",
        "full name, surname first": f"{found.last_name} {found.first_name}",
        "person id": found.id,
    }
    for label, value in (("tax ID", found.tax_id), ("УНЗР", found.unzr), ("email", found.email)):
        if value:
            values[label] = value
    if found.secret:
        values["code word"] = found.secret
    for index, form in enumerate(_phones(found.phones)):
        values[f"phone form {index}"] = form
    for index, document in enumerate(found.documents or []):
        values[f"document number {index}"] = str(document["number"])
    contact = found.emergency_contact or {}
    for index, form in enumerate(_phones(contact.get("phones"))):
        values[f"emergency phone form {index}"] = form
    return {label: value for label, value in values.items() if len(value) >= 6}


def leaks(text: str, secrets: dict[str, str]) -> list[str]:
    """The labels of the secrets found in `text` (case-insensitive)."""
    folded = text.casefold()
    return sorted(label for label, value in secrets.items() if value.casefold() in folded)
