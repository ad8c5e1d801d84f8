"""eHealth's response envelope at the edge: unwrap `{meta, data, paging}` and turn `{meta, error}` into
our typed errors.

`{meta:{code,url,type,request_id}, data | error, paging?}`; errors are
`{type, message, invalid:[{entry_type, entry, rules:[{rule, params, description}]}]}`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypedDict, TypeVar

import msgspec
import orjson

from backend.registry.errors import (
    CAPACITY_REQUIRED,
    SIGNATURE_INVALID,
    InvalidField,
    RegistryAuthExpired,
    RegistryConflict,
    RegistryError,
    RegistryForbidden,
    RegistryNotFound,
    RegistryRateLimited,
    RegistryUnavailable,
    RegistryValidationError,
    recognise_refusal,
)
from backend.registry.resilience import parse_retry_after

# Where a request carries the patient's signature: PIS calls in `signed_content`, the cabinet's person
# update in `signed_request`.
SIGNATURE_FIELDS = frozenset({"$.signed_content", "$.signed_request"})


@dataclass(frozen=True, slots=True)
class Envelope:
    data: Any
    paging: dict[str, Any] | None
    request_id: str | None


def decode_json(body: bytes) -> Any:
    """The parsed body, or raise ValueError (json errors and undecodable bytes alike)."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:  # undecodable bytes too
        raise ValueError("response body is not JSON") from exc


Decode = Callable[[bytes], Any]
Item = TypeVar("Item")


class _Listing(TypedDict, Generic[Item], total=False):
    """The envelope of a listing (`listing_decoder`)."""

    meta: Any
    data: list[Item]
    paging: Any


def listing_decoder(item: type) -> Decode:
    """`decode_json` for a listing whose items are read only for the fields `item` (a `TypedDict`) names: the
    others are skipped without being built, the envelope's `meta` and `paging` are kept as they are.

    The items' fields take any JSON value (the mapping checks them), but each item must be an object."""

    decoder = msgspec.json.Decoder(_Listing[item])  # type: ignore[valid-type]

    def decode(body: bytes) -> Any:
        try:
            return decoder.decode(body)
        except msgspec.MsgspecError as exc:  # not JSON, or not a list of objects
            raise ValueError("response body is not the listing expected") from exc

    return decode


def meta_request_id(body: Any) -> str | None:
    if isinstance(body, dict) and isinstance(body.get("meta"), dict):
        value = body["meta"].get("request_id")
        return str(value) if value else None
    return None


def unwrap(body: bytes, *, request_id: str | None, decode: Decode = decode_json) -> Envelope:
    """The `data` of a successful answer; anything else means the registry answered nonsense."""
    try:
        parsed = decode(body)
    except ValueError:
        raise RegistryUnavailable("malformed_response", request_id=request_id, detail="body is not JSON") from None
    if not isinstance(parsed, dict) or "data" not in parsed:
        raise RegistryUnavailable("malformed_response", request_id=request_id, detail="envelope without data")
    paging = parsed.get("paging")
    return Envelope(
        data=parsed["data"],
        paging=paging if isinstance(paging, dict) else None,
        request_id=meta_request_id(parsed) or request_id,
    )


def _invalid_fields(error: dict[str, Any]) -> tuple[InvalidField, ...]:
    fields: list[InvalidField] = []
    for item in error.get("invalid") or ():
        if not isinstance(item, dict):
            continue
        entry = str(item.get("entry") or item.get("entry_type") or "")
        rules = item.get("rules") or [{}]
        for rule in rules if isinstance(rules, list) else [{}]:
            rule = rule if isinstance(rule, dict) else {}
            fields.append(
                InvalidField(
                    field=entry,
                    rule=str(rule.get("rule") or "invalid"),
                    description=str(rule.get("description") or ""),
                )
            )
    return tuple(fields)


def error_from(status: int, body: bytes, *, request_id: str | None, retry_after: str | None = None) -> RegistryError:
    """Our typed error for an eHealth error answer (any non-2xx status)."""
    try:
        parsed = decode_json(body)
    except ValueError:
        parsed = None
    request_id = meta_request_id(parsed) or request_id
    error = parsed.get("error") if isinstance(parsed, dict) else None
    error = error if isinstance(error, dict) else {}
    message = str(error.get("message") or "") or None
    common: dict[str, Any] = {"request_id": request_id, "status": status, "detail": message}

    if status == 429:
        return RegistryRateLimited(retry_after=parse_retry_after(retry_after), **common)
    if status >= 500 or (parsed is None and status not in (401, 403, 404)):
        # A 5xx, or a refusal we cannot read (a proxy's HTML page): the registry is not answering properly.
        return RegistryUnavailable(**common)
    if status == 401:
        return RegistryAuthExpired(**common)
    if status == 403:
        # Age and civil capacity refusals deserve their own explanation; scope refusals are our problem.
        if recognise_refusal(message) is CAPACITY_REQUIRED:
            return RegistryForbidden(CAPACITY_REQUIRED.code, CAPACITY_REQUIRED.message_uk, **common)
        return RegistryForbidden(**common)
    if status == 404:
        return RegistryNotFound(**common)

    fields = _invalid_fields(error)
    refusal = recognise_refusal(message)
    if refusal is None:
        refusal = next((r for f in fields if (r := recognise_refusal(f.description))), None)
    if refusal is None and any(f.field in SIGNATURE_FIELDS for f in fields):
        refusal = SIGNATURE_INVALID  # the registry explains a rejected signature in its own words
    if status == 409 or (status == 422 and refusal is not None and not fields):
        # eHealth reports some business-rule refusals as 422 `request_malformed` with only a message.
        if refusal is not None:
            return RegistryConflict(refusal.code, refusal.message_uk, **common)
        return RegistryConflict(**common)
    if status == 422:
        if refusal is not None:
            return RegistryValidationError(refusal.code, refusal.message_uk, fields=fields, **common)
        return RegistryValidationError(fields=fields, **common)
    # 400, 415 and the like: our request was wrong; the patient can only try again later.
    return RegistryError("bad_request", **common)
