"""The signing page: single-use links to sign a declaration request or a change of personal data
with the patient's own e-signature, and the signature providers behind it."""
