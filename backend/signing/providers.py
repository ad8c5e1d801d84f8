"""Signature providers.

- `sandbox`: the registry sandbox's e-signature key store over HTTP (`/sandbox/signer/keys`,
  `/sandbox/signer/sign`). The browser sends key id and password to us; we ask the signer to sign
  the exact payload bytes. Only for the sandbox: a real qualified key never leaves the patient.
- `widget`: production. The page hosts the qualified e-signature widget, which signs in the
  browser and posts `signed_content` back; the registry verifies it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import httpx


class SignerLocked(Exception):
    """The sandbox signer locked the key for a while after too many wrong passwords."""


class SignerUnavailable(Exception):
    """The sandbox signer did not answer or answered nonsense."""


class WrongKeyOrPassword(Exception):
    """The sandbox signer refused: unknown key or a password that does not open it."""


@dataclass(frozen=True, slots=True)
class SandboxKey:
    key_id: str
    label: str


class SandboxSigner:
    def __init__(self, client: httpx.AsyncClient, base_url: str) -> None:
        self._client = client
        self._base_url = base_url.rstrip("/")

    async def keys(self) -> list[SandboxKey]:
        try:
            response = await self._client.get(f"{self._base_url}/sandbox/signer/keys")
            response.raise_for_status()
            return [SandboxKey(key_id=str(item["key_id"]), label=str(item["label"])) for item in _items(response)]
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            raise SignerUnavailable from exc

    async def sign(self, key_id: str, password: str, data: bytes) -> str:
        """The base64 `signed_content` over `data`, signed with the sandbox key."""
        try:
            response = await self._client.post(
                f"{self._base_url}/sandbox/signer/sign",
                json={"key_id": key_id, "password": password, "data_base64": base64.b64encode(data).decode()},
            )
        except httpx.HTTPError as exc:
            raise SignerUnavailable from exc
        if response.status_code == 429:
            raise SignerLocked
        if response.status_code in (400, 401, 403, 404, 422):
            raise WrongKeyOrPassword
        try:
            response.raise_for_status()
            signed = _data(response)["signed_content"]
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            raise SignerUnavailable from exc
        if not isinstance(signed, str) or not signed:
            raise SignerUnavailable
        return signed


def _data(response: httpx.Response) -> dict[str, object]:
    """The body, or its `data` when the sandbox wraps answers in eHealth's envelope."""
    body = response.json()
    if isinstance(body, dict) and isinstance(body.get("data"), dict | list):
        body = body["data"]
    if not isinstance(body, dict):
        raise ValueError("unexpected signer answer")
    return body


def _items(response: httpx.Response) -> list[dict[str, object]]:
    body = response.json()
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        body = body["data"]
    if not isinstance(body, list):
        raise ValueError("unexpected signer answer")
    return body
