"""`cabinet backend`: run the backend with uvicorn."""

from __future__ import annotations

import uvicorn

from backend.app import create_app
from backend.config import BackendSettings
from backend.http_protocol import BoundedH11Protocol
from backend.logging import configure_logging


def serve(host: str | None = None, port: int | None = None) -> int:
    settings = BackendSettings()
    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        access_log=False,  # backend.logging writes one line per request, without query strings
        log_config=None,  # keep the JSON handler configured above
        proxy_headers=True,
        http=BoundedH11Protocol,  # a URL or headers too long to parse get 414/431, not a reset connection
    )
    return 0
