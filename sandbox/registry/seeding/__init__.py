"""Data generation of the registry sandbox's seed (`sandbox.registry.seed` writes it).

geography: regions and settlements from GeoNames; names: doctors' names; contacts: phones,
addresses, working hours; clinics: legal entities and divisions; doctors: parties and employee
records; clients: OAuth clients; test_persons: the fixed test persons with keys and declarations.
"""
