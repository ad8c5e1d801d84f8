"""Demo and test controls outside eHealth's paths (`/sandbox/...`): the clock, test persons, accesses,
declaration states.
"""
