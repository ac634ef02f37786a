"""Survey cards: every layout's pages, text, vectors, and every QR decoded by a real reader."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path

import pytest
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
from smallcs.reports.qr import printer_dot, qr_symbol
from tests.reports.readback import decode_page, page_sizes, page_text, uses_images

MakeCards = Callable[..., list[CardContent]]
HOSTILE = "<b>Bob & Sons</b> Crème brûlée Øre 😀 مقهى שלום"


def _render(tmp_path: Path, cards: list[CardContent], style: CardStyle, layout: str) -> tuple[Path, int]:
    path = tmp_path / f"{layout}.pdf"
    return path, render_cards(cards, style, layout=layout, output=path)


@pytest.mark.parametrize(("layout", "page"), [("a4", A4), ("letter", LETTER)])
def test_a_sheet_holds_eight_cards_and_each_decodes_to_its_own_url(
    tmp_path: Path, style: CardStyle, make_cards: MakeCards, layout: str, page: tuple[float, float],
) -> None:
    cards = make_cards(9)
    path, pages = _render(tmp_path, cards, style, layout)
    assert pages == 2
    assert page_sizes(path) == [pytest.approx(page)] * 2
    assert sorted(decode_page(path, 0, dpi=200)) == sorted(card.url for card in cards[:8])
    assert decode_page(path, 1, dpi=200) == [cards[8].url]
    text = page_text(path)
    assert text.count("Corner Shop") >= 9
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
        assert decode_page(path, index, dpi=203) == [card.url]
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
    numbers = page_text(path).split()
    # 1-5, 0-10 and 1-7 printed in their boxes.
    assert numbers.count("10") == 1 and numbers.count("7") == 2 and numbers.count("5") == 3
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
    assert decode_page(path, 0, dpi=203 if layout in RECEIPT_LAYOUTS else 150) == [cards[0].url]


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
