"""JSON on the wire: compact, UTF-8, encoded once."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any) -> bytes:
    return _encoder.encode(value).encode("utf-8")


def json_response(body: bytes, status_code: int = 200) -> Response:
    return Response(content=body, status_code=status_code, media_type="application/json")
