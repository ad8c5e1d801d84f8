"""Bot API request parameters, the way Telegram reads them.

A method's parameters arrive in the query string, a form (urlencoded or multipart, nested objects as
JSON strings) or a JSON body; all three end up here as one mapping of names to values.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from sandbox.telegram.errors import bad_request

ATTACH = "attach://"


@dataclass(frozen=True, slots=True)
class Upload:
    """A file sent in a multipart request (`InputFile`)."""

    filename: str | None
    content_type: str | None
    data: bytes = field(repr=False)


class Params:
    """Typed access to one request's parameters; a value that does not parse reads as absent."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def __contains__(self, name: str) -> bool:
        return self._values.get(name) not in (None, "")

    def raw(self, name: str) -> Any:
        return self._values.get(name)

    def upload(self, name: str) -> Upload | None:
        """A file sent in the parameter itself, or in the part it names (`attach://<part>`, as the Bot API
        lets a client send any file)."""
        value = self._values.get(name)
        if isinstance(value, str) and value.startswith(ATTACH):
            value = self._values.get(value.removeprefix(ATTACH))
        return value if isinstance(value, Upload) else None

    def string(self, name: str) -> str | None:
        value = self._values.get(name)
        if isinstance(value, Upload):
            return None
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return str(value)
        return json.dumps(value, ensure_ascii=False)

    def integer(self, name: str) -> int | None:
        value = self._values.get(name)
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                return None
        return None

    def number(self, name: str) -> float | None:
        value = self._values.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip())
            except ValueError:
                return None
        return None

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self._values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return value != 0
        return str(value).strip().lower() in {"true", "1"}

    def json(self, name: str, *, error: str) -> Any:
        """A nested object or array: a JSON string in forms, a native value in JSON bodies."""
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError as exc:
            raise bad_request(error) from exc


async def read_params(request: Request) -> Params:
    values: dict[str, Any] = dict(request.query_params)
    if request.method == "POST":
        values.update(await parse_body(request.headers.get("content-type", ""), await request.body()))
    return Params(values)


async def parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    """Parameters from a request body (or a webhook reply, which carries a method call the same way)."""
    if not body:
        return {}
    if content_type.startswith("multipart/form-data"):
        return await _parse_multipart(content_type, body)
    if content_type.startswith("application/json"):
        try:
            decoded = json.loads(body)
        except ValueError as exc:
            raise bad_request("can't parse JSON encoded request") from exc
        if not isinstance(decoded, dict):
            raise bad_request("JSON object expected in the request body")
        return decoded
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise bad_request("request body must be encoded in UTF-8") from exc
    return dict(parse_qsl(text, keep_blank_values=True))


async def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    async def chunks() -> AsyncIterator[bytes]:
        yield body

    try:
        form = await MultiPartParser(Headers({"content-type": content_type}), chunks()).parse()
    except MultiPartException as exc:
        raise bad_request("can't parse multipart/form-data request") from exc
    values: dict[str, Any] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            values[key] = Upload(value.filename, value.content_type, await value.read())
            await value.close()
        else:
            values[key] = value
    return values
