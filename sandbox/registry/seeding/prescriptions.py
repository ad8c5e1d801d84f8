"""The test persons' e-prescriptions and dispenses (docs/test-persons.md lists them).

Fixed per person, dated from the seeding date; their ids, request numbers and verification codes come from
the seed's generator. O(test persons): the number of doctors does not change what is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sandbox.registry.rules import medication as rule
from sandbox.registry.rules.numbers import new_medication_request_number, new_verification_code
from sandbox.registry.seeding.context import SeedContext
from sandbox.registry.seeding.medicines import MEDICINE_BY_KEY, PHARMACY_BY_SETTLEMENT, Brand, Medicine, PharmacyOutlet


@dataclass(frozen=True)
class Prescriber:
    employee_id: str
    division_id: str
    legal_entity_id: str


@dataclass(frozen=True)
class Dispensed:
    days_ago: int
    lines: tuple[tuple[int, float], ...]  # (brand index, quantity)


@dataclass(frozen=True)
class Plan:
    """One prescription: its medicine, when it was issued, and what became of it."""

    medicine: str
    created_days_ago: int
    dispenses: tuple[Dispensed, ...] = ()
    rejected: tuple[int, str, str] | None = None  # (days ago, code, reason)
    note: str | None = None


# Олена Коваленко: every state a prescription can be in (one expiring in 2 days, one partly dispensed, …).
OLENA_PLANS: tuple[Plan, ...] = (
    Plan("metformin-1000", 27),  # ACTIVE, dispense_valid_to = today + 2: the "expires soon" reminder
    Plan("metformin-500", 10, (Dispensed(8, ((0, 30),)),)),  # ACTIVE, half dispensed
    Plan("bisoprolol-5", 3),  # ACTIVE
    Plan("insulin-glargine-100", 1, note="Контроль глікемії натще щоранку"),  # ACTIVE, «Інсуліни»
    Plan("amlodipine-5", 62, (Dispensed(60, ((0, 30),)),)),  # COMPLETED in one dispense
    Plan("metformin-500", 45, (Dispensed(44, ((1, 30),)), Dispensed(25, ((0, 30),)))),  # COMPLETED in two
    Plan(
        "enalapril-10",
        20,
        rejected=(
            19,
            "PATIENT_REJECT",
            "Пацієнтка відмовилася від препарату: сухий кашель під час попереднього прийому",
        ),
    ),  # REJECTED
    Plan("atorvastatin-20", 95),  # EXPIRED, never dispensed
)
MAKSYM_PLANS: tuple[Plan, ...] = (Plan("salbutamol-100", 5),)  # ACTIVE
VIACHESLAV_PLANS: tuple[Plan, ...] = (
    Plan("enalapril-10", 300, (Dispensed(298, ((0, 20), (1, 20))),)),  # COMPLETED: one dispense, two brands
    Plan("amlodipine-10", 270),  # EXPIRED
)


class PrescriptionSeeder:
    __test__ = False

    def __init__(self, ctx: SeedContext) -> None:
        self.ctx = ctx
        self.requests: list[dict[str, Any]] = []
        self.dispenses: list[dict[str, Any]] = []
        self.details: list[dict[str, Any]] = []

    def _at(self, day: date, hour: int, minute: int) -> datetime:
        return datetime.combine(day, time(hour, minute))

    def add(self, person_id: str, prescriber: Prescriber, settlement: str, plans: tuple[Plan, ...]) -> None:
        pharmacy = PHARMACY_BY_SETTLEMENT[settlement]
        for plan in plans:
            self._add(person_id, prescriber, pharmacy, plan)

    def _add(self, person_id: str, prescriber: Prescriber, pharmacy: PharmacyOutlet, plan: Plan) -> None:
        today = self.ctx.today
        medicine = MEDICINE_BY_KEY[plan.medicine]
        created = today - timedelta(days=plan.created_days_ago)
        valid_to = rule.dispense_valid_to(created)
        inserted = self._at(created, 9 + self.ctx.rng.randrange(8), self.ctx.rng.randrange(60))
        request_id = self.ctx.new_id()
        dispensed = 0.0
        last_change = inserted
        for dispensed_plan in plan.dispenses:
            dispensed += self._dispense(request_id, person_id, medicine, pharmacy, dispensed_plan)
            last_change = self.dispenses[-1]["updated_at"]
        status = rule.status_on(rule.status_after_dispense(medicine.qty, dispensed), valid_to, today)
        rejected_at = None
        if plan.rejected:
            status = rule.REJECTED
            rejected_at = today - timedelta(days=plan.rejected[0])
            last_change = self._at(rejected_at, 11, 5)
        elif status == rule.EXPIRED:
            last_change = self._at(valid_to + timedelta(days=1), 0, 5)
        self.requests.append(
            {
                "id": request_id,
                "request_number": new_medication_request_number(self.ctx.rng),
                "verification_code": new_verification_code(self.ctx.rng),
                "person_id": person_id,
                "employee_id": prescriber.employee_id,
                "division_id": prescriber.division_id,
                "legal_entity_id": prescriber.legal_entity_id,
                "innm_dosage_id": medicine.id,
                "medical_program_id": medicine.program.id,
                "medication_qty": medicine.qty,
                "status": status,
                "intent": "order",
                "category": "community",
                "encounter_id": self.ctx.new_id(),
                "dosage_instruction": [medicine.dosage],
                "note": plan.note,
                "created_at": created,
                "started_at": created,
                "ended_at": created + timedelta(days=medicine.treatment_days - 1),
                "dispense_valid_from": created,
                "dispense_valid_to": valid_to,
                "rejected_at": rejected_at,
                "rejected_by": prescriber.employee_id if plan.rejected else None,
                "reject_reason_code": plan.rejected[1] if plan.rejected else None,
                "reject_reason": plan.rejected[2] if plan.rejected else None,
                "inserted_at": inserted,
                "updated_at": last_change,
            }
        )

    def _dispense(
        self, request_id: str, person_id: str, medicine: Medicine, pharmacy: PharmacyOutlet, plan: Dispensed
    ) -> float:
        day = self.ctx.today - timedelta(days=plan.days_ago)
        at = self._at(day, 10 + self.ctx.rng.randrange(9), self.ctx.rng.randrange(60))
        dispense_id = self.ctx.new_id()
        paid = 0.0
        total = 0.0
        for position, (brand_index, qty) in enumerate(plan.lines):
            brand: Brand = medicine.brands[brand_index]
            money = rule.line_amounts(qty, brand.sell_price, brand.reimbursement_per_unit)
            paid += money.payment_amount
            total += qty
            self.details.append(
                {
                    "id": self.ctx.new_id(),
                    "dispense_id": dispense_id,
                    "position": position,
                    "medication_id": medicine.brand_id(brand),
                    "medication_qty": qty,
                    "sell_price": brand.sell_price,
                    "sell_amount": money.sell_amount,
                    "discount_amount": money.discount_amount,
                    "reimbursement_amount": money.reimbursement_amount,
                }
            )
        self.dispenses.append(
            {
                "id": dispense_id,
                "medication_request_id": request_id,
                "person_id": person_id,
                "pharmacy_id": pharmacy.id,
                "division_id": pharmacy.division_id,
                "medical_program_id": medicine.program.id,
                "status": rule.DISPENSE_PROCESSED,
                "dispensed_at": day,
                "dispensed_by": None,
                "payment_id": str(self.ctx.rng.randrange(1_000_000, 9_999_999)),
                "payment_amount": round(paid, 2),
                "note": None,
                "inserted_at": at,
                "inserted_by": pharmacy.pharmacist_id,
                "updated_at": at,
                "updated_by": pharmacy.pharmacist_id,
            }
        )
        return total
