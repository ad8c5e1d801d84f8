"""Push notifications: outbox events from the backend → Telegram messages within Telegram's limits.

`service.Notifier` claims, sends and acknowledges; `rendering` turns an event into a message; `limits` keeps the
global and per-chat rates; `router` answers the buttons of notifications and notices blocked chats; `home`
greets a patient who just signed in and opens the main menu; `process` runs the notifier on its own.
"""
