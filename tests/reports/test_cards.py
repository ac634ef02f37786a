"""Survey cards: every layout's pages, text, vectors, and every QR decoded by a real reader."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageChops
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm

from smallcs.errors import ValidationError
from smallcs.reports.cards import (
    LAYOUTS,
    RECEIPT_LAYOUTS,
    CardContent,
    CardStyle,
    format_short_code,
    qr_module_size,
    render_cards,
)
from smallcs.reports.qr import printer_dot
from smallcs.reports.qr_symbol import qr_symbol
from tests.reports import poppler
from tests.reports.readback import (
    decode_page,
    decode_printed_page,
    page_sizes,
    page_text,
    uses_images,
)


@pytest.fixture(scope="module", autouse=True)
def _poppler() -> None:
    poppler.ensure_poppler()


def _page_image(path: Path, index: int, *, dpi: float) -> Image.Image:
    """One page rasterised by pdfium, as RGB."""
    document = pdfium.PdfDocument(str(path))
    try:
        return document[index].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()

MakeCards = Callable[..., list[CardContent]]
HOSTILE = "<b>Bob & Sons</b> Crème brûlée Øre 😀 مقهى שלום"


def _render(tmp_path: Path, cards: list[CardContent], style: CardStyle, layout: str) -> tuple[Path, int]:
    path = tmp_path / f"{layout}.pdf"
    return path, render_cards(cards, style, layout=layout, output=path)


@pytest.mark.parametrize(("layout", "page"), [("a4", A4), ("letter", LETTER)])
def test_a_sheet_holds_six_cards_and_each_decodes_to_its_own_url(
    tmp_path: Path, style: CardStyle, make_cards: MakeCards, layout: str, page: tuple[float, float],
) -> None:
    cards = make_cards(7)
    path, pages = _render(tmp_path, cards, style, layout)
    assert pages == 2
    assert page_sizes(path) == [pytest.approx(page)] * 2
    assert sorted(decode_printed_page(path, 0, dpi=300)) == sorted(card.url for card in cards[:6])
    assert decode_printed_page(path, 1, dpi=300) == [cards[6].url]
    text = " ".join(page_text(path).split())  # "Code:" may sit above the code itself
    assert text.count("Corner Shop") >= 7
    for card in cards:
        assert f"Code: {format_short_code(card.short_code)}" in text
    assert not uses_images(path), "the QR codes are vectors, not pictures"


@pytest.mark.parametrize(("layout", "width_mm"), [("receipt-80mm", 80), ("receipt-58mm", 58)])
def test_a_receipt_is_one_card_a_page_at_the_paper_width(
    tmp_path: Path, style: CardStyle, make_cards: MakeCards, layout: str, width_mm: int,
) -> None:
    cards = make_cards(2)
    path, pages = _render(tmp_path, cards, style, layout)
    assert pages == 2
    for width, height in page_sizes(path):
        assert width == pytest.approx(width_mm * mm)
        assert height > 1.5 * width, "as tall as the card needs"
    for index, card in enumerate(cards):
        # Rasterised at the printer's own resolution, as it will print.
        assert decode_printed_page(path, index, dpi=203) == [card.url]
    text = page_text(path)
    assert all(format_short_code(card.short_code) in text for card in cards)
    assert "Corner Shop" in text and not uses_images(path)


def test_a_poster_is_an_a4_page_with_a_big_code_and_the_address(
    tmp_path: Path, style: CardStyle, make_cards: MakeCards,
) -> None:
    cards = make_cards(2, kind="poster")
    path, pages = _render(tmp_path, cards, style, "poster")
    assert pages == 2 and page_sizes(path) == [pytest.approx(A4)] * 2
    for index, card in enumerate(cards):
        assert decode_page(path, index, dpi=72) == [card.url]
    text = page_text(path).replace("\n", " ")
    assert all(card.url in text for card in cards)
    assert "Code:" not in text, "a reusable code has nothing to key in by hand"
    assert not uses_images(path)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_prints_the_symbol_at_least_two_centimetres_wide(layout: str) -> None:
    modules = qr_symbol("http://192.168.1.20:8765/s/" + "x" * 22).modules
    module = qr_module_size(layout, modules)
    assert module * modules >= 20 * mm
    if layout in RECEIPT_LAYOUTS:
        dots = module / printer_dot()
        assert math.isclose(dots, round(dots)), f"{dots} printer dots per module"


def test_single_cards_carry_tick_boxes_for_each_scale(
    tmp_path: Path, style: CardStyle, make_cards: MakeCards,
) -> None:
    path, _pages = _render(tmp_path, make_cards(1), style, "receipt-80mm")
    text = page_text(path)
    # Each scale's ends spelled out under its boxes, as the phone page says them.
    for ends in ("1 = Very dissatisfied", "5 = Very satisfied", "0 = Not at all likely", "10 = Extremely likely",
                 "1 = Strongly disagree", "7 = Strongly agree"):
        assert ends in text
    # 1-5, 0-10 and 1-7 printed in their boxes (and 10, 7 and 5 once more in the end labels).
    numbers = text.split()
    assert numbers.count("10") == 2 and numbers.count("7") == 3 and numbers.count("5") == 4
    assert "Comment:" in numbers


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_hostile_shop_name_prints_literally(
    tmp_path: Path, make_cards: MakeCards, layout: str,
) -> None:
    style = CardStyle(shop_name=HOSTILE, accent_colour="#FFEE00", headline="<i>Hola</i> & adiós",
                      questions=[("csat", f"{HOSTILE}?"), ("nps", "<script>x</script>")],
                      instructions="Scan <u>me</u> & answer")
    cards = make_cards(1)
    path, pages = _render(tmp_path, cards, style, layout)
    assert pages == 1
    text = page_text(path)
    assert "<b>Bob & Sons</b>" in text and "<i>Hola</i> & adiós" in text
    assert "Crème brûlée" in text
    codes = 2 if layout == "table-tent" else 1  # a tent carries its code on both sides
    # every layout, rasterised as it prints: a receipt printer's 203 dpi, else an office printer's 300
    assert decode_printed_page(path, 0, dpi=203 if layout in RECEIPT_LAYOUTS else 300) == [cards[0].url] * codes


def test_a_logo_prints_and_a_broken_one_is_skipped(
    tmp_path: Path, style: CardStyle, make_cards: MakeCards, allow_warnings: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from PIL import Image

    logo = io.BytesIO()
    Image.new("RGB", (60, 30), "orange").save(logo, "PNG")
    cards = make_cards(2)
    with_logo = CardStyle(shop_name="Corner Shop", questions=style.questions, logo_png=logo.getvalue())
    path, _pages = _render(tmp_path, cards, with_logo, "a4")
    assert uses_images(path)
    assert sorted(decode_page(path, 0, dpi=200)) == sorted(card.url for card in cards)
    broken = CardStyle(shop_name="Corner Shop", logo_png=b"not a png")
    path, pages = _render(tmp_path, cards, broken, "poster")
    assert pages == 2 and not uses_images(path)
    assert "logo could not be read" in caplog.text


def test_cards_write_to_an_open_file_and_report_progress(style: CardStyle, make_cards: MakeCards) -> None:
    buffer = io.BytesIO()
    seen: list[tuple[int, int]] = []
    pages = render_cards(make_cards(3), style, layout="letter", output=buffer,
                         progress=lambda done, total: seen.append((done, total)))
    assert pages == 1 and buffer.getvalue().startswith(b"%PDF")
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_a_card_without_questions_still_has_its_code(tmp_path: Path, make_cards: MakeCards) -> None:
    cards = make_cards(1)
    path, _pages = _render(tmp_path, cards, CardStyle(shop_name="Corner Shop"), "a4")
    assert format_short_code(cards[0].short_code) in page_text(path)
    assert decode_page(path, 0, dpi=200) == [cards[0].url]


def test_bad_input_is_refused_before_anything_is_written(
    tmp_path: Path, style: CardStyle, make_cards: MakeCards,
) -> None:
    path = tmp_path / "never.pdf"
    with pytest.raises(ValidationError):
        render_cards([], style, layout="a4", output=path)
    with pytest.raises(ValidationError):
        render_cards(make_cards(1), CardStyle(shop_name="x", accent_colour="blue"), layout="a4", output=path)
    with pytest.raises(ValueError, match="layout"):
        render_cards(make_cards(1), style, layout="a3", output=path)
    with pytest.raises(ValueError, match="question"):
        render_cards(make_cards(1), CardStyle(shop_name="x", questions=[("mood", "?")]), layout="a4",
                     output=path)
    assert not path.exists()


@pytest.mark.parametrize(("code", "shown"), [("abcd2345", "ABCD-2345"), ("AB CD-23 45", "ABCD-2345"),
                                             ("ABCDE", "ABCD-E")])
def test_short_codes_print_in_groups_of_four(code: str, shown: str) -> None:
    assert format_short_code(code) == shown


def _symbols(image: Image.Image) -> list[tuple[str, float]]:
    """Each QR code a real reader finds in ``image``: its text and its width in pixels."""
    found = []
    for result in zxingcpp.read_barcodes(image):
        corners = result.position
        found.append((result.text, math.dist((corners.top_left.x, corners.top_left.y),
                                             (corners.top_right.x, corners.top_right.y))))
    return found


@pytest.mark.parametrize(("page_size", "paper"), [("A4", A4), ("Letter", LETTER)])
def test_a_table_tent_is_a_landscape_sheet_with_the_same_face_on_both_halves(
    tmp_path: Path, make_cards: MakeCards, page_size: str, paper: tuple[float, float],
) -> None:
    cards = make_cards(2, kind="poster")
    style = CardStyle(shop_name="Corner Shop", page_size=page_size)
    path, pages = _render(tmp_path, cards, style, "table-tent")
    width, height = paper[1], paper[0]
    assert pages == 2 and page_sizes(path) == [pytest.approx((width, height))] * 2
    text = page_text(path).replace("\n", " ")
    assert text.count("Corner Shop") == 4 and text.count("Fold here") == 2
    assert all(text.count(card.url) == 2 for card in cards)
    assert "Code:" not in text, "a reusable code has nothing to key in by hand"
    assert not uses_images(path)

    dpi = 150
    scale = dpi / 72
    page = _page_image(path, 1, dpi=dpi)
    half = page.height // 2  # the same number of rows each side, whether the page has an odd number or not
    lower = page.crop((0, page.height - half, page.width, page.height))
    upper = page.crop((0, 0, page.width, half))
    # Each half has its own code, the upper one upside down, both read by a real reader and
    # both at least 6 cm wide.
    for face in (lower, upper):
        [(url, pixels)] = _symbols(face)
        assert url == cards[1].url
        assert pixels / scale >= 60 * mm
    # Turned half a turn, the upper half is the lower one (away from the note on the fold).
    band = round(3 * mm * scale)
    turned = upper.rotate(180).crop((0, band, page.width, half)).convert("L")
    same = ImageChops.difference(turned, lower.crop((0, band, page.width, half)).convert("L"))
    assert sum(value > 96 for value in same.get_flattened_data()) < 0.001 * same.width * same.height
    # The fold: a dashed line across the middle of the sheet, blank paper on either side of it.
    grey = page.convert("L")
    middle = round(height / 2 * scale)
    dashes = [any(grey.getpixel((x, y)) < 230 for y in range(middle - 1, middle + 2)) for x in range(grey.width)]
    assert 0.3 < sum(dashes) / len(dashes) < 0.7  # 3 pt on, 3 pt off
    for offset in (-band, band):
        row = [grey.getpixel((x, middle + offset)) for x in range(grey.width)]
        assert min(row) > 240, "the paper next to the fold is blank"


def test_the_table_tent_prints_reusable_codes(
    tmp_path: Path, style: CardStyle, make_cards: MakeCards,
) -> None:
    [card] = make_cards(1, kind="poster")
    path, _pages = _render(tmp_path, [card], style, "table-tent")
    assert decode_page(path, 0, dpi=72) == [card.url, card.url]
