"""My data: view and signed changes."""
