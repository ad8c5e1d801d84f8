"""The doctor search flow."""
