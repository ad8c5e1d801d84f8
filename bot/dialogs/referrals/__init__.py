"""The referrals flow (Направлення): open referrals first, a card, showing one's number as a QR code."""
