"""Sign-in with the patient's e-signature (OAuth at the registry's auth host) and the patient's
registry session (token refresh)."""
