"""Notifications for the bot: the outbox (emit, claim with a lease, acknowledge) and event kinds."""
