"""The whole patient journey through the Telegram emulator, with the real bot, backend and registry sandbox:
sign in with the sandbox e-signature, be refused a pediatrician as an adult, find the nearest family doctor
by location, submit and sign the declaration, see it active, and get the status push."""

from __future__ import annotations

import re

from cabinet.stack import Stack
from sandbox.telegram.client import Message, TelegramSandboxClient
from tests.bot.harness import text
from tests.e2e.chat import Chat, button_texts, showing, url_of
from tests.e2e.journey import (
    KYIV,
    PATIENT,
    PATIENT_PHONE,
    SIGNED_IN_PAGE_TITLE,
    SIGNED_PAGE_TITLE,
    TEXTS,
    active_declarations,
    distances_in,
    km_between,
    registry_doctor,
    sign_in_with_sandbox_key,
    sign_on_backend_page,
)

PUSH_TIMEOUT_S = 10.0
# The card rounds to 0.1 km, and the bot keeps the shared location only to about 100 m (on purpose).
DISTANCE_TOLERANCE_KM = 0.05 + 0.1
# What a status push after signing opens with (the notifier's texts), cut before the doctor's name.
PUSH_KEYS = ("ntf-signed", "ntf-request-signed", "ntf-declaration-active")


async def test_sign_in_find_a_family_doctor_nearby_and_sign_the_declaration(e2e_stack: Stack) -> None:
    stack = e2e_stack
    assert stack.telegram_url is not None
    async with TelegramSandboxClient(stack.telegram_url) as telegram:
        user = await telegram.create_user(PATIENT.first_name, last_name=PATIENT.last_name, phone_number=PATIENT_PHONE)
        chat = Chat(telegram, user["id"])

        await _sign_in(stack, chat)
        doctor_name, card_distance = await _find_the_nearest_family_doctor(chat)
        signing = await _submit(chat, doctor_name)

        cursor_at_signing = await chat.cursor()
        page = await sign_on_backend_page(stack, url_of(signing, TEXTS.sign), PATIENT)
        assert page.status_code == 200, page.text
        assert SIGNED_PAGE_TITLE in page.text

        # The registry holds one active declaration, with the doctor the patient chose, as far as the card said.
        [declaration] = await active_declarations(stack, PATIENT.person_id)
        doctor = await registry_doctor(stack, declaration.employee_id)
        assert (doctor.full_name, doctor.speciality) == (doctor_name, "FAMILY_DOCTOR")
        assert abs(km_between(KYIV, (doctor.latitude, doctor.longitude)) - card_distance) <= DISTANCE_TOLERANCE_KM

        status = await chat.press(TEXTS.check_status, TEXTS.result_active(doctor_name, declaration.declaration_number))
        assert TEXTS.my_declarations in button_texts(status)
        mine = await chat.press(TEXTS.my_declarations, showing(doctor_name, TEXTS.status_active))
        assert declaration.declaration_number in mine["text"]

        await _expect_status_push(chat, cursor_at_signing, doctor_name)


async def _sign_in(stack: Stack, chat: Chat) -> None:
    welcome = await chat.send("/start", TEXTS.welcome)
    assert TEXTS.agree in button_texts(welcome)

    await chat.press(TEXTS.agree, text("onboarding-phone"))
    assert await chat.reply_keyboard() == [TEXTS.share_phone]

    asked = await chat.press_reply(TEXTS.share_phone, text("onboarding-sign-in"))
    assert TEXTS.phone_saved in "\n".join(await chat.bot_texts())
    assert await chat.reply_keyboard() == []  # the phone button is gone once the phone is saved

    cursor_at_sign_in = await chat.cursor()
    landed = await sign_in_with_sandbox_key(stack, url_of(asked, TEXTS.sign_in_button), PATIENT)
    assert landed.status_code == 200, landed.text
    assert SIGNED_IN_PAGE_TITLE in landed.text

    # Back in Telegram: the page said the bot has written, so the greeting and the menu come by themselves,
    # without the patient tapping "I have signed in".
    await chat.bot_message_after(cursor_at_sign_in, showing(TEXTS.greeting))
    menu = await chat.bot_message_after(cursor_at_sign_in, showing(TEXTS.menu_title))
    assert TEXTS.find_doctor in button_texts(menu)


async def _find_the_nearest_family_doctor(chat: Chat) -> tuple[str, float]:
    """Ask for a pediatrician (refused: the patient is an adult), then the nearest family doctor to Kyiv's centre."""
    await chat.press(TEXTS.find_doctor, TEXTS.filters_title)
    question = await chat.press(TEXTS.by_speciality, TEXTS.speciality_question)
    offered = button_texts(question)
    assert TEXTS.pediatrician not in offered
    assert TEXTS.family_doctor in offered
    assert TEXTS.why_not_pediatrician in question["text"]

    await chat.press(TEXTS.family_doctor, lambda shown: TEXTS.everywhere in button_texts(shown))  # asked where
    family = await chat.press(TEXTS.everywhere, _listing_doctors)
    assert all(f"\n{TEXTS.family_doctor_line}, " in block for block in _hit_blocks(family["text"]))
    await chat.press(TEXTS.change_search, TEXTS.filters_title)
    await chat.press(TEXTS.near_me, TEXTS.location_question)
    assert TEXTS.send_location in await chat.reply_keyboard()

    nearest = await chat.press_reply(TEXTS.send_location, _listing_doctors_with_distances, location=KYIV)
    assert TEXTS.location_received in "\n".join(await chat.bot_texts())
    assert await chat.reply_keyboard() == []  # the location button is gone from under the input field
    blocks = _hit_blocks(nearest["text"])
    distances = distances_in(nearest["text"])
    assert len(distances) == len(blocks) > 0
    assert distances == sorted(distances), "the nearest doctors come first"
    assert all(f"\n{TEXTS.family_doctor_line}, " in block for block in blocks)

    first = button_texts(nearest)[0]
    assert first.startswith("1. ")
    card = await chat.press(first, lambda message: TEXTS.submit in button_texts(message))
    doctor_name = card["text"].splitlines()[0]
    assert blocks[0].startswith(f"1. {doctor_name}\n")
    assert TEXTS.distance(distances[0]) in card["text"]
    return doctor_name, distances[0]


async def _submit(chat: Chat, doctor_name: str) -> Message:
    summary = await chat.press(TEXTS.submit, showing(text("submit-summary-title"), doctor_name))
    assert TEXTS.confirm_submit in button_texts(summary)
    assert "Зверніть увагу" not in summary["text"]  # nothing to replace: the patient has no doctor yet
    signing = await chat.press(TEXTS.confirm_submit, TEXTS.request_created)
    assert {TEXTS.sign, TEXTS.check_status} <= set(button_texts(signing))
    not_yet = await chat.press(TEXTS.check_status, text("submit-not-signed-yet"))
    assert TEXTS.sign in button_texts(not_yet)
    return not_yet


def _hit_blocks(results: str) -> list[str]:
    """One block per doctor in a list of results: "1. Name\nspeciality, clinic\naddress"."""
    return [block for block in results.split("\n\n") if re.match(r"\d+\. ", block)]


def _listing_doctors(message: Message) -> bool:
    return bool(_hit_blocks(message.get("text", "")))


def _listing_doctors_with_distances(message: Message) -> bool:
    return _listing_doctors(message) and bool(distances_in(message["text"]))


async def _expect_status_push(chat: Chat, cursor: int, doctor_name: str) -> None:
    """The bot tells the patient about the signed declaration by itself, without being asked."""
    openings = [text(key, with_doctor="\x00").split("\x00")[0] for key in PUSH_KEYS]

    def is_push(message: Message) -> bool:
        return doctor_name in message["text"] and any(message["text"].startswith(opening) for opening in openings)

    push = await chat.bot_message_after(cursor, is_push, within_s=PUSH_TIMEOUT_S)
    assert text("ntf-btn-declarations") in button_texts(push)
