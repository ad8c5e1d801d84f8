"""The registry's e-prescription calls scripted per person, in front of the registry sandbox.

`ScriptedPrescriptions` is an httpx transport for the backend's eHealth adapter: the cabinet's
medication calls (`/api/cabinet/medication_requests`, `/api/cabinet/medication_dispenses`) are answered
from prescriptions the test gives each person, built from the Blueprint's own example
(`tests/backend/registry/blueprint/cabinet_medication_request.json`); every other call (sign-in, the
person, declarations) goes on to the sandbox. Like eHealth's cabinet, it answers with the patient's own
data only: the person is the one the bearer token belongs to (asked of the sandbox), and another
person's prescription is "not found".
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import unquote

import httpx

from tests.backend.registry.fake_ehealth import example

REQUESTS = "/api/cabinet/medication_requests"
DISPENSES = "/api/cabinet/medication_dispenses"


def prescription(
    number: int,
    *,
    status: str = "ACTIVE",
    created_at: date = date(2026, 11, 1),
    medicine: str = "Метформін 500 мг таблетки",
) -> dict[str, Any]:
    """A prescription as the registry's details answer it (with its verification code), from the
    Blueprint example: id, number and code derived from `number`."""
    data = copy.deepcopy(example("cabinet_medication_request.json")["data"])
    data |= {
        "id": f"5e6a0000-0000-4000-8000-{number:012d}",
        "request_number": f"0000-7{number:03d}-RX{number:02d}-TEST",
        "status": status,
        "created_at": created_at.isoformat(),
        "verification_code": f"vc{number:04d}",
    }
    data["medication_info"]["medication_name"] = medicine
    if status == "REJECTED":
        data |= {"rejected_at": created_at.isoformat(), "reject_reason_code": "PATIENT_REJECT"}
    return data


def dispense(of: dict[str, Any], number: int, *, medicine: str = "Діаформін 500") -> dict[str, Any]:
    data = copy.deepcopy(example("cabinet_medication_dispense.json")["data"])
    data["id"] = f"d15e0000-0000-4000-8000-{number:012d}"
    data["medication_request"] = {k: v for k, v in of.items() if k != "verification_code"}
    data["details"][0]["medication"]["name"] = medicine
    data["status"] = "PROCESSED"
    return data


@dataclass
class ScriptedPrescriptions(httpx.AsyncBaseTransport):
    sandbox: httpx.AsyncBaseTransport
    prescriptions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by person id
    dispenses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by prescription id
    fail_with: int | None = None  # answer every medication call with this status
    calls: list[httpx.Request] = field(default_factory=list)

    def give(self, person_id: str, *items: dict[str, Any]) -> list[dict[str, Any]]:
        self.prescriptions.setdefault(person_id, []).extend(items)
        return list(items)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if not path.startswith((REQUESTS, DISPENSES)):
            return await self.sandbox.handle_async_request(request)
        self.calls.append(request)
        if self.fail_with is not None:
            return _json(self.fail_with, {"meta": {"code": self.fail_with}, "error": {"type": "internal_error"}})
        own = self.prescriptions.get(await self._person_of(request), [])
        query = request.url.params
        if path == REQUESTS:
            status = query.get("status", "ACTIVE")
            listed = sorted((p for p in own if p["status"] == status), key=lambda p: p["created_at"], reverse=True)
            return _page([_listed(p) for p in listed], query)
        if path.startswith(REQUESTS + "/"):
            wanted = unquote(path.rsplit("/", 1)[1])
            found = next((p for p in own if wanted in (p["id"], p["request_number"])), None)
            if found is None:
                return _json(404, {"meta": {"code": 404}, "error": {"type": "not_found", "message": "not found"}})
            return _json(200, {"meta": {"code": 200, "type": "object"}, "data": found})
        if path == DISPENSES:
            ids = {p["id"] for p in own}
            wanted_request = query.get("medication_request_id")
            items = [d for rid in ids if wanted_request in (None, rid) for d in self.dispenses.get(rid, [])]
            return _page(items, query)
        return _json(404, {"meta": {"code": 404}, "error": {"type": "not_found", "message": "not found"}})

    async def _person_of(self, request: httpx.Request) -> str:
        """Whose token it is: the sandbox's `GET /api/pis/person` with the same credentials."""
        asked = httpx.Request(
            "GET",
            request.url.copy_with(path="/api/pis/person", query=None),
            headers={k: v for k, v in request.headers.items() if k.lower() in ("authorization", "api-key")},
        )
        response = await self.sandbox.handle_async_request(asked)
        body = json.loads(await response.aread())
        return str(body["data"]["id"])


def _listed(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if key != "verification_code"}


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


def _json(status: int, body: dict[str, Any]) -> httpx.Response:
    return httpx.Response(
        status, content=json.dumps(body, ensure_ascii=False).encode(), headers={"content-type": "application/json"}
    )
