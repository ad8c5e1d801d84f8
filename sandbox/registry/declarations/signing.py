"""Checking a patient's signature over a declaration request (the sandbox e-signature).

The registry accepts a signature only when the key is the person's own, the signer's tax ID is the
person's, the signature verifies, and the signed bytes are exactly `canonical_json(data_to_be_signed)`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.core.envelope import RegistryError
from sandbox.registry.core.models import Person, SandboxKey
from sandbox.signer import SignatureError, canonical_json, read_envelope, verify

SIGNED_CONTENT = "$.signed_content"


def _refuse(rule: str, description: str) -> RegistryError:
    return RegistryError.validation(SIGNED_CONTENT, rule, description)


async def verify_signed_document(
    session: AsyncSession, person: Person, signed_content: str, document: dict[str, Any]
) -> None:
    """Raise a 422 naming the broken rule unless `signed_content` is `person`'s signature of `document`."""
    try:
        signer, _, _ = read_envelope(signed_content)
    except SignatureError as exc:
        raise _refuse("invalid", "Signed content is not a valid signature envelope") from exc
    key = await session.get(SandboxKey, signer.key_id)
    if key is None:
        raise _refuse("signer_key", "The signing key is unknown")
    if key.person_id != person.id:
        raise _refuse("signer_key", "The signing key does not belong to the person")
    try:
        verified = verify(signed_content, key.public_key)
    except SignatureError as exc:
        raise _refuse("signature", "The signature does not verify") from exc
    if verified.signer.tax_id != person.tax_id:
        raise _refuse("signer_tax_id", "The signer's tax ID does not match the person")
    if verified.data != canonical_json(document):
        raise _refuse("signed_data", "Signed data does not match the request's data_to_be_signed")
