"""uvicorn's HTTP/1.1 protocol (h11), answering a request too large to parse with 414 or 431 that the client reads.

h11 keeps at most `h11_max_incomplete_event_size` bytes (16 KiB by default) of a request line and headers it
cannot parse yet. Past that uvicorn answers a plain-text 400 and closes the socket at once — with the rest of
the request still unread, so the kernel resets the connection and a client still sending (a URL of 200 KB)
gets no answer at all. The application never sees such a request, so the answer is given here: 414 when the
request line itself is too long, 431 when the headers are, in the API's error shape; then the request's
remaining bytes are read and dropped (for at most `LINGER_SECONDS`) so the answer arrives before the close.
"""

from __future__ import annotations

import h11
from h11._connection import DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
from uvicorn.protocols.http.h11_impl import STATUS_PHRASES, H11Protocol

from backend.api.errors import ErrorBody, ErrorResponse

LINGER_SECONDS = 5.0

_TOO_LARGE = {
    414: ("uri_too_long", "Адреса запиту задовга."),
    431: ("headers_too_large", "Заголовки запиту задовгі."),
    400: ("bad_request", "Запит не вдалося прочитати."),
}


class BoundedH11Protocol(H11Protocol):
    _draining = False

    def send_400_response(self, msg: str) -> None:
        status = self._status_of_unparsable_request()
        code, message = _TOO_LARGE[status]
        body = ErrorResponse(error=ErrorBody(code=code, message=message)).model_dump_json(exclude_none=True).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=status, headers=headers, reason=STATUS_PHRASES[status]),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event))
        # Read what the client is still sending, then close: a close with unread bytes is a reset.
        self._draining = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def data_received(self, data: bytes) -> None:
        if self._draining:
            return
        super().data_received(data)

    def eof_received(self) -> None:
        if self._draining:
            self.transport.close()

    def _status_of_unparsable_request(self) -> int:
        received, _ = self.conn.trailing_data
        limit = self.config.h11_max_incomplete_event_size or DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
        if len(received) <= limit:
            return 400  # malformed rather than too large
        return 431 if b"\r\n" in received else 414
