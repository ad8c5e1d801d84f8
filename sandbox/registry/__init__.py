"""The registry sandbox: an eHealth-compatible service (auth host, PIS API, cabinet person update, portal search).

It stands in for eHealth and judges our backend, so its rules come from the protocol (`rules/`, written from
DOMAIN.md and the public Blueprints) and it imports nothing from `backend` or `bot`. Entry points stay at the
top: `app.create_app`, `config.RegistrySettings`, `server.serve`, `seed.seed_database`; the rest is grouped
by resource: `core`, `auth`, `persons`, `declarations`, `portal`, `controls`, `seeding`.
"""
