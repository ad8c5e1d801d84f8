"""OAuth clients of the auth host: our cabinet (from settings) and the other verified e-cabinets."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.scopes import CLIENT_SCOPES, SIGN_IN, SIGN_UP

_NAMESPACE = uuid.UUID("5b7e9a0c-2f1d-4a8e-9c3b-6d4f1e2a7b90")
PIS_CLIENT_NAME = "Кабінет пацієнта в Telegram"
CLIENT_SCOPE = " ".join((SIGN_IN, SIGN_UP, *CLIENT_SCOPES))


@dataclass(frozen=True, slots=True)
class CabinetClient:
    id: str
    name: str
    secret: str
    redirect_uri: str


def _client(slug: str, name: str, redirect_uri: str) -> CabinetClient:
    return CabinetClient(
        id=str(uuid.uuid5(_NAMESPACE, slug)),
        name=name,
        secret=f"sandbox-{slug}-secret",
        redirect_uri=redirect_uri,
    )


# The other e-cabinets on the MoH's list; the sandbox's persons grant them accesses (approvals).
ECABINET = _client("ecabinet", "еКабінет ЕСОЗ", "https://cabinet.ehealth.gov.ua/auth/callback")
HELSI = _client("helsi", "Helsi", "https://helsi.me/auth/ehealth/callback")
HEALTH24 = _client("health24", "Health24", "https://health24.ua/auth/ehealth/callback")
OTHER_CABINET_CLIENTS: tuple[CabinetClient, ...] = (ECABINET, HELSI, HEALTH24)


def client_rows(settings: RegistrySettings) -> list[dict[str, Any]]:
    ours = {
        "id": settings.pis_client_id,
        "name": PIS_CLIENT_NAME,
        "secret": settings.pis_client_secret,
        "redirect_uris": list(settings.pis_redirect_uris),
        "scope": CLIENT_SCOPE,
    }
    others = [
        {"id": c.id, "name": c.name, "secret": c.secret, "redirect_uris": [c.redirect_uri], "scope": CLIENT_SCOPE}
        for c in OTHER_CABINET_CLIENTS
    ]
    return [ours, *others]
