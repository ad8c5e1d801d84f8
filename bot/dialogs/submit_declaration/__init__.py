"""The submit declaration flow."""
