"""Right-to-left names and comments in the PDFs: joined Arabic letters, bidi order, Latin unchanged.

The reference for how a line should look is Qt, which shapes and orders text
with HarfBuzz and its own bidi code: the same line drawn by our PDF path and by
QPainter on the same DejaVu font must give the same picture.
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageOps
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from smallcs import accounts, paths, settings
from smallcs.models import Category, Staff
from smallcs.models.enums import Role
from smallcs.reports import fonts, shaping
from smallcs.reports.cards import (
    LAYOUTS,
    RECEIPT_LAYOUTS,
    REUSABLE_LAYOUTS,
    CardContent,
    CardStyle,
    render_cards,
)
from smallcs.reports.monthly import build_monthly_report
from smallcs.reports.rtl_paragraph import RtlParagraph
from tests.metrics.builders import (
    add_card,
    add_complaints,
    category_id,
    complaint_row,
    local,
)
from tests.reports.monthly_helpers import EARLY_NOVEMBER, add_answer, words
from tests.reports.readback import card_url, decode_page

ARABIC_SHOP = "مقهى الحي"
ARABIC_ADDRESS = "شارع الملك 12"
ARABIC_NAME = "محمد العلي"
HEBREW_NAME = "שלום עולם"
ARABIC_CATEGORY = "تأخير التوصيل"
ARABIC_COMMENT = "الخدمة كانت بطيئة جدا"
MIXED_COMMENT = "Order 123 من محمد"
LATIN = "Crème brûlée, Øre & Ñandú"
DPI = 150
# Presentation forms (what a shaped Arabic word is printed with) and private-use characters
# (glyphs with no character of their own) must never reach a reader's copied text.
UNREADABLE = re.compile("[\ufb1d-\ufefc\ue000-\uf8ff]")


# --- drawing one line both ways ------------------------------------------------------------------

def _pdf_line(text: str, *, size: float, draw: str = "ours") -> Image.Image:
    """``text`` drawn on a PDF page and rasterised by pdfium; ``draw="plain"`` as reportlab alone draws it."""
    fonts.register_fonts()
    pdf = io.BytesIO()
    canvas = Canvas(pdf, pagesize=(500, 3 * size))
    if draw == "ours":
        fonts.draw_line(canvas, text, x=size, y=size, font=fonts.REGULAR, size=size)
    else:
        canvas.setFont(fonts.REGULAR, size)
        canvas.drawString(size, size, text)
    canvas.save()
    document = pdfium.PdfDocument(pdf.getvalue())
    try:
        return document[0].render(scale=DPI / 72).to_pil().convert("L")
    finally:
        document.close()


def _qt_line(text: str, *, size: float, rtl: bool) -> Image.Image:
    """``text`` drawn by QPainter in DejaVu Sans, as a right-to-left or left-to-right paragraph."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QFont, QFontDatabase, QImage, QPainter

    QFontDatabase.addApplicationFont(str(paths.resources_dir() / "fonts" / "DejaVuSans.ttf"))
    scale = DPI / 72
    image = QImage(round(500 * scale), round(3 * size * scale), QImage.Format.Format_Grayscale8)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont("DejaVu Sans")
    font.setPixelSize(round(size * scale))
    font.setKerning(False)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    painter.setFont(font)
    # A leading mark sets the paragraph direction the way ``shaping.is_rtl`` decided it.
    painter.drawText(QPointF(size * scale, 2 * size * scale), ("\u200f" if rtl else "\u200e") + text)
    painter.end()
    data = bytes(image.constBits())
    return Image.frombuffer("L", (image.width(), image.height()), data, "raw", "L", image.bytesPerLine(), 1).copy()


def _ink(image: Image.Image) -> Image.Image:
    """The picture cropped to its ink (anything darker than mid grey)."""
    box = ImageOps.invert(image).point(lambda v: 255 if v > 127 else 0).getbbox()
    assert box is not None, "nothing was drawn"
    return image.crop(box)


def _difference(one: Image.Image, other: Image.Image) -> float:
    """How far two inked lines are apart, 0 (the same) to 1, once scaled to the same box."""
    a, b = _ink(one), _ink(other)
    b = b.resize(a.size)
    return sum(ImageChops.difference(a, b).get_flattened_data()) / (255 * a.size[0] * a.size[1])


@pytest.fixture
def qt(qapp: Any) -> None:
    """Qt's text engine, offscreen, for the reference pictures."""


@pytest.mark.usefixtures("qt")
def test_a_joined_arabic_word_is_as_wide_as_qt_draws_it_and_narrower_than_loose_letters() -> None:
    # Four beh in a row join into one word: initial, two medial and final forms, far narrower
    # than four isolated letters (what reportlab prints on its own).
    joined = _ink(_pdf_line("بببب", size=40)).width
    reference = _ink(_qt_line("بببب", size=40, rtl=True)).width
    isolated = _ink(_pdf_line("\ufe8f" * 4, size=40)).width  # ARABIC LETTER BEH ISOLATED FORM
    unshaped = _ink(_pdf_line("بببب", size=40, draw="plain")).width
    assert joined == pytest.approx(reference, rel=0.04)
    assert joined < 0.6 * isolated
    assert unshaped == pytest.approx(isolated, rel=0.04)


@pytest.mark.usefixtures("qt")
@pytest.mark.parametrize("text", [ARABIC_NAME, HEBREW_NAME, MIXED_COMMENT, "مقهى (الحي) 2024",
                                  f"{ARABIC_CATEGORY} was the most frequent complaint (2).", LATIN])
def test_a_line_looks_as_qt_draws_it(text: str) -> None:
    ours = _pdf_line(text, size=24)
    reference = _qt_line(text, size=24, rtl=shaping.is_rtl(text))
    assert _ink(ours).size == pytest.approx(_ink(reference).size, abs=4)
    assert _difference(ours, reference) < 0.08
    if text != LATIN:
        # The comparison tells: reportlab alone (typing order, loose letters) is far off.
        assert _difference(_pdf_line(text, size=24, draw="plain"), reference) > 0.15


# --- text read back ------------------------------------------------------------------------------

def _lines(pdf: Path | io.BytesIO) -> list[str]:
    """Every text line pypdf reads back, page after page, without the spaces at their ends."""
    lines = (line.strip() for page in pypdf.PdfReader(pdf).pages for line in page.extract_text().split("\n"))
    return [line for line in lines if line]


def test_readers_get_the_letters_as_typed() -> None:
    fonts.register_fonts()
    pdf = io.BytesIO()
    canvas = Canvas(pdf)
    lines = [ARABIC_NAME, HEBREW_NAME, "لا بأس", ARABIC_ADDRESS, MIXED_COMMENT, LATIN]
    for index, line in enumerate(lines):
        fonts.draw_line(canvas, line, x=50, y=700 - 30 * index, font=fonts.REGULAR, size=14)
    canvas.save()
    # The page holds the glyphs left to right, in display order; the ToUnicode table maps each
    # presentation form back to its letter (lam-alef to both letters). pypdf reads a line left
    # to right and turns each right-to-left run back into typing order: a line in one direction
        # reads back exactly as typed, a mixed one as its runs in display order. So "12", printed
    # at the left end of the Arabic address, comes first; and "من محمد" (with the space after
    # "123", which belongs to the Arabic run) is read before "Order 123", which a right-to-left
    # line prints at its right end.
    assert _lines(pdf) == [ARABIC_NAME, HEBREW_NAME, "لا بأس", "12 شارع الملك", "من محمدOrder 123", LATIN]


def _report(owner: Staff, tmp_path: Path) -> Path:
    profile = settings.get_profile()
    settings.save_profile(owner, dataclasses.replace(profile, name=ARABIC_SHOP, address=ARABIC_ADDRESS))
    Category.update(name=ARABIC_CATEGORY).where(Category.id == category_id("Delivery delay")).execute()
    people = [accounts.create_staff(owner, username=f"p{n}", display_name=name, role=Role.STAFF, password=None)
              for n, name in enumerate((ARABIC_NAME, HEBREW_NAME))]
    add_complaints([complaint_row(person, local(2026, 10, 3 + n), category=category_id(ARABIC_CATEGORY),
                                  resolved_at=local(2026, 10, 4 + n))
                    for n, person in enumerate(people)])
    card = add_card(printed_at=local(2026, 10, 1))
    for n, comment in enumerate((ARABIC_COMMENT, MIXED_COMMENT, LATIN)):
        add_answer(local(2026, 10, 5 + n), csat=1 + n, comment=comment, card_id=card if n == 0 else None)
    return build_monthly_report("2026-10", tmp_path / "october.pdf", actor=owner, now=EARLY_NOVEMBER)


def test_the_report_prints_names_comments_and_categories_in_reading_order(owner: Staff, tmp_path: Path) -> None:
    text = words(_report(owner, tmp_path))
    assert not UNREADABLE.search(text)
    # pypdf reads each right-to-left run back in typing order. Where a line mixes directions it
    # places the runs by its own rules (a quote mark or a space may move), so for those lines
    # only each word is checked.
    for typed in (ARABIC_SHOP, "12 شارع الملك", ARABIC_NAME, HEBREW_NAME, ARABIC_CATEGORY, ARABIC_COMMENT):
        assert typed in text
    assert f"“{LATIN}”" in text  # Latin prints as it always did
    assert all(word in text for word in MIXED_COMMENT.split())
    assert "was the most frequent complaint (2)." in text


LONG_COMMENT = ("الخدمة كانت بطيئة جدا والموظف لم يرد على الهاتف ثم وصل الطلب متأخرا يومين كاملين بدون اعتذار"
                " ولا تفسير")


def test_a_long_comment_wraps_in_reading_order_and_starts_at_the_right(tmp_path: Path) -> None:
    fonts.register_fonts()
    style = ParagraphStyle("quote", fontName=fonts.REGULAR, fontSize=12, leading=15)
    path = tmp_path / "comment.pdf"
    width = 60 * mm
    document = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=A4[0] - 20 * mm - width)
    flowable = fonts.paragraph(LONG_COMMENT, style)
    assert isinstance(flowable, RtlParagraph) and flowable.rtl
    document.build([flowable])
    lines = _lines(path)
    assert len(lines) > 2
    # Wrapped as typed: the first line holds the first words, and so on (each line reads back
    # in typing order, see above).
    assert " ".join(lines) == LONG_COMMENT
    # Every line ends at the right edge of the frame (inside its 6 pt padding): a right-to-left
    # paragraph starts there.
    document_pages = pdfium.PdfDocument(str(path))
    page = document_pages[0].render(scale=DPI / 72).to_pil().convert("L")
    document_pages.close()
    ink = ImageOps.invert(page).point(lambda v: 255 if v > 127 else 0)
    line_height = round(15 * DPI / 72)
    top = ink.getbbox()[1]  # type: ignore[index]
    for index in range(len(lines)):
        band = ink.crop((0, top + index * line_height, ink.width, top + (index + 1) * line_height)).getbbox()
        assert band is not None
        assert band[2] == pytest.approx((20 * mm + width - 6) * DPI / 72, abs=3)


def test_a_comment_taller_than_a_page_is_split_between_pages(tmp_path: Path) -> None:
    fonts.register_fonts()
    first, second = LONG_COMMENT.split()[:12], LONG_COMMENT.split()[-10:]
    typed = [f"{a} {b}" for a in first for b in second]
    style = ParagraphStyle("quote", fontName=fonts.REGULAR, fontSize=12, leading=15)
    path = tmp_path / "long.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([fonts.paragraph("\n".join(typed), style)])
    assert len(pypdf.PdfReader(path).pages) >= 3
    assert _lines(path) == typed


def test_arabic_in_an_oblique_paragraph_is_set_upright_rather_than_lost() -> None:
    fonts.register_fonts()
    flowable, _height = fonts.fitted_paragraph(ARABIC_COMMENT, font=fonts.OBLIQUE, size=10, width=300,
                                               max_lines=2)
    assert isinstance(flowable, RtlParagraph)
    assert flowable.style.fontName == fonts.REGULAR  # DejaVu Sans Oblique has no Arabic letters
    hebrew, _height = fonts.fitted_paragraph(HEBREW_NAME, font=fonts.OBLIQUE, size=10, width=300, max_lines=2)
    assert hebrew.style.fontName == fonts.OBLIQUE  # it has Hebrew


# --- cards ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
def test_cards_print_an_arabic_shop_and_wording_in_reading_order(tmp_path: Path, layout: str) -> None:
    style = CardStyle(shop_name=ARABIC_SHOP, headline="كيف كانت خدمتنا؟", instructions=MIXED_COMMENT,
                      questions=[("csat", "ما مدى رضاك؟"), ("nps", HEBREW_NAME)])
    reusable = layout in REUSABLE_LAYOUTS
    cards = [CardContent(url=card_url(), short_code="ABCD2345", kind="poster" if reusable else "single")]
    path = tmp_path / f"{layout}.pdf"
    render_cards(cards, style, layout=layout, output=path)
    text = pypdf.PdfReader(path).pages[0].extract_text()
    assert not UNREADABLE.search(text)
    for typed in (ARABIC_SHOP, "كيف كانت خدمتنا؟", *(() if reusable else (HEBREW_NAME, "ما مدى رضاك؟"))):
        assert typed in text  # on a table tent, the upside-down half reads back the same
    codes = 2 if layout == "table-tent" else 1
    assert decode_page(path, 0, dpi=203 if layout in RECEIPT_LAYOUTS else 150) == [cards[0].url] * codes


# --- what does not change -------------------------------------------------------------------------

def test_latin_text_is_drawn_exactly_as_before() -> None:
    fonts.register_fonts()
    for text in (LATIN, "Corner Shop", "Ünïcödé ☺ <b>&amp;</b>", "Ελληνικά Кириллица"):
        assert shaping.shape_line(text, font=fonts.REGULAR, size=10) is text
        assert fonts.fit_text(text, font=fonts.BOLD, width=1000, size=10, min_size=6) == (text, 10)
        assert type(fonts.paragraph(text, ParagraphStyle("x", fontName=fonts.REGULAR))) is Paragraph
        assert fonts.text_width(text, font=fonts.REGULAR, size=10) == pytest.approx(
            10 * sum(fonts.pdfmetrics.getFont(fonts.REGULAR).face.charWidths.get(ord(c), 0) for c in text) / 1000,
            abs=0.5)
        for align, method in (("left", "drawString"), ("centre", "drawCentredString"), ("right", "drawRightString")):
            ours, theirs = Canvas(io.BytesIO(), invariant=1), Canvas(io.BytesIO(), invariant=1)
            for canvas in (ours, theirs):
                canvas.setFont(fonts.REGULAR, 10)
            fonts.draw_line(ours, text, x=100, y=100, font=fonts.REGULAR, size=10, align=align)
            getattr(theirs, method)(100, 100, text)
            assert ours.getpdfdata() == theirs.getpdfdata()


# --- the bidi rules --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rtl"), [
    (ARABIC_NAME, True), (HEBREW_NAME, True), (LATIN, False), ("12345", False), ("", False),
    (f"{ARABIC_CATEGORY} was the most frequent complaint (2).", False),  # an English sentence
    ("طلب 123 Order", True), (f"{ARABIC_COMMENT} iPhone", True),  # Arabic with a word of English
])
def test_a_text_reads_right_to_left_when_most_of_its_words_do(text: str, rtl: bool) -> None:
    assert shaping.is_rtl(text) is rtl


def test_runs_are_ordered_by_the_unicode_bidi_algorithm() -> None:
    assert shaping.visual_runs(MIXED_COMMENT, rtl=False) == [("Order 123 ", 0), ("من محمد", 1)]
    # In a right-to-left line, numbers and Latin words keep their own order.
    assert shaping.visual_runs("מחיר 12.50 ש\"ח", rtl=True) == [(" ש\"ח", 1), ("12.50", 2), ("מחיר ", 1)]
    # An override turns Latin letters around, and the control characters themselves are not printed.
    fonts.register_fonts()
    assert str(shaping.shape_line("invoice \u202egnp.exe\u202c total", font=fonts.REGULAR, size=10)) == (
        "invoice exe.png total")
