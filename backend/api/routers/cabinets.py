"""The verified patient e-cabinets (from `backend/cabinets.json`)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from fastapi import APIRouter

from backend.api import responses
from backend.api.deps import ServicesDep
from backend.api.schemas.misc import CabinetOut

router = APIRouter(prefix="/v1", tags=["cabinets"])

CABINETS_FILE = Path(__file__).resolve().parents[2] / "cabinets.json"


@cache
def _cabinets() -> tuple[dict[str, object], ...]:
    return tuple(json.loads(CABINETS_FILE.read_text(encoding="utf-8"))["cabinets"])


@router.get("/cabinets", summary="Verified patient e-cabinets", responses=responses.BASE)
async def list_cabinets(services: ServicesDep) -> list[CabinetOut]:
    own_url = services.settings.bot_link() or services.settings.public_url
    return [
        CabinetOut.model_validate({**item, "url": item.get("url") or own_url, "ours": bool(item.get("ours", False))})
        for item in _cabinets()
    ]
