"""Search keys and typo correction: the pure rules both implementations share."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.directory import keys
from backend.directory.documents import DoctorDocument
from backend.directory.rows import name_words

CYRILLIC = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
words = st.text(alphabet=CYRILLIC, min_size=1, max_size=12)


def osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance, the textbook dynamic programme (a reference for the fast check)."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


@given(words, words)
def test_within_one_edit_agrees_with_the_edit_distance(a: str, b: str) -> None:
    assert keys.within_one_edit(a, b) == (osa_distance(a, b) <= 1)


EDITS = ["insert", "delete", "replace", "swap"]


def edited(word: str, position: int, edit: str, letter: str) -> str:
    head, tail = word[:position], word[position:]
    if edit == "insert":
        return head + letter + tail
    if edit == "delete":
        return head + tail[1:]
    if edit == "replace":
        return head + letter + tail[1:]
    return head + tail[1:2] + tail[:1] + tail[2:]  # swap two neighbours


@given(words, st.integers(min_value=0), st.sampled_from(EDITS), st.sampled_from(CYRILLIC))
def test_words_one_edit_apart_share_a_deletion_variant(word: str, position: int, edit: str, letter: str) -> None:
    typo = edited(word, position % len(word), edit, letter)
    assert keys.deletion_variants(word) & keys.deletion_variants(typo)
    assert keys.within_one_edit(word, typo)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Мар’яна", ("маряна",)),
        ("  МАРʼЯНА   Шевченко-Бойко ", ("маряна", "шевченко", "бойко")),
        ("Мар`яна_Петрівна", ("маряна", "петрівна")),
        ("Ю.", ("ю",)),
        ("‘’ʼ!?", ()),
    ],
)
def test_tokens_fold_case_apostrophes_and_punctuation(typed: str, expected: tuple[str, ...]) -> None:
    assert keys.tokens(typed) == expected


def test_query_tokens_read_latin_as_cyrillic_and_stay_short() -> None:
    assert keys.query_tokens("Shevchenko Mariana") == ("шевченко", "маряна")
    assert len(keys.query_tokens("а " * 50)) == keys.MAX_QUERY_TOKENS
    assert keys.query_tokens("ш" * 500) == ("ш" * keys.MAX_WORD_LENGTH,)


@given(st.text(max_size=40))
def test_tokens_are_folded_words_only(text: str) -> None:
    for token in keys.tokens(text):
        assert token and token.isalnum()
        assert keys.tokens(token) == (token,)


def test_place_keys_drop_type_words() -> None:
    assert keys.settlement_key("м. Кам’янець-Подільський") == keys.settlement_key("кам'янець подільський")
    assert keys.settlement_key("смт Ворохта") == "ворохта"
    assert keys.settlement_key("Lviv") == "львів"
    assert keys.area_key("Львівська обл.") == keys.area_key("ЛЬВІВСЬКА") == "львівська"


def test_sort_key_follows_the_ukrainian_alphabet() -> None:
    alphabetical = ["Гаврилюк", "Ґалаґан", "Еней", "Єременко", "Исаєнко", "Іваненко", "Їжак", "Йосипенко", "Яковенко"]
    shuffled = alphabetical[::-1]
    assert sorted(shuffled, key=lambda name: keys.sort_key(keys.tokens(name))) == alphabetical
    assert keys.sort_key(("іван",)) < keys.sort_key(("іван", "петрович")) < keys.sort_key(("іванов",))


_NAME_PART = st.one_of(
    st.none(), st.text(alphabet=st.sampled_from(list("Мар’яна ʼ'-ШевченкоЇжакiI.´\u0301 _")), max_size=12)
)


@given(_NAME_PART, _NAME_PART, _NAME_PART)
def test_a_name_is_tokenised_by_its_parts_as_a_whole(last: str | None, first: str | None, second: str | None) -> None:
    document = DoctorDocument(
        employee_id="e",
        party_id="p",
        full_name="",
        first_name=first or "",
        last_name=last or "",
        second_name=second,
        division_id="d",
        division_name="",
        legal_entity_id="l",
        legal_entity_name="",
        status="APPROVED",
    )
    whole = " ".join(filter(None, (document.last_name, document.first_name, document.second_name)))
    assert name_words(document) == keys.tokens(whole)
