"""The medical extract as an A4 PDF, made in memory from already worded strings (`ExtractDocument`).

The layout only: what the extract says, in which language, is decided by `content.py`. fpdf2 is imported when a
PDF is made (never at rest in the bot's memory); the font is the DejaVu Sans matplotlib ships (it covers
Cyrillic), found without importing matplotlib. A character the font has no glyph for is printed as "?" (and
never logged). `build_pdf` blocks for a while: call it in a thread (`asyncio.to_thread`).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FAMILY = "DejaVu"
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
FONTS_UNDER_MATPLOTLIB = Path("mpl-data") / "fonts" / "ttf"
PAGE_MARK, PAGES_MARK = "{page}", "{nb}"  # where the footer's text puts the page's number and the page count
MAX_CELL_CHARACTERS = 600  # a registry text longer than this is cut (a cell taller than a page cannot be laid out)
UNKNOWN_GLYPH = "?"
MARGIN_MM = 15.0
LINE_MM = 5.0


class ExtractNotMade(Exception):
    """The PDF could not be made (the font is missing, the layout failed); says only what kind of failure."""


@dataclass(frozen=True)
class Section:
    """One part of the extract: its heading, a table (column headings, relative widths, rows of cells), and the
    line shown instead of the table when it has no rows."""

    title: str
    columns: tuple[str, ...]
    widths: tuple[int, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str


@dataclass(frozen=True)
class ExtractDocument:
    """Everything the PDF shows, already in its language: plain strings, no markup."""

    language: str
    title: str
    issued: str
    source: str
    private: str
    personal_title: str
    personal: tuple[tuple[str, str], ...]  # (label, value)
    sections: tuple[Section, ...]
    page_label: str  # with PAGE_MARK and PAGES_MARK in it: "стор. {page} з {nb}"


def font_directory() -> Path:
    """Where matplotlib's DejaVu Sans is, found by the package's location (matplotlib is not imported)."""
    spec = importlib.util.find_spec("matplotlib")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        directory = Path(location) / FONTS_UNDER_MATPLOTLIB
        if (directory / REGULAR).is_file() and (directory / BOLD).is_file():
            return directory
    raise ExtractNotMade("font not found")


def build_pdf(document: ExtractDocument, *, fonts: Path | None = None) -> bytes:
    """The extract as PDF bytes: A4, page numbers in the footer, long texts wrapped, tables continued on the
    next page with their headings repeated."""
    directory = fonts or font_directory()
    try:
        return _render(document, directory)
    except ExtractNotMade:
        raise
    except Exception as error:  # the layout library's own failures: its message may quote the text, not kept
        raise ExtractNotMade(type(error).__name__) from None


def _render(document: ExtractDocument, fonts: Path) -> bytes:
    from fpdf import FPDF  # loaded only when an extract is made, never at rest
    from fpdf.fonts import FontFace

    footer_label = document.page_label

    class ExtractPdf(FPDF):  # type: ignore[misc]
        def footer(self) -> None:
            self.set_y(-MARGIN_MM + 3)
            self.set_font(FAMILY, size=8)
            self.set_text_color(110)
            self.cell(0, 4, footer_label.replace(PAGE_MARK, str(self.page_no())), align="C")

    pdf = ExtractPdf(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM + 3)
    pdf.alias_nb_pages(PAGES_MARK)
    pdf.add_font(FAMILY, "", str(fonts / REGULAR))
    pdf.add_font(FAMILY, "B", str(fonts / BOLD))
    clean = _cleaner(pdf)
    pdf.set_title(clean(document.title))
    pdf.set_lang(document.language)
    pdf.set_creator("")
    pdf.add_page()

    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 8, clean(document.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=10)
    pdf.multi_cell(0, LINE_MM, clean(document.issued), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(90)
    pdf.set_font(FAMILY, size=9)
    for line in (document.source, document.private):
        pdf.multi_cell(0, LINE_MM, clean(line), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)

    bold = FontFace(emphasis="BOLD")
    _heading(pdf, clean(document.personal_title))
    pdf.set_font(FAMILY, size=10)
    with pdf.table(
        col_widths=(38, 62),
        first_row_as_headings=False,
        line_height=LINE_MM,
        text_align="LEFT",
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        for label, value in document.personal:
            row = table.row()
            row.cell(clean(label), style=bold)
            row.cell(clean(value))

    headings = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
    for section in document.sections:
        _heading(pdf, clean(section.title))
        pdf.set_font(FAMILY, size=9)
        if not section.rows:
            pdf.multi_cell(0, LINE_MM, clean(section.empty), new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table(
            col_widths=section.widths,
            headings_style=headings,
            line_height=4.5,
            repeat_headings=1,
            text_align="LEFT",
            borders_layout="HORIZONTAL_LINES",
        ) as table:
            table.row([clean(column) for column in section.columns])
            for cells in section.rows:
                table.row([clean(cell) for cell in cells])
    return bytes(pdf.output())


def _heading(pdf: Any, title: str) -> None:
    pdf.ln(4)
    pdf.set_font(FAMILY, "B", 12)
    pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _cleaner(pdf: Any) -> Any:
    """A text as the font can print it: characters without a glyph (in either weight) become "?", control
    characters a space; a text too long for a cell is cut."""
    known: set[int] | None = None
    for key in (FAMILY.lower(), FAMILY.lower() + "B"):
        cmap = getattr(pdf.fonts.get(key), "cmap", None)
        if cmap:
            known = set(cmap) if known is None else known & set(cmap)

    def clean(text: str) -> str:
        if len(text) > MAX_CELL_CHARACTERS:
            text = text[: MAX_CELL_CHARACTERS - 1].rstrip() + "…"
        characters = []
        for character in text:
            if character == "\n":
                characters.append(character)
            elif not character.isprintable():
                characters.append(" ")
            elif known is not None and ord(character) not in known:
                characters.append(UNKNOWN_GLYPH)
            else:
                characters.append(character)
        return "".join(characters)

    return clean
