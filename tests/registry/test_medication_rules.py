"""The sandbox's e-prescription rules (sandbox.registry.rules.medication) and number formats, as pure functions."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from sandbox.registry.rules import medication as rule
from sandbox.registry.rules.numbers import (
    is_medication_request_number,
    new_medication_request_number,
    new_verification_code,
)

DAY = date(2026, 3, 10)


def test_the_dispense_window_counts_its_first_day() -> None:
    assert rule.dispense_valid_to(DAY) == DAY + timedelta(days=29)
    assert rule.dispense_valid_to(DAY, 1) == DAY


@pytest.mark.parametrize(
    ("status", "today", "expected"),
    [
        ("ACTIVE", DAY, "ACTIVE"),  # the last day still counts
        ("ACTIVE", DAY + timedelta(days=1), "EXPIRED"),
        ("COMPLETED", DAY + timedelta(days=1), "COMPLETED"),
        ("REJECTED", DAY + timedelta(days=9), "REJECTED"),
    ],
)
def test_an_active_request_expires_the_day_after_its_window(status: str, today: date, expected: str) -> None:
    assert rule.status_on(status, DAY, today) == expected


def test_only_processed_dispenses_count_and_a_partial_one_leaves_it_active() -> None:
    dispensed = rule.dispensed_quantity([("PROCESSED", 30), ("REJECTED", 30), ("NEW", 10)])
    assert dispensed == 30
    assert rule.status_after_dispense(60, dispensed) == "ACTIVE"
    assert rule.status_after_dispense(60, 60) == "COMPLETED"
    assert rule.status_after_dispense(1.5, 1.5 - 1e-12) == "COMPLETED"
    assert rule.remaining_quantity(60, 70) == 0


@pytest.mark.parametrize(
    ("status", "today", "remaining", "qty", "refused"),
    [
        ("ACTIVE", DAY, 60, 60, False),
        ("ACTIVE", DAY, 60, 61, True),
        ("ACTIVE", DAY, 60, 0, True),
        ("ACTIVE", DAY - timedelta(days=31), 60, 10, True),  # before the window
        ("ACTIVE", DAY + timedelta(days=30), 60, 10, True),  # after it
        ("COMPLETED", DAY, 0, 1, True),
        ("REJECTED", DAY, 60, 1, True),
    ],
)
def test_dispense_refusal(status: str, today: date, remaining: float, qty: float, refused: bool) -> None:
    valid_from = DAY - timedelta(days=5)
    result = rule.dispense_refusal(status, valid_from, rule.dispense_valid_to(valid_from), today, remaining, qty)
    assert (result is not None) is refused


def test_line_amounts_the_programme_pays_up_to_the_price() -> None:
    fully = rule.line_amounts(60, 1.42, 1.42)
    assert (fully.sell_amount, fully.reimbursement_amount, fully.payment_amount) == (85.2, 85.2, 0.0)
    copay = rule.line_amounts(30, 4.68, 1.86)
    assert (copay.sell_amount, copay.reimbursement_amount, copay.payment_amount) == (140.4, 55.8, 84.6)
    capped = rule.line_amounts(10, 1.0, 2.0)
    assert capped.reimbursement_amount == 10.0 and capped.payment_amount == 0.0


def test_short_name_as_the_blueprint_shows_it() -> None:
    assert rule.short_name("Петро", "Іванов", "Іванович") == "Петро І. І."
    assert rule.short_name("Олена", "Коваленко", None) == "Олена К."


def test_request_numbers_and_codes() -> None:
    rng = random.Random(1)
    numbers = {new_medication_request_number(rng) for _ in range(200)}
    assert len(numbers) == 200 and all(is_medication_request_number(n) for n in numbers)
    assert is_medication_request_number("0000-243P-1X53-EH38")  # the Blueprint's example
    for bad in ("0000-243P-1X53", "0000-243P-1X53-EH3B", "0000-243p-1x53-eh38", None):
        assert not is_medication_request_number(bad)
    code = new_verification_code(rng)
    assert code.isdigit() and len(code) == 4
