"""Routers of the bot's API, one per resource."""
