"""What a patient sees when something fails: stale buttons, the backend down, a lost session, floods."""

from __future__ import annotations

from uuid import uuid4

import pytest

from backend.registry.budget import BudgetShape, Lane, LocalCallBudget
from backend.registry.budgeted import BudgetedRegistry
from bot.storage import create_redis_storage
from sandbox.telegram.ratelimit import TokenBucket
from tests.backend.registry.test_call_budget import FakeTime
from tests.bot.harness import TEXTS_UK, Patient, Stack, person, text

pytestmark = pytest.mark.asyncio(loop_scope="module")

CLOSED_PORT_URL = "http://127.0.0.1:9"  # discard port: nothing listens, connections are refused


async def test_stale_button_after_a_restart_reopens_the_menu(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_with_declaration"))
    menu = patient.last_message()

    await stack.restart_bot()  # memory storage: every open dialog is forgotten
    seen = await patient.press_on(menu["message_id"], text("menu-settings"))

    assert text("notice-stale") in seen.text
    assert text("menu-title") in patient.last_message()["text"]
    assert text("menu-profile") in patient.buttons()
    assert text("error-generic") not in seen.text


async def test_stale_onboarding_button_returns_to_the_right_step(stack: Stack, patient: Patient) -> None:
    await patient.onboard()
    sign_in = patient.last_message()

    await stack.restart_bot()
    seen = await patient.press_on(sign_in["message_id"], TEXTS_UK["signed_in"])

    assert text("onboarding-sign-in") in seen.text
    assert patient.has_button(TEXTS_UK["sign_in_button"])


async def test_backend_down_gets_a_polite_message_and_the_dialog_stays(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_without_declaration"))
    await patient.press(text("menu-settings"))

    await stack.restart_bot(keep_state=True, backend_url=CLOSED_PORT_URL)
    try:
        seen = await patient.press(text("settings-notifications"))
        assert text("error-backend-unavailable") in seen.text
        assert "{" not in seen.text and "Traceback" not in seen.text
    finally:
        await stack.restart_bot(keep_state=True)

    again = await patient.press(text("settings-notifications"))  # the same screen, now working
    assert text("settings-notifications-question") in again.text


async def test_a_screen_that_cannot_load_says_why_and_offers_a_retry(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_with_declaration"))

    await stack.restart_bot(keep_state=True, backend_url=CLOSED_PORT_URL)
    try:
        seen = await patient.press(text("menu-profile"))
        assert text("error-backend-unavailable") in seen.text
        assert patient.buttons() == [text("btn-retry"), text("btn-menu")]
    finally:
        await stack.restart_bot(keep_state=True)

    again = await patient.press(text("btn-retry"))
    assert "РНОКПП" in again.text
    assert text("profile-edit") in patient.buttons()


async def test_a_spent_registry_budget_says_in_how_many_minutes_and_keeps_what_was_entered(
    stack: Stack, patient: Patient
) -> None:
    andrii = person("adult_without_declaration")
    await patient.sign_in(andrii)
    await patient.press(text("menu-profile"))
    await patient.press(text("profile-edit"))
    await patient.press(text("profile-field-email"))
    await patient.send("Andrii.Shevchuk@Ukr.net")
    assert patient.has_button(text("profile-submit"))

    # The client's budget spent by other patients: a bucket of 10, one call back every 150 s.
    registry = stack.backend_app.state.services.registry
    assert isinstance(registry, BudgetedRegistry)
    clock = FakeTime()
    spent = LocalCallBudget(BudgetShape(20, 1500, burst_share=0.5), clock=clock)
    while await spent.try_take(Lane.PATIENT):
        pass
    usual, registry.budget = registry.budget, spent
    try:
        refused = await patient.press(text("profile-submit"))
        assert "за 3 хвилини" in refused.text  # 150 s: Retry-After rounded up to whole minutes
        assert text("error-registry-unavailable-rate-limited", minutes=3) in refused.text
        assert patient.has_button(text("profile-submit"))  # the same confirmation, the draft with it

        clock.now += 1500  # the window passed: the bucket is full again
        seen = await patient.press(text("profile-submit"))
    finally:
        registry.budget = usual

    assert text("profile-signing-hint") in seen.text
    assert text("error-generic") not in seen.text


async def test_a_session_that_ended_asks_to_sign_in_again(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("unverified_adult"))
    assert stack.run is not None
    await stack.run.backend.sign_out(patient.id)  # e.g. signed out from another device

    seen = await patient.press(text("menu-profile"))

    assert text("error-not-linked") in seen.text
    assert patient.has_button(TEXTS_UK["sign_in_button"])


async def test_unexpected_backend_answers_get_the_generic_message(stack: Stack, patient: Patient) -> None:
    await patient.send("/start")

    # A service that is not our backend: answers that fit no contract.
    await stack.restart_bot(keep_state=True, backend_url=stack.registry_url)
    try:
        seen = await patient.press(text("onboarding-consent-agree"))
    finally:
        await stack.restart_bot(keep_state=True)

    assert text("error-generic") in seen.text


async def test_flooding_is_throttled_with_one_gentle_notice(stack: Stack, patient: Patient) -> None:
    slow = stack.settings.model_copy(update={"throttle_rate": 0.05, "throttle_burst": 2})
    await stack.restart_bot(settings=slow)
    try:
        answers = [await patient.send("/help") for _ in range(5)]
    finally:
        await stack.restart_bot()

    assert [text("throttled") in seen.text for seen in answers] == [False, False, True, False, False]
    assert sum(bool(seen.messages) for seen in answers) == 3


@pytest.mark.redis
async def test_with_redis_another_worker_continues_the_dialog(stack: Stack, patient: Patient, redis_url: str) -> None:
    prefix = f"test-bot-{uuid4().hex}"
    first_storage, first_isolation = create_redis_storage(redis_url, prefix=prefix)
    await stack.stop_bot()
    await stack.start_bot(storage=first_storage, events_isolation=first_isolation)
    second_storage, second_isolation = create_redis_storage(redis_url, prefix=prefix)
    try:
        await patient.sign_in(person("adult_with_declaration"))
        menu = patient.last_message()

        await stack.stop_bot()  # another worker, another connection: only Redis is shared
        await stack.start_bot(storage=second_storage, events_isolation=second_isolation)
        seen = await patient.press_on(menu["message_id"], text("menu-settings"))

        assert text("notice-stale") not in seen.text
        assert text("settings-language") in patient.buttons()
    finally:
        await stack.stop_bot()
        redis = second_storage.redis  # type: ignore[attr-defined]
        keys = [key async for key in redis.scan_iter(f"{prefix}:*")]
        if keys:
            await redis.delete(*keys)
        for storage, isolation in ((first_storage, first_isolation), (second_storage, second_isolation)):
            await isolation.close()
            await storage.close()
        await stack.start_bot()


async def test_an_answer_refused_by_flood_control_is_sent_after_the_wait(patient: Patient) -> None:
    await patient.send("/start")
    # Telegram's pace in one chat, about a message a second, without the burst the tests' emulator allows.
    patient.chat.bucket = TokenBucket(rate_per_s=1.0, capacity=1)
    await patient.send("/help")  # its answer takes the chat's one message

    seen = await patient.send("/help")  # its answer is refused (429, retry after 1 s), then sent again

    assert [message["text"] for message in seen.messages] == [text("help")]
    assert text("error-generic") not in patient.all_text()
