"""aiogram's types are built on first use in the bot's processes, and built exactly as aiogram builds them.

Each check runs in a fresh interpreter: whether the types are deferred depends on what a process
imported first, and this test process imported aiogram long ago.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from typing import Any

import aiogram.types
import pytest

from bot.deferred_types import defer_aiogram_type_builds

# Every aiogram model resolved: methods and their Response[...] first (they nest types nothing has built
# yet, the order that needs the names bound in the types' modules), then every type.
DESCRIBE_EVERY_MODEL = textwrap.dedent(
    """
    import json, sys
    if sys.argv[1] == "bot":
        import bot
    import aiogram.methods, aiogram.types
    from aiogram.methods import TelegramMethod
    from aiogram.methods.base import Response
    from pydantic import BaseModel

    def models(module, base):
        found = (getattr(module, name) for name in module.__all__)
        return [m for m in found if isinstance(m, type) and issubclass(m, base) and m is not base]

    def described(model):
        model.model_rebuild(raise_errors=True)
        assert model.__pydantic_complete__, model
        return {
            name: [repr(field.annotation), repr(field.default), field.alias, field.is_required()]
            for name, field in model.model_fields.items()
        }

    deferred_at_start = not aiogram.types.Message.__pydantic_complete__
    methods = models(aiogram.methods, TelegramMethod)
    out = {f"method {m.__name__}": described(m) for m in methods}
    out |= {f"response {m.__name__}": described(Response[m.__returning__]) for m in methods}
    out |= {f"type {t.__name__}": described(t) for t in models(aiogram.types, BaseModel)}
    print(json.dumps({"deferred_at_start": deferred_at_start, "models": out}))
    """
)
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _run(code: str, *args: str) -> Any:
    command = [sys.executable, "-c", code, *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603 - our own code
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(_ADDRESS.sub("", done.stdout))


# What each kind of process imports first: a bot worker, the demo's stack (backend first), the notifier.
@pytest.mark.parametrize("first_import", ["bot.app", "cabinet.stack", "bot.notifier.service"])
def test_the_bot_builds_aiogram_types_only_when_they_are_used(first_import: str) -> None:
    seen = _run(
        textwrap.dedent(
            f"""
            import json
            import {first_import}
            from aiogram.types import Message, Update
            deferred = [not Message.__pydantic_complete__, not Update.__pydantic_complete__]
            update = Update.model_validate({{
                "update_id": 1,
                "message": {{"message_id": 2, "date": 0, "chat": {{"id": 3, "type": "private"}},
                            "from": {{"id": 3, "is_bot": False, "first_name": "Олена"}}, "text": "/start"}},
            }})
            print(json.dumps({{"deferred": deferred, "text": update.message.text,
                              "update_built": Update.__pydantic_complete__}}))
            """
        )
    )
    assert seen == {"deferred": [True, True], "text": "/start", "update_built": True}


def test_every_aiogram_model_is_built_as_aiogram_builds_it() -> None:
    eager = _run(DESCRIBE_EVERY_MODEL, "aiogram")
    deferred = _run(DESCRIBE_EVERY_MODEL, "bot")
    assert (eager["deferred_at_start"], deferred["deferred_at_start"]) == (False, True)
    assert len(eager["models"]) > 700  # ~185 methods, their responses and ~400 types
    assert deferred["models"] == eager["models"]


def test_this_suite_runs_with_aiogram_types_deferred_as_the_product_does() -> None:
    # A type no test ever uses is still unbuilt: the suite imported the bot package before aiogram.
    assert not aiogram.types.PassportData.__pydantic_complete__


def test_aiogram_types_subclassed_elsewhere_are_built_on_first_use() -> None:
    """aiogram-dialog's background manager builds `FakeChat`/`FakeUser` (the sign-in greeting's path)."""
    seen = _run(
        textwrap.dedent(
            """
            import json
            import bot.app, bot.notifier.home
            import aiogram.types
            from aiogram.types.base import TelegramObject
            from aiogram_dialog.manager.bg_manager import FakeChat, FakeUser

            def subclasses(base):
                for sub in base.__subclasses__():
                    yield sub
                    yield from subclasses(sub)

            foreign = sorted(
                {c for c in subclasses(TelegramObject) if not c.__module__.startswith("aiogram.")},
                key=lambda c: c.__qualname__,
            )
            deferred = [not c.__pydantic_complete__ for c in foreign]
            chat = FakeChat(id=1, type="private")
            user = FakeUser(id=1, is_bot=False, first_name="")
            built = [c.model_rebuild(raise_errors=True) is not False for c in foreign]
            print(json.dumps({"foreign": [c.__qualname__ for c in foreign], "deferred": deferred,
                              "built": built, "chat": chat.id, "user": user.id,
                              "untouched": not aiogram.types.PassportData.__pydantic_complete__}))
            """
        )
    )
    assert {"FakeChat", "FakeUser"} <= set(seen["foreign"])
    assert all(seen["deferred"]) and all(seen["built"])
    assert (seen["chat"], seen["user"], seen["untouched"]) == (1, 1, True)


def test_nothing_changes_once_aiogram_types_was_imported() -> None:
    built_before = aiogram.types.Message.__pydantic_complete__
    assert defer_aiogram_type_builds() is False
    assert aiogram.types.Message.__pydantic_complete__ == built_before
