"""The few HTML pages a patient's browser sees (sign-in result, signing): rendering and headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))

# Pages carry one-time links and personal data: never cached, never indexed, no referrer leaks.
_BASE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
}
_STRICT_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'"


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    content_security_policy: str = _STRICT_CSP,
) -> HTMLResponse:
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    response.headers.update({**_BASE_HEADERS, "Content-Security-Policy": content_security_policy})
    return response


def message_page(
    request: Request,
    *,
    title: str,
    paragraphs: list[str],
    bot_link: str | None,
    status_code: int = 200,
    tone: str = "",
) -> HTMLResponse:
    return render(
        request,
        "message.html",
        {"title": title, "paragraphs": paragraphs, "bot_link": bot_link, "tone": tone},
        status_code=status_code,
    )
