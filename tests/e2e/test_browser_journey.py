"""The same patient journey in headless Chromium, clicking the emulator's web chat as a person would: create
the test user, start the bot, share the phone from the keyboard, sign in on the eHealth page in a new tab,
search by location with the page's city picker, submit, sign on the backend's page, and read the result; then
the new doctor writes a prescription, and the patient opens it and shows it at a pharmacy (a QR picture);
the doctor records two lab results, and the patient opens the medical card, the result's chart (a picture) and
downloads the extract (a PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cabinet.stack import Stack
from tests.e2e.journey import (
    PATIENT,
    PATIENT_PHONE,
    SIGNED_IN_PAGE_TITLE,
    SIGNED_PAGE_TITLE,
    TEXTS,
    active_declarations,
    issue_prescription,
    record_lab_result,
)

if TYPE_CHECKING:
    from playwright.async_api import Browser

pytestmark = pytest.mark.browser

# The registry sandbox's sign-in page and the backend's signing page label their fields like this.
SIGN_IN_KEY_LABEL, SIGN_IN_PASSWORD_LABEL = "Ваш ключ електронного підпису", "Пароль ключа"
SIGNING_KEY_LABEL, SIGNING_PASSWORD_LABEL = "Ваш ключ", "Пароль до ключа"


def _short(full_name: str) -> str:
    """ "Шевчук Андрій Іванович" → "Шевчук А. І.", as the list of doctors names them."""
    last_name, *given = full_name.split()
    return " ".join([last_name, *(f"{name[0]}." for name in given)])


async def test_a_patient_clicks_through_the_web_chat(chromium: Browser, e2e_stack: Stack, tmp_path: Path) -> None:
    # `chromium` comes first: without a browser the test skips before the stack starts.
    from playwright.async_api import expect

    from tests.e2e.web_chat import STEP_TIMEOUT_MS, WebChat, sign_with_sandbox_key

    assert e2e_stack.web_chat_url is not None
    context = await chromium.new_context(locale="uk-UA", viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await page.goto(e2e_stack.web_chat_url)
    chat = WebChat(page)

    # Onboarding: a new test user, the start button, consent, the phone from the keyboard.
    await chat.create_user(PATIENT.first_name, PATIENT.last_name, PATIENT_PHONE)
    await page.get_by_test_id("start-button").click()
    await chat.sees(TEXTS.welcome.splitlines()[0])
    await chat.tap(TEXTS.agree)
    await chat.tap_reply(TEXTS.share_phone)
    await chat.sees(TEXTS.phone_saved)

    # Sign in on the registry's page in a new tab, then come back to the chat.
    sign_in = await chat.open_link(TEXTS.sign_in_button)
    assert sign_in.url.startswith(f"{e2e_stack.registry_url}/sign-in?"), sign_in.url
    await sign_with_sandbox_key(sign_in, PATIENT, key_label=SIGN_IN_KEY_LABEL, password_label=SIGN_IN_PASSWORD_LABEL)
    await expect(sign_in.get_by_role("heading", level=1)).to_have_text(SIGNED_IN_PAGE_TITLE, timeout=STEP_TIMEOUT_MS)
    await sign_in.close()
    await page.bring_to_front()
    # The greeting arrives by itself, as the page promised: the patient taps nothing.
    await chat.sees(TEXTS.greeting)
    await chat.sees(TEXTS.menu_title)

    # A pediatrician is not offered to an adult, and the chat says why.
    await chat.tap(TEXTS.find_doctor)
    await chat.tap(TEXTS.by_speciality)
    question = await chat.sees(TEXTS.why_not_pediatrician)
    await expect(chat.buttons_of(question, TEXTS.family_doctor)).to_have_count(1)
    await expect(chat.buttons_of(question, TEXTS.pediatrician)).to_have_count(0)

    # The nearest family doctors to the centre of Kyiv, sent with the page's city picker.
    await chat.tap(TEXTS.family_doctor)
    await chat.tap(TEXTS.everywhere)
    await chat.tap(TEXTS.change_search)
    await chat.tap(TEXTS.near_me)
    await chat.tap_reply(TEXTS.send_location)
    await chat.pick_city("Київ")
    await chat.sees(TEXTS.location_received)
    nearest = chat.numbered_doctor(1)
    first_name_shown = await nearest.inner_text()
    await nearest.click()
    card = await chat.sees(TEXTS.card_distance_label)
    doctor_name = (await card.get_by_test_id("message-text").inner_text()).splitlines()[0]
    assert first_name_shown == f"1. {_short(doctor_name)}"

    # Submit, and sign on the backend's page in a new tab.
    await chat.tap(TEXTS.submit)
    await chat.sees(TEXTS.summary_title)
    await chat.tap(TEXTS.confirm_submit)
    await chat.sees(TEXTS.request_created)
    signing = await chat.open_link(TEXTS.sign)
    assert signing.url.startswith(f"{e2e_stack.backend_url}/sign/"), signing.url
    await sign_with_sandbox_key(signing, PATIENT, key_label=SIGNING_KEY_LABEL, password_label=SIGNING_PASSWORD_LABEL)
    await expect(signing.get_by_role("heading", level=1)).to_have_text(SIGNED_PAGE_TITLE, timeout=STEP_TIMEOUT_MS)
    await signing.close()
    await page.bring_to_front()

    # Back in the chat: the declaration is in force, with the number the registry gave it.
    [declaration] = await active_declarations(e2e_stack, PATIENT.person_id)
    await chat.tap(TEXTS.check_status)
    confirmation = await chat.sees(TEXTS.result_active(doctor_name, declaration.declaration_number).splitlines()[0])
    await expect(confirmation).to_contain_text(declaration.declaration_number)
    await expect(confirmation).to_contain_text(doctor_name)

    # The new doctor writes a prescription; the patient opens it from the menu and shows it at a pharmacy.
    issued = await issue_prescription(e2e_stack, PATIENT.person_id, "metformin-500")
    await chat.send("/menu")
    await chat.tap(TEXTS.my_prescriptions)
    await chat.sees(issued["medicine"])
    await chat.inline_button(f"1. {issued['medicine'][:10]}").click()
    await chat.sees(issued["number"])
    await chat.tap(TEXTS.show_at_pharmacy)
    photo = await chat.sees_photo()
    assert await photo.evaluate("image => image.naturalWidth") > 0  # a picture the browser could decode
    caption = chat.page.get_by_test_id("message-bubble").filter(has=photo)
    await expect(caption).to_contain_text(issued["number"])
    await chat.sees(TEXTS.pharmacy_hint)

    # The doctor records two HbA1c results; the patient opens the medical card, the result and its chart.
    for value in (7.4, 6.8):
        await record_lab_result(e2e_stack, PATIENT.person_id, value)
    await chat.send("/menu")
    await chat.tap(TEXTS.medical_record)
    await chat.sees("Глікований гемоглобін (HbA1c)")
    await chat.tap(TEXTS.lab_results)
    await chat.numbered_button(1).click()
    await chat.tap(TEXTS.chart)
    chart = await chat.sees_photo()
    assert await chart.evaluate("image => image.naturalWidth") > 0  # a picture the browser could decode
    await chat.tap(TEXTS.back_to_lab_list)
    await chat.tap(TEXTS.back)

    # The extract: a protected PDF the browser can download, in Ukrainian, with the patient's name.
    await chat.tap(TEXTS.extract)
    await chat.tap(TEXTS.extract_in_ukrainian)
    document = await chat.sees_document()
    pdf = await page.request.get(await document.evaluate("link => link.href"))
    assert pdf.ok and (await pdf.body()).startswith(b"%PDF")
    await page.screenshot(path=tmp_path / "final-chat.png")
    await context.close()
