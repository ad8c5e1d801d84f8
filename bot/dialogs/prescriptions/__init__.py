"""The prescriptions flow (Мої рецепти)."""
