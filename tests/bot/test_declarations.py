"""Мої декларації end to end: the current declaration explained, the paged history, ending a declaration
(the registry shows it terminated), and requests waiting for a signature (open, cancel)."""

from __future__ import annotations

from datetime import UTC

import pytest
from sqlalchemy import select

from backend.domain.declarations import DeclarationStatus, RequestStatus, is_declaration_number
from bot.api_models import Declaration as DeclarationView
from bot.dialogs.common.declaration_texts import (
    declaration_line,
    declaration_text,
    reason_text,
    request_status_text,
    status_text,
)
from bot.i18n import KYIV, LANGUAGES, Locales
from sandbox.registry.core.models import Declaration, DeclarationRequest
from tests.bot.harness import Patient, Stack, person

# End-to-end tests share the module's running stack (and its event loop); the pure ones need neither.
e2e = pytest.mark.asyncio(loop_scope="module")

uk = Locales().translator("uk")


async def _registry_declarations(stack: Stack, person_id: str) -> list[Declaration]:
    async with stack.registry_app.state.sessionmaker() as session:
        rows = await session.scalars(select(Declaration).where(Declaration.person_id == person_id))
        return list(rows)


async def _open_declarations(patient: Patient, slug: str) -> str:
    await patient.sign_in(person(slug))
    seen = await patient.press(uk.get("menu-declarations"))
    return seen.text


@e2e
async def test_the_current_declaration_is_explained_in_plain_words(stack: Stack, patient: Patient) -> None:
    who = person("adult_with_declaration")
    text = await _open_declarations(patient, who.slug)

    active = [d for d in await _registry_declarations(stack, who.person_id) if d.status == "active"]
    assert len(active) == 1
    number = active[0].declaration_number
    assert is_declaration_number(number)
    assert number in text
    assert uk.get("decl-status-active") in text
    assert "Ваш лікар:" in text
    assert active[0].start_date.strftime("%d.%m.%Y") in text
    assert uk.get("decl-btn-terminate") in patient.buttons()
    # Plain words, not codes: no status or speciality code leaks into what the patient reads.
    for code in ("active", "FAMILY_DOCTOR", "THERAPIST", "PEDIATRICIAN"):
        assert code not in text


@e2e
async def test_past_declarations_are_listed_with_their_reason(stack: Stack, patient: Patient) -> None:
    who = person("adult_with_accesses")
    await _open_declarations(patient, who.slug)
    rows = await _registry_declarations(stack, who.person_id)
    terminated = [d for d in rows if d.status == "terminated"]
    assert terminated, "the seed gives this person a terminated declaration"

    seen = await patient.press(uk.get("decl-btn-history"))
    assert "Усі ваші декларації" in seen.text
    assert uk.get("decl-status-terminated") in seen.text
    assert f"сторінка 1 з {max((len(rows) + 4) // 5, 1)}" in seen.text

    # The first declaration of the list opens with its number and the reason in plain words.
    first_label = next(label for label in patient.buttons() if label.startswith("1. "))
    detail = await patient.press(first_label)
    numbers = {d.declaration_number for d in rows}
    assert any(number in detail.text for number in numbers)
    await patient.press(uk.get("decl-btn-back-history"))
    assert "Усі ваші декларації" in patient.last_message()["text"]


@e2e
async def test_ending_the_declaration_asks_first_and_the_registry_shows_it_terminated(
    stack: Stack, patient: Patient
) -> None:
    who = person("adult_with_declaration")
    await _open_declarations(patient, who.slug)

    question = await patient.press(uk.get("decl-btn-terminate"))
    assert "Розірвати декларацію з лікарем" in question.text
    assert "розривати не потрібно" in question.text  # says that changing doctors needs no termination
    assert uk.get("decl-btn-terminate-no") in patient.buttons()

    # "No" keeps it.
    await patient.press(uk.get("decl-btn-terminate-no"))
    assert [d.status for d in await _registry_declarations(stack, who.person_id)].count("active") == 1

    await patient.press(uk.get("decl-btn-terminate"))
    done = await patient.press(uk.get("decl-btn-terminate-yes"))
    assert uk.get("decl-terminated") in done.text
    assert uk.get("decl-none").split(".")[0] in done.text

    rows = await _registry_declarations(stack, who.person_id)
    assert not [d for d in rows if d.status == "active"]
    ended = [d for d in rows if d.status == "terminated" and d.reason == "manual_person"]
    assert len(ended) == 1
    assert ended[0].reason_description == uk.get("decl-terminate-reason-registry")


@e2e
async def test_a_declaration_replaced_by_a_new_one_shows_when_and_why_it_ended(stack: Stack, patient: Patient) -> None:
    """Софія changes her pediatrician for a family doctor: the old declaration ends by itself, and her history
    says so — the day it ended and that the new declaration replaced it — not a bare «розірвана»."""
    who = person("teen_17_capable")
    await patient.sign_in(who)
    old = next(d for d in await _registry_declarations(stack, who.person_id) if d.status == "active")
    assert stack.run is not None
    page = await stack.run.backend.search_doctors(speciality="FAMILY_DOCTOR", limit=50)
    doctor = next(
        hit
        for hit in page.items
        if hit.available and (hit.free_places is None or hit.free_places > 0) and hit.employee_id != old.employee_id
    )
    await patient.send(f"/start doc_{doctor.employee_id}")
    await patient.press(uk.get("search-btn-submit"))
    await patient.press(uk.get("submit-btn-replace"))
    async with stack.browser() as browser:
        signed = await browser.post(
            patient.url_of(uk.get("submit-btn-sign")), data={"key_id": who.key_id, "password": who.password}
        )
        assert signed.status_code == 200, signed.text
    await patient.press(uk.get("submit-btn-check"))

    rows = {d.id: d for d in await _registry_declarations(stack, who.person_id)}
    replaced = rows[old.id]
    assert (replaced.status, replaced.reason) == ("terminated", "auto_new_declaration")
    ended_on = replaced.updated_at.replace(tzinfo=UTC).astimezone(KYIV).strftime("%d.%m.%Y")
    reason = uk.get("decl-reason-auto-new-declaration")

    await patient.press(uk.get("submit-btn-my-declarations"))
    history = await patient.press(uk.get("decl-btn-history"))
    blocks = [block for block in history.text.split("\n\n") if f"до {ended_on}" in block]
    assert len(blocks) == 1, history.text
    old_block = blocks[0]
    assert f"з {old.start_date:%d.%m.%Y} до {ended_on}" in old_block
    assert uk.get("decl-status-terminated-auto-new-declaration") in old_block
    assert reason[1:] in old_block
    assert uk.get("decl-status-terminated") not in history.text  # not a bare «розірвана»

    position = old_block.split(".", 1)[0]
    detail = await patient.press(next(label for label in patient.buttons() if label.startswith(f"{position}. ")))
    assert old.declaration_number in detail.text
    assert uk.get("decl-ended", ended=ended_on) in detail.text
    assert uk.get("decl-reason", reason=reason) in detail.text
    assert uk.get("decl-end", end=old.end_date) not in detail.text  # the signed-for term is not when it ended


@e2e
async def test_a_waiting_request_can_be_opened_signed_or_cancelled(stack: Stack, patient: Patient) -> None:
    who = person("adult_without_declaration")
    await patient.sign_in(who)
    backend = stack.run.backend if stack.run else None
    assert backend is not None
    page = await backend.search_doctors(speciality="THERAPIST", limit=1, for_user=patient.id)
    doctor = page.items[0]
    created = await backend.create_declaration_request(
        patient.id, employee_id=doctor.employee_id, division_id=doctor.division_id, client_key="decl-test-1"
    )

    overview = await patient.press(uk.get("menu-declarations"))
    assert uk.get("decl-requests-waiting", count=1) in overview.text
    await patient.press(uk.get("decl-btn-requests", waiting=1))
    opened = await patient.press(f"1. {doctor.last_name} {doctor.first_name[0]}. {doctor.second_name[0]}.")
    assert doctor.full_name in opened.text
    assert uk.get("decl-request-status-new") in opened.text
    assert patient.url_of(uk.get("decl-btn-sign")).startswith(stack.backend_url + "/sign/")

    await patient.press(uk.get("decl-btn-cancel-request"))
    cancelled = await patient.press(uk.get("decl-btn-cancel-request-yes"))
    assert uk.get("decl-request-cancelled") in cancelled.text
    assert uk.get("decl-requests-none") in cancelled.text
    async with stack.registry_app.state.sessionmaker() as session:
        request = await session.get(DeclarationRequest, created.id)
    assert request is not None and request.status == "REJECTED"


@e2e
async def test_an_unreachable_backend_keeps_the_patient_in_place(stack: Stack, patient: Patient) -> None:
    await _open_declarations(patient, "adult_with_accesses")
    unreachable = "http://127.0.0.1:9"  # nothing listens there: the connection is refused at once
    try:
        await stack.restart_bot(keep_state=True, backend_url=unreachable)
        down = await patient.press(uk.get("decl-btn-history"))
        assert uk.get("error-backend-unavailable") in down.text
        assert uk.get("btn-retry") in patient.buttons()
    finally:
        await stack.restart_bot(keep_state=True)
    back = await patient.press(uk.get("btn-retry"))
    assert "Усі ваші декларації" in back.text
    assert uk.get("btn-retry") not in patient.buttons()


# Every status and reason in plain words ---------------------------------------------------------------

# DOMAIN §3's reasons, and the ones the registry sandbox adds (ours) for what eHealth leaves unnamed.
REASONS = (
    "manual_person",
    "manual_employee",
    "manual_nhs",
    "no_tax_id",
    "offline",
    "person_not_verified",
    "auto_new_declaration",
    "auto_expired",
    "auto_employee_deactivate",
    "auto_reorganization",
    "auto_suspend_legal_entity",
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_status_and_reason_has_its_own_explanation(language: str) -> None:
    i18n = Locales().translator(language)
    unknown_status, unknown_reason = i18n.get("decl-status-unknown"), i18n.get("decl-reason-unknown")
    statuses = {status: status_text(i18n, status) for status in DeclarationStatus}
    assert unknown_status not in statuses.values()
    assert len(set(statuses.values())) == len(statuses)  # each says something different
    reasons = {reason: reason_text(i18n, reason) for reason in REASONS}
    assert unknown_reason not in reasons.values()
    assert len(set(reasons.values())) == len(reasons)
    requests = {status: request_status_text(i18n, status) for status in RequestStatus}
    assert i18n.get("decl-request-status-unknown") not in requests.values()
    assert request_status_text(i18n, "CANCELLED", "auto_new_request") != requests[RequestStatus.CANCELLED]
    # Codes the bot does not know yet still read as words, never as the code.
    assert status_text(i18n, "suspended_by_magic") == unknown_status
    assert reason_text(i18n, "auto_magic") == unknown_reason


def test_pending_verification_says_what_happens_and_how_long() -> None:
    text = status_text(uk, "pending_verification")
    assert "реєстр перевіряє" in text and "30 днів" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_replaced_declaration_reads_when_and_why_it_ended(language: str) -> None:
    i18n = Locales().translator(language)
    replaced = DeclarationView.model_validate(
        {
            "id": "d1",
            "number": "0000-12H4-245D",
            "status": "terminated",
            "reason": "auto_new_declaration",
            "start_date": "2025-01-03",
            "end_date": "2026-12-23",
            "ended_on": "2026-03-12",
            "doctor": {"employee_id": "e1", "full_name": "Гайдай Ганна Адамівна", "first_name": "Ганна",
                       "last_name": "Гайдай", "speciality": "PEDIATRICIAN"},
            "division": {"id": "v1", "name": "Амбулаторія №1"},
            "legal_entity": {"id": "l1", "name": "ЦПМСД №1"},
        }
    )  # fmt: skip
    detail = declaration_text(i18n, replaced, title_key="decl-detail-title")
    line = declaration_line(i18n, 1, replaced)
    reason = i18n.get("decl-reason-auto-new-declaration")
    for shown in (detail, line):
        assert "12.03.2026" in shown and "23.12.2026" not in shown  # the day it ended, not the term it had
        assert i18n.get("decl-status-terminated-auto-new-declaration") in shown
        assert reason[1:] in shown
        assert "auto_new_declaration" not in shown and "terminated" not in shown
    assert i18n.get("decl-ended", ended=replaced.ended_on) in detail
    assert status_text(i18n, "terminated", "auto_new_declaration") != status_text(i18n, "terminated")
