"""One table of cases (`rules.toml`), two implementations: the product's rules and the registry sandbox's.

Every case states eHealth's outcome with its source in DOMAIN.md or the Blueprint. Each side runs the case
through its adapter for the case's kind and must report that outcome for every key of `expected` it can
speak to (at least one). A side without a rule for a kind says why in the table. A case the sandbox gets
wrong is a strict xfail with the disagreement as its reason, so it flips the day the sandbox is fixed.
"""

from __future__ import annotations

import inspect
import tomllib
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from backend.api.views import is_signable
from backend.domain.age import AccessLevel, access_level, age_on, can_write
from backend.domain.declarations import (
    CURRENT_DECLARATION_STATUSES,
    DEFAULT_DECLARATION_LIMITS,
    OPEN_REQUEST_STATUSES,
    DeclarationStatus,
    PrecheckProblem,
    RequestStatus,
    Speciality,
    declaration_end_date,
    free_places,
    is_declaration_number,
    precheck_declaration,
    speciality_allowed_for_age,
)
from backend.domain.errors import InvalidValue
from backend.domain.masking import mask_phone
from backend.domain.validators import (
    tax_id_birth_date,
    tax_id_gender,
    validate_document,
    validate_document_expiration,
    validate_phone,
    validate_tax_id,
    validate_unzr,
)
from backend.domain.verification import declaration_waits_for_verification
from tests.cases import sandbox_side

TABLE = tomllib.loads((Path(__file__).parent / "rules.toml").read_text(encoding="utf-8"))
KINDS: dict[str, dict[str, str]] = TABLE["kinds"]
CASES: list[dict[str, Any]] = TABLE["cases"]
SIDES = ("product", "sandbox")
EXPECTED_KEYS = frozenset(
    {
        "view", "act", "allowed", "message", "default_limit", "free_places", "can_sign", "refusal_http",
        "refusal_type", "refusal_message", "after_signing", "after_request", "status_after", "data_wiped",
        "declaration_status", "end_date", "no_end_date", "valid", "ehealth_form", "accepted_as_sent",
        "birth_date", "gender", "masked",
    }
)  # fmt: skip

Input = Mapping[str, Any]
Observed = dict[str, Any]


# --- the product's side: backend/domain ----------------------------------------------------------


def product_access(case: Input) -> Observed:
    level = access_level(case["birth_date"], case.get("legal_capacity") == "VERIFIED", case["today"])
    return {"view": level is not AccessLevel.NONE, "act": can_write(level)}


def product_speciality_age(case: Input) -> Observed:
    return {"allowed": speciality_allowed_for_age(case["speciality"], age_on(case["birth_date"], case["today"]))}


def product_default_limit(case: Input) -> Observed:
    return {"default_limit": DEFAULT_DECLARATION_LIMITS[Speciality(case["speciality"])]}


def product_free_places(case: Input) -> Observed:
    free = free_places(case["limit"], case["count"])
    # The precheck an adult runs before asking a family doctor with this many free places.
    precheck = precheck_declaration(
        patient_birth_date=sandbox_side.NOW.date().replace(year=1980),
        legal_capacity_confirmed=False,
        today=sandbox_side.NOW.date(),
        doctor_speciality=Speciality.FAMILY_DOCTOR,
        doctor_employee_id="E1",
        doctor_available=True,
        free_places=free,
        current_declaration_employee_id=None,
    )
    return {"free_places": free, "can_sign": PrecheckProblem.NO_FREE_PLACES not in precheck.blockers}


def product_replacement(case: Input) -> Observed:
    return {
        "after_signing": [
            str(DeclarationStatus.TERMINATED) if status in CURRENT_DECLARATION_STATUSES else status
            for status in case["before"]
        ]
    }


def product_request_replacement(case: Input) -> Observed:
    return {
        "after_request": [
            str(RequestStatus.CANCELLED)
            if r["employee"] == "E1" and r["status"] in OPEN_REQUEST_STATUSES
            else r["status"]
            for r in case["before"]
        ]
    }


def product_request_signable(case: Input) -> Observed:
    # The product's rule sits with its views (backend/api/views.py), not in backend/domain.
    return {"can_sign": is_signable(SimpleNamespace(status=RequestStatus(case["status"])))}  # type: ignore[arg-type]


def product_verification(case: Input) -> Observed:
    waits = declaration_waits_for_verification(case["verification_status"])
    return {"declaration_status": "pending_verification" if waits else "active"}


def product_end_date(case: Input) -> Observed:
    try:
        end = declaration_end_date(case["speciality"], case["birth_date"], case["start_date"])
    except ValueError:
        return {"allowed": False}
    return {"allowed": True, "end_date": end, "no_end_date": end is None}


def _validated(validate: Callable[[], str]) -> Observed:
    try:
        return {"valid": True, "ehealth_form": validate()}
    except InvalidValue:
        return {"valid": False}


def product_tax_id(case: Input) -> Observed:
    observed = _validated(lambda: validate_tax_id(case["value"]))
    if observed["valid"]:
        observed.update(birth_date=tax_id_birth_date(case["value"]), gender=tax_id_gender(case["value"]))
    return observed


def product_unzr(case: Input) -> Observed:
    return _validated(lambda: validate_unzr(case["value"], case.get("birth_date")))


def product_phone(case: Input) -> Observed:
    return _validated(lambda: validate_phone(case["value"]))


def product_document(case: Input) -> Observed:
    def validate() -> str:
        number = validate_document(case["type"], case["number"])
        validate_document_expiration(case["type"], case.get("expiration_date"))
        return number

    return _validated(validate)


def product_declaration_number(case: Input) -> Observed:
    return {"valid": is_declaration_number(case["value"])}


def product_masked_phone(case: Input) -> Observed:
    # The product shows the mask spaced for reading ("+380 93 *** ** 85"); what it reveals is what is compared.
    return {"masked": mask_phone(case["value"]).replace(" ", "")}


PRODUCT: dict[str, Callable[[Input], Observed]] = {
    "access": product_access,
    "speciality_age": product_speciality_age,
    "default_limit": product_default_limit,
    "free_places": product_free_places,
    "replacement": product_replacement,
    "request_replacement": product_request_replacement,
    "request_signable": product_request_signable,
    "verification": product_verification,
    "end_date": product_end_date,
    "tax_id": product_tax_id,
    "unzr": product_unzr,
    "phone": product_phone,
    "document": product_document,
    "declaration_number": product_declaration_number,
    "masked_phone": product_masked_phone,
}
ADAPTERS: dict[str, Mapping[str, Callable[[Input], Observed | Awaitable[Observed]]]] = {
    "product": PRODUCT,
    "sandbox": sandbox_side.ADAPTERS,
}


# --- running the table -----------------------------------------------------------------------------


def _param(side: str, case: dict[str, Any]) -> Any:
    marks: list[pytest.MarkDecorator] = []
    no_rule = KINDS[case["kind"]].get(side)
    if no_rule:
        marks.append(pytest.mark.skip(reason=f"{side}: {no_rule}"))
    elif side == "sandbox" and "sandbox_xfail" in case:
        marks.append(pytest.mark.xfail(strict=True, reason=case["sandbox_xfail"]))
    return pytest.param(case, id=case["id"], marks=marks)


def _cases(side: str) -> list[Any]:
    return [_param(side, case) for case in CASES]


async def _check(side: str, case: Mapping[str, Any]) -> None:
    observed = ADAPTERS[side][case["kind"]](case["input"])
    if inspect.isawaitable(observed):
        observed = await observed
    expected = case["expected"]
    compared = sorted(expected.keys() & observed.keys())
    assert compared, f"the {side} adapter for {case['kind']} reports none of {sorted(expected)}"
    assert {key: observed[key] for key in compared} == {key: expected[key] for key in compared}, case["source"]


@pytest.mark.parametrize("case", _cases("product"))
async def test_product_rules_give_ehealths_outcome(case: Mapping[str, Any]) -> None:
    await _check("product", case)


@pytest.mark.parametrize("case", _cases("sandbox"))
async def test_sandbox_rules_give_ehealths_outcome(case: Mapping[str, Any]) -> None:
    await _check("sandbox", case)


# --- the table itself ------------------------------------------------------------------------------


def test_the_table_has_at_least_sixty_cases_each_with_its_source() -> None:
    assert len(CASES) >= 60
    ids = Counter(case["id"] for case in CASES)
    assert [case_id for case_id, n in ids.items() if n > 1] == []
    for case in CASES:
        assert case["kind"] in KINDS, case["id"]
        assert case["source"].strip(), case["id"]
        assert case["expected"] and set(case["expected"]) <= EXPECTED_KEYS, case["id"]
        assert "sandbox_xfail" not in case or case["sandbox_xfail"].startswith("sandbox: "), case["id"]


@pytest.mark.parametrize("side", SIDES)
def test_every_kind_has_an_adapter_or_says_why_not(side: str) -> None:
    """A side has an adapter for a kind or the table's reason for not having one, never both nor neither."""
    for kind, about in KINDS.items():
        assert (kind in ADAPTERS[side]) != bool(about.get(side)), f"{side}: {kind}"
    assert set(ADAPTERS[side]) <= set(KINDS)


def test_every_kind_is_run_by_at_least_one_side() -> None:
    assert [kind for kind, about in KINDS.items() if all(about.get(side) for side in SIDES)] == []
