"""The JSON API the bot calls (`/v1/...`): routers per resource, shared dependencies and errors."""
