"""Commands: /start (with deep links), /menu, /cancel, /help, /language, /cabinets."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager, StartMode

from bot.api_client import BackendClient
from bot.dialogs.common.navigation import open_home
from bot.dialogs.settings.states import Settings
from bot.i18n import Translator, language_for
from bot.middlewares.i18n import switch_language


async def on_start(
    message: Message,
    command: CommandObject,
    dialog_manager: DialogManager,
    backend: BackendClient,
    i18n: Translator,
) -> None:
    user = message.from_user
    assert user is not None  # private chats only (filter below)
    account = await backend.upsert_account(
        user.id, chat_id=message.chat.id, language=language_for(user.language_code, i18n.language)
    )
    if account.language != i18n.language:
        await switch_language(dialog_manager.middleware_data, account.language)
    await open_home(dialog_manager, account, deep_link=command.args)


async def on_menu(message: Message, dialog_manager: DialogManager, backend: BackendClient) -> None:
    assert message.from_user is not None
    await open_home(dialog_manager, await backend.get_account(message.from_user.id))


async def on_cancel(message: Message, dialog_manager: DialogManager, backend: BackendClient) -> None:
    assert message.from_user is not None
    account = await backend.get_account(message.from_user.id)
    await open_home(dialog_manager, account, notice="cancelled" if account.linked else None)


async def on_help(message: Message, i18n: Translator) -> None:
    await message.answer(i18n.get("help"), disable_web_page_preview=True)


async def on_language(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(Settings.language, mode=StartMode.RESET_STACK)


async def on_cabinets(message: Message, backend: BackendClient, i18n: Translator) -> None:
    cabinets = await backend.list_cabinets()
    # A link to this very bot would lead nowhere new; the others open their own sites.
    buttons = [
        [InlineKeyboardButton(text=cabinet.name, url=cabinet.url)]
        for cabinet in cabinets
        if not cabinet.ours and cabinet.url.startswith(("https://", "http://"))
    ]
    lines = [i18n.get("cabinets-title")]
    for cabinet in cabinets:
        description = cabinet.description_en if i18n.language == "en" else cabinet.description_uk
        key = "cabinets-item-ours" if cabinet.ours else "cabinets-item"
        lines.append(i18n.get(key, name=cabinet.name, description=description))
    await message.answer(
        "\n\n".join(lines),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons) if buttons else None,
        disable_web_page_preview=True,
    )


def create_router() -> Router:
    router = Router(name="commands")
    router.message.filter(F.chat.type == "private")
    router.message.register(on_start, CommandStart())
    router.message.register(on_menu, Command("menu"))
    router.message.register(on_cancel, Command("cancel"))
    router.message.register(on_help, Command("help"))
    router.message.register(on_language, Command("language"))
    router.message.register(on_cabinets, Command("cabinets"))
    return router
