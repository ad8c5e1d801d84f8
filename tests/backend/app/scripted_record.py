"""The registry's patient-summary and service-request calls scripted per person, in front of the sandbox.

`ScriptedRecord` is an httpx transport for the backend's eHealth adapter: `/api/patients/{id}/summary/…` and
`/api/patients/{id}/service_requests…` are answered from records the test gives each person, built from the
Blueprint examples (`tests/backend/registry/blueprint/summary_*.json`, `service_request.json`); every other call
(sign-in, the person, declarations) goes on to the sandbox. Like eHealth, it answers a person's token for that
person's own id only (another id is refused with 403), and another person's item is "not found".
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

import httpx

from tests.backend.registry.fake_ehealth import example

KINDS = (
    "diagnoses",
    "conditions",
    "observations",
    "diagnostic_reports",
    "immunizations",
    "allergy_intolerances",
    "encounters",
    "episodes",
    "procedures",
    "service_requests",
)
# The list filter each kind's `code`-like query parameter matches, and where that code sits in an item.
_CODE_FILTERS = {"code": "code", "vaccine_code": "vaccine_code"}


def _uuid(prefix: str, number: int) -> str:
    return f"{prefix}-0000-4000-8000-{number:012d}"


def _at(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _coded(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}]}


def _item(name: str) -> dict[str, Any]:
    data = example(name)["data"]
    return copy.deepcopy(data[0] if isinstance(data, list) else data)


def diagnosis(number: int, code: str = "E11") -> dict[str, Any]:
    data = _item("summary_diagnoses.json")
    data["condition"]["identifier"]["value"] = _uuid("c0d10000", number)
    data["code"] = _coded("eHealth/ICD10/condition_codes", code)
    return data


def condition(number: int, code: str = "E11", onset: datetime = datetime(2025, 3, 1, tzinfo=UTC)) -> dict[str, Any]:
    data = _item("summary_condition.json")
    data |= {"id": _uuid("c0d10000", number), "onset_date": _at(onset)}
    data["code"] = _coded("eHealth/ICD10/condition_codes", code)
    return data


def observation(
    number: int,
    code: str = "2339-0",
    value: float = 5.4,
    unit: str = "mmol/L",
    at: datetime = datetime(2026, 11, 1, 9, 0, tzinfo=UTC),
    low: float | None = 3.9,
    high: float | None = 5.5,
    status: str = "valid",
) -> dict[str, Any]:
    """A result: `value` `unit` of LOINC `code`, taken at `at`, with its normal range."""
    data = _item("summary_observation.json")
    data |= {"id": _uuid("0b5e0000", number), "status": status, "effective_date_time": _at(at), "issued": _at(at)}
    data["code"] = _coded("eHealth/LOINC/observation_codes", code)
    data["value_quantity"] = {"value": value, "unit": unit, "system": "eHealth/ucum/units", "code": unit}
    ranges = {k: {"value": v} for k, v in (("low", low), ("high", high)) if v is not None}
    data["reference_ranges"] = [{**ranges, "type": _coded("eHealth/reference_range_types", "normal")}]
    return data


def diagnostic_report(number: int, at: datetime = datetime(2026, 10, 1, tzinfo=UTC)) -> dict[str, Any]:
    data = _item("summary_diagnostic_report.json")
    data |= {"id": _uuid("d1a90000", number), "issued": _at(at), "conclusion": "Без патології"}
    return data


def immunization(
    number: int, vaccine: str = "MMR", at: datetime = datetime(2026, 5, 1, tzinfo=UTC), lot: str = "LOT-777"
) -> dict[str, Any]:
    data = _item("summary_immunization.json")
    data |= {"id": _uuid("1a770000", number), "date": _at(at), "lot_number": lot}
    data["vaccine_code"] = _coded("eHealth/vaccine_codes", vaccine)
    return data


def allergy(number: int, code: str = "227493005", clinical_status: str = "active") -> dict[str, Any]:
    data = _item("summary_allergy_intolerance.json")
    data |= {"id": _uuid("a11e0000", number), "clinical_status": clinical_status}
    data["code"] = _coded("eHealth/allergy_intolerance_codes", code)
    return data


def encounter(number: int, start: datetime = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)) -> dict[str, Any]:
    data = _item("summary_encounter.json")
    data |= {"id": _uuid("e9c00000", number), "status": "finished", "period": {"start": _at(start), "end": _at(start)}}
    return data


def episode(number: int, name: str = "Діабет 2026") -> dict[str, Any]:
    data = _item("summary_episodes.json")
    data |= {"id": _uuid("e9150000", number), "name": name}
    return data


def procedure(number: int) -> dict[str, Any]:
    data = _item("summary_procedures.json")
    data["id"] = _uuid("9a0c0000", number)
    return data


def referral(
    number: int,
    status: str = "active",
    expires: datetime = datetime(2027, 1, 1, tzinfo=UTC),
    inserted: datetime = datetime(2026, 11, 1, tzinfo=UTC),
) -> dict[str, Any]:
    data = _item("service_request.json")
    data |= {
        "id": _uuid("5e90000a", number),
        "requisition": f"RF{number:02d}-7731-TEST",
        "status": status,
        "expiration_date": _at(expires),
        "inserted_at": _at(inserted),
    }
    return data


@dataclass
class ScriptedRecord(httpx.AsyncBaseTransport):
    sandbox: httpx.AsyncBaseTransport
    records: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)  # person id → kind → items
    fail_with: int | None = None  # answer every record call with this status
    calls: list[httpx.Request] = field(default_factory=list)

    def give(self, person_id: str, kind: str, *items: dict[str, Any]) -> list[dict[str, Any]]:
        assert kind in KINDS, kind
        self.records.setdefault(person_id, {}).setdefault(kind, []).extend(items)
        return list(items)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        parts = [unquote(p) for p in request.url.path.split("/") if p]
        if parts[:2] != ["api", "patients"] or len(parts) < 4:
            return await self.sandbox.handle_async_request(request)
        self.calls.append(request)
        if self.fail_with is not None:
            return _json(self.fail_with, {"meta": {"code": self.fail_with}, "error": {"type": "internal_error"}})
        patient_id, rest = parts[2], parts[3:]
        if rest[0] == "summary":
            rest = rest[1:]
        if not rest or rest[0] not in KINDS or len(rest) > 2:
            return _not_found()
        whose = await self._person_of(request)
        if isinstance(whose, httpx.Response):  # the registry failed to say (an outage under test): pass it on
            return whose
        if patient_id != whose:
            return _json(403, {"meta": {"code": 403}, "error": {"type": "forbidden", "message": "Access denied"}})
        own = self.records.get(patient_id, {}).get(rest[0], [])
        if len(rest) == 2:
            found = next((item for item in own if item.get("id") == rest[1]), None)
            return _json(200, {"meta": {"code": 200, "type": "object"}, "data": found}) if found else _not_found()
        query = request.url.params
        listed = [item for item in own if _matches(item, query)]
        return _page(listed, query)

    async def _person_of(self, request: httpx.Request) -> str | httpx.Response:
        """Whose token it is: the sandbox's `GET /api/pis/person` with the same credentials (or its answer, when
        that is not the person)."""
        asked = httpx.Request(
            "GET",
            request.url.copy_with(path="/api/pis/person", query=None),
            headers={k: v for k, v in request.headers.items() if k.lower() in ("authorization", "api-key")},
        )
        response = await self.sandbox.handle_async_request(asked)
        content = await response.aread()
        if response.status_code != 200:
            return httpx.Response(response.status_code, content=content, headers=response.headers)
        return str(json.loads(content)["data"]["id"])


def _matches(item: dict[str, Any], query: httpx.QueryParams) -> bool:
    for parameter, key in _CODE_FILTERS.items():
        wanted = query.get(parameter)
        if wanted is not None and item.get(key, {}).get("coding", [{}])[0].get("code") != wanted:
            return False
    status = query.get("status")
    return status is None or item.get("status") == status


def _page(items: list[dict[str, Any]], query: httpx.QueryParams) -> httpx.Response:
    page, size = int(query.get("page", 1)), int(query.get("page_size", 50))
    paging = {
        "page_number": page,
        "page_size": size,
        "total_entries": len(items),
        "total_pages": max(1, -(-len(items) // size)),
    }
    body = {"meta": {"code": 200, "type": "list"}, "data": items[(page - 1) * size : page * size], "paging": paging}
    return _json(200, body)


def _not_found() -> httpx.Response:
    return _json(404, {"meta": {"code": 404}, "error": {"type": "NOT_FOUND", "message": "not found"}})


def _json(status: int, body: dict[str, Any]) -> httpx.Response:
    return httpx.Response(
        status, content=json.dumps(body, ensure_ascii=False).encode(), headers={"content-type": "application/json"}
    )
