"""An async client of the sandbox's control API, for end-to-end tests and benchmarks.

    async with TelegramSandboxClient("http://127.0.0.1:8081") as telegram:
        user = await telegram.create_user("Олена", phone_number="+380501234567")
        await telegram.send_text(user["id"], "/start")
        reply = await telegram.wait_for_bot_message(user["id"], predicate=lambda m: "Вітаємо" in m.get("text", ""))
        await telegram.press_button_by_text(user["id"], "Погоджуюсь")

Waiting never sleeps: it long-polls the sandbox's change feed.
"""

# `timeout` in this client is how long the sandbox waits server-side (its long polls), part of the API
# the end-to-end tests agreed on; it does not cancel anything client-side, which ASYNC109 is about.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

import httpx

Message = dict[str, Any]
MessagePredicate = Callable[[Message], bool]
_LONG_POLL_S = 25.0


class SandboxError(Exception):
    """The control API refused a request (unknown user, a button that does not exist, …)."""

    def __init__(self, status_code: int, detail: Any) -> None:
        super().__init__(f"{status_code}: {detail}")
        self.status_code = status_code
        self.detail = detail


def inline_buttons(message: Message) -> list[dict[str, Any]]:
    return [button for row in message.get("reply_markup", {}).get("inline_keyboard", ()) for button in row]


class TelegramSandboxClient:
    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8081",
        *,
        bot_id: int | None = None,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """`bot_id` picks the bot users talk to (default: the sandbox's main bot)."""
        self.bot_id = bot_id
        # The long polls below last up to _LONG_POLL_S; the HTTP timeout must outlast them.
        self._http = httpx.AsyncClient(
            base_url=base_url, timeout=max(timeout, _LONG_POLL_S + 5), transport=transport, trust_env=False
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _call(
        self, method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None, bot: bool = True
    ) -> Any:
        query = {k: v for k, v in (params or {}).items() if v is not None}
        if bot and self.bot_id is not None:
            query["bot"] = self.bot_id
        response = await self._http.request(method, f"/sandbox{path}", json=json, params=query)
        if response.is_error:
            try:
                detail = response.json().get("detail", response.text)
            except ValueError:
                detail = response.text
            raise SandboxError(response.status_code, detail)
        return response.json()

    # Users ------------------------------------------------------------------------------------------

    async def create_user(
        self,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "uk",
        phone_number: str | None = None,
    ) -> dict[str, Any]:
        body = {
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
            "language_code": language_code,
            "phone_number": phone_number,
        }
        return await self._call("POST", "/users", json=body, bot=False)

    async def users(self) -> list[dict[str, Any]]:
        return await self._call("GET", "/users", bot=False)

    async def bots(self) -> list[dict[str, Any]]:
        return await self._call("GET", "/bots", bot=False)

    # What a user does: each returns {"update_id": …, …} --------------------------------------------

    async def send_text(self, user_id: int, text: str) -> dict[str, Any]:
        return await self._call("POST", f"/users/{user_id}/messages", json={"text": text})

    async def share_contact(
        self,
        user_id: int,
        *,
        phone_number: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        contact_user_id: int | None = None,
    ) -> dict[str, Any]:
        """Without arguments: the user's own contact. With them: someone else's contact card."""
        body = {
            "phone_number": phone_number,
            "first_name": first_name,
            "last_name": last_name,
            "user_id": contact_user_id,
        }
        return await self._call("POST", f"/users/{user_id}/contact", json=body)

    async def share_location(self, user_id: int, latitude: float, longitude: float) -> dict[str, Any]:
        return await self._call(
            "POST", f"/users/{user_id}/location", json={"latitude": latitude, "longitude": longitude}
        )

    async def press_button(self, user_id: int, message_id: int, data: str) -> dict[str, Any]:
        """Press an inline button by its callback_data; the answer has `callback_query_id`."""
        return await self._call("POST", f"/users/{user_id}/callback", json={"message_id": message_id, "data": data})

    async def press_button_by_text(self, user_id: int, text: str) -> dict[str, Any]:
        """Press the button labelled `text` on the latest message that has one.

        A callback button sends a callback query; a t.me link to the bot opens it with its start
        payload, as Telegram does; any other kind of button is refused.
        """
        for message in reversed(await self.messages(user_id)):
            button = next((b for b in inline_buttons(message) if b["text"] == text), None)
            if button is None:
                continue
            if "callback_data" in button:
                return await self.press_button(user_id, message["message_id"], button["callback_data"])
            if "url" in button:
                return await self.open_deep_link(user_id, button["url"])
            raise SandboxError(400, f"the button {text!r} is not a callback or link button: {button}")
        raise SandboxError(404, f"no message has an inline button {text!r}")

    async def press_reply_button(
        self, user_id: int, text: str, *, latitude: float | None = None, longitude: float | None = None
    ) -> dict[str, Any]:
        """Press a button of the reply keyboard (a location button needs the coordinates to share)."""
        body = {"text": text, "latitude": latitude, "longitude": longitude}
        return await self._call("POST", f"/users/{user_id}/reply_button", json=body)

    async def inline_query(self, user_id: int, query: str, offset: str = "", *, timeout: float = 5.0) -> dict[str, Any]:
        """Type `@bot query` and wait for the bot's answer (results, next_offset, …)."""
        asked = await self.send_inline_query(user_id, query, offset)
        return await self.inline_answer(asked["inline_query_id"], timeout=timeout)

    async def send_inline_query(self, user_id: int, query: str, offset: str = "") -> dict[str, Any]:
        """Type `@bot query` without waiting: `{update_id, inline_query_id, cached}`.

        `cached` is true (and `update_id` null) when the sandbox answered from its inline cache, as
        Telegram does within the `cache_time` of an earlier answer.
        """
        return await self._call("POST", f"/users/{user_id}/inline_query", json={"query": query, "offset": offset})

    async def inline_answer(self, inline_query_id: str, *, timeout: float = 5.0) -> dict[str, Any]:
        answer = await self._call("GET", f"/inline_queries/{inline_query_id}", params={"timeout": min(timeout, 60.0)})
        if not answer["answered"]:
            raise TimeoutError(f"the bot did not answer the inline query within {timeout} s")
        return answer

    async def pick_inline_result(self, user_id: int, inline_query_id: str, result_id: str) -> dict[str, Any]:
        body = {"inline_query_id": inline_query_id, "result_id": result_id}
        return await self._call("POST", f"/users/{user_id}/inline_result", json=body)

    async def block(self, user_id: int) -> dict[str, Any]:
        return await self._call("POST", f"/users/{user_id}/block")

    async def unblock(self, user_id: int) -> dict[str, Any]:
        return await self._call("POST", f"/users/{user_id}/unblock")

    async def open_deep_link(self, user_id: int, url: str) -> dict[str, Any]:
        """Open `t.me/<bot>?start=<payload>`: the bot receives `/start <payload>`."""
        return await self._call("POST", f"/users/{user_id}/deep_link", json={"url": url})

    # What the user sees -------------------------------------------------------------------------------

    async def chat(self, user_id: int) -> dict[str, Any]:
        """Blocked or not, the reply keyboard, the menu button and the command menu."""
        return await self._call("GET", f"/chats/{user_id}")

    async def messages(self, user_id: int) -> list[Message]:
        """The conversation now, oldest first; each message has `direction`: "bot" or "user"."""
        return await self._call("GET", f"/chats/{user_id}/messages")

    async def last_bot_message(self, user_id: int) -> Message | None:
        return next((m for m in reversed(await self.messages(user_id)) if m["direction"] == "bot"), None)

    async def callback_answer(self, callback_query_id: str, *, timeout: float = 5.0) -> dict[str, Any]:
        """The bot's answerCallbackQuery (text, show_alert, url); TimeoutError if it does not come."""
        answer = await self._call("GET", f"/callbacks/{callback_query_id}", params={"timeout": min(timeout, 60.0)})
        if not answer["answered"]:
            raise TimeoutError(f"the bot did not answer the callback query within {timeout} s")
        return answer

    async def events(
        self,
        after: int | None = None,
        *,
        timeout: float = 0.0,
        user_id: int | None = None,
        bot_id: int | None = None,
    ) -> dict[str, Any]:
        """The change feed: `{"events": […], "last_seq": n}`; without `after`, only the cursor."""
        params = {"after": after, "timeout": timeout, "user_id": user_id, "bot": bot_id}
        return await self._call("GET", "/events", params=params, bot=False)

    async def wait_for_bot_message(
        self,
        user_id: int,
        after_message_id: int | None = None,
        timeout: float = 5.0,
        predicate: MessagePredicate | None = None,
    ) -> Message:
        """The first bot message newer than `after_message_id` that satisfies `predicate`.

        Without `after_message_id`: newer than the user's latest message, i.e. the bot's reply to what
        the user just did, even if it came before this call. A message the bot edits into a matching
        one counts too (its current version is returned).
        """

        def wanted(message: Message) -> bool:
            return (
                message["direction"] == "bot"
                and message["message_id"] > threshold
                and (predicate is None or predicate(message))
            )

        cursor = (await self.events())["last_seq"]
        current = await self.messages(user_id)
        threshold = after_message_id
        if threshold is None:
            threshold = max((m["message_id"] for m in current if m["direction"] == "user"), default=0)
        found = next((m for m in current if wanted(m)), None)
        if found is not None:
            return found
        return await self._wait_for_message(user_id, cursor, timeout, wanted, ("message", "message_edited"))

    async def wait_for_edit(
        self, user_id: int, message_id: int, timeout: float = 5.0, predicate: MessagePredicate | None = None
    ) -> Message:
        """The bot's next edit of a message (or, with `predicate`, its current version once it matches)."""

        def wanted(message: Message) -> bool:
            return message["message_id"] == message_id and (predicate is None or predicate(message))

        cursor = (await self.events())["last_seq"]
        if predicate is not None:
            found = next((m for m in await self.messages(user_id) if wanted(m)), None)
            if found is not None:
                return found
        return await self._wait_for_message(user_id, cursor, timeout, wanted, ("message_edited",))

    async def _wait_for_message(
        self, user_id: int, cursor: int, wait_s: float, wanted: MessagePredicate, kinds: tuple[str, ...]
    ) -> Message:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_s
        bot_id = await self._chat_bot_id()
        while (remaining := deadline - loop.time()) > 0:
            wait_s = min(remaining, _LONG_POLL_S)
            batch = await self.events(cursor, timeout=wait_s, user_id=user_id, bot_id=bot_id)
            cursor = batch["last_seq"]
            for event in batch["events"]:
                if event["kind"] in kinds and wanted(event["message"]):
                    return event["message"]
        raise TimeoutError(f"no matching bot message for user {user_id} within {wait_s} s")

    async def _chat_bot_id(self) -> int:
        """The bot whose chats this client reads: the chosen one, or the sandbox's main (first) bot."""
        if self.bot_id is not None:
            return self.bot_id
        bots = await self.bots()
        if not bots:
            raise SandboxError(409, "no bot has connected to the sandbox yet")
        return int(bots[0]["id"])

    # The sandbox ------------------------------------------------------------------------------------------

    async def stats(self) -> dict[str, Any]:
        return await self._call("GET", "/stats", bot=False)

    async def reset(self) -> None:
        await self._call("POST", "/reset", bot=False)
