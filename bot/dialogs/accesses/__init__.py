"""The accesses flow."""
