"""A backend refusal in the patient's language: our own text per code, never raw JSON.

The backend's Ukrainian message is shown only to Ukrainian users and only when we have no text of our own
for the code (it is written for patients, so it is better than a generic line).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

from bot.api_client import BackendError
from bot.i18n import Translator

_GENERIC = "error-generic"

# Refusals a flow does not show in place: the bot's error handler takes the patient to the sign-in step.
SIGN_IN_AGAIN_CODES = frozenset({"not_linked", "auth_required"})


def _key(prefix: str, code: str) -> str:
    return f"{prefix}-" + code.replace(".", "-").replace("_", "-")


def error_text(i18n: Translator, error: BackendError) -> str:
    """The whole message for a refusal, field problems included."""
    lines = [_code_text(i18n, error)]
    lines.extend(f"• {field_text(i18n, field.code, field.message)}" for field in error.fields)
    return "\n".join(lines)


def field_text(
    i18n: Translator, code: str, backend_message: str = "", arguments: Mapping[str, object] | None = None
) -> str:
    """What is wrong with one value (codes of `backend.domain.validators` and the API's field rules);
    `arguments`: the rule's limits (`InvalidValue.params`). Our text is used only when every limit it names
    is given: the API's field errors carry none, and not every refusal of a rule says its limits."""
    key = _key("invalid", code)
    given = arguments or {}
    if i18n.has(key) and i18n.variables(key) <= {name for name, value in given.items() if value is not None}:
        return i18n.get(key, **given)
    if i18n.language == "uk" and backend_message:
        return html.escape(backend_message, quote=False)
    return i18n.get("invalid-value")


def error_arguments(error: BackendError) -> dict[str, object]:
    """What a refusal's text may say besides its code: `minutes` until trying again (Retry-After rounded up to
    whole minutes, at least 1) when the backend said."""
    if error.retry_after is None:
        return {}
    return {"minutes": max(1, math.ceil(error.retry_after / 60))}


def _code_text(i18n: Translator, error: BackendError) -> str:
    arguments = error_arguments(error)
    for key in (_key("error", f"{error.code}-{error.reason}") if error.reason else None, _key("error", error.code)):
        # A text is used only when every variable it reads is given: without a Retry-After, the general one.
        if key and i18n.has(key) and i18n.variables(key) <= arguments.keys():
            return i18n.get(key, **arguments)
    if i18n.language == "uk" and error.message:
        return html.escape(error.message, quote=False)
    return i18n.get(_GENERIC)
