"""The doctor directory: search (name, speciality, place, location), the doctor card, settlements."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from backend.api import responses, views
from backend.api.deps import MAX_TELEGRAM_ID, ServicesDep, SessionDep
from backend.api.errors import ApiError, FieldErrorBody, not_found
from backend.api.schemas.doctors import DoctorCard, DoctorSearchPage, SettlementOut
from backend.directory.index import DoctorIndex
from backend.directory.query import MAX_PAGE_SIZE, DoctorQuery
from backend.domain.age import age_on
from backend.domain.declarations import Speciality, allowed_specialities
from backend.services import accounts
from backend.services.container import Services
from backend.services.precheck import find_doctor

router = APIRouter(prefix="/v1", tags=["doctors"])

DIRECTORY_LOADING: responses.Responses = {503: {"description": "`directory_loading`: the directory is not loaded yet."}}


def _index(services: Services) -> DoctorIndex:
    if services.directory.index is None or not services.directory.usable:
        raise ApiError(503, "directory_loading", headers={"Retry-After": "30"})
    return services.directory.index


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


@router.get(
    "/doctors/search",
    summary="Search doctors",
    description="Any combination of name text (typos, apostrophes, Latin), speciality, settlement, area "
    "(oblast), clinic and location (`lat`+`lon`: nearest first, radius widening). With `for_user`, only "
    "specialities allowed for that patient's age are returned.",
    responses=responses.merge(responses.BASE, DIRECTORY_LOADING),
)
async def search_doctors(
    services: ServicesDep,
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=100, description="Name (or part of it).")] = None,
    speciality: Annotated[Speciality | None, Query()] = None,
    settlement: Annotated[str | None, Query(max_length=100)] = None,
    area: Annotated[str | None, Query(max_length=100, description="Oblast, e.g. Львівська.")] = None,
    legal_entity_id: Annotated[str | None, Query(max_length=64)] = None,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
    with_free_places: Annotated[bool, Query(description="Only doctors known to have free places.")] = False,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
    for_user: Annotated[
        int | None, Query(ge=1, le=MAX_TELEGRAM_ID, description="Filter by this linked patient's age.")
    ] = None,
) -> DoctorSearchPage:
    if (lat is None) != (lon is None):
        raise ApiError(
            422,
            "validation_failed",
            fields=[
                FieldErrorBody(
                    field="lat" if lat is None else "lon",
                    code="location.incomplete",
                    message="Для пошуку поруч потрібні обидві координати.",
                )
            ],
        )
    specialities: tuple[Speciality, ...] | None = (speciality,) if speciality else None
    if for_user is not None:
        link = await accounts.get_link(session, for_user)
        if link is not None:
            allowed = allowed_specialities(age_on(link.birth_date, services.clock.today()))
            specialities = tuple(item for item in (specialities or allowed) if item in allowed)
    index = _index(services)
    if specialities == ():
        return DoctorSearchPage(items=[], total=0, next_offset=None, radius_km=None)
    page = await index.search(
        DoctorQuery(
            text=_text(q),
            specialities=specialities,
            settlement=_text(settlement),
            area=_text(area),
            legal_entity_id=_text(legal_entity_id),
            near=(lat, lon) if lat is not None and lon is not None else None,
            with_free_places=with_free_places,
            limit=limit,
            offset=offset,
        )
    )
    return DoctorSearchPage(
        items=[views.doctor_hit(hit.document, hit.distance_km) for hit in page.hits],
        total=page.total,
        next_offset=page.next_offset,
        radius_km=page.radius_km,
    )


@router.get(
    "/doctors/{employee_id}",
    summary="The doctor card (with free places)",
    # A doctor the directory lacks is looked up in the registry, which may be down.
    responses=responses.merge(responses.BASE, responses.NOT_FOUND, responses.UNAVAILABLE),
)
async def get_doctor(
    employee_id: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
    services: ServicesDep,
) -> DoctorCard:
    document = await find_doctor(services, employee_id)
    if document is None:
        raise not_found()
    return views.doctor_card(document)


@router.get(
    "/settlements",
    summary="Settlements with doctors, by name prefix",
    responses=responses.merge(responses.BASE, DIRECTORY_LOADING),
)
async def settlements(
    services: ServicesDep,
    prefix: Annotated[str, Query(min_length=1, max_length=60)],
    limit: Annotated[int, Query(ge=1, le=20)] = 8,
) -> list[SettlementOut]:
    matches = await _index(services).settlements(prefix.strip(), limit)
    return [
        SettlementOut(name=match.name, area=match.area, settlement_type=match.settlement_type, doctors=match.doctors)
        for match in matches
    ]
