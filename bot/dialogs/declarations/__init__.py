"""The declarations flow."""
