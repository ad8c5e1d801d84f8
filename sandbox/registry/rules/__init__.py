"""eHealth's rules as the registry sandbox reads them from the protocol, as pure functions (no I/O).

Written from `../shared/DOMAIN.md` and the public Blueprints in `../shared/ref/`, never from the
product's code: the sandbox is the judge of our backend, so it must not share the backend's reading.
Each function's docstring names the DOMAIN section or Blueprint structure it follows.

- `access`: who may sign in, view and act, by age and legal capacity (DOMAIN §1, §3).
- `declarations`: which doctor a patient may choose, limits, statuses, replacement, expiry, end dates (DOMAIN §3).
- `numbers`: РНОКПП, УНЗР, phone and declaration number formats (DOMAIN §3, §4).
- `masking`: how eHealth masks numbers in `urgent` blocks and masked structures (Blueprint examples).
- `person_data`: which person fields a patient may change and what each must look like (DOMAIN §4).
- `medication`: e-prescription statuses, expiry, dispensing and its money (DOMAIN §8).
- `text`: apostrophe forms and case folding for comparing names (DOMAIN §4).
"""
