"""The Qt canvas paints what the PDF holds: every layout, drawn both ways, compared pixel by pixel."""

from __future__ import annotations

import io
import secrets
import sys
from collections.abc import Callable
from typing import Any

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

from smallcs.reports.cards import LAYOUTS, CardContent, CardStyle
from smallcs.ui.surveys.card_painter import cards_per_page, first_page
from smallcs.ui.surveys.qt_canvas import QtCanvas, prepare_fonts
from tests.reports.readback import BASE_URL
from tests.ui.surveys.rendering import both_renderings, compare

QUESTIONS = (
    ("csat", "How satisfied were you with Corner Shop?"),
    ("nps", "How likely are you to recommend Corner Shop to a friend or colleague?"),
    ("ces", "Corner Shop made it easy to handle my issue."),
)


def _logo() -> bytes:
    """A PNG with a transparent background, so the logo's mask matters too."""
    image = Image.new("RGBA", (160, 80), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((5, 5, 75, 75), fill=(200, 30, 30, 255))
    draw.rectangle((90, 10, 150, 70), fill=(255, 220, 0, 255))
    png = io.BytesIO()
    image.save(png, "PNG")
    return png.getvalue()


STYLES = {
    "plain": CardStyle(shop_name="Corner Shop", accent_colour="#1F6FB2", questions=QUESTIONS),
    # A Spanish card asking "may we contact you?": its Yes/No boxes and every scale's end labels.
    "contact": CardStyle(shop_name="Corner Shop", language="es", ask_contact=True,
                         questions=[("csat", "¿Cuál es su grado de satisfacción con Corner Shop?"),
                                    ("nps", "¿Qué probabilidad hay de que recomiende Corner Shop?")]),
    # A light accent (dark text on it), a logo beside the name, and letters beyond ASCII.
    "logo": CardStyle(shop_name="Café Ñandú & Søn", accent_colour="#F2C14E", questions=QUESTIONS[:2],
                      logo_png=_logo()),
    # Arabic and Hebrew: shaped and ordered for the PDF, drawn glyph for glyph on Qt.
    "rtl": CardStyle(shop_name="مقهى محمد العلي", headline="كيف كانت خدمتنا؟",
                     instructions="امسح الرمز بكاميرا هاتفك. Order 123 من محمد",
                     questions=[("csat", "ما مدى رضاك عن مقهى محمد؟"), ("ces", "שלום עולם 123 Order")]),
    # Chinese, Japanese and Korean: Qt draws them from the PDFs' own fallback font, whatever the system has.
    "cjk": CardStyle(shop_name="山田商店 Corner Shop", headline="王小明 (VIP) 您好",
                     questions=[("csat", "山田商店のサービスに満足しましたか？"), ("nps", "김민수 고객님, 추천하시겠습니까?")]),
}


def _cards(layout: str) -> list[CardContent]:
    """A first page's worth of cards, each with a URL shaped like a real card's."""
    kind = "poster" if layout == "poster" else "single"
    return [CardContent(url=f"{BASE_URL}/s/{secrets.token_urlsafe(16)}",
                        short_code=secrets.token_hex(4).upper(), kind=kind)
            for _i in range(cards_per_page(layout))]


@pytest.fixture(autouse=True)
def _fonts(qapp: Any) -> None:
    prepare_fonts()


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_qt_canvas_paints_the_page_the_pdf_holds(layout: str, style: str) -> None:
    cards = _cards(layout)
    reference, painted = both_renderings(cards, STYLES[style], layout=layout)

    difference = compare(reference, painted)
    assert difference.same_page, (
        f"{layout}: the Qt painting differs from the PDF around pixels {difference.worst_box}"
        f" ({difference.stray_ink} stray pixels, colour shifted {difference.colour_shift:.0f})")
    # A real reader finds every card's own address in the Qt painting (twice on a tent: both sides).
    codes = 2 if layout == "table-tent" else 1
    assert sorted(r.text for r in zxingcpp.read_barcodes(painted)) == sorted(c.url for c in cards) * codes
    assert len(reference.getcolors(1 << 24) or ()) > 2  # not a blank page compared with a blank page


def _without(method: str, skip: Callable[..., bool]) -> Callable[..., Any]:
    """``QtCanvas.method`` that silently drops the calls ``skip`` picks out."""
    original = getattr(QtCanvas, method)

    def patched(self: QtCanvas, *args: Any, **kwargs: Any) -> Any:
        return None if skip(*args) else original(self, *args, **kwargs)
    return patched


def _always(*args: Any) -> bool:
    return True


def _unshaped(method: str) -> Callable[..., Any]:
    """``QtCanvas.method`` handing Qt the characters of a shaped line, losing its glyphs and order."""
    original = getattr(QtCanvas, method)

    def patched(self: QtCanvas, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> Any:
        return original(self, x, y, str(text), *args, **kwargs)
    return patched


# Each stands for a mistake in the canvas: a drawing call forgotten, or done a little wrong.
BREAKAGES: dict[str, tuple[str, str, str, Callable[[], Callable[..., Any]]]] = {
    "cut marks (line)": ("a4", "plain", "line", lambda: _without("line", _always)),
    "one short code label": ("a4", "plain", "drawString", lambda: _without(
        "drawString", lambda x, y, text, *rest: text.startswith("Code:"))),
    "tick-box numbers": ("letter", "plain", "drawCentredString", lambda: _without("drawCentredString", _always)),
    "centred text set from its left edge": ("receipt-80mm", "plain", "drawCentredString",
                                            lambda: QtCanvas.drawString),
    "colours (setFillColor)": ("a4", "plain", "setFillColor", lambda: _without("setFillColor", _always)),
    "the logo (drawImage)": ("poster", "logo", "drawImage", lambda: _without("drawImage", _always)),
    "paragraphs (drawText)": ("receipt-58mm", "plain", "drawText", lambda: _without("drawText", _always)),
    "the accent bar (roundRect)": ("poster", "plain", "roundRect", lambda: _without("roundRect", _always)),
    "Arabic reordered by Qt": ("a4", "rtl", "drawString", lambda: _unshaped("drawString")),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_the_comparison_notices_a_broken_drawing_call(breakage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    layout, style, method, broken = BREAKAGES[breakage]
    monkeypatch.setattr(QtCanvas, method, broken())

    reference, painted = both_renderings(_cards(layout), STYLES[style], layout=layout)

    assert not compare(reference, painted).same_page


def test_the_tents_fold_is_dashed_in_the_qt_painting_as_in_the_pdf() -> None:
    # A hairline is too thin for the tile comparison to tell dashed from solid: look at it.
    for picture in both_renderings(_cards("table-tent"), STYLES["plain"], layout="table-tent"):
        grey = picture.convert("L")
        middle = grey.height // 2
        inked = [any(grey.getpixel((x, y)) < 230 for y in range(middle - 1, middle + 2)) for x in range(grey.width)]
        assert 0.3 < sum(inked) / len(inked) < 0.7


def test_the_preview_page_has_the_papers_size() -> None:
    sizes = {layout: first_page(_cards(layout), STYLES["plain"], layout=layout) for layout in LAYOUTS}
    assert (round(sizes["a4"].width), round(sizes["a4"].height)) == (595, 842)
    assert (round(sizes["letter"].width), round(sizes["letter"].height)) == (612, 792)
    assert round(sizes["receipt-80mm"].width / 72 * 25.4) == 80
    assert round(sizes["receipt-58mm"].width / 72 * 25.4) == 58
    assert sizes["receipt-58mm"].height > sizes["receipt-58mm"].width  # a strip as long as its content
    assert (round(sizes["poster"].width), round(sizes["poster"].height)) == (595, 842)
    assert (round(sizes["table-tent"].width), round(sizes["table-tent"].height)) == (842, 595)


def test_pyside_void_calls_keep_none_alive(qapp: Any) -> None:
    """PySide6 6.12.0 returned None from void methods without a reference: on CPython 3.11
    every call lowered None's count until the app aborted ("none_dealloc"). pyproject.toml
    keeps that release out; this catches it (or a relapse) before a shop's app crashes."""
    path = QPainterPath()
    before = sys.getrefcount(None)
    for _i in range(1000):
        path.addRect(QRectF(0, 0, 1, 1))
    assert sys.getrefcount(None) >= before - 10
