"""Shared pieces of every dialog: the error text, common widgets and getters."""
