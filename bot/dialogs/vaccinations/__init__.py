"""The vaccinations flow (Щеплення): the vaccinations given, what the national calendar says is due next."""
