"""The auth host (eHealth's Mithril): sign-in and sign-up pages, codes and tokens, approvals (the person's
accesses), the sandbox key store.
"""
