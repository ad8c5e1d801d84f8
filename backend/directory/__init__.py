"""The doctor directory: a fast search index over the registry's doctors (SQLite FTS5 or PostgreSQL)."""
