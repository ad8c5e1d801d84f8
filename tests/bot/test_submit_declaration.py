"""Подати декларацію end to end: the rules explained before anything is created, the summary, a double tap
making one registry request, signing on the backend's page, and the outcome explained (active, pending)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from backend.domain.declarations import PRECHECK_WARNINGS, PrecheckProblem
from bot.api_models import DoctorCard, DoctorHit, Precheck
from bot.dialogs.submit_declaration.getters import summary_text
from bot.i18n import LANGUAGES, Locales
from sandbox.registry.core.models import Declaration, DeclarationRequest
from tests.bot.harness import Patient, Stack, person, text

# End-to-end tests share the module's running stack (and its event loop); the pure ones need neither.
e2e = pytest.mark.asyncio(loop_scope="module")

uk = Locales().translator("uk")


async def _doctor(stack: Stack, patient: Patient, speciality: str, *, not_employee: str | None = None) -> DoctorHit:
    """A doctor of this speciality who can take the patient (free places, not the current one)."""
    assert stack.run is not None
    page = await stack.run.backend.search_doctors(speciality=speciality, limit=50)
    return next(
        hit
        for hit in page.items
        if hit.available and (hit.free_places is None or hit.free_places > 0) and hit.employee_id != not_employee
    )


async def _requests(stack: Stack, person_id: str) -> list[DeclarationRequest]:
    async with stack.registry_app.state.sessionmaker() as session:
        return list(await session.scalars(select(DeclarationRequest).where(DeclarationRequest.person_id == person_id)))


async def _declarations(stack: Stack, person_id: str) -> list[Declaration]:
    async with stack.registry_app.state.sessionmaker() as session:
        return list(await session.scalars(select(Declaration).where(Declaration.person_id == person_id)))


async def _open_card(patient: Patient, doctor: DoctorHit) -> None:
    """The doctor's deep link (as inline results and shared cards give it)."""
    seen = await patient.send(f"/start doc_{doctor.employee_id}")
    assert doctor.full_name in seen.text


async def _sign_on_page(stack: Stack, patient: Patient, slug: str) -> None:
    who = person(slug)
    url = patient.url_of(uk.get("submit-btn-sign"))
    async with stack.browser() as browser:
        page = await browser.get(url)
        assert page.status_code == 200, page.text
        signed = await browser.post(url, data={"key_id": who.key_id, "password": who.password})
        assert signed.status_code == 200, signed.text


@e2e
async def test_replacing_the_current_doctor_is_said_before_anything_is_created(stack: Stack, patient: Patient) -> None:
    who = person("adult_with_declaration")
    await patient.sign_in(who)
    current = next(d for d in await _declarations(stack, who.person_id) if d.status == "active")
    doctor = await _doctor(stack, patient, "THERAPIST", not_employee=current.employee_id)
    await _open_card(patient, doctor)

    summary = await patient.press(uk.get("search-btn-submit"))
    assert doctor.full_name in summary.text
    assert doctor.division_name in summary.text
    assert uk.get("submit-summary-meaning").replace("<b>", "").replace("</b>", "") in summary.text
    assert "завершиться автоматично" in summary.text  # the old declaration ends by itself
    assert "не підтверджено" not in summary.text  # Олена's data are verified: no wait to warn of
    assert uk.get("submit-btn-replace") in patient.buttons()
    assert not await _requests(stack, who.person_id)  # nothing is created before the patient agrees

    await patient.press(uk.get("btn-cancel"))
    assert not await _requests(stack, who.person_id)


@e2e
async def test_a_double_tap_makes_one_request_and_signing_makes_it_active(stack: Stack, patient: Patient) -> None:
    who = person("adult_without_declaration")
    await patient.sign_in(who)
    doctor = await _doctor(stack, patient, "FAMILY_DOCTOR")
    await _open_card(patient, doctor)
    summary = await patient.press(uk.get("search-btn-submit"))
    assert "Зверніть увагу" not in summary.text  # nothing to replace, verified data: nothing to wait for

    # Two taps on "Подати" before the bot answers either (a double tap, or Telegram redelivering).
    message = patient.last_message()
    data = next(
        button["callback_data"]
        for row in message["reply_markup"]["inline_keyboard"]
        for button in row
        if button["text"] == uk.get("submit-btn-submit")
    )
    taps = [patient.act.press_inline_button(message["message_id"], data) for _ in range(2)]
    await asyncio.gather(*(stack.handled(tap.update_id) for tap in taps if tap.update_id is not None))

    requests = await _requests(stack, who.person_id)
    assert [(r.employee_id, r.status) for r in requests] == [(doctor.employee_id, "NEW")]
    assert patient.url_of(uk.get("submit-btn-sign")).startswith(stack.backend_url + "/sign/")

    not_yet = await patient.press(uk.get("submit-btn-check"))
    assert uk.get("submit-not-signed-yet") in not_yet.text

    await _sign_on_page(stack, patient, who.slug)
    result = await patient.press(uk.get("submit-btn-check"))
    declarations = [d for d in await _declarations(stack, who.person_id) if d.status == "active"]
    assert len(declarations) == 1 and declarations[0].employee_id == doctor.employee_id
    assert "Декларацію укладено, вона діє" in result.text
    assert declarations[0].declaration_number in result.text

    mine = await patient.press(uk.get("submit-btn-my-declarations"))
    assert doctor.full_name in mine.text and uk.get("decl-status-active") in mine.text


@e2e
async def test_an_unverified_patient_hears_of_the_wait_of_up_to_30_days_before_signing(
    stack: Stack, patient: Patient
) -> None:
    who = person("unverified_adult")  # Ярослава: NOT_VERIFIED in eHealth
    await patient.sign_in(who)
    doctor = await _doctor(stack, patient, "THERAPIST")
    await _open_card(patient, doctor)

    summary = await patient.press(uk.get("search-btn-submit"))
    assert doctor.full_name in summary.text
    assert "ще не підтверджено" in summary.text and "30 днів" in summary.text  # said before anything is signed
    warning = text("submit-warning-not-verified")
    assert summary.text.index(warning) < summary.text.index(text("submit-summary-next"))
    assert uk.get("submit-btn-submit") in patient.buttons()
    assert not await _requests(stack, who.person_id)

    await patient.press(uk.get("submit-btn-submit"))
    assert uk.get("submit-btn-sign") in patient.buttons()
    await _sign_on_page(stack, patient, who.slug)

    result = await patient.press(uk.get("submit-btn-check"))
    assert "Реєстр перевіряє ваші дані — це може тривати до 30 днів" in result.text
    statuses = [d.status for d in await _declarations(stack, who.person_id)]
    assert statuses == ["pending_verification"]


@e2e
async def test_a_cancelled_request_can_be_submitted_again_as_a_new_one(stack: Stack, patient: Patient) -> None:
    who = person("teen_17_capable")
    await patient.sign_in(who)
    current = next(d for d in await _declarations(stack, who.person_id) if d.status == "active")
    doctor = await _doctor(stack, patient, "PEDIATRICIAN", not_employee=current.employee_id)
    await _open_card(patient, doctor)
    await patient.press(uk.get("search-btn-submit"))
    await patient.press(uk.get("submit-btn-replace"))  # she has a pediatrician; this one would replace them

    question = await patient.press(uk.get("submit-btn-cancel-request"))
    assert uk.get("submit-cancel-question") in question.text
    cancelled = await patient.press(uk.get("submit-btn-cancel-yes"))
    assert uk.get("submit-result-cancelled") in cancelled.text
    assert [r.status for r in await _requests(stack, who.person_id)] == ["REJECTED"]

    # "Submit again" is a new attempt: a new idempotency key, so a second request.
    await patient.press(uk.get("submit-btn-again"))
    await patient.press(uk.get("submit-btn-replace"))
    assert sorted(r.status for r in await _requests(stack, who.person_id)) == ["NEW", "REJECTED"]


@e2e
async def test_a_pediatrician_is_refused_to_an_adult_with_other_doctors_offered(stack: Stack, patient: Patient) -> None:
    who = person("adult_with_accesses")
    await patient.sign_in(who)
    pediatrician = await _doctor(stack, patient, "PEDIATRICIAN")
    await _open_card(patient, pediatrician)

    refused = await patient.press(uk.get("search-btn-submit"))
    assert uk.get("submit-blocker-speciality-age-mismatch") in refused.text
    assert uk.get("submit-btn-submit") not in patient.buttons()
    assert not await _requests(stack, who.person_id)

    others = await patient.press(uk.get("submit-btn-other-doctors"))
    assert "Знайдено лікарів" in others.text
    assert uk.get("search-spec-pediatrician") + "," not in others.text


@e2e
async def test_a_doctor_without_free_places_leads_to_other_doctors_nearby(stack: Stack, patient: Patient) -> None:
    who = person("adult_without_declaration")
    await patient.sign_in(who)
    assert stack.run is not None
    page = await stack.run.backend.search_doctors(limit=50, for_user=patient.id)
    full = next(hit for hit in page.items if hit.available and hit.free_places == 0)
    await _open_card(patient, full)
    assert uk.get("search-card-no-places") in patient.last_message()["text"]

    refused = await patient.press(uk.get("search-btn-submit"))
    assert uk.get("submit-blocker-no-free-places") in refused.text
    others = await patient.press(uk.get("submit-btn-other-doctors"))
    assert "найближчі першими" in others.text
    assert uk.get("search-spec-" + full.speciality.lower().replace("_", "-")) in others.text  # the same speciality


@e2e
async def test_a_teenager_without_full_capacity_may_only_look(stack: Stack, patient: Patient) -> None:
    who = person("teen_16_read_only")
    await patient.sign_in(who)
    doctor = await _doctor(stack, patient, "PEDIATRICIAN")
    await _open_card(patient, doctor)
    refused = await patient.press(uk.get("search-btn-submit"))
    assert uk.get("submit-blocker-read-only") in refused.text
    assert not await _requests(stack, who.person_id)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_precheck_problem_has_its_own_explanation(language: str) -> None:
    i18n = Locales().translator(language)
    blockers = [problem for problem in PrecheckProblem if problem not in PRECHECK_WARNINGS]
    keys = [f"submit-blocker-{problem.lower().replace('_', '-')}" for problem in blockers]
    assert all(i18n.has(key) for key in keys)
    assert len({i18n.get(key) for key in keys}) == len(keys)  # each says something different


DOCTOR = DoctorCard(
    employee_id="e-1",
    party_id="p-1",
    full_name="Шевченко Марія Іванівна",
    first_name="Марія",
    last_name="Шевченко",
    speciality="FAMILY_DOCTOR",
    division_id="d-1",
    division_name="Амбулаторія № 1",
    legal_entity_id="l-1",
    legal_entity_name="ЦПМСД № 1",
)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("verified", [True, False])
def test_the_summary_says_the_wait_before_the_next_step_in_every_language(language: str, verified: bool) -> None:
    i18n = Locales().translator(language)
    warnings = [] if verified else [PrecheckProblem.DATA_NOT_VERIFIED.value]
    summary = summary_text(i18n, DOCTOR, Precheck(ok=True, warnings=warnings))

    warning = i18n.get("submit-warning-not-verified")
    assert (warning in summary) is not verified
    assert ("30" in summary) is not verified
    if not verified:
        assert summary.index(warning) < summary.index(i18n.get("submit-summary-next"))
