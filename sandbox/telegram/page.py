"""The web chat page (`GET /`) and its scripts and styles, read once at start-up and served from memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

STATIC_DIR = Path(__file__).with_name("static")
_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}
# The page shows whatever bots send; it renders text as text, and the policy forbids any script but its own.
_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "cache-control": "no-cache",
}


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    content_type: str


def load_assets(directory: Path = STATIC_DIR) -> dict[str, Asset]:
    return {
        path.name: Asset(path.read_bytes(), _CONTENT_TYPES[path.suffix])
        for path in sorted(directory.iterdir())
        if path.suffix in _CONTENT_TYPES
    }


def _respond(asset: Asset) -> Response:
    return Response(asset.body, media_type=asset.content_type, headers=_HEADERS)


def page_routes(assets: dict[str, Asset]) -> list[Route]:
    async def index(request: Request) -> Response:
        return _respond(assets["index.html"])

    async def static(request: Request) -> Response:
        asset = assets.get(request.path_params["name"])
        return _respond(asset) if asset is not None else Response("Not Found", status_code=404)

    return [
        Route("/", index, methods=["GET"], include_in_schema=False),
        Route("/static/{name}", static, methods=["GET"], include_in_schema=False),
    ]
