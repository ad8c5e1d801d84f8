"""Liveness and readiness for orchestrators (no service token)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backend.api.deps import ServicesDep
from backend.api.schemas.misc import DirectoryStatus, Liveness, Readiness

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
async def healthz() -> Liveness:
    return Liveness()


@router.get(
    "/readyz",
    summary="Ready to serve: database reachable and doctor directory loaded",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "Not ready; the body says what is missing."}},
)
async def readyz(services: ServicesDep) -> JSONResponse:
    try:
        async with services.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        database = True
    except (SQLAlchemyError, OSError):
        database = False
    directory = services.directory
    body = Readiness(
        ready=database and directory.usable,
        database=database,
        directory=DirectoryStatus(
            state=directory.phase,
            doctors=directory.doctors,
            last_full_sync_at=directory.last_full_sync_at,
            last_sync_at=directory.last_sync_at,
        ),
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if body.ready else 503)
