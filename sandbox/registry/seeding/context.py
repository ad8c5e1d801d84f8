"""What every part of the seed draws from: one random generator, one clock, one id source."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from faker import Faker

from sandbox.registry.seeding.names import NameGenerator


@dataclass
class SeedContext:
    rng: random.Random
    today: date
    fake: Faker = field(init=False)
    names: NameGenerator = field(init=False)

    def __post_init__(self) -> None:
        self.fake = Faker("uk_UA")
        self.fake.seed_instance(self.rng.getrandbits(64))
        self.names = NameGenerator(self.rng)

    @classmethod
    def create(cls, seed: int, today: date) -> SeedContext:
        return cls(rng=random.Random(seed), today=today)

    @property
    def moment(self) -> datetime:
        """The seed's "now" (naive UTC, like the tables): a fixed hour of `today`, for determinism."""
        return datetime.combine(self.today, time(6, 0))

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def moment_within(self, days: int) -> datetime:
        """A moment in the last `days` days, to the second."""
        return self.moment - timedelta(seconds=self.rng.randrange(days * 86_400))

    def date_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))
