from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.text import APOSTROPHES, fold, has_latin, latin_to_cyrillic, unify_apostrophes
from tests.domain.strategies import UKRAINIAN_LOWER, any_text


def test_all_usual_apostrophe_forms_are_known() -> None:
    for form in "'’ʼ`´‘ʹ":
        assert form in APOSTROPHES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Мар’яна   ПЕТРЕНКО ", "мар'яна петренко"),
        ("МАРʼЯНА", "мар'яна"),
        ("Мар´яна", "мар'яна"),
        ("Мар`яна\tі\nОлег", "мар'яна і олег"),
        ("ＫＹＩＶ", "kyiv"),
        ("Straße", "strasse"),
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@given(any_text)
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_is_idempotent_on_any_unicode(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(
    before=st.text(alphabet=UKRAINIAN_LOWER + " ", max_size=10),
    after=st.text(alphabet=UKRAINIAN_LOWER + " ", max_size=10),
    first=st.sampled_from(APOSTROPHES),
    second=st.sampled_from(APOSTROPHES),
)
def test_fold_ignores_which_apostrophe(before: str, after: str, first: str, second: str) -> None:
    assert fold(before + first + after) == fold(before + second + after)


@given(st.text(alphabet=UKRAINIAN_LOWER + "'’ -", max_size=30))
def test_fold_ignores_case_of_ukrainian_text(text: str) -> None:
    assert fold(text.upper()) == fold(text.lower()) == fold(text.title())


@given(any_text)
def test_fold_leaves_no_other_apostrophe_or_extra_space(text: str) -> None:
    folded = fold(text)
    assert not set(folded) & (set(APOSTROPHES) - {"'"})
    assert folded == folded.strip()
    assert "  " not in folded


def test_unify_apostrophes() -> None:
    assert unify_apostrophes("п'ять пʼять п`ять") == "п’ять п’ять п’ять"
    assert unify_apostrophes("п’ять", "'") == "п'ять"


# The brief's examples and the oblast centres, plus common names and surnames.
REAL_NAMES = [
    ("shevchenko", "шевченко"),
    ("zghurskyi", "згурський"),
    ("yurii", "юрій"),
    ("kyiv", "київ"),
    ("kharkiv", "харків"),
    ("oleksandr", "олександр"),
    ("zhytomyr", "житомир"),
    ("Zaporizhzhia", "Запоріжжя"),
    ("Vinnytsia", "Вінниця"),
    ("Mykolaiv", "Миколаїв"),
    ("Chernihiv", "Чернігів"),
    ("Cherkasy", "Черкаси"),
    ("Poltava", "Полтава"),
    ("Sumy", "Суми"),
    ("Uzhhorod", "Ужгород"),
    ("Ivano-Frankivsk", "Івано-Франківськ"),
    ("Khmelnytskyi", "Хмельницький"),
    ("Kropyvnytskyi", "Кропивницький"),
    ("Lviv", "Львів"),
    ("Lutsk", "Луцьк"),
    ("Rivne", "Рівне"),
    ("Ternopil", "Тернопіль"),
    ("Odesa", "Одеса"),
    ("Kherson", "Херсон"),
    ("Dnipro", "Дніпро"),
    ("Donetsk", "Донецьк"),
    ("Kryvyi Rih", "Кривий Ріг"),
    ("Bila Tserkva", "Біла Церква"),
    ("Kamianske", "Кам'янське"),
    ("Znamianka", "Знам'янка"),
    ("Ukraina", "Україна"),
    ("Andrii", "Андрій"),
    ("Serhii", "Сергій"),
    ("Hryhorii", "Григорій"),
    ("Yevhen", "Євген"),
    ("Yaroslav", "Ярослав"),
    ("Yosyp", "Йосип"),
    ("Viacheslav", "В'ячеслав"),
    ("Sviatoslav", "Святослав"),
    ("Yuliia", "Юлія"),
    ("Mariia", "Марія"),
    ("Nataliia", "Наталія"),
    ("Tetiana", "Тетяна"),
    ("Iryna", "Ірина"),
    ("Olha", "Ольга"),
    ("Ihor", "Ігор"),
    ("Bohdan", "Богдан"),
    ("Shchukin", "Щукін"),
    ("Boiko", "Бойко"),
    ("Zaichenko", "Зайченко"),
    ("Oliinyk", "Олійник"),
    ("Serhiienko", "Сергієнко"),
    ("Kovalenko", "Коваленко"),
    ("Tkachenko", "Ткаченко"),
    ("Kremenets", "Кременець"),
    ("Oleksiivka", "Олексіївка"),
    ("Odeska", "Одеська"),
    ("Haiovyi", "Гайовий"),
    ("Mohyliv-Podilskyi", "Могилів-Подільський"),
    ("Novoukrainka", "Новоукраїнка"),
    ("Pivdennoukrainsk", "Південноукраїнськ"),
    ("Kramatorsk", "Краматорськ"),
    ("Boryspil", "Бориспіль"),
    ("Mariupol", "Маріуполь"),
    ("SHEVCHENKO", "ШЕВЧЕНКО"),
]


@pytest.mark.parametrize(("latin", "cyrillic"), REAL_NAMES)
def test_real_names_and_places(latin: str, cyrillic: str) -> None:
    assert latin_to_cyrillic(latin) == cyrillic


def test_informal_spellings_land_close() -> None:
    assert latin_to_cyrillic("Sergiy Boyko") == "Сергій Бойко"
    assert latin_to_cyrillic("Igor") == "Ігор"
    assert latin_to_cyrillic("Znam'yanka") == "Знам'янка"


def test_mixed_text_keeps_its_cyrillic_and_punctuation() -> None:
    assert latin_to_cyrillic("лікар Shevchenko, Kyiv 2") == "лікар Шевченко, Київ 2"


@given(st.text().filter(lambda text: not has_latin(text)))
def test_text_without_latin_passes_through(text: str) -> None:
    assert latin_to_cyrillic(text) == text


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz' -", max_size=30))
def test_latin_output_holds_no_latin_letters(text: str) -> None:
    assert not has_latin(latin_to_cyrillic(text))


@pytest.mark.parametrize(
    ("text", "expected"), [("Київ", False), ("Kyiv", True), ("Київ k", True), ("ＫＹＩＶ", False), ("", False)]
)
def test_has_latin(text: str, expected: bool) -> None:
    assert has_latin(text) is expected
