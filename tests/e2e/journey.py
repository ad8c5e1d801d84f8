"""What both end-to-end journeys share: the patient, the texts they see, the web pages they sign on, and the
checks of what the registry sandbox ends up holding.

The texts come from the bot's locale files (tags stripped, as Telegram shows them), so a reworded text
changes the test's expectation with it, while a missing or wrong text still fails it.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from sqlalchemy import select

from cabinet.stack import Stack
from sandbox.registry.core.models import Declaration, Division, Employee, Party
from sandbox.registry.seed import TestPerson
from sandbox.telegram.client import TelegramSandboxClient
from tests.bot.harness import person, text
from tests.e2e.forms import submit

# An adult with confirmed data and no declaration: free to choose any family doctor or therapist.
PATIENT = person("adult_without_declaration")
PATIENT_PHONE = "+380671112233"
KYIV = (50.4501, 30.5234)  # the centre of Kyiv, as the web chat's city picker sends it
STARTUP_TIMEOUT_S = 60.0
PAGE_TIMEOUT_S = 15.0
# The bot shows distances as "<address> — 1,2 км" (Ukrainian decimal comma).
DISTANCE = re.compile(r" — (\d+(?:,\d+)?) км")
SIGNED_IN_PAGE_TITLE = "Готово! Поверніться в Telegram"
SIGNED_PAGE_TITLE = "Готово! Декларацію підписано"


@dataclass(frozen=True)
class Texts:
    """What the patient reads and taps, in Ukrainian."""

    welcome: str = text("welcome")
    agree: str = text("onboarding-consent-agree")
    share_phone: str = text("onboarding-phone-button")
    phone_saved: str = text("onboarding-phone-saved")
    sign_in_button: str = text("onboarding-sign-in-button")
    greeting: str = text("onboarding-greeting", first_name=PATIENT.first_name)
    menu_title: str = text("menu-title")
    find_doctor: str = text("menu-doctor-search")
    filters_title: str = text("search-filters-title")
    by_speciality: str = text("search-btn-by-speciality")
    speciality_question: str = text("search-speciality-question")
    why_not_pediatrician: str = text("search-spec-why-not-pediatrician")
    pediatrician: str = text("search-spec-pediatrician").capitalize()
    family_doctor: str = text("search-spec-family-doctor").capitalize()
    family_doctor_line: str = text("search-spec-family-doctor")
    everywhere: str = text("search-btn-everywhere")
    change_search: str = text("search-btn-change")
    near_me: str = text("search-btn-near")
    location_question: str = text("search-location-question")
    send_location: str = text("search-btn-send-location")
    location_received: str = text("search-location-received")
    submit: str = text("search-btn-submit")
    summary_title: str = text("submit-summary-title")
    confirm_submit: str = text("submit-btn-submit")
    request_created: str = text("submit-signing").splitlines()[0]
    sign: str = text("submit-btn-sign")
    check_status: str = text("submit-btn-check")
    my_declarations: str = text("submit-btn-my-declarations")
    status_active: str = text("decl-status-active")
    card_distance_label: str = text("search-card-distance", km=0).split(":")[0]
    my_prescriptions: str = text("menu-prescriptions")
    show_at_pharmacy: str = text("rx-btn-pharmacy")
    pharmacy_hint: str = text("rx-pharmacy-window").split(".")[0]
    medical_record: str = text("menu-medical-record")
    lab_results: str = text("mr-btn-lab-results")
    chart: str = text("lab-btn-chart")
    back_to_lab_list: str = text("lab-btn-back-list")
    back: str = text("btn-back")
    extract: str = text("mr-btn-extract")
    extract_in_ukrainian: str = text("extract-btn-uk")

    def result_active(self, doctor: str, number: str) -> str:
        return text("submit-result-active", doctor=doctor, number=number)

    def distance(self, km: float) -> str:
        return text("search-card-distance", km=km)


TEXTS = Texts()


# The stack ---------------------------------------------------------------------------------------------


async def wait_until_ready(stack: Stack) -> None:
    """The backend has loaded the doctor directory and the bot has connected to the emulator."""
    assert stack.telegram_url is not None
    async with asyncio.timeout(STARTUP_TIMEOUT_S):
        async with httpx.AsyncClient(base_url=stack.backend_url, trust_env=False) as backend:
            # /readyz has no long poll: ask again shortly until the background load finishes.
            while (state := (await backend.get("/readyz")).json().get("directory", {}).get("state")) != "ready":
                assert state != "failed", "the backend could not load the doctor directory from the registry"
                await asyncio.sleep(0.05)
        async with TelegramSandboxClient(stack.telegram_url) as telegram:
            cursor = (await telegram.events())["last_seq"]
            while not await telegram.bots():
                if stack.bot_task is not None and stack.bot_task.done():
                    stack.bot_task.result()  # the bot crashed at start: show why
                    raise AssertionError("the bot stopped before connecting to the emulator")
                cursor = (await telegram.events(cursor, timeout=1.0))["last_seq"]


# Web pages the patient opens from the chat ----------------------------------------------------------------


@asynccontextmanager
async def web_browser() -> AsyncIterator[httpx.AsyncClient]:
    """The patient's browser for the eHealth pages: follows redirects, keeps cookies, no proxies."""
    async with httpx.AsyncClient(timeout=PAGE_TIMEOUT_S, follow_redirects=True, trust_env=False) as browser:
        yield browser


async def sign_in_with_sandbox_key(stack: Stack, link: str, who: TestPerson) -> httpx.Response:
    """The sign-in button's link: backend → registry sign-in form (key + password) → backend callback."""
    async with web_browser() as browser:
        form_page = await browser.get(link)
        assert form_page.status_code == 200, form_page.text
        assert str(form_page.url).startswith(f"{stack.registry_url}/sign-in"), form_page.url
        assert [str(hop.url).split("?")[0] for hop in form_page.history] == [f"{stack.backend_url}/auth/start"]
        landed = await submit(browser, form_page, key_id=who.key_id, password=who.password)
        assert str(landed.url).startswith(f"{stack.backend_url}/auth/callback"), landed.url
        return landed


async def sign_on_backend_page(stack: Stack, link: str, who: TestPerson) -> httpx.Response:
    """The signing button's link: the backend's page with the sandbox signer form (key + password)."""
    assert link.startswith(f"{stack.backend_url}/sign/"), link
    async with web_browser() as browser:
        page = await browser.get(link)
        assert page.status_code == 200, page.text
        return await submit(browser, page, key_id=who.key_id, password=who.password)


# What the registry sandbox holds --------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistryDoctor:
    employee_id: str
    full_name: str
    speciality: str
    latitude: float
    longitude: float


async def issue_prescription(stack: Stack, person_id: str, medicine: str) -> dict[str, str]:
    """The person's doctor writes a prescription (the registry sandbox's demo control, as in `cabinet demo`):
    its number and medicine name as the registry gives them."""
    async with httpx.AsyncClient(base_url=stack.registry_url, timeout=PAGE_TIMEOUT_S, trust_env=False) as client:
        response = await client.post(f"/sandbox/persons/{person_id}/medication_requests", json={"medicine": medicine})
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    return {"number": data["request_number"], "medicine": data["medication_info"]["medication_name"]}


async def record_lab_result(stack: Stack, person_id: str, value: float) -> None:
    """The person's doctor records an HbA1c result (the registry sandbox's demo control, as in `cabinet demo`)."""
    async with httpx.AsyncClient(base_url=stack.registry_url, timeout=PAGE_TIMEOUT_S, trust_env=False) as client:
        response = await client.post(f"/sandbox/persons/{person_id}/observations", json={"value": value})
    assert response.status_code == 201, response.text


async def active_declarations(stack: Stack, person_id: str) -> list[Declaration]:
    async with stack.apps["registry"].state.sessionmaker() as session:
        found = await session.scalars(
            select(Declaration).where(Declaration.person_id == person_id, Declaration.status == "active")
        )
        return list(found)


async def registry_doctor(stack: Stack, employee_id: str) -> RegistryDoctor:
    async with stack.apps["registry"].state.sessionmaker() as session:
        employee, party, division = (
            await session.execute(
                select(Employee, Party, Division)
                .join(Party, Party.id == Employee.party_id)
                .join(Division, Division.id == Employee.division_id)
                .where(Employee.id == employee_id)
            )
        ).one()
    full_name = " ".join(part for part in (party.last_name, party.first_name, party.second_name) if part)
    return RegistryDoctor(employee.id, full_name, employee.speciality_officio, division.latitude, division.longitude)


# Reading the chat --------------------------------------------------------------------------------------------


def distances_in(results: str) -> list[float]:
    return [float(value.replace(",", ".")) for value in DISTANCE.findall(results)]


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) — computed here, not taken from the code under test."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))
