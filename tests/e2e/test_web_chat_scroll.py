"""The web chat keeps the newest message in view, as Telegram's clients do — also when the bot edits it (a page
of results replaced by the next one, often longer). Only the Telegram emulator runs; the test is the bot."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest

from sandbox.telegram.server import running_sandbox
from tests.telegram_sandbox.conftest import make_aiogram_bot, make_settings

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

pytestmark = pytest.mark.browser

SCROLLED_TO_END = """() => {
  const list = document.getElementById("message-list");
  return list.scrollHeight > list.clientHeight && list.scrollTop + list.clientHeight >= list.scrollHeight - 2;
}"""


async def _scrolled_to_end(page: Page) -> None:
    await page.wait_for_function(SCROLLED_TO_END, timeout=3_000)


async def test_an_edited_message_stays_in_view(chromium: Browser) -> None:
    from playwright.async_api import expect

    from tests.e2e.web_chat import STEP_TIMEOUT_MS

    async with (
        running_sandbox(make_settings()) as sandbox,
        httpx.AsyncClient(base_url=sandbox.url) as control,
        make_aiogram_bot(sandbox.url) as bot,
    ):
        me = await bot.get_me()
        user = (await control.post("/sandbox/users", json={"first_name": "Олена"})).json()
        sent = (await control.post(f"/sandbox/users/{user['id']}/messages", json={"text": "/start"})).json()
        assert sent
        for number in range(1, 21):
            last = await bot.send_message(user["id"], f"Повідомлення {number}")

        context = await chromium.new_context(locale="uk-UA", viewport={"width": 900, "height": 600})
        page = await context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        await page.goto(f"{sandbox.url}/?bot={me.id}&user={user['id']}")
        # By the message's id: a text filter "Повідомлення 20" also matches «Повідомлення 2» sent at 07:xx (the
        # bubble's text runs on into its time).
        newest = page.locator(f'[data-testid="message-bubble"][data-message-id="{last.message_id}"]')
        await expect(newest).to_contain_text("Повідомлення 20")
        await expect(newest).to_be_visible()
        await _scrolled_to_end(page)

        # The newest message becomes a longer one (the next page of results): its end is in view.
        longer = "\n".join(f"{row}. Лікар номер {row}" for row in range(1, 13))
        await bot.edit_message_text(longer, chat_id=user["id"], message_id=last.message_id)
        edited = page.get_by_test_id("message-bubble").filter(has_text="12. Лікар номер 12")
        await expect(edited).to_be_visible()
        await _scrolled_to_end(page)
        await expect(edited).to_be_in_viewport(ratio=1.0)

        # Looking at the message with its end out of view, the person sees the edited one whole…
        await page.eval_on_selector("#message-list", "list => { list.scrollTop -= 120; }")
        await bot.edit_message_text(longer + "\n13. Лікар номер 13", chat_id=user["id"], message_id=last.message_id)
        edited = page.get_by_test_id("message-bubble").filter(has_text="13. Лікар номер 13")
        await expect(edited).to_be_in_viewport(ratio=0.99)  # whole, but for a fraction of a pixel

        # …and, scrolled up to read the history, is not pulled away from it by an edit of the newest message.
        await page.eval_on_selector("#message-list", "list => { list.scrollTop = 0; }")
        await bot.edit_message_text(longer + "\n14. Лікар номер 14", chat_id=user["id"], message_id=last.message_id)
        await expect(page.get_by_test_id("message-bubble").filter(has_text="14. Лікар номер 14")).to_have_count(1)
        assert await page.eval_on_selector("#message-list", "list => list.scrollTop") == 0
        await context.close()
