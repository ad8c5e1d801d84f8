"""Checking that a document was signed by the signed-in person with their own sandbox key.

A real registry checks a qualified e-signature the same way: the signature must verify, and the
signer must be the person who acts, not anyone else holding a valid key.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.core.envelope import RegistryError
from sandbox.registry.core.models import Person, SandboxKey
from sandbox.signer import SignatureError, read_envelope, verify


def _refused(description: str, entry: str) -> RegistryError:
    return RegistryError.validation(entry, "invalid", description)


async def verify_person_signature(
    session: AsyncSession, signed_content: str, person: Person, *, entry: str = "$.signed_content"
) -> bytes:
    """The signed bytes, once the signature verifies with a key of `person`; 422 otherwise."""
    try:
        signer, _, _ = read_envelope(signed_content)
    except SignatureError:
        raise _refused("Підпис пошкоджений або має невідомий формат. Підпишіть документ ще раз.", entry) from None
    key = await session.get(SandboxKey, signer.key_id)
    if key is None:
        raise _refused("Ключ, яким підписано документ, не зареєстрований. Підпишіть документ власним ключем.", entry)
    if key.person_id != person.id:
        raise _refused("Документ підписано ключем іншої особи. Підпишіть його, будь ласка, власним ключем.", entry)
    try:
        verified = verify(signed_content, key.public_key)
    except SignatureError:
        raise _refused("Підпис не відповідає документу. Підпишіть документ ще раз.", entry) from None
    if person.tax_id and verified.signer.tax_id != person.tax_id:
        raise _refused("Дані підписувача не збігаються з вашими. Підпишіть документ власним ключем.", entry)
    return verified.data
