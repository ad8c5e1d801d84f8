"""Shared plumbing of the registry sandbox: the clock, the database and its tables, request dependencies,
eHealth's envelope and error format, OAuth scopes.
"""
