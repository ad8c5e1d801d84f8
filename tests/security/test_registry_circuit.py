"""A registry that keeps failing is left alone for a while, and the cabinet notices when it is back.

Seen from the bot's API: after `circuit_failures` failed calls the backend answers `registry_unavailable`
at once without calling the registry; after `circuit_reset_seconds` one call probes it, and its success
brings everything back.
"""

from __future__ import annotations

from pathlib import Path

from tests.backend.app.conftest import person
from tests.security.faults import Fault
from tests.security.harness import FAST_TIMEOUTS, running_rig

FAILURES, RESET_S = 3, 30.0


class ManualMonotonic:
    """The adapter's breaker clock, moved by the test instead of by waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_the_circuit_opens_fails_fast_and_closes_when_the_registry_is_back(
    tmp_path: Path, security_registry_template: Path
) -> None:
    monotonic = ManualMonotonic()
    settings = {**FAST_TIMEOUTS, "circuit_failures": FAILURES, "circuit_reset_seconds": RESET_S}
    # Every read must reach the adapter and its breaker: with the session cache on, a repeated read of the person
    # would be answered from it (tests/backend/app/test_session_cache.py).
    async with running_rig(
        tmp_path,
        security_registry_template,
        ehealth=settings,
        adapter_options={"monotonic": monotonic},
        session_cache_ttl=0,
    ) as rig:
        tg = 92001
        await rig.cabinet.sign_in(tg, person("adult_with_declaration"))
        me = f"/v1/users/{tg}/me"

        rig.faults.inject(Fault.UNAVAILABLE)
        for _ in range(FAILURES):
            assert (await rig.api.get(me)).status_code == 503
        reached = len(rig.faults.seen)

        # Failing fast means not calling the registry at all (no wall-clock figure: a loaded machine varies).
        refused = await rig.api.get(me)
        assert refused.status_code == 503 and refused.json()["error"]["code"] == "registry_unavailable"
        assert len(rig.faults.seen) == reached, "an open circuit must not call the registry"

        rig.faults.clear()
        assert (await rig.api.get(me)).status_code == 503, "still open before the reset time"
        assert len(rig.faults.seen) == reached

        monotonic.now += RESET_S
        assert (await rig.api.get(me)).status_code == 200  # the trial call
        assert (await rig.api.get(me)).status_code == 200
        assert len(rig.faults.seen) > reached

        # A failed trial opens it again at once.
        rig.faults.inject(Fault.TIMEOUT)
        for _ in range(FAILURES):
            await rig.api.get(me)
        monotonic.now += RESET_S
        assert (await rig.api.get(me)).status_code == 503  # the trial, timed out
        probes = len(rig.faults.seen)
        assert (await rig.api.get(me)).status_code == 503
        assert len(rig.faults.seen) == probes
