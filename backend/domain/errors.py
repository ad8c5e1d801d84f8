"""The one error type the domain raises for unacceptable input."""

from __future__ import annotations


class InvalidValue(ValueError):
    """A value a person typed or a client sent is not acceptable.

    `code` is a stable machine code (for example "tax_id.checksum") that the bot maps to a
    locale key and the backend to a field message; `field` names the offending field when the
    caller validates a structure; `params` carries values a message may mention (limits).
    The exception text holds the code only, never the value, so logging it leaks no personal data.
    """

    code: str
    field: str | None
    params: dict[str, object]

    def __init__(self, code: str, field: str | None = None, params: dict[str, object] | None = None) -> None:
        super().__init__(code if field is None else f"{field}: {code}")
        self.code = code
        self.field = field
        self.params = dict(params) if params else {}

    def __reduce__(self) -> tuple[type[InvalidValue], tuple[str, str | None, dict[str, object]]]:
        # The default would rebuild from the message text; errors cross process boundaries in workers.
        return type(self), (self.code, self.field, self.params)

    def __repr__(self) -> str:
        return f"InvalidValue(code={self.code!r}, field={self.field!r}, params={self.params!r})"
