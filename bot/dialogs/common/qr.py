"""A QR code of a number (a prescription's, a referral's), made in memory as a PNG for a pharmacy's or a
clinic's scanner.

`segno` is imported on first use: most patients never show a number, so the bot at rest does not carry it.
"""

from __future__ import annotations

import io

QR_SCALE = 10  # pixels per module: a phone held up to a scanner, not a thumbnail
QR_BORDER = 4  # the quiet zone the QR standard asks for


def qr_png(text: str) -> bytes:
    """A QR code of exactly `text` (medium error correction), as PNG bytes."""
    import segno  # lazy on purpose (see the module docstring)

    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=QR_SCALE, border=QR_BORDER)
    return buffer.getvalue()
