"""Hypothesis strategies shared by the domain tests."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

UKRAINIAN_LOWER = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"

# Whatever a person might paste into a chat: any code point, control characters, emoji, markup.
NASTY_SAMPLES = (
    "",
    " ",
    "\x00",
    "\u202e3012345678",
    "<script>alert(1)</script>",
    "Robert'); DROP TABLE persons;--",
    "😀" * 10,
    "\u0301" * 5,
    "№",
    "ǅ",
    "ß" * 30,
    "\ufdfa" * 30,  # one character that NFKC expands to 18
    "٣٣٠٠٩٢٤٦٩٦",  # Arabic-Indic digits
    "３３００９２４６９６",  # full-width digits
    "\n\r\t\x0b\x0c",
    "\x1c\x1d\x1e\x1f\x85\u2028",  # str.split() treats these as whitespace
    "\u200b\u200d\ufeff",  # invisible format characters
)

any_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
    st.text(alphabet="0123456789 +-()/.@'’", max_size=30),
    st.text(alphabet=UKRAINIAN_LOWER + UKRAINIAN_LOWER.upper() + " -'’", max_size=60),
    st.sampled_from(NASTY_SAMPLES),
)

huge_text = st.text(min_size=4096, max_size=4096, alphabet=st.characters(codec="utf-8"))

# Birth dates an РНОКПП can encode in five digits of days since 1899-12-31.
tax_id_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2173, 10, 14))
genders = st.sampled_from(("MALE", "FEMALE"))
