"""The cabinet's e-prescriptions: medication requests and their dispenses (routes, shapes, lifecycle)."""
