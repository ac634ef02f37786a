"""Emoji in customers' names, shop names and lines of text: drawn from Noto Emoji, read back as typed.

Written through the services or on a reportlab canvas, then read back as a
PDF viewer does: pdftotext for the text (a character the fonts lack comes back
missing), its word boxes for where it landed, and pdftoppm's pixels compared
with the emoji drawn by FreeType from the font file (``glyphs``), so an empty
box would not pass.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PIL import ImageChops
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from smallcs import complaints, customers
from smallcs.models import Category, Staff
from smallcs.models.enums import Channel
from smallcs.reports import fonts
from smallcs.reports.cards import LAYOUTS, CardContent, CardStyle, render_cards
from smallcs.reports.receipt import LAYOUTS as RECEIPT_LAYOUTS
from smallcs.reports.receipt import write_complaint_receipt
from tests.reports import glyphs, poppler
from tests.reports.conftest import QUESTIONS
from tests.reports.readback import card_url

CUSTOMER = "Ana 🌻 Pérez"
SHOP = "Mia's 🍕 Pizza 🎉"


@pytest.fixture(scope="module", autouse=True)
def _poppler() -> None:
    poppler.ensure_poppler()


def _embedded_fonts(path: Path) -> list[str]:
    """The base names of the fonts the PDF's pages use, subset prefixes dropped, one entry per font object."""
    return [str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
            for page in pypdf.PdfReader(path).pages
            for font in page["/Resources"].get("/Font", {}).values()]


def _lines(path: Path, lines: list[str], *, font: str = fonts.REGULAR, size: float = 14) -> Path:
    """One line of text a page, each at the same place."""
    fonts.register_fonts()
    canvas = Canvas(str(path), pagesize=(300, 60))
    for line in lines:
        fonts.draw_line(canvas, line, x=20, y=25, font=font, size=size)
        canvas.showPage()
    canvas.save()
    return path


@pytest.mark.usefixtures("cheap_password_hashes")
@pytest.mark.parametrize("layout", RECEIPT_LAYOUTS)
def test_a_customer_name_with_an_emoji_prints_on_the_receipt(owner: Staff, clerk: Staff, tmp_path: Path,
                                                             layout: str) -> None:
    customer = customers.create_customer(owner, name=CUSTOMER, phone="612 345 681")
    complaint = complaints.create_complaint(
        clerk, channel=Channel.IN_PERSON, category_id=Category.get(Category.name == "Other").id,
        summary="Cold pizza 👎🏽 again", customer_id=customer.id)
    path = write_complaint_receipt(clerk, complaint.id, tmp_path / "receipt.pdf", layout=layout)
    text = poppler.text(path)
    for typed in (CUSTOMER, "Cold pizza 👎🏽 again"):
        assert typed in text
    assert all(score > 0.6 for score in glyphs.likeness(path, ["🌻", "👎🏽"]).values())
    # One emoji font serves the regular and the bold face, and only glyphs the receipt uses are embedded.
    assert _embedded_fonts(path).count("NotoEmoji-Regular") == 1


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_card_layout_prints_an_emoji_in_the_shop_name(tmp_path: Path, layout: str) -> None:
    path = tmp_path / f"{layout}.pdf"
    render_cards([CardContent(url=card_url(), short_code="ABCD2345", kind="single")],
                 CardStyle(shop_name=SHOP, questions=QUESTIONS), layout=layout, output=path)
    assert SHOP in " ".join(poppler.text(path).split())
    assert all(score > 0.6 for score in glyphs.likeness(path, ["🍕", "🎉"]).values())


def test_text_without_emoji_embeds_no_emoji_font(tmp_path: Path) -> None:
    assert "NotoEmoji-Regular" not in _embedded_fonts(_lines(tmp_path / "plain.pdf", ["Great service ❤ ★"]))


@pytest.mark.parametrize(("typed", "printed"), [
    ("Like 👍🏽 it", "Like 👍 it"),  # a skin tone: a monochrome emoji has none to show
    ("Us 👨‍👩‍👧 here", "Us 👨👩👧 here"),  # a family joined by ZWJs: its members side by side
    ("Love ❤️ it", "Love ❤ it"),  # the emoji variation selector
    ("Press 1️⃣ now", "Press 1 now"),  # a keycap: the digit without its frame
])
def test_what_reportlab_cannot_combine_prints_as_its_parts_without_a_box(tmp_path: Path, typed: str,
                                                                          printed: str) -> None:
    path = _lines(tmp_path / "sequences.pdf", [typed, printed])
    assert poppler.text(path).split("\f")[0].strip() == typed  # copied as typed
    first, second = (poppler.page_image(path, page, dpi=150) for page in (0, 1))
    assert ImageChops.difference(first, second).getbbox() is None  # the marks print nothing, take no room
    assert fonts.text_width(typed, font=fonts.REGULAR, size=14) == fonts.text_width(printed, font=fonts.REGULAR,
                                                                                     size=14)


@pytest.mark.parametrize(("line", "font"), [
    *[("Great service 👍 🎉 thanks", font) for font in (fonts.REGULAR, fonts.BOLD, fonts.OBLIQUE)],
    ("王小明 💯 好", fonts.BOLD),
    # DejaVu Sans Oblique has no Arabic letters (fonts.paragraph sets such text upright).
    *[("مريم 🎉 شكرا 🙂 جدا", font) for font in (fonts.REGULAR, fonts.BOLD)],
])
def test_emoji_inside_a_line_are_drawn_and_the_line_is_centred(tmp_path: Path, line: str, font: str) -> None:
    """Centring needs each run's width in the font that draws it; the Arabic line's emoji sit among shaped words."""
    fonts.register_fonts()
    path = tmp_path / "centred.pdf"
    canvas = Canvas(str(path), pagesize=(300, 60))
    fonts.draw_line(canvas, line, x=150, y=25, font=font, size=14, align="centre")
    canvas.save()
    printed = poppler.words(path)
    left, right = min(word.left for word in printed), max(word.right for word in printed)
    assert (left + right) / 2 == pytest.approx(150, abs=1.5)
    assert right - left == pytest.approx(fonts.text_width(line, font=font, size=14), abs=2)
    emoji = [char for char in line if ord(char) > 0x1F000]
    assert all(score > 0.6 for score in glyphs.likeness(path, emoji).values())


def test_a_fitted_name_of_emoji_stays_in_its_room(tmp_path: Path) -> None:
    fonts.register_fonts()
    name = "🎉🎉🎉 Grand Opening 🎉🎉🎉 Party"
    room = 40 * mm
    text, size = fonts.fit_text(name, font=fonts.BOLD, width=room, size=14, min_size=10)
    assert size == 10 and text.endswith("…")
    path = tmp_path / "fitted.pdf"
    canvas = Canvas(str(path), pagesize=(room + 40, 50))
    fonts.draw_line(canvas, text, x=20, y=20, font=fonts.BOLD, size=size)
    canvas.save()
    printed = poppler.words(path)
    assert " ".join(word.text for word in printed) == text
    assert printed[-1].right <= 20 + room + 0.5
    assert glyphs.likeness(path, ["🎉🎉🎉"])["🎉🎉🎉"] > 0.6
