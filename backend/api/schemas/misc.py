"""Accesses, verified e-cabinets, outbox events and health answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from backend.api.schemas.accounts import Strict


class AccessOut(BaseModel):
    id: str
    client_id: str
    client_name: str = Field(examples=["Helsi"])
    scopes: list[str]
    created_at: datetime | None


class CabinetOut(BaseModel):
    id: str = Field(examples=["ehealth"])
    name: str = Field(examples=["еКабінет ЕСОЗ"])
    url: str
    kind: Literal["state", "private"]
    description_uk: str
    description_en: str
    ours: bool = Field(description="This cabinet (the Telegram one).")


class ClaimIn(Strict):
    worker_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    limit: int = Field(50, ge=1, le=500)
    lease_seconds: int = Field(60, ge=1, description="How long the events stay with this worker without an ack.")


class EventOut(BaseModel):
    id: int
    telegram_user_id: int
    chat_id: int
    language: str
    kind: str = Field(examples=["auth.linked"])
    payload: dict[str, Any]
    attempts: int = Field(description="How many times it was handed out, this time included.")
    created_at: datetime


class ClaimOut(BaseModel):
    events: list[EventOut]


class AckIn(Strict):
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(max_length=1000)


class AckOut(BaseModel):
    acknowledged: int


class DirectoryStatus(BaseModel):
    state: Literal["disabled", "loading", "ready", "failed"]
    doctors: int | None
    last_full_sync_at: datetime | None
    last_sync_at: datetime | None


class Readiness(BaseModel):
    ready: bool
    database: bool
    directory: DirectoryStatus


class Liveness(BaseModel):
    status: Literal["ok"] = "ok"
