"""aiogram's Telegram types, each built the first time it is used instead of all of them at import.

aiogram declares its ~440 types with pydantic's `defer_build=True`, then `aiogram/types/__init__.py` calls
`model_rebuild()` on every one of them to resolve their forward references, which builds every validator
and serializer at once: ~105 MB of memory and ~3 s at import, for a bot that uses a few dozen types. While
`aiogram.types` is imported, `model_rebuild` here builds nothing; instead, the names the types' annotations
refer to (imported by aiogram only under `TYPE_CHECKING`) are bound in their modules, from the namespace
aiogram passes. pydantic then builds each type on its first validation or serialisation, through the mocks
`defer_build` leaves in place, wherever that build starts (a method, a `Response[...]`, another type). The
same schemas are built from the same annotations, later (tests/bot/test_deferred_types.py compares them).

A subclass of an aiogram type declared elsewhere (aiogram-dialog's `FakeChat`, `FakeUser`, …) inherits fields whose
annotations are still unresolved, and pydantic resolves them in the subclass's own module, where aiogram's names
are unknown. Every such subclass therefore gets aiogram's names as its parent namespace, through pydantic's
documented `__pydantic_init_subclass__` hook on aiogram's base type, and is built on first use like the rest.

`bot/__init__.py` calls `defer_aiogram_type_builds()`, so it runs before any module of the bot imports
aiogram. A process that imported `aiogram.types` earlier keeps aiogram's eager build (nothing is patched).
"""

from __future__ import annotations

import contextlib
import importlib
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel

AIOGRAM_TYPES = "aiogram.types"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def defer_aiogram_type_builds() -> bool:
    """Import `aiogram.types` with every type left unbuilt; False if it was imported already."""
    if AIOGRAM_TYPES in sys.modules:
        return False
    namespaces: dict[int, Mapping[str, Any]] = {}
    with _model_rebuild_skipped(lambda namespace: namespaces.setdefault(id(namespace), namespace)):
        importlib.import_module(AIOGRAM_TYPES)
    aiogram_names: dict[str, Any] = {}
    for namespace in namespaces.values():
        _bind_annotation_names(namespace)
        aiogram_names.update(namespace)
    _resolve_subclasses_with(aiogram_names)
    return True


def _resolve_subclasses_with(aiogram_names: Mapping[str, Any]) -> None:
    """Let subclasses of aiogram's types declared from now on resolve aiogram's names (see the module's doc)."""
    from aiogram.types.base import TelegramObject

    # aiogram defines no hook of its own today; if an upgrade adds one, chaining it blindly could change its
    # meaning, so stop here (tests/bot/test_deferred_types.py fails) rather than guess.
    if "__pydantic_init_subclass__" in vars(TelegramObject):
        raise RuntimeError("aiogram's TelegramObject defines __pydantic_init_subclass__: review bot/deferred_types.py")

    def init_subclass(cls: type[BaseModel], **kwargs: Any) -> None:
        own = cls.__pydantic_parent_namespace__ or {}
        cls.__pydantic_parent_namespace__ = {**aiogram_names, **own}
        super(TelegramObject, cls).__pydantic_init_subclass__(**kwargs)

    TelegramObject.__pydantic_init_subclass__ = classmethod(init_subclass)  # type: ignore[assignment,method-assign]


def _bind_annotation_names(namespace: Mapping[str, Any]) -> None:
    """Bind, in each model's module, the names of `namespace` that its annotations (inherited too) use."""
    for model in namespace.values():
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        module_globals = vars(sys.modules[model.__module__])
        for klass in model.__mro__:
            for annotation in vars(klass).get("__annotations__", {}).values():
                for name in _IDENTIFIER.findall(str(annotation)):
                    if name in namespace and name not in module_globals:
                        module_globals[name] = namespace[name]


@contextlib.contextmanager
def _model_rebuild_skipped(record: Callable[[Mapping[str, Any]], object]) -> Iterator[None]:
    original = BaseModel.__dict__["model_rebuild"]
    rebuild = original.__func__

    def record_instead(
        cls: type[BaseModel], *, _types_namespace: Mapping[str, Any] | None = None, **options: Any
    ) -> bool | None:
        if _types_namespace is None or cls.__pydantic_complete__ or not cls.__module__.startswith("aiogram."):
            return rebuild(cls, _types_namespace=_types_namespace, **options)
        record(_types_namespace)
        return False

    BaseModel.model_rebuild = classmethod(record_instead)  # type: ignore[assignment,method-assign]
    try:
        yield
    finally:
        BaseModel.model_rebuild = original  # type: ignore[method-assign]
