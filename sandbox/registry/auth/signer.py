"""The sandbox key store: what the e-signature widget does on a real signing page.

The backend's sandbox signing page lists the test keys and asks the person for their key's
password; the registry then signs the bytes with that key. Outside eHealth's paths; passwords are
throttled per key together with the sign-in page.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from sandbox.registry.auth.attempts import KeyLocked, PasswordAttemptsDep, check_key_password
from sandbox.registry.core.deps import ClockDep, Session
from sandbox.registry.core.envelope import RegistryError, errors, ok
from sandbox.registry.core.models import Person, SandboxKey
from sandbox.signer import SignerIdentity, WrongPassword, sign

router = APIRouter(prefix="/sandbox/signer", tags=["sandbox signer"])

# The largest document the sandbox will sign (declarations and person records are a few KB).
MAX_DATA_BYTES = 1_000_000


class SignRequest(BaseModel):
    key_id: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=200)]
    data_base64: Annotated[str, Field(min_length=1, max_length=MAX_DATA_BYTES * 4 // 3 + 4)]


@router.get("/keys")
async def list_keys(request: Request, session: Session) -> JSONResponse:
    keys = await session.scalars(select(SandboxKey).order_by(SandboxKey.label))
    return ok(request, [{"key_id": key.id, "label": key.label} for key in keys])


@router.post("/sign", responses=errors(400, 422, 429))
async def sign_data(
    request: Request, body: SignRequest, session: Session, clock: ClockDep, attempts: PasswordAttemptsDep
) -> JSONResponse:
    try:
        data = base64.b64decode(body.data_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise RegistryError.validation(
            "$.data_base64", "format", "Дані для підпису мають бути в кодуванні base64."
        ) from exc
    key = await session.get(SandboxKey, body.key_id)
    person = await session.get(Person, key.person_id) if key else None
    if key is None or person is None:
        raise RegistryError.validation("$.key_id", "invalid", "Такого ключа немає. Оберіть ключ зі списку.")
    try:
        check_key_password(attempts, key, body.password, clock.now())
    except KeyLocked as locked:
        raise RegistryError(
            "too_many_requests",
            f"Забагато невдалих спроб для цього ключа. Спробуйте, будь ласка, знову за {locked.minutes} хв.",
            status=429,
        ) from None
    except WrongPassword:
        raise RegistryError.validation(
            "$.password", "invalid", "Пароль не підходить до цього ключа. Перевірте його та спробуйте ще раз."
        ) from None
    signer = SignerIdentity(
        key_id=key.id, tax_id=person.tax_id, first_name=person.first_name, last_name=person.last_name
    )
    return ok(request, {"signed_content": sign(data, signer, key.encrypted_private_key, body.password)})
