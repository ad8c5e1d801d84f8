"""The signed-in person's details, read once per session: the profile, the vaccination calendar's birth date and
the declaration precheck's verification status all ask for the same person."""

from __future__ import annotations

from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from backend.registry.port import Person
from backend.services.container import Services
from backend.services.patient import Patient

PERSON: Final = ("person",)  # the session cache's key


async def read_person(session: AsyncSession, services: Services, patient: Patient) -> Person:
    """The person as the registry knows them; kept for the session (a signed change of their data drops it)."""
    return await services.session_cache.read(
        patient.owner, PERSON, lambda: services.tokens.call(session, patient.link, services.registry.get_person)
    )
