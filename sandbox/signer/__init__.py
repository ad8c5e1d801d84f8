"""The sandbox e-signature.

A qualified e-signature (КЕП) cannot be made or checked here, so the sandbox models its shape:
each test person holds an Ed25519 key whose private half is stored encrypted with the person's
sandbox password. A signature is a base64 envelope that carries the signer's identity, the signed
bytes and an Ed25519 signature over both; whoever verifies it learns who signed exactly which bytes.
In production the qualified-signature widget and the real registry take these roles.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ENVELOPE_VERSION = 1
ALGORITHM = "sandbox-ed25519"


class SignatureError(Exception):
    """The envelope is malformed, the key is unknown or the signature does not verify."""


class WrongPassword(Exception):
    """The password does not open the sandbox key."""


@dataclass(frozen=True, slots=True)
class SignerIdentity:
    key_id: str
    tax_id: str | None
    first_name: str
    last_name: str

    def as_dict(self) -> dict[str, str | None]:
        return {
            "key_id": self.key_id,
            "tax_id": self.tax_id,
            "first_name": self.first_name,
            "last_name": self.last_name,
        }


@dataclass(frozen=True, slots=True)
class SandboxKeyPair:
    key_id: str
    public_key: str  # base64 of the raw 32-byte public key
    encrypted_private_key: str  # PEM (PKCS#8) encrypted with the password


@dataclass(frozen=True, slots=True)
class VerifiedSignature:
    signer: SignerIdentity
    data: bytes


def generate_key(password: str, key_id: str | None = None) -> SandboxKeyPair:
    return _key_pair(Ed25519PrivateKey.generate(), password, key_id)


def generate_key_from_seed(password: str, seed_bytes: bytes, key_id: str | None = None) -> SandboxKeyPair:
    """The same key pair for the same 32 seed bytes: the seed keeps test persons' keys stable."""
    return _key_pair(Ed25519PrivateKey.from_private_bytes(seed_bytes), password, key_id)


def _key_pair(private_key: Ed25519PrivateKey, password: str, key_id: str | None) -> SandboxKeyPair:
    pem = private_key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )
    public_raw = private_key.public_key().public_bytes(
        encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
    )
    return SandboxKeyPair(
        key_id=key_id or str(uuid.uuid4()),
        public_key=base64.b64encode(public_raw).decode(),
        encrypted_private_key=pem.decode(),
    )


def open_key(encrypted_private_key: str, password: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(encrypted_private_key.encode(), password=password.encode())
    except (ValueError, TypeError) as exc:
        raise WrongPassword from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise WrongPassword
    return key


def _signed_part(signer: SignerIdentity, data: bytes) -> bytes:
    # What the signature covers: the identity and the data, in one canonical form.
    return json.dumps(
        {"signer": signer.as_dict(), "data": base64.b64encode(data).decode()},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()


def sign(data: bytes, signer: SignerIdentity, encrypted_private_key: str, password: str) -> str:
    """Sign `data` as `signer`; returns the base64 envelope (`signed_content`)."""
    key = open_key(encrypted_private_key, password)
    signature = key.sign(_signed_part(signer, data))
    envelope = {
        "v": ENVELOPE_VERSION,
        "alg": ALGORITHM,
        "signer": signer.as_dict(),
        "data": base64.b64encode(data).decode(),
        "signature": base64.b64encode(signature).decode(),
    }
    return base64.b64encode(json.dumps(envelope, ensure_ascii=False).encode()).decode()


def read_envelope(signed_content: str) -> tuple[SignerIdentity, bytes, bytes]:
    """Parse an envelope without verifying it: (signer, data, signature)."""
    try:
        envelope = json.loads(base64.b64decode(signed_content, validate=True))
        if envelope.get("v") != ENVELOPE_VERSION or envelope.get("alg") != ALGORITHM:
            raise SignatureError("unsupported signature format")
        raw_signer = envelope["signer"]
        signer = SignerIdentity(
            key_id=str(raw_signer["key_id"]),
            tax_id=raw_signer.get("tax_id"),
            first_name=str(raw_signer["first_name"]),
            last_name=str(raw_signer["last_name"]),
        )
        data = base64.b64decode(envelope["data"], validate=True)
        signature = base64.b64decode(envelope["signature"], validate=True)
    except SignatureError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise SignatureError("malformed signed content") from exc
    return signer, data, signature


def verify(signed_content: str, public_key: str) -> VerifiedSignature:
    """Verify an envelope with the signer's public key (looked up by `read_envelope(...)[0].key_id`)."""
    signer, data, signature = read_envelope(signed_content)
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key)).verify(signature, _signed_part(signer, data))
    except (InvalidSignature, ValueError) as exc:
        raise SignatureError("signature does not verify") from exc
    return VerifiedSignature(signer=signer, data=data)


def canonical_json(value: object) -> bytes:
    """The bytes a JSON document is signed as (`data_to_be_signed`, the person update)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
