"""The request id sent to the registry as `X-Request-ID`.

The backend sets `request_id_var` per incoming request so one id follows a patient's action from the
bot through the backend into eHealth's logs; outside a request the adapter makes a fresh uuid.
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("registry_request_id", default=None)


def current_request_id() -> str:
    return request_id_var.get() or str(uuid.uuid4())
