"""Legal entities (clinics) and their divisions, placed in the directory's settlements."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sandbox.registry.seeding import contacts
from sandbox.registry.seeding.context import SeedContext
from sandbox.registry.seeding.geography import CITY_REGIONS, KYIV_CITY_ADMIN1, SettlementData, hosts_clinics

DOCTORS_PER_DIVISION = 4
DIVISIONS_PER_LEGAL_ENTITY = 3
PRIVATE_SHARE = 0.2
# A legal entity's further divisions stay in its settlement this often, else go to another one nearby.
SAME_SETTLEMENT_SHARE = 0.55
# …and then mostly to a township or a village: that is where ambulatories and FAPs are.
RURAL_SHARE = 0.7

_PHC_CENTRE = "Центр первинної медико-санітарної допомоги"
# Kyiv's primary care is organised by district: "… Оболонського району м. Києва".
_KYIV_DISTRICTS_GENITIVE = (
    "Голосіївського", "Дарницького", "Деснянського", "Дніпровського", "Оболонського",
    "Печерського", "Подільського", "Святошинського", "Солом’янського", "Шевченківського",
)  # fmt: skip
_MAILBOX = {"CLINIC": "viddilennia", "AMBULANT_CLINIC": "ambulatoriia", "FAP": "fap"}
_PRIVATE_BRANDS = (
    "Калина", "Джерело", "Берегиня", "Оберіг", "Лелека", "Світанок", "Родина", "Ясен", "Верба",
    "Смарагд", "Добра практика", "Сімейний лікар", "Здоров’я родини", "Медицина поруч", "Зірниця",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DivisionRef:
    """What the doctors' part needs to know about a division."""

    id: str
    legal_entity_id: str
    settlement: SettlementData
    type: str
    legal_entity_active: bool


@dataclass
class Clinics:
    legal_entities: list[dict[str, Any]]
    divisions: list[dict[str, Any]]
    refs: list[DivisionRef]
    # An active clinic's main division in each settlement where test persons live, so they find doctors at home.
    home_divisions: list[DivisionRef]


@dataclass
class _LegalEntityPlan:
    id: str
    settlement: SettlementData
    private: bool
    name: str
    public_name: str
    brand: str | None  # a private clinic's trade name
    mail_domain: str
    status: str = "ACTIVE"
    divisions: int = 1


def edrpou(number: int) -> str:
    """An 8-digit ЄДРПОУ code: seven digits and the registry's control digit."""
    digits = [int(d) for d in f"{number:07d}"]
    weights = [7, 1, 2, 3, 4, 5, 6] if 3_000_000 <= number < 6_000_000 else [1, 2, 3, 4, 5, 6, 7]
    check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
    if check == 10:
        check = sum((w + 2) * d for w, d in zip(weights, digits, strict=True)) % 11 % 10
    return f"{number:07d}{check}"


def _weight(settlement: SettlementData) -> float:
    # Clinics follow people, but not linearly: a village gets a clinic more often than its share.
    return math.pow(settlement.population, 0.7)


def _municipal_names(settlement: SettlementData, index: int) -> tuple[str, str]:
    """(name, public_name) of a municipal primary care centre; `index` counts from 0 per settlement."""
    if settlement.region_admin1 == KYIV_CITY_ADMIN1:
        district = _KYIV_DISTRICTS_GENITIVE[index % len(_KYIV_DISTRICTS_GENITIVE)]
        number = index // len(_KYIV_DISTRICTS_GENITIVE) + 1
        suffix = f"{district} району м. Києва"
        return (
            f"Комунальне некомерційне підприємство «{_PHC_CENTRE} №{number}» {suffix}",
            f"КНП «ЦПМСД №{number}» {suffix}",
        )
    label = contacts.settlement_label(settlement)
    # A township's or village's only centre needs no number.
    numbered = "" if index == 0 and settlement.type != "CITY" else f" №{index + 1}"
    return (
        f"Комунальне некомерційне підприємство «{_PHC_CENTRE}{numbered}», {label}",
        f"КНП «ЦПМСД{numbered}», {label}",
    )


def _plan_legal_entities(
    ctx: SeedContext, count: int, settlements: list[SettlementData], homes: list[SettlementData]
) -> list[_LegalEntityPlan]:
    rng = ctx.rng
    # The test persons' home settlements first, then every region (largest centres first when there are fewer
    # clinics than regions), then by weight.
    by_region: dict[str, list[SettlementData]] = defaultdict(list)
    for settlement in settlements:
        by_region[settlement.region_admin1].append(settlement)
    firsts = list(homes)
    firsts += sorted(
        (places[0] for places in by_region.values() if places[0] not in homes), key=lambda s: -s.population
    )
    towns = [s for s in settlements if s.type != "VILLAGE"]
    weights = [_weight(s) for s in towns]
    chosen = firsts[:count] + rng.choices(towns, weights=weights, k=max(0, count - len(firsts)))
    per_settlement: Counter[str] = Counter()
    plans: list[_LegalEntityPlan] = []
    for position, settlement in enumerate(chosen):
        private = position >= len(firsts) and rng.random() < PRIVATE_SHARE
        place = contacts.latin_slug(settlement.name)
        if private:
            brand = rng.choice(_PRIVATE_BRANDS)
            name = f"Товариство з обмеженою відповідальністю «{brand}»"
            public_name = f"ТОВ «{brand}»"
            mail_domain = f"{contacts.latin_slug(brand)}-{place}.com.ua"
        else:
            brand = None
            name, public_name = _municipal_names(settlement, per_settlement[settlement.id])
            per_settlement[settlement.id] += 1
            mail_domain = f"cpmsd{per_settlement[settlement.id]}.{place}.ua"
        plans.append(_LegalEntityPlan(ctx.new_id(), settlement, private, name, public_name, brand, mail_domain))
    # A few clinics that stopped working, so the rules about them can be tried: preferably not a
    # region's first one, and never a home's.
    closable = plans[len(firsts) :] if len(plans) - len(firsts) >= 2 else plans[len(homes) :]
    for status in ("SUSPENDED", "CLOSED"):
        for _ in range(max(1, count // 100) if closable else 0):
            plan = closable.pop(rng.randrange(len(closable))) if closable else None
            if plan is not None:
                plan.status = status
    return plans


def _division_type(ctx: SeedContext, settlement: SettlementData, first: bool) -> str:
    if settlement.type == "VILLAGE":
        return "FAP" if not first and ctx.rng.random() < 0.6 else "AMBULANT_CLINIC"
    if settlement.type == "TOWNSHIP":
        return "AMBULANT_CLINIC"
    if first:
        return "CLINIC"
    return "CLINIC" if ctx.rng.random() < 0.2 else "AMBULANT_CLINIC"


def _division_name(plan: _LegalEntityPlan, settlement: SettlementData, division_type: str, number: int) -> str:
    label = contacts.settlement_label(settlement)
    if plan.brand is not None:
        return f"Медичний центр «{plan.brand}», {label}"
    if division_type == "FAP":
        return f"Фельдшерсько-акушерський пункт {label}"
    if division_type == "CLINIC":
        return f"Поліклінічне відділення №{number}"
    if settlement.type == "CITY":
        return f"Амбулаторія загальної практики – сімейної медицини №{number}"
    return f"Амбулаторія загальної практики – сімейної медицини {label}"


def _legal_entity_row(ctx: SeedContext, plan: _LegalEntityPlan, code: str) -> dict[str, Any]:
    return {
        "id": plan.id,
        "name": plan.name,
        "public_name": plan.public_name,
        "edrpou": code,
        "type": "MSP" if plan.private else "PRIMARY_CARE",
        "status": plan.status,
        "email": f"info@{plan.mail_domain}",
        "phones": contacts.phones(ctx.rng, plan.settlement),
        "addresses": [contacts.address(ctx.rng, ctx.fake, plan.settlement, "REGISTRATION")],
    }


def build_clinics(
    ctx: SeedContext, doctors: int, settlements: list[SettlementData], homes: Sequence[str] = ()
) -> Clinics:
    """Legal entities and divisions for `doctors` doctors, in government-controlled settlements; each of `homes`
    (settlement names) gets an active municipal clinic of its own."""
    rng = ctx.rng
    hosting = [s for s in settlements if hosts_clinics(s)]
    home_places = [next(s for s in hosting if s.name == name and s.type == "CITY") for name in dict.fromkeys(homes)]
    division_count = max(2, math.ceil(doctors / DOCTORS_PER_DIVISION))
    plan_count = max(len(home_places), 1, division_count // DIVISIONS_PER_LEGAL_ENTITY)
    plans = _plan_legal_entities(ctx, plan_count, hosting, home_places)
    # Municipal centres run several ambulatories; private clinics one or two.
    extra = rng.choices(plans, weights=[1 if p.private else 3 for p in plans], k=max(0, division_count - len(plans)))
    for plan in extra:
        plan.divisions += 1
    by_region: dict[str, list[SettlementData]] = defaultdict(list)
    rural_by_region: dict[str, list[SettlementData]] = defaultdict(list)
    for settlement in hosting:
        by_region[settlement.region_admin1].append(settlement)
        if settlement.type != "CITY":
            rural_by_region[settlement.region_admin1].append(settlement)

    codes = rng.sample(range(2_000_000, 4_500_000), len(plans))
    legal_entities: list[dict[str, Any]] = []
    divisions: list[dict[str, Any]] = []
    refs: list[DivisionRef] = []
    for plan, code in zip(plans, codes, strict=True):
        legal_entities.append(_legal_entity_row(ctx, plan, edrpou(code)))
        numbers: Counter[str] = Counter()
        for position in range(plan.divisions):
            settlement = plan.settlement
            region = settlement.region_admin1
            if position and region not in CITY_REGIONS and rng.random() > SAME_SETTLEMENT_SHARE:
                rural = rural_by_region[region]
                settlement = rng.choice(rural if rural and rng.random() < RURAL_SHARE else by_region[region])
            division_type = _division_type(ctx, settlement, first=position == 0)
            numbers[division_type] += 1
            latitude, longitude = contacts.jittered(rng, settlement)
            division_id = ctx.new_id()
            divisions.append(
                {
                    "id": division_id,
                    "legal_entity_id": plan.id,
                    "settlement_id": settlement.id,
                    "name": _division_name(plan, settlement, division_type, numbers[division_type]),
                    "type": division_type,
                    # eHealth deactivates the divisions of a closed legal entity.
                    "status": "INACTIVE" if plan.status == "CLOSED" else "ACTIVE",
                    "email": f"{_MAILBOX[division_type]}{numbers[division_type]}@{plan.mail_domain}",
                    "phones": contacts.phones(rng, settlement),
                    "addresses": [contacts.address(rng, ctx.fake, settlement, "RESIDENCE")],
                    "working_hours": contacts.working_hours(rng, division_type),
                    "latitude": latitude,
                    "longitude": longitude,
                    "updated_at": ctx.moment_within(60),
                }
            )
            refs.append(DivisionRef(division_id, plan.id, settlement, division_type, plan.status == "ACTIVE"))
    # A home's plan is among the first, never closed, and its first division is in the home settlement.
    home_divisions = [next(r for r in refs if r.legal_entity_id == plans[i].id) for i in range(len(home_places))]
    return Clinics(legal_entities, divisions, refs, home_divisions)
