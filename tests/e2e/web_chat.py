"""The Telegram emulator's web chat page as a person uses it, through Playwright (headless Debian Chromium).

Every step waits through Playwright's auto-waiting locators and `expect`: a click waits for the button to be
there and enabled, a check waits for the bot's bubble to show the text. Nothing sleeps.
"""

from __future__ import annotations

import re

from playwright.async_api import Locator, Page, expect

from sandbox.registry.seed import TestPerson

STEP_TIMEOUT_MS = 15_000
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


class WebChat:
    def __init__(self, page: Page) -> None:
        self.page = page
        page.set_default_timeout(STEP_TIMEOUT_MS)

    # The sidebar ---------------------------------------------------------------------------------------

    async def create_user(self, first_name: str, last_name: str, phone: str) -> None:
        await self.page.get_by_test_id("new-user-first-name").fill(first_name)
        await self.page.get_by_test_id("new-user-last-name").fill(last_name)
        await self.page.get_by_test_id("new-user-phone").fill(phone)
        await self.page.get_by_test_id("create-user").click()
        chosen = self.page.get_by_test_id("user-item").filter(has_text=f"{first_name} {last_name}")
        await expect(chosen).to_have_class("user user--active", timeout=STEP_TIMEOUT_MS)

    # The chat ------------------------------------------------------------------------------------------

    def bot_bubbles(self) -> Locator:
        return self.page.locator('[data-testid="message-bubble"][data-direction="bot"]')

    def bot_bubble_with(self, fragment: str) -> Locator:
        """The newest bot message showing this text (a message the bot edits counts once it shows it)."""
        return self.bot_bubbles().filter(has_text=fragment).last

    async def sees(self, fragment: str) -> Locator:
        bubble = self.bot_bubble_with(fragment)
        await expect(bubble).to_be_visible(timeout=STEP_TIMEOUT_MS)
        return bubble

    def inline_button(self, text: str, *, link: bool = False) -> Locator:
        # The page marks link buttons with an arrow, as Telegram does.
        label = f"{text} ↗" if link else text
        return self.page.get_by_test_id("inline-button").filter(has_text=label).last

    def buttons_of(self, bubble: Locator, text: str) -> Locator:
        return bubble.get_by_test_id("inline-button").filter(has_text=text)

    def numbered_doctor(self, position: int) -> Locator:
        """The button of the n-th doctor in the newest list of results ("1. Шевчук А. І.")."""
        return self.numbered_button(position)

    def numbered_button(self, position: int) -> Locator:
        """The n-th item's button in the newest numbered list ("1. Шевчук А. І.", "1. Глікований гемоглобін")."""
        return self.page.get_by_test_id("inline-button").filter(has_text=re.compile(rf"^{position}\. ")).last

    async def sees_document(self) -> Locator:
        """The newest file the bot sent (a link to it, as the web chat shows a document)."""
        document = self.page.get_by_test_id("message-document").last
        await expect(document).to_be_visible(timeout=STEP_TIMEOUT_MS)
        return document

    async def send(self, text: str) -> None:
        """Type a message (a command) and send it, as from the chat's input line."""
        await self.page.get_by_test_id("text-input").fill(text)
        await self.page.get_by_test_id("send-button").click()

    async def sees_photo(self) -> Locator:
        """The newest photo the bot sent, once the browser has loaded and decoded the picture."""
        photo = self.page.get_by_test_id("message-photo").last
        await expect(photo).to_be_visible(timeout=STEP_TIMEOUT_MS)
        await expect(photo).to_have_js_property("complete", True, timeout=STEP_TIMEOUT_MS)
        return photo

    async def tap(self, text: str) -> None:
        await self.inline_button(text).click()

    async def tap_reply(self, text: str) -> None:
        await self.page.get_by_test_id("reply-button").filter(has_text=text).click()

    async def pick_city(self, name: str) -> None:
        picker = self.page.get_by_test_id("location-picker")
        await expect(picker).to_be_visible(timeout=STEP_TIMEOUT_MS)
        await picker.get_by_test_id("location-city").filter(has_text=name).click()

    async def open_link(self, text: str) -> Page:
        """A link button opens its page in a new tab, as Telegram opens the browser."""
        async with self.page.context.expect_page(timeout=STEP_TIMEOUT_MS) as opened:
            await self.inline_button(text, link=True).click()
        tab = await opened.value
        tab.set_default_timeout(STEP_TIMEOUT_MS)
        await tab.wait_for_load_state()
        return tab


async def sign_with_sandbox_key(tab: Page, who: TestPerson, *, key_label: str, password_label: str) -> None:
    """On an eHealth page (sign-in or signing): choose the key, type its password, submit."""
    await tab.get_by_label(key_label).select_option(who.key_id)
    await tab.get_by_label(password_label).fill(who.password)
    await tab.locator("form button[type=submit]").click()
