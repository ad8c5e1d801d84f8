"""The bot's own profile: identity, command menus, menu button, name and descriptions; and getChat."""

from __future__ import annotations

import re

from sandbox.telegram.bot_api.context import BotCall, existing_chat, require_chat_id
from sandbox.telegram.bot_api.registry import method
from sandbox.telegram.bots import DEFAULT_SCOPE, CommandScope
from sandbox.telegram.errors import bad_request
from sandbox.telegram.models import JsonDict

MAX_COMMANDS = 100
MAX_COMMAND_DESCRIPTION = 256
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_CODE = re.compile(r"[a-z]{2}")
_SCOPES_WITHOUT_CHAT = frozenset({"default", "all_private_chats", "all_group_chats", "all_chat_administrators"})
_SCOPES_WITH_CHAT = frozenset({"chat", "chat_administrators", "chat_member"})
_MENU_BUTTON_TYPES = frozenset({"commands", "web_app", "default"})
# setMyName/getMyName and the like: the field each carries and its longest allowed text.
_PROFILE_TEXTS = {"name": 64, "description": 512, "short_description": 120}


@method("getMe")
async def get_me(call: BotCall) -> JsonDict:
    return call.bot.get_me()


@method("logOut")
async def log_out(call: BotCall) -> bool:
    return True


@method("close")
async def close(call: BotCall) -> bool:
    return True


def _language_code(call: BotCall) -> str:
    language = (call.params.string("language_code") or "").strip().lower()
    if language and not _LANGUAGE_CODE.fullmatch(language):
        raise bad_request("LANG_CODE_INVALID")
    return language


def _command_scope(call: BotCall) -> CommandScope:
    raw = call.params.json("scope", error="can't parse BotCommandScope JSON object")
    if raw is None:
        return DEFAULT_SCOPE
    scope_type = raw.get("type") if isinstance(raw, dict) else None
    if scope_type in _SCOPES_WITHOUT_CHAT:
        return (scope_type, None, None)
    if scope_type not in _SCOPES_WITH_CHAT:
        raise bad_request("unsupported bot command scope type")
    chat_id = raw.get("chat_id")
    if not isinstance(chat_id, int) or chat_id not in call.world.users:
        raise bad_request("chat not found")
    if scope_type != "chat_member":
        return (scope_type, chat_id, None)
    user_id = raw.get("user_id")
    if not isinstance(user_id, int):
        raise bad_request("user not found")
    return (scope_type, chat_id, user_id)


def _bot_command(raw: object) -> JsonDict:
    if not isinstance(raw, dict):
        raise bad_request("BotCommand must be an Object")
    command = str(raw.get("command") or "").strip().removeprefix("/")
    description = str(raw.get("description") or "").strip()
    if not _COMMAND.fullmatch(command):
        raise bad_request("BOT_COMMAND_INVALID")
    if not 1 <= len(description) <= MAX_COMMAND_DESCRIPTION:
        raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    return {"command": command, "description": description}


def _announce_commands(call: BotCall) -> None:
    call.world.events.publish("commands_changed", bot_id=call.bot.id, user_id=None)


@method("setMyCommands")
async def set_my_commands(call: BotCall) -> bool:
    raw = call.params.json("commands", error="can't parse commands JSON object")
    if not isinstance(raw, list):
        raise bad_request("can't parse commands JSON object")
    if len(raw) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    commands = [_bot_command(item) for item in raw]
    key = (_command_scope(call), _language_code(call))
    if commands:
        call.bot.commands[key] = commands
    else:
        call.bot.commands.pop(key, None)
    _announce_commands(call)
    return True


@method("getMyCommands")
async def get_my_commands(call: BotCall) -> list[JsonDict]:
    return call.bot.commands.get((_command_scope(call), _language_code(call)), [])


@method("deleteMyCommands")
async def delete_my_commands(call: BotCall) -> bool:
    call.bot.commands.pop((_command_scope(call), _language_code(call)), None)
    _announce_commands(call)
    return True


def _menu_button(call: BotCall) -> JsonDict:
    raw = call.params.json("menu_button", error="can't parse menu button JSON object")
    if raw is None:
        return {"type": "default"}
    if not isinstance(raw, dict) or raw.get("type") not in _MENU_BUTTON_TYPES:
        raise bad_request("can't parse menu button JSON object")
    if raw["type"] != "web_app":
        return {"type": raw["type"]}
    web_app = raw.get("web_app")
    if not isinstance(raw.get("text"), str) or not isinstance(web_app, dict) or not web_app.get("url"):
        raise bad_request("can't parse menu button JSON object")
    return {"type": "web_app", "text": raw["text"], "web_app": {"url": str(web_app["url"])}}


@method("setChatMenuButton")
async def set_chat_menu_button(call: BotCall) -> bool:
    button = _menu_button(call)
    if "chat_id" in call.params:
        chat = existing_chat(call, require_chat_id(call))
        chat.menu_button = button
        call.world.events.publish("menu_button", bot_id=call.bot.id, user_id=chat.user.id, menu_button=button)
    else:
        call.bot.default_menu_button = button
        call.world.events.publish("menu_button", bot_id=call.bot.id, user_id=None, menu_button=button)
    return True


@method("getChatMenuButton")
async def get_chat_menu_button(call: BotCall) -> JsonDict:
    if "chat_id" in call.params:
        chat = existing_chat(call, require_chat_id(call))
        if chat.menu_button is not None:
            return chat.menu_button
    return call.bot.default_menu_button or {"type": "default"}


def _profile_text_methods(field: str, longest: int) -> None:
    suffix = "".join(part.capitalize() for part in field.split("_"))

    @method(f"setMy{suffix}")
    async def set_text(call: BotCall) -> bool:
        text = (call.params.string(field) or "").strip()
        if len(text) > longest:
            raise bad_request(f"{field.replace('_', ' ')} is too long")
        key = (field, _language_code(call))
        if text:
            call.bot.profile_texts[key] = text
        else:
            call.bot.profile_texts.pop(key, None)
        return True

    @method(f"getMy{suffix}")
    async def get_text(call: BotCall) -> JsonDict:
        language = _language_code(call)
        texts = call.bot.profile_texts
        fallback = call.bot.first_name if field == "name" else ""
        return {field: texts.get((field, language)) or texts.get((field, "")) or fallback}


for _field, _longest in _PROFILE_TEXTS.items():
    _profile_text_methods(_field, _longest)


@method("getChat")
async def get_chat(call: BotCall) -> JsonDict:
    chat = call.bot.chats.get(require_chat_id(call))
    if chat is None:
        # A user who never wrote to the bot is invisible to it.
        raise bad_request("chat not found")
    return {
        **chat.chat_dict,
        "accent_color_id": chat.user.id % 7,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": True,
            "limited_gifts": True,
            "unique_gifts": True,
            "premium_subscription": True,
            "gifts_from_channels": True,
        },
    }
