"""Writing to the directory: upserts, removals, declaration limits, settlements and reading back."""

from __future__ import annotations

from datetime import UTC, datetime

from backend.directory.index import DoctorIndex
from backend.directory.query import DoctorQuery
from backend.registry.port import DeclarationsLimit
from tests.backend.directory.conftest import LVIV, doctor, load


async def found(index: DoctorIndex, text: str) -> list[str]:
    page = await index.search(DoctorQuery(text=text, only_available=False))
    return [hit.document.employee_id for hit in page.hits]


async def test_a_document_reads_back_as_it_was_written(index: DoctorIndex) -> None:
    written = doctor(
        "e-1",
        "Мельничук",
        "Мар’яна",
        "Ігорівна",
        about="Сімейна лікарка",
        working_experience=12,
        phones=("+380441234567", "+380671234567"),
        working_hours={"mon": (("08.00", "12.00"), ("13.00", "17.00")), "sat": (("09.00", "13.00"),)},
        updated_at=datetime(2026, 2, 10, 9, 30, tzinfo=UTC),
    )
    await load(index, [written])
    assert await index.get("e-1") == written
    assert await index.get("nobody") is None
    assert await index.count() == 1


async def test_upsert_replaces_the_record_and_its_name_index(index: DoctorIndex) -> None:
    await load(index, [doctor("e-1", "Гончаренко", "Ольга")])
    renamed = doctor("e-1", "Литвиненко", "Ольга", settlement="Львів", area="Львівська", place=LVIV)
    await load(index, [renamed])
    assert await index.count() == 1
    assert await found(index, "Гончаренко") == []
    assert await found(index, "Литвиненко") == ["e-1"]
    assert await index.get("e-1") == renamed
    page = await index.search(DoctorQuery(settlement="Львів"))
    assert [hit.document.employee_id for hit in page.hits] == ["e-1"]


async def test_the_last_copy_of_a_record_in_one_batch_wins(index: DoctorIndex) -> None:
    await load(index, [doctor("e-1", "Гончаренко", "Ольга"), doctor("e-1", "Гончаренко", "Олена")])
    stored = await index.get("e-1")
    assert stored is not None and stored.first_name == "Олена"


async def test_removed_records_are_gone_from_search_and_reads(index: DoctorIndex) -> None:
    await load(index, [doctor("e-1", "Гончаренко", "Ольга"), doctor("e-2", "Гончаренко", "Петро")])
    assert await index.remove(["e-1", "not-indexed"]) == 1
    assert await index.remove([]) == 0
    assert await index.get("e-1") is None
    assert await found(index, "Гончаренко") == ["e-2"]
    assert await index.count() == 1
    assert await index.employee_ids() == {"e-2"}


async def test_maintenance_forgets_the_words_of_removed_doctors(index: DoctorIndex) -> None:
    # While Шевенкович is listed, "Шевенко" is the start of a name, not a typo of Шевченко.
    await load(index, [doctor("stays", "Шевченко", "Ольга"), doctor("leaves", "Шевенкович", "Петро")])
    assert await found(index, "Шевенко") == ["leaves"]
    await index.remove(["leaves"])
    assert await found(index, "Шевенко") == []
    await index.maintain()
    assert await found(index, "Шевенко") == ["stays"]


async def test_limits_apply_to_every_record_of_the_party(index: DoctorIndex) -> None:
    await load(
        index,
        [
            doctor("first-job", "Гнатюк", "Ольга", party_id="party-1", declaration_limit=1800),
            doctor("second-job", "Гнатюк", "Ольга", party_id="party-1", declaration_limit=900, legal_entity_id="c-2"),
            doctor("other", "Гнатюк", "Петро", party_id="party-2"),
        ],
    )
    first = await index.get("first-job")
    assert first is not None and first.free_places is None  # unknown until the registry's count arrives

    await index.apply_limits([DeclarationsLimit("party-1", 900, 880), DeclarationsLimit("party-2", 1800, 1800)])

    for employee_id in ("first-job", "second-job"):
        document = await index.get(employee_id)
        assert document is not None
        assert (document.declaration_limit, document.declaration_count, document.free_places) == (900, 880, 20)
    other = await index.get("other")
    assert other is not None and other.free_places == 0
    with_places = await index.search(DoctorQuery(text="Гнатюк", with_free_places=True))
    assert sorted(hit.document.employee_id for hit in with_places.hits) == ["first-job", "second-job"]


async def test_a_record_arriving_after_the_limits_gets_its_partys_numbers(index: DoctorIndex) -> None:
    await load(index, [doctor("first-job", "Гнатюк", "Ольга", party_id="party-1")])
    await index.apply_limits([DeclarationsLimit("party-1", 1800, 1500)])
    await load(index, [doctor("new-job", "Гнатюк", "Ольга", party_id="party-1", legal_entity_id="c-2")])
    # A re-synced copy of the first record keeps the known count too.
    await load(index, [doctor("first-job", "Гнатюк", "Ольга", party_id="party-1", about="Оновлено")])
    for employee_id in ("first-job", "new-job"):
        document = await index.get(employee_id)
        assert document is not None and document.free_places == 300


async def test_limits_of_a_party_without_records_are_kept_for_later(index: DoctorIndex) -> None:
    await index.apply_limits([DeclarationsLimit("party-9", 2000, 100)])
    await load(index, [doctor("late", "Ярошенко", "Іван", party_id="party-9")])
    document = await index.get("late")
    assert document is not None and document.free_places == 1900


async def test_only_limits_that_changed_are_written(index: DoctorIndex) -> None:
    await load(index, [doctor("first-job", "Гнатюк", "Ольга", party_id="party-1")])
    limits = [DeclarationsLimit("party-1", 1800, 1500), DeclarationsLimit("party-2", 900, 10)]
    assert await index.apply_limits(limits) == 2
    assert await index.apply_limits(limits) == 0  # the same numbers again: nothing written
    assert await index.apply_limits([DeclarationsLimit("party-1", 1800, 1501), limits[1]]) == 1
    document = await index.get("first-job")
    assert document is not None and document.free_places == 299


async def test_limits_remembered_without_spreading_leave_the_records_to_their_writer(index: DoctorIndex) -> None:
    """A full sync writes each record with its party's numbers itself: the limits need not touch the rows."""
    await load(index, [doctor("first-job", "Гнатюк", "Ольга", party_id="party-1")])
    assert await index.apply_limits([DeclarationsLimit("party-1", 1800, 1500)], spread=False) == 1
    untouched = await index.get("first-job")
    assert untouched is not None and untouched.declaration_count is None
    await load(index, [doctor("new-job", "Гнатюк", "Ольга", party_id="party-1", legal_entity_id="c-2")])
    arrived = await index.get("new-job")
    assert arrived is not None and arrived.free_places == 300  # remembered for records written later


async def test_settlements_by_the_start_of_their_name(index: DoctorIndex) -> None:
    await load(
        index,
        [
            doctor("l1", "Ткач", "Олег", settlement="Львів", area="Львівська", place=LVIV),
            doctor("l2", "Ткач", "Ганна", settlement="Львів", area="Львівська", place=LVIV),
            doctor("l3", "Ткач", "Іван", settlement="Львове", area="Херсонська", settlement_type="VILLAGE"),
            doctor("k1", "Ткач", "Ірина", settlement="Кам’янське", area="Дніпропетровська"),
            doctor("gone", "Ткач", "Марко", settlement="Львів", area="Львівська", status="NEW"),
        ],
    )
    matches = await index.settlements("льв")
    assert [(m.name, m.area, m.doctors) for m in matches] == [("Львів", "Львівська", 2), ("Львове", "Херсонська", 1)]
    assert matches[1].settlement_type == "VILLAGE"
    assert [m.name for m in await index.settlements("Кам'ян")] == ["Кам’янське"]
    assert [m.name for m in await index.settlements("м. Льв", limit=1)] == ["Львів"]
    assert [m.name for m in await index.settlements("Lviv")] == ["Львів"]
    assert await index.settlements("") == []
    assert await index.settlements("Одеса") == []
