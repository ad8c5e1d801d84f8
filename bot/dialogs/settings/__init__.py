"""Settings: language, notifications, sign out, erase."""
