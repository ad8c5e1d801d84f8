"""The control API (`/sandbox/...`): simulated users act, and tests and the web page watch the chat.

Every user action produces the update Telegram would send and answers `{update_id, …}`; `update_id`
is null when the bot's `allowed_updates` leaves that kind of update out. The bot is chosen with
`?bot=<bot id>`; without it, the main (first) bot.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from pydantic import BaseModel, Field

from sandbox.telegram.bots import BotAccount
from sandbox.telegram.models import JsonDict, PendingQuery, SandboxUser
from sandbox.telegram.simulation import ActionResult, SimulatedUser, SimulationError
from sandbox.telegram.world import TelegramWorld, UnknownBotError, UnknownUserError

router = APIRouter(prefix="/sandbox", tags=["sandbox"])

MAX_WAIT_S = 60.0
BotQuery = Annotated[int | None, Query(alias="bot", description="Bot id (the digits of its token); default: main bot")]
WaitQuery = Annotated[float, Query(alias="timeout", ge=0, le=MAX_WAIT_S, description="Seconds to wait")]


class NewUser(BaseModel):
    first_name: str = Field(min_length=1, max_length=64)
    last_name: str | None = Field(default=None, max_length=64)
    username: str | None = Field(default=None, pattern=r"^[A-Za-z][A-Za-z0-9_]{4,31}$")
    language_code: str | None = Field(default="uk", pattern=r"^[a-z]{2}(-[A-Za-z]{2,4})?$")
    phone_number: str | None = Field(default=None, pattern=r"^\+?[0-9]{7,15}$")


class TextMessage(BaseModel):
    text: str = Field(min_length=1, max_length=8192)


class SharedContact(BaseModel):
    """Empty: the user's own contact (as a request_contact button sends it). Filled: someone else's card."""

    phone_number: str | None = Field(default=None, pattern=r"^\+?[0-9]{7,15}$")
    first_name: str | None = Field(default=None, max_length=64)
    last_name: str | None = Field(default=None, max_length=64)
    user_id: int | None = None


class SharedLocation(BaseModel):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class InlineButtonPress(BaseModel):
    message_id: int
    data: str


class ReplyButtonPress(BaseModel):
    text: str
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class InlineQueryInput(BaseModel):
    query: str = ""
    offset: str = ""


class InlineResultPick(BaseModel):
    inline_query_id: str
    result_id: str


class DeepLink(BaseModel):
    url: str = Field(description="t.me/<bot>?start=<payload>, https://t.me/… or tg://resolve?domain=…&start=…")


def _world(request: Request) -> TelegramWorld:
    return request.app.state.world


@contextlib.contextmanager
def _control_errors() -> Iterator[None]:
    try:
        yield
    except UnknownBotError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    except UnknownUserError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    except SimulationError as exc:
        raise HTTPException(exc.status, exc.detail) from exc


def _act(
    request: Request, user_id: int, bot_id: int | None, action: Callable[[SimulatedUser], ActionResult]
) -> JsonDict:
    world = _world(request)
    with _control_errors():
        acting = SimulatedUser(world.bot(bot_id), world.user(user_id), new_query_id=world.new_query_id)
        return action(acting).body()


def _bot_and_user(request: Request, user_id: int, bot_id: int | None) -> tuple[BotAccount, SandboxUser]:
    world = _world(request)
    with _control_errors():
        return world.bot(bot_id), world.user(user_id)


# Users and bots -------------------------------------------------------------------------------------


@router.post("/users", status_code=status.HTTP_201_CREATED)
async def create_user(request: Request, body: NewUser) -> JsonDict:
    return _world(request).create_user(**body.model_dump()).describe()


@router.get("/users")
async def list_users(request: Request) -> list[JsonDict]:
    return [user.describe() for user in _world(request).users.values()]


@router.get("/users/{user_id}")
async def get_user(request: Request, user_id: int) -> JsonDict:
    with _control_errors():
        return _world(request).user(user_id).describe()


@router.get("/bots")
async def list_bots(request: Request) -> list[JsonDict]:
    return [bot.describe() for bot in _world(request).bots.values()]


# User actions ---------------------------------------------------------------------------------------


@router.post("/users/{user_id}/messages")
async def send_text(request: Request, user_id: int, body: TextMessage, bot: BotQuery = None) -> JsonDict:
    return _act(request, user_id, bot, lambda user: user.send_text(body.text))


@router.post("/users/{user_id}/contact")
async def share_contact(request: Request, user_id: int, body: SharedContact, bot: BotQuery = None) -> JsonDict:
    contact = body.model_dump() if body.phone_number or body.first_name else None
    return _act(request, user_id, bot, lambda user: user.share_contact(contact))


@router.post("/users/{user_id}/location")
async def share_location(request: Request, user_id: int, body: SharedLocation, bot: BotQuery = None) -> JsonDict:
    return _act(request, user_id, bot, lambda user: user.share_location(body.latitude, body.longitude))


@router.post("/users/{user_id}/callback")
async def press_inline_button(
    request: Request, user_id: int, body: InlineButtonPress, bot: BotQuery = None
) -> JsonDict:
    return _act(request, user_id, bot, lambda user: user.press_inline_button(body.message_id, body.data))


@router.post("/users/{user_id}/reply_button")
async def press_reply_button(request: Request, user_id: int, body: ReplyButtonPress, bot: BotQuery = None) -> JsonDict:
    location = (body.latitude, body.longitude) if body.latitude is not None and body.longitude is not None else None
    return _act(request, user_id, bot, lambda user: user.press_reply_button(body.text, location=location))


@router.post("/users/{user_id}/inline_query")
async def inline_query(request: Request, user_id: int, body: InlineQueryInput, bot: BotQuery = None) -> JsonDict:
    return _act(request, user_id, bot, lambda user: user.inline_query(body.query, body.offset))


@router.post("/users/{user_id}/inline_result")
async def pick_inline_result(request: Request, user_id: int, body: InlineResultPick, bot: BotQuery = None) -> JsonDict:
    return _act(request, user_id, bot, lambda user: user.pick_inline_result(body.inline_query_id, body.result_id))


@router.post("/users/{user_id}/block")
async def block_bot(request: Request, user_id: int, bot: BotQuery = None) -> JsonDict:
    return _act(request, user_id, bot, lambda user: user.set_blocked(True))


@router.post("/users/{user_id}/unblock")
async def unblock_bot(request: Request, user_id: int, bot: BotQuery = None) -> JsonDict:
    return _act(request, user_id, bot, lambda user: user.set_blocked(False))


@router.post("/users/{user_id}/deep_link")
async def open_deep_link(request: Request, user_id: int, body: DeepLink, bot: BotQuery = None) -> JsonDict:
    return _act(request, user_id, bot, lambda user: user.open_deep_link(body.url))


# The chat as the user sees it -------------------------------------------------------------------------


@router.get("/chats/{user_id}")
async def get_chat(request: Request, user_id: int, bot: BotQuery = None) -> JsonDict:
    """The chat's state: blocked or not, the reply keyboard under the input, the menu button and commands."""
    account, user = _bot_and_user(request, user_id, bot)
    chat = account.chats.get(user.id)
    menu_button = (chat.menu_button if chat else None) or account.default_menu_button or {"type": "default"}
    return {
        "user": user.describe(),
        "bot": account.describe(),
        "started": chat is not None,
        "blocked": bool(chat and chat.blocked),
        "reply_keyboard": chat.reply_keyboard if chat else None,
        "reply_keyboard_collapsed": bool(chat and chat.reply_keyboard_collapsed),
        "menu_button": menu_button,
        "commands": account.effective_commands(user.id, user.language_code),
    }


@router.get("/chats/{user_id}/messages")
async def list_messages(request: Request, user_id: int, bot: BotQuery = None) -> list[JsonDict]:
    """The conversation in both directions, as it is now (edits applied, deleted messages gone)."""
    account, user = _bot_and_user(request, user_id, bot)
    chat = account.chats.get(user.id)
    return [stored.listing() for stored in chat.messages.values()] if chat else []


@router.get(
    "/files/{file_id}",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "application/pdf": {}}}},
)
async def get_file(request: Request, file_id: str) -> Response:
    """A file a bot sent (a photo, a document), for the web chat to show; 404 once the emulator no longer keeps
    it."""
    stored = _world(request).files.get(file_id)
    if stored is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such file")
    return Response(stored.data, media_type=stored.content_type, headers={"Cache-Control": "private, max-age=3600"})


@router.get("/events")
async def events(
    request: Request,
    after: Annotated[int | None, Query(description="Return events after this seq; omit to get the cursor")] = None,
    wait_s: WaitQuery = 0.0,
    user_id: int | None = None,
    bot: Annotated[int | None, Query(description="Only events of this bot (and global ones)")] = None,
) -> JsonDict:
    feed = _world(request).events
    if after is None:
        return {"events": [], "last_seq": feed.last_seq}
    found = await feed.wait_after(after, wait_s, bot_id=bot, user_id=user_id)
    return {"events": found, "last_seq": found[-1]["seq"] if found else max(after, feed.last_seq)}


async def _answer_of(query: PendingQuery | None, wait_s: float, kind: str) -> JsonDict:
    if query is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no such {kind}")
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(query.answered.wait(), wait_s)
    return {"answered": query.answer is not None, **(query.answer or {})}


@router.get("/inline_queries/{query_id}")
async def inline_answer(request: Request, query_id: str, wait_s: WaitQuery = 0.0, bot: BotQuery = None) -> JsonDict:
    """The bot's answer to an inline query (`answered: false` if none came within `timeout`)."""
    with _control_errors():
        account = _world(request).bot(bot)
    answer = await _answer_of(account.inline_queries.get(query_id), wait_s, "inline query")
    return {"inline_query_id": query_id, **answer}


@router.get("/callbacks/{query_id}")
async def callback_answer(request: Request, query_id: str, wait_s: WaitQuery = 0.0, bot: BotQuery = None) -> JsonDict:
    """The bot's answerCallbackQuery for a button press (`answered: false` if none came within `timeout`)."""
    with _control_errors():
        account = _world(request).bot(bot)
    answer = await _answer_of(account.callback_queries.get(query_id), wait_s, "callback query")
    return {"callback_query_id": query_id, **answer}


@router.get("/stats")
async def stats(request: Request) -> JsonDict:
    world = _world(request)
    return {
        "users": len(world.users),
        "last_event_seq": world.events.last_seq,
        "bots": {
            str(bot.id): {"username": bot.username, "pending_updates": len(bot.updates), **bot.stats.snapshot()}
            for bot in world.bots.values()
        },
    }


@router.post("/reset")
async def reset(request: Request) -> JsonDict:
    """Forget users, chats, updates and events; bots keep their identity, webhook and commands."""
    _world(request).reset()
    return {"ok": True}
