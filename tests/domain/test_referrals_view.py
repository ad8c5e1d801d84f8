"""The rules behind a referral's words: its state, the order of a list (open first), the hidden number. The words
are the bot's (tests/bot/test_referrals.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from backend.domain.masking import mask_record_number
from backend.domain.prescriptions_view import mask_request_number
from backend.domain.referrals_view import EXPIRED, OPEN, REFERRAL_STATE, mask_requisition, open_first, referral_state

Item = tuple[str, bool, str, datetime]


def test_the_state_a_patient_reads() -> None:
    assert referral_state("active", True) == OPEN
    assert referral_state("active", False) == EXPIRED
    assert referral_state("completed", False) == "completed"
    assert referral_state(" Recalled ", False) == "recalled"
    assert REFERRAL_STATE.key(referral_state(None, False)) == "ref-state-other"


MOMENTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC))
ITEMS = st.lists(
    st.tuples(
        st.uuids().map(str),
        st.booleans(),
        st.sampled_from(["active", "completed", "recalled", "entered_in_error"]),
        MOMENTS,
    ),
    max_size=20,
)


@given(ITEMS)
def test_open_referrals_come_first_and_each_part_newest_first(items: list[Item]) -> None:
    ordered = open_first(items, is_open=lambda i: i[1], status=lambda i: i[2], at=lambda i: i[3], key=lambda i: i[0])
    assert all(item[2] != "entered_in_error" for item in ordered)
    assert sorted(ordered) == sorted(item for item in items if item[2] != "entered_in_error")
    flags = [item[1] for item in ordered]
    assert flags == sorted(flags, reverse=True)  # every open one before every other
    for part in (True, False):
        moments = [item[3] for item in ordered if item[1] is part]
        assert moments == sorted(moments, reverse=True)


def test_the_number_is_hidden_as_a_prescriptions_is() -> None:
    assert mask_requisition("0000-243P-1X53-EH38") == "0000-243P-****-EH38"
    assert mask_requisition is mask_record_number and mask_request_number is mask_record_number
