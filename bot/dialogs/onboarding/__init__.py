"""The first steps: consent, phone, sign-in with an e-signature."""
