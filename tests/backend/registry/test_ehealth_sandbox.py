"""The adapter against the registry sandbox (in process): the real flows, end to end, through eHealth's
protocol — sign-in on the auth page, tokens, person, declarations, requests signed with the test
person's sandbox key, accesses, bulk data and the public portal."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from backend.directory.documents import DoctorDocument
from backend.directory.sync import joined_document
from backend.registry.errors import (
    RegistryAuthExpired,
    RegistryConflict,
    RegistryError,
    RegistryForbidden,
    RegistryNotFound,
    RegistryValidationError,
)
from backend.registry.port import PersonChanges, Phone, TokenSet

from .conftest import Sandbox

ADULT_FREE = "adult_without_declaration"
ADULT_WITH_DECLARATION = "adult_with_declaration"
ADULT_WITH_ACCESSES = "adult_with_accesses"
TEEN_READ_ONLY = "teen_16_read_only"


def test_person(slug: str) -> Any:
    from sandbox.registry.seed import TEST_PERSONS

    return next(person for person in TEST_PERSONS if person.slug == slug)


test_person.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


async def sign_in(sandbox: Sandbox, slug: str, *, state: str = "state-of-the-bot-42") -> TokenSet:
    """As the patient's browser: open our sign-in URL, sign in with the sandbox key, follow the redirect."""
    person = test_person(slug)
    url = sandbox.adapter.sign_in_url(state)
    page = await sandbox.browser.get(url)
    assert page.status_code == 200, page.text
    form = {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
    answer = await sandbox.browser.post("/sign-in", data={**form, "key_id": person.key_id, "password": person.password})
    assert answer.status_code in (302, 303), answer.text
    redirect = urlsplit(answer.headers["location"])
    assert f"{redirect.scheme}://{redirect.netloc}{redirect.path}" == sandbox.settings.redirect_uri
    query = parse_qs(redirect.query)
    assert query["state"] == [state]
    return await sandbox.adapter.exchange_code(query["code"][0])


async def signature(sandbox: Sandbox, slug: str, data: bytes) -> str:
    """The test person's own sandbox e-signature over `data` (what the signing page produces)."""
    from sandbox.registry.core.models import Person as PersonRow
    from sandbox.registry.core.models import SandboxKey
    from sandbox.signer import SignerIdentity, sign

    person = test_person(slug)
    async with sandbox.session() as session:
        key = await session.get(SandboxKey, person.key_id)
        holder = await session.get(PersonRow, person.person_id)
    assert key is not None and holder is not None
    signer = SignerIdentity(key.id, holder.tax_id, holder.first_name, holder.last_name)
    return sign(data, signer, key.encrypted_private_key, person.password)


async def doctors(sandbox: Sandbox) -> list[DoctorDocument]:
    """The directory as the sync builds it: the bulk export joined with the portal's doctors and divisions."""
    named = {doctor.employee_id: doctor async for doctor in sandbox.adapter.portal_doctors()}
    divisions = {division.id: division async for division in sandbox.adapter.portal_divisions()}
    return [
        joined_document(record, named[record.employee_id], divisions.get(named[record.employee_id].division.id))
        async for record in sandbox.adapter.bulk_employees()
        if record.works and record.employee_id in named
    ]


async def doctor_with_free_places(sandbox: Sandbox, speciality: str) -> DoctorDocument:
    free = {limit.party_id: limit.free async for limit in sandbox.adapter.declarations_limits()}
    for record in await doctors(sandbox):
        if (
            record.speciality == speciality
            and record.status == "APPROVED"
            and record.legal_entity_status == "ACTIVE"
            and free.get(record.party_id, 0) > 0
        ):
            return record
    raise AssertionError(f"the seed has no {speciality} with free places")


# --- auth ---------------------------------------------------------------------------------------


async def test_sign_in_refresh_and_logout(sandbox: Sandbox) -> None:
    tokens = await sign_in(sandbox, ADULT_FREE)

    assert tokens.person_id == test_person(ADULT_FREE).person_id
    assert tokens.expires_at > datetime.now(UTC)
    assert {"person:sign_in", "declaration_request:sign_pis", "app:delete_pis"} <= set(tokens.scope)

    renewed = await sandbox.adapter.refresh(tokens.refresh_token)
    assert renewed.access_token != tokens.access_token
    assert renewed.refresh_token != tokens.refresh_token
    with pytest.raises(RegistryAuthExpired):
        await sandbox.adapter.refresh(tokens.refresh_token)  # refresh tokens are single-use

    person = await sandbox.adapter.get_person(renewed.access_token)
    assert person.id == tokens.person_id

    await sandbox.adapter.logout(renewed.access_token)
    with pytest.raises(RegistryAuthExpired):
        await sandbox.adapter.get_person(renewed.access_token)
    await sandbox.adapter.logout(renewed.access_token)  # logging out twice is harmless


async def test_a_code_works_once(sandbox: Sandbox) -> None:
    person = test_person(ADULT_FREE)
    url = sandbox.adapter.sign_in_url("s")
    form = {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
    answer = await sandbox.browser.post("/sign-in", data={**form, "key_id": person.key_id, "password": person.password})
    code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]

    await sandbox.adapter.exchange_code(code)
    with pytest.raises(RegistryAuthExpired):
        await sandbox.adapter.exchange_code(code)


# --- person -------------------------------------------------------------------------------------


async def test_get_person(sandbox: Sandbox) -> None:
    tokens = await sign_in(sandbox, ADULT_FREE)
    expected = test_person(ADULT_FREE)

    person = await sandbox.adapter.get_person(tokens.access_token)

    assert (person.first_name, person.last_name, person.second_name) == (
        expected.first_name,
        expected.last_name,
        expected.second_name,
    )
    assert person.tax_id is not None and len(person.tax_id) == 10
    assert person.verification_status == "VERIFIED"
    assert any(address.type == "RESIDENCE" for address in person.addresses)
    assert person.documents and person.phones


async def test_a_signed_person_update_is_applied(sandbox: Sandbox) -> None:
    tokens = await sign_in(sandbox, ADULT_FREE)
    before = await sandbox.adapter.get_person(tokens.access_token)
    changes = PersonChanges(
        email="andrii.new.mail@example.com",
        phones=(Phone("MOBILE", "+380931112233"),),
        preferred_way_communication="email",
    )

    payload = await sandbox.adapter.prepare_person_update(tokens.access_token, changes)
    updated = await sandbox.adapter.update_person(
        tokens.access_token, tokens.person_id, await signature(sandbox, ADULT_FREE, payload)
    )

    assert updated.email == "andrii.new.mail@example.com"
    assert updated.phones == (Phone("MOBILE", "+380931112233"),)
    assert updated.preferred_way_communication == "email"
    assert (updated.tax_id, updated.birth_date, updated.addresses) == (
        before.tax_id,
        before.birth_date,
        before.addresses,
    )
    assert await sandbox.adapter.get_person(tokens.access_token) == updated


async def test_an_update_signed_by_someone_else_is_refused(sandbox: Sandbox) -> None:
    tokens = await sign_in(sandbox, ADULT_FREE)
    payload = await sandbox.adapter.prepare_person_update(tokens.access_token, PersonChanges(secret="ясен"))

    with pytest.raises(RegistryValidationError) as caught:
        await sandbox.adapter.update_person(
            tokens.access_token, tokens.person_id, await signature(sandbox, ADULT_WITH_ACCESSES, payload)
        )

    assert caught.value.code == "signature_invalid"


async def test_a_teen_without_confirmed_capacity_only_reads(sandbox: Sandbox) -> None:
    tokens = await sign_in(sandbox, TEEN_READ_ONLY)
    person = await sandbox.adapter.get_person(tokens.access_token)
    assert person.legal_capacity_confirmed is False

    payload = await sandbox.adapter.prepare_person_update(tokens.access_token, PersonChanges(secret="ясен"))
    with pytest.raises(RegistryForbidden) as caught:
        await sandbox.adapter.update_person(
            tokens.access_token, tokens.person_id, await signature(sandbox, TEEN_READ_ONLY, payload)
        )
    assert caught.value.code == "capacity_required"

    doctor = await doctor_with_free_places(sandbox, "FAMILY_DOCTOR")
    with pytest.raises(RegistryForbidden):
        await sandbox.adapter.create_declaration_request(tokens.access_token, doctor.employee_id, doctor.division_id)


# --- declarations -------------------------------------------------------------------------------


async def test_list_get_and_terminate_a_declaration(sandbox: Sandbox) -> None:
    tokens = await sign_in(sandbox, ADULT_WITH_DECLARATION)

    page = await sandbox.adapter.list_declarations(tokens.access_token)
    (active,) = [d for d in page.items if d.status == "active"]
    details = await sandbox.adapter.get_declaration(tokens.access_token, active.id)
    terminated = await sandbox.adapter.terminate_declaration(tokens.access_token, active.id, "Обираю іншого лікаря")

    assert page.total_entries == len(page.items)
    assert details.number == active.number and details.doctor.employee_id == active.doctor.employee_id
    assert details.signed_at is not None and details.doctor.speciality is not None
    assert terminated.status == "terminated"
    assert terminated.reason_description == "Обираю іншого лікаря"
    with pytest.raises(RegistryConflict) as caught:
        await sandbox.adapter.terminate_declaration(tokens.access_token, active.id, "ще раз")
    assert caught.value.code == "declaration_not_active"
    only_active = await sandbox.adapter.list_declarations(tokens.access_token, status="active")
    assert only_active.items == ()


async def test_someone_elses_declaration_is_not_yours(sandbox: Sandbox) -> None:
    owner = await sign_in(sandbox, ADULT_WITH_DECLARATION)
    stranger = await sign_in(sandbox, ADULT_FREE)
    (declaration, *_) = (await sandbox.adapter.list_declarations(owner.access_token)).items

    with pytest.raises((RegistryForbidden, RegistryNotFound)):
        await sandbox.adapter.get_declaration(stranger.access_token, declaration.id)


# --- declaration requests -----------------------------------------------------------------------


async def test_create_sign_and_get_the_new_declaration(sandbox: Sandbox) -> None:
    tokens = await sign_in(sandbox, ADULT_FREE)
    doctor = await doctor_with_free_places(sandbox, "FAMILY_DOCTOR")

    created = await sandbox.adapter.create_declaration_request(
        tokens.access_token, doctor.employee_id, doctor.division_id
    )
    assert created.status == "NEW" and created.signing_payload
    assert created.doctor is not None and created.doctor.employee_id == doctor.employee_id
    assert created.expires_at is not None and created.expires_at > datetime.now(UTC)
    fetched = await sandbox.adapter.get_declaration_request(tokens.access_token, created.id)
    assert fetched.signing_payload == created.signing_payload
    assert fetched.system_declaration_limit is not None and fetched.current_declaration_count is not None

    signed = await sandbox.adapter.sign_declaration_request(
        tokens.access_token, created.id, await signature(sandbox, ADULT_FREE, created.signing_payload)
    )

    assert signed.status == "SIGNED"
    declarations = await sandbox.adapter.list_declarations(tokens.access_token)
    (new,) = [d for d in declarations.items if d.id == created.declaration_id]
    assert new.status in ("active", "pending_verification")
    assert new.doctor.employee_id == doctor.employee_id
    requests = await sandbox.adapter.list_declaration_requests(tokens.access_token, status="SIGNED")
    assert [r.id for r in requests.items] == [created.id]


async def test_a_signature_over_other_bytes_is_refused(sandbox: Sandbox) -> None:
    tokens = await sign_in(sandbox, ADULT_FREE)
    doctor = await doctor_with_free_places(sandbox, "THERAPIST")
    created = await sandbox.adapter.create_declaration_request(
        tokens.access_token, doctor.employee_id, doctor.division_id
    )
    assert created.signing_payload is not None

    with pytest.raises(RegistryValidationError) as caught:
        await sandbox.adapter.sign_declaration_request(
            tokens.access_token, created.id, await signature(sandbox, ADULT_FREE, created.signing_payload + b" ")
        )

    assert caught.value.code == "signature_invalid"


async def test_reject_a_request_and_it_cannot_be_signed_after(sandbox: Sandbox) -> None:
    tokens = await sign_in(sandbox, ADULT_FREE)
    doctor = await doctor_with_free_places(sandbox, "FAMILY_DOCTOR")
    created = await sandbox.adapter.create_declaration_request(
        tokens.access_token, doctor.employee_id, doctor.division_id
    )
    assert created.signing_payload is not None

    rejected = await sandbox.adapter.reject_declaration_request(tokens.access_token, created.id)

    assert rejected.status == "REJECTED"
    assert rejected.signing_payload is None
    with pytest.raises(RegistryConflict) as caught:
        await sandbox.adapter.sign_declaration_request(
            tokens.access_token, created.id, await signature(sandbox, ADULT_FREE, created.signing_payload)
        )
    assert caught.value.code == "request_not_new"


async def test_a_pediatrician_refuses_an_adult(sandbox: Sandbox) -> None:
    tokens = await sign_in(sandbox, ADULT_FREE)
    doctor = await doctor_with_free_places(sandbox, "PEDIATRICIAN")

    with pytest.raises(RegistryError) as caught:
        await sandbox.adapter.create_declaration_request(tokens.access_token, doctor.employee_id, doctor.division_id)

    assert caught.value.code == "speciality_age_mismatch"
    assert "вік" in caught.value.message_uk


# --- accesses ---------------------------------------------------------------------------------


async def test_list_and_revoke_accesses(sandbox: Sandbox) -> None:
    tokens = await sign_in(sandbox, ADULT_WITH_ACCESSES)

    accesses = await sandbox.adapter.list_accesses(tokens.access_token)
    ours = [a for a in accesses if a.client_id == sandbox.settings.client_id]
    others = [a for a in accesses if a.client_id != sandbox.settings.client_id]
    assert len(ours) == 1 and ours[0].scopes and others

    await sandbox.adapter.revoke_access(tokens.access_token, others[0].id)

    remaining = await sandbox.adapter.list_accesses(tokens.access_token)
    assert others[0].id not in {a.id for a in remaining}
    with pytest.raises(RegistryNotFound):
        await sandbox.adapter.revoke_access(tokens.access_token, others[0].id)


# --- directory ---------------------------------------------------------------------------------


async def test_bulk_employees_limits_and_the_portal_agree(sandbox: Sandbox) -> None:
    records = await doctors(sandbox)
    limits = [limit async for limit in sandbox.adapter.declarations_limits()]

    assert len(records) >= 20
    assert len({r.employee_id for r in records}) == len(records)
    assert {r.speciality for r in records} >= {"FAMILY_DOCTOR", "THERAPIST", "PEDIATRICIAN"}
    assert {limit.party_id for limit in limits} == {r.party_id for r in records}
    assert all(limit.count >= 0 for limit in limits)
    assert all(r.latitude is not None and r.address for r in records)

    recent = [record async for record in sandbox.adapter.bulk_employees(depth_days=36_500)]
    assert {r.employee_id for r in records} <= {r.employee_id for r in recent}

    sample = records[0]
    card = await sandbox.adapter.get_doctor(sample.employee_id)
    assert (card.employee_id, card.party_id, card.full_name) == (sample.employee_id, sample.party_id, sample.full_name)
    assert card.division.id == sample.division_id
    assert card.legal_entity.id == sample.legal_entity_id
    with pytest.raises(RegistryNotFound):
        await sandbox.adapter.get_doctor("00000000-0000-4000-8000-000000000000")


async def test_portal_lists_are_walked_page_by_page(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    everything = await doctors(sandbox)
    monkeypatch.setattr(sandbox.settings, "page_size", 7)

    paged = await doctors(sandbox)

    assert [r.employee_id for r in paged] == [r.employee_id for r in everything]


async def test_every_working_doctor_of_the_export_is_named_by_the_portal(sandbox: Sandbox) -> None:
    working = {record.employee_id async for record in sandbox.adapter.bulk_employees() if record.works}
    named = {doctor.employee_id async for doctor in sandbox.adapter.portal_doctors()}

    assert working and working == named


async def test_search_settlements(sandbox: Sandbox) -> None:
    found = await sandbox.adapter.search_settlements("Київ", limit=5)

    assert 1 <= len(found) <= 5
    assert all(s.name.startswith("Київ") for s in found)
    assert any(s.latitude is not None for s in found)
