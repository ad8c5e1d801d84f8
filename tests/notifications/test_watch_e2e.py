"""Each notification end to end: the registry changes (a demo control) → a watcher round → the notifier → the
Telegram emulator → the message in the patient's chat, in Ukrainian and English, with buttons that work.

One stack for the module; each test signs in its own test person from a new Telegram user. Unsigned requests
live 2 hours in this registry, so a new one is already inside the 3-hour reminder window.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import select

from backend.models import PersonLink, WatchSchedule
from sandbox.registry.seeding.clients import ECABINET
from tests.notifications.harness import Cabinet, Patient, buttons, notification_stack, person, text

pytestmark = pytest.mark.asyncio(loop_scope="module")

REQUEST_TTL_HOURS = 2


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def cabinet(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Cabinet]:
    async with notification_stack(
        tmp_path_factory.mktemp("notify-e2e"), registry_overrides={"request_ttl_hours": REQUEST_TTL_HOURS}
    ) as running:
        yield running


async def current_declaration_id(cabinet: Cabinet, patient: Patient) -> str:
    declarations = await cabinet.backend.list_declarations(patient.user_id)
    assert declarations.current, "the patient has no current declaration"
    return declarations.current[0].id


async def no_push_after(cabinet: Cabinet, patient: Patient) -> None:
    """Nothing new in the chat: the outbox holds nothing unsent for the patient and no message came."""
    assert not [m for m in await cabinet.telegram.messages(patient.user_id) if m["message_id"] > patient.seen]


# Sign-in ----------------------------------------------------------------------------------------------------


async def test_sign_in_greets_by_name_and_opens_the_menu_below(cabinet: Cabinet) -> None:
    patient = await cabinet.sign_in(person("adult_with_accesses"))
    menu = await cabinet.next_push(patient)
    assert menu["text"] == text("menu-title")
    assert text("menu-declarations") in buttons(menu)
    # The greeting went out once, although the first watcher round followed it.
    await cabinet.tick()
    greetings = [
        m for m in await cabinet.telegram.messages(patient.user_id) if "Вітаємо, В’ячеслав" in m.get("text", "")
    ]
    assert len(greetings) == 1


async def test_a_teen_is_greeted_in_english_with_the_view_only_note(cabinet: Cabinet) -> None:
    patient = await cabinet.sign_in(person("teen_16_read_only"), "en")
    greeting = (await cabinet.telegram.messages(patient.user_id))[-2]
    assert text("onboarding-read-only", "en") in greeting["text"]
    menu = await cabinet.next_push(patient)
    assert menu["text"] == text("menu-title", "en")


# Declarations -----------------------------------------------------------------------------------------------


async def test_a_clinic_ending_the_declaration_is_told_with_the_reason_and_a_way_on(cabinet: Cabinet) -> None:
    patient = await cabinet.sign_in(person("adult_with_declaration"))
    await cabinet.next_push(patient)  # the menu
    report = await cabinet.tick()
    assert report.failed == 0
    # The first round only records what is there; a reminder due now comes with it, once: Олена's prescription
    # for metformin 1000 mg can be collected for two more days.
    reminder = await cabinet.next_push(patient)
    assert reminder["text"] == text(
        "ntf-rx-expiring",
        medicine="Метформін 1000 мг таблетки",
        valid_to=cabinet.services.clock.today() + timedelta(days=2),
    )
    assert reminder.get("has_protected_content") is True
    await cabinet.tick()
    await no_push_after(cabinet, patient)

    declaration_id = await current_declaration_id(cabinet, patient)
    await cabinet.control("POST", f"/declarations/{declaration_id}/terminate", {"reason": "auto_reorganization"})
    report = await cabinet.tick()
    assert report.queued >= 1
    push = await cabinet.next_push(patient)
    assert push["text"].startswith("Декларація з лікарем ")
    assert "більше не діє" in push["text"]
    assert text("ntf-reason", reason=text("decl-reason-auto-reorganization")) in push["text"]
    assert buttons(push) == [text("ntf-btn-find-doctor"), text("ntf-btn-declarations")]

    opened = await cabinet.press(patient, push, text("ntf-btn-find-doctor"))
    assert opened["text"].startswith(text("search-filters-title").split("\n")[0])
    # Nothing repeats on the next round.
    await cabinet.tick()
    assert (await cabinet.outbox_kinds(patient.user_id)).count("declaration.status_changed") == 1


async def test_signing_in_elsewhere_alerts_the_old_account(cabinet: Cabinet) -> None:
    who = person("adult_with_declaration")  # linked to an account by the test above
    async with cabinet.services.sessionmaker() as session:
        old_user_id = await session.scalar(
            select(PersonLink.telegram_user_id).where(PersonLink.person_id == who.person_id)
        )
    assert old_user_id is not None
    old = Patient(
        old_user_id, who, "uk", seen=max(m["message_id"] for m in await cabinet.telegram.messages(old_user_id))
    )

    await cabinet.sign_in(who)  # a new Telegram account
    alert = await cabinet.next_push(old)
    assert alert["text"] == text("ntf-relinked")
    assert buttons(alert) == [text("ntf-btn-sign-in")]
    back = await cabinet.press(old, alert, text("ntf-btn-sign-in"))
    assert back["text"].startswith(text("onboarding-sign-in").split("\n")[0])


async def test_a_verified_declaration_is_told_in_english_after_signing_on_our_page(cabinet: Cabinet) -> None:
    who = person("unverified_adult")
    patient = await cabinet.sign_in(who, "en")
    await cabinet.next_push(patient)  # the menu
    await cabinet.tick()

    employee_id, division_id = await cabinet.find_doctor(patient, "THERAPIST")
    created = await cabinet.backend.create_declaration_request(
        patient.user_id, employee_id=employee_id, division_id=division_id, client_key=uuid.uuid4().hex
    )
    assert created.signing_url and created.doctor
    doctor = created.doctor.full_name

    # Two hours to sign: inside the reminder window at once.
    await cabinet.tick()
    reminder = await cabinet.next_push(patient)
    assert reminder["text"].startswith(
        f"A reminder: your declaration request with {doctor} is waiting for your signature"
    )
    assert buttons(reminder) == [text("ntf-btn-sign", "en")]

    await cabinet.sign_on_page(created.signing_url, who)
    signed = await cabinet.next_push(patient)
    assert signed["text"] == text("ntf-signed", "en", with_doctor=text("ntf-with-doctor", "en", doctor=doctor))
    assert buttons(signed) == [text("ntf-btn-declarations", "en")]

    # The watcher sees the signed request and the new declaration under verification: both silent.
    await cabinet.tick()
    declaration_id = await current_declaration_id(cabinet, patient)
    await cabinet.control("POST", f"/declarations/{declaration_id}/verify")
    await cabinet.tick()
    push = await cabinet.next_push(patient)
    assert push["text"] == text(
        "ntf-declaration-active", "en", with_doctor=text("ntf-with-doctor", "en", doctor=doctor)
    )
    assert buttons(push) == [text("ntf-btn-declarations", "en")]
    kinds = await cabinet.outbox_kinds(patient.user_id)
    assert kinds.count("request.status_changed") == 0  # signed on our page: told once, by the page
    assert kinds.count("declaration.status_changed") == 1

    opened = await cabinet.press(patient, push, text("ntf-btn-declarations", "en"))
    assert doctor in opened["text"]


async def test_notifications_turned_off_are_not_sent(cabinet: Cabinet) -> None:
    who = person("unverified_adult")  # an active declaration since the test above
    async with cabinet.services.sessionmaker() as session:
        user_id = await session.scalar(select(PersonLink.telegram_user_id).where(PersonLink.person_id == who.person_id))
    assert user_id is not None
    patient = Patient(user_id, who, "en", seen=max(m["message_id"] for m in await cabinet.telegram.messages(user_id)))
    await cabinet.backend.update_settings(user_id, notifications={"declaration_status": False})
    before = await cabinet.outbox_kinds(user_id)

    declaration_id = await current_declaration_id(cabinet, patient)
    await cabinet.control("POST", f"/declarations/{declaration_id}/terminate", {"reason": "auto_reorganization"})
    report = await cabinet.tick()
    assert report.failed == 0 and report.polled >= 1
    assert await cabinet.outbox_kinds(user_id) == before
    # The change is remembered all the same: turning notifications back on does not replay it.
    await cabinet.backend.update_settings(user_id, notifications={"declaration_status": True})
    await cabinet.tick()
    assert await cabinet.outbox_kinds(user_id) == before
    await no_push_after(cabinet, patient)


# Security ---------------------------------------------------------------------------------------------------


async def test_a_new_access_is_a_security_alert_in_english(cabinet: Cabinet) -> None:
    who = person("adult_with_accesses")
    user_id = await cabinet.new_user(who.first_name, "en")
    patient = await cabinet.sign_in(who, "en", user_id=user_id)
    await cabinet.next_push(patient)  # the menu
    await cabinet.tick()  # Helsi and Health24 were there before: the baseline
    await no_push_after(cabinet, patient)

    await cabinet.control("POST", f"/persons/{who.person_id}/accesses", {"client_id": ECABINET.id})
    await cabinet.tick()
    alert = await cabinet.next_push(patient)
    assert alert["text"] == text("ntf-access-granted", "en", client=ECABINET.name)
    assert buttons(alert) == [text("ntf-btn-accesses", "en")]
    opened = await cabinet.press(patient, alert, text("ntf-btn-accesses", "en"))
    assert ECABINET.name in opened["text"]


async def test_a_refused_session_is_told_once_and_the_person_is_no_longer_polled(cabinet: Cabinet) -> None:
    who = person("teen_16_read_only")
    patient = await cabinet.sign_in(who, "en")
    await cabinet.next_push(patient)
    await cabinet.tick()
    # The registry no longer accepts what we hold (revoked elsewhere, expired): both tokens are refused.
    async with cabinet.services.sessionmaker() as session:
        link = await session.scalar(select(PersonLink).where(PersonLink.person_id == who.person_id))
        assert link is not None
        link.access_token_encrypted = cabinet.services.cipher.encrypt("not-a-token")
        link.refresh_token_encrypted = cabinet.services.cipher.encrypt("not-a-refresh-token")
        await session.commit()

    report = await cabinet.tick()
    assert report.sessions_expired == 1
    push = await cabinet.next_push(patient)
    assert push["text"] == text("ntf-session-expired", "en")
    assert buttons(push) == [text("ntf-btn-sign-in", "en")]
    # No tight loop: the link is gone, so is the schedule, and later rounds leave the person alone.
    async with cabinet.services.sessionmaker() as session:
        assert await session.get(WatchSchedule, who.person_id) is None
    again = await cabinet.tick()
    assert again.sessions_expired == 0 and again.failed == 0
    assert (await cabinet.outbox_kinds(patient.user_id)).count("security.session_expired") == 1


async def test_blocking_the_bot_marks_the_chat_unreachable(cabinet: Cabinet) -> None:
    user_id = await cabinet.new_user("Ганна")
    await cabinet.telegram.block(user_id)
    # The bot learns it from a `my_chat_member` update and tells the backend; nothing to wait on but the flag.
    async with asyncio.timeout(10):
        while not (await cabinet.backend.get_account(user_id)).unreachable:  # noqa: ASYNC110
            await asyncio.sleep(0.05)


# Reminders --------------------------------------------------------------------------------------------------


async def test_a_pediatrician_declaration_ending_at_18_is_reminded_once(cabinet: Cabinet) -> None:
    patient = await cabinet.sign_in(person("teen_17_capable"))
    await cabinet.next_push(patient)  # the menu
    await cabinet.tick()
    reminder = await cabinet.next_push(patient)
    assert reminder["text"].startswith("Ваша декларація з педіатром ")
    assert "напередодні вашого 18-річчя" in reminder["text"]
    assert buttons(reminder) == [text("ntf-btn-find-doctor")]
    await cabinet.tick()
    assert (await cabinet.outbox_kinds(patient.user_id)).count("reminder") == 1


# Prescriptions ----------------------------------------------------------------------------------------------


async def linked_patient(cabinet: Cabinet, slug: str, language: str = "uk") -> Patient:
    """The Telegram user an earlier test linked this person to, with everything in their chat already seen."""
    who = person(slug)
    async with cabinet.services.sessionmaker() as session:
        user_id = await session.scalar(select(PersonLink.telegram_user_id).where(PersonLink.person_id == who.person_id))
    assert user_id is not None
    seen = max(m["message_id"] for m in await cabinet.telegram.messages(user_id))
    return Patient(user_id, who, language, seen=seen)


async def issue(cabinet: Cabinet, patient: Patient, **body: object) -> dict[str, Any]:
    return await cabinet.control("POST", f"/persons/{patient.person.person_id}/medication_requests", body)


async def test_a_prescription_is_told_when_issued_dispensed_in_part_and_in_full(cabinet: Cabinet) -> None:
    patient = await linked_patient(cabinet, "teen_17_capable")  # her pediatrician prescribes (test above)
    prescription = await issue(cabinet, patient, medicine="metformin-500", medication_qty=60)
    medicine = prescription["medication_info"]["medication_name"]
    valid_to = date.fromisoformat(prescription["dispense_valid_to"])

    assert (await cabinet.tick()).queued == 1
    issued = await cabinet.next_push(patient)
    assert issued["text"] == text("ntf-rx-issued", medicine=medicine, valid_to=valid_to)
    assert issued.get("has_protected_content") is True
    assert buttons(issued) == [text("ntf-btn-prescriptions")]
    section = await cabinet.press(patient, issued, text("ntf-btn-prescriptions"))
    assert section["text"].startswith(text("rx-active-title", page=1, pages=1))
    assert medicine in section["text"]

    await cabinet.control("POST", f"/medication_requests/{prescription['id']}/dispense", {"medication_qty": 20})
    await cabinet.tick()
    partly = await cabinet.next_push(patient)
    assert partly["text"] == text("ntf-rx-dispensed-partly", medicine=medicine, valid_to=valid_to)
    assert partly.get("has_protected_content") is True

    await cabinet.control("POST", f"/medication_requests/{prescription['id']}/dispense", {})  # all that is left
    await cabinet.tick()
    fully = await cabinet.next_push(patient)
    assert fully["text"] == text("ntf-rx-dispensed-fully", medicine=medicine)
    assert fully.get("has_protected_content") is True

    await cabinet.tick()  # exactly once each
    await no_push_after(cabinet, patient)
    kinds = [k for k in await cabinet.outbox_kinds(patient.user_id) if k.startswith("prescription.")]
    assert kinds == ["prescription.issued", "prescription.dispensed", "prescription.dispensed"]


async def test_a_rejected_prescription_is_told_with_its_reason_and_an_expired_one_is_not(cabinet: Cabinet) -> None:
    patient = await linked_patient(cabinet, "teen_17_capable")
    rejected = await issue(cabinet, patient, medicine="metformin-500")
    lapsing = await issue(cabinet, patient, medicine="metformin-500")
    await cabinet.tick()
    await cabinet.next_push(patient)  # issued
    await cabinet.next_push(patient)  # issued

    await cabinet.control(
        "POST", f"/medication_requests/{rejected['id']}/reject", {"reject_reason_code": "PATIENT_REJECT"}
    )
    await cabinet.control("POST", f"/medication_requests/{lapsing['id']}/expire")
    await cabinet.tick()
    told = await cabinet.next_push(patient)
    medicine = rejected["medication_info"]["medication_name"]
    assert told["text"] == "\n\n".join(
        [
            text("ntf-rx-rejected", medicine=medicine),
            text("ntf-reason", reason=text("ntf-rx-reject-patient-reject")),
            text("ntf-rx-rejected-ask"),
        ]
    )
    assert told.get("has_protected_content") is True
    await cabinet.tick()
    await no_push_after(cabinet, patient)  # the expired one: recorded silently (its reminder would have come)
    kinds = await cabinet.outbox_kinds(patient.user_id)
    assert kinds.count("prescription.rejected") == 1 and "prescription.expiring" not in kinds


async def test_a_prescription_near_its_end_is_told_once_when_issued(cabinet: Cabinet) -> None:
    patient = await linked_patient(cabinet, "teen_17_capable")
    short = await issue(cabinet, patient, medicine="metformin-500", valid_days=2)
    await cabinet.tick()
    issued = await cabinet.next_push(patient)
    assert issued["text"] == text(
        "ntf-rx-issued",
        medicine=short["medication_info"]["medication_name"],
        valid_to=date.fromisoformat(short["dispense_valid_to"]),
    )
    await cabinet.tick()
    await no_push_after(cabinet, patient)  # no separate reminder: the text above says until when


async def test_prescription_notices_turned_off_are_not_sent(cabinet: Cabinet) -> None:
    patient = await linked_patient(cabinet, "teen_17_capable")
    await cabinet.backend.update_settings(patient.user_id, notifications={"prescriptions": False})
    before = await cabinet.outbox_kinds(patient.user_id)
    await issue(cabinet, patient, medicine="metformin-500", valid_days=2)
    report = await cabinet.tick()
    assert report.failed == 0 and report.polled >= 1
    assert await cabinet.outbox_kinds(patient.user_id) == before
    await cabinet.backend.update_settings(patient.user_id, notifications={"prescriptions": True})
    await cabinet.tick()  # recorded all the same: turning them back on replays nothing
    assert await cabinet.outbox_kinds(patient.user_id) == before
    await no_push_after(cabinet, patient)


async def test_an_unsigned_request_is_reminded_then_told_when_it_expires(cabinet: Cabinet) -> None:
    who = person("adult_without_declaration")
    patient = await cabinet.sign_in(who)
    await cabinet.next_push(patient)
    await cabinet.tick()
    employee_id, division_id = await cabinet.find_doctor(patient, "FAMILY_DOCTOR")
    created = await cabinet.backend.create_declaration_request(
        patient.user_id, employee_id=employee_id, division_id=division_id, client_key=uuid.uuid4().hex
    )
    assert created.doctor
    doctor = created.doctor.full_name

    await cabinet.tick()
    reminder = await cabinet.next_push(patient)
    assert reminder["text"].startswith(f"Нагадуємо: запит на декларацію з лікарем {doctor} чекає вашого підпису до ")
    opened = await cabinet.press(patient, reminder, text("ntf-btn-sign"))
    assert opened["text"].startswith(text("decl-requests-title"))

    # The registry's clock passes the deadline (this moves time for everyone: the module's last test).
    await cabinet.control("POST", "/clock/advance", {"seconds": REQUEST_TTL_HOURS * 3600 + 60})
    await cabinet.tick()
    expired = await cabinet.next_push(patient, lambda m: "минув" in m.get("text", ""))
    assert expired["text"].startswith(f"Час на підписання запиту на декларацію з лікарем {doctor} минув")
    assert buttons(expired) == [text("ntf-btn-find-doctor")]
