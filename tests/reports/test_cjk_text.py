"""Chinese, Japanese and Korean names and comments in every PDF: real glyphs on the page, the typed text copied back.

The receipt, the monthly report and the survey cards are written through the
services, then read back the way a PDF viewer and its reader do: poppler's
pdftotext for the text (a character set in a font without its glyph would
come back missing, not as typed), pdftotext's word boxes for where the text
landed, and pdftoppm's pixels compared with the same words drawn by FreeType
from the font file, so an empty box or a blank would not pass.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from smallcs import accounts, complaints, customers, paths, settings
from smallcs.models import Category, Complaint, Staff
from smallcs.models.enums import Channel, Outcome, Role, StepKind
from smallcs.reports import fonts
from smallcs.reports.cards import LAYOUTS, CardContent, CardStyle, render_cards
from smallcs.reports.monthly import build_monthly_report
from smallcs.reports.receipt import LAYOUTS as RECEIPT_LAYOUTS
from smallcs.reports.receipt import write_complaint_receipt
from tests.metrics.builders import (
    add_card,
    add_complaints,
    category_id,
    complaint_row,
    local,
)
from tests.reports import poppler
from tests.reports.conftest import QUESTIONS
from tests.reports.glyphs import likeness
from tests.reports.monthly_helpers import EARLY_NOVEMBER, add_answer
from tests.reports.readback import card_url

CHINESE = "王小明"
JAPANESE = "山田太郎"
KOREAN = "김민수"
SHOP = "山田商店"
CATEGORY = "配送の遅れ"
JAPANESE_COMMENT = ("商品が届きませんでした。三日も待ちましたが、連絡もありません。"
                    "もう一度送ってください。店員の方はとても親切でした。")
KOREAN_COMMENT = "김민수 고객님께서 두 번 전화하셨습니다."
# Too long for any card's shop name line at its usual size: each layout shrinks, wraps or cuts it.
LONG_SHOP = "北京王府井百货大楼有限责任公司旗舰店东城区第一分店"
CJK_FONT = paths.resources_dir() / "fonts" / fonts.CJK_FILE
# Lines a Japanese or Chinese reader never sees start with these.
NO_LINE_START = "。、，．」）"


@pytest.fixture(scope="module", autouse=True)
def _poppler() -> None:
    poppler.ensure_poppler()


pytestmark = pytest.mark.usefixtures("cheap_password_hashes")  # accounts are only actors here


def _bare(text: str) -> str:
    """``text`` without white space: where pdftotext breaks a wrapped line is the layout's business."""
    return "".join(text.split())


def _embedded_fonts(path: Path) -> set[str]:
    """The base names of the fonts the PDF's pages use, subset prefixes dropped."""
    names = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


# --- the complaint receipt --------------------------------------------------------------------------

@pytest.fixture
def shop(owner: Staff) -> Staff:
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), name=f"{SHOP} Corner Shop",
                                                     address="東京都新宿区西新宿2-8-1\nTel. 03-1234-5678"))
    return owner


@pytest.fixture
def wang(shop: Staff, clerk: Staff) -> Complaint:
    """Wang Xiaoming's order, typed in three scripts, a remedy agreed, resolved with a refund."""
    customer = customers.create_customer(shop, name=CHINESE, phone="612 345 680")
    complaint = complaints.create_complaint(
        clerk, channel=Channel.IN_PERSON, category_id=Category.get(Category.name == "Delivery delay").id,
        summary=f"Order for {CHINESE} (VIP) is late", customer_id=customer.id,
        description=JAPANESE_COMMENT, desired_outcome=f"{KOREAN}: 환불해 주세요")
    complaints.add_step(clerk, complaint.id, kind=StepKind.OFFERED_REMEDY, text=f"{JAPANESE}様に返金を提案しました")
    complaints.resolve(clerk, complaint.id, outcome=Outcome.REFUND)
    return complaints.get_complaint(complaint.id)


@pytest.mark.parametrize("layout", RECEIPT_LAYOUTS)
def test_the_receipt_prints_the_names_and_words_as_typed(wang: Complaint, clerk: Staff, tmp_path: Path,
                                                         layout: str) -> None:
    path = write_complaint_receipt(clerk, wang.id, tmp_path / "receipt.pdf", layout=layout)
    text = _bare(poppler.text(path))
    for typed in (CHINESE, f"Order for {CHINESE} (VIP) is late", JAPANESE_COMMENT, f"{KOREAN}: 환불해 주세요",
                  f"{JAPANESE}様に返金を提案しました", f"{SHOP} Corner Shop", "東京都新宿区西新宿2-8-1"):
        assert _bare(typed) in text
    assert _bare(JAPANESE_COMMENT) in _bare(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages))
    assert likeness(path, [CHINESE], font_file=CJK_FONT, dpi=300)[CHINESE] > 0.6
    # One subset of the CJK font serves every face: regular, bold and oblique text alike.
    assert _embedded_fonts(path) >= {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"}


def test_a_receipt_without_cjk_text_embeds_no_cjk_font(owner: Staff, clerk: Staff, tmp_path: Path) -> None:
    complaint = complaints.create_complaint(
        clerk, channel=Channel.PHONE, category_id=Category.get(Category.name == "Other").id,
        summary="Kettle stopped working after a week")
    path = write_complaint_receipt(clerk, complaint.id, tmp_path / "receipt.pdf")
    assert "DroidSansFallback" not in _embedded_fonts(path)


def test_japanese_wraps_between_characters_never_before_a_full_stop(wang: Complaint, clerk: Staff,
                                                                    tmp_path: Path) -> None:
    path = write_complaint_receipt(clerk, wang.id, tmp_path / "receipt.pdf", layout="receipt-80mm")
    lines = [line.strip() for line in poppler.text(path).splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith(JAPANESE_COMMENT[:4]))
    wrapped = []
    for line in lines[start:]:
        wrapped.append(line)
        if "".join(wrapped).endswith(JAPANESE_COMMENT[-4:]):
            break
    assert "".join(wrapped) == JAPANESE_COMMENT
    assert len(wrapped) > 1  # the strip is narrow: the comment takes several lines ...
    assert not any(line.startswith(tuple(NO_LINE_START)) for line in wrapped)  # ... none opening on 。or 、


# --- the monthly report -----------------------------------------------------------------------------

@pytest.fixture
def cjk_month(owner: Staff, tmp_path: Path) -> Path:
    """October at 山田商店: Yamada Taro handles a late delivery, and the customer writes in Japanese and Korean."""
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), name=SHOP))
    Category.update(name=CATEGORY).where(Category.name == "Delivery delay").execute()
    yamada = accounts.create_staff(owner, username="yamada", display_name=JAPANESE, role=Role.STAFF,
                                   password="staff-secret-1")
    [complaint] = add_complaints([complaint_row(yamada, local(2026, 10, 10), resolved_at=local(2026, 10, 10, 15),
                                                category=category_id(CATEGORY))])
    card = add_card(printed_at=local(2026, 10, 10), complaint_id=complaint, staff=yamada)
    add_answer(local(2026, 10, 11), csat=2, nps=3, ces=2, comment=JAPANESE_COMMENT, card_id=card)
    add_answer(local(2026, 10, 12), csat=4, nps=9, ces=6, comment=KOREAN_COMMENT)
    return build_monthly_report("2026-10", tmp_path / "october.pdf", actor=owner, now=EARLY_NOVEMBER)


def test_the_monthly_report_prints_names_comments_and_categories_as_typed(cjk_month: Path) -> None:
    text = _bare(poppler.text(cjk_month))
    for typed in (SHOP, JAPANESE, CATEGORY, JAPANESE_COMMENT, KOREAN_COMMENT,
                  f"{CATEGORY} was the most frequent complaint (1)."):
        assert _bare(typed) in text
    # The running foot names the shop on every page after the first.
    feet = [_bare(f"{SHOP} · service report") in _bare(page.extract_text())
            for page in pypdf.PdfReader(cjk_month).pages[1:]]
    assert feet and all(feet)
    assert likeness(cjk_month, [JAPANESE], font_file=CJK_FONT, dpi=300)[JAPANESE] > 0.6


# --- survey cards -------------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_card_layout_prints_a_cjk_shop_name(tmp_path: Path, layout: str) -> None:
    style = CardStyle(shop_name=SHOP, questions=QUESTIONS)
    path = tmp_path / f"{layout}.pdf"
    render_cards([CardContent(url=card_url(), short_code="ABCD2345", kind="single")], style,
                 layout=layout, output=path)
    assert SHOP in _bare(poppler.text(path))
    assert likeness(path, [SHOP], font_file=CJK_FONT, dpi=300)[SHOP] > 0.6


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_long_cjk_shop_name_stays_in_its_room(tmp_path: Path, layout: str) -> None:
    style = CardStyle(shop_name=LONG_SHOP, questions=QUESTIONS)
    path = tmp_path / f"{layout}.pdf"
    render_cards([CardContent(url=card_url(), short_code="ABCD2345", kind="single")], style,
                 layout=layout, output=path)
    width = float(pypdf.PdfReader(path).pages[0].mediabox.width)
    printed = poppler.words(path)
    first = next(i for i, word in enumerate(printed) if word.text.startswith(LONG_SHOP[:2]))
    name = [printed[first]]
    while not name[-1].text.endswith("…") and "".join(word.text for word in name) != LONG_SHOP:
        name.append(printed[first + len(name)])  # the strips give it a second line
    for word in name:
        assert 0 < word.left and word.right < width  # on the page, not run off its edge
    shown = "".join(word.text for word in name)
    assert shown == LONG_SHOP or (shown.endswith("…") and LONG_SHOP.startswith(shown[:-1]) and len(shown) > 4)


# --- fitting and measuring ----------------------------------------------------------------------------

@pytest.mark.parametrize("line", [f"Order for {CHINESE} (VIP)", f"{KOREAN} · {JAPANESE}", f"طلب {CHINESE} رقم 12"])
def test_centred_mixed_script_lines_are_centred(tmp_path: Path, line: str) -> None:
    """Centring needs the width of each run in the font that prints it."""
    fonts.register_fonts()
    path = tmp_path / "centred.pdf"
    canvas = Canvas(str(path), pagesize=(300, 100))
    fonts.draw_line(canvas, line, x=150, y=50, font=fonts.BOLD, size=14, align="centre")
    canvas.save()
    printed = poppler.words(path)
    left, right = min(word.left for word in printed), max(word.right for word in printed)
    assert (left + right) / 2 == pytest.approx(150, abs=1.5)
    assert right - left == pytest.approx(fonts.text_width(line, font=fonts.BOLD, size=14), abs=2)


def test_fit_text_cuts_a_cjk_name_at_its_width(tmp_path: Path) -> None:
    fonts.register_fonts()
    room = 40 * mm
    text, size = fonts.fit_text(LONG_SHOP, font=fonts.REGULAR, width=room, size=12, min_size=9)
    assert size == 9 and text.endswith("…") and LONG_SHOP.startswith(text[:-1])
    path = tmp_path / "fitted.pdf"
    canvas = Canvas(str(path), pagesize=(room + 40, 50))
    fonts.draw_line(canvas, text, x=20, y=20, font=fonts.REGULAR, size=size)
    canvas.save()
    [word] = poppler.words(path)
    assert word.text == text
    assert word.right <= 20 + room + 0.5
    # Not cut shorter than it had to be: one more character would not have fitted.
    longer = LONG_SHOP[:len(text)] + "…"
    assert fonts.text_width(longer, font=fonts.REGULAR, size=size) > room


def test_a_fitted_cjk_paragraph_keeps_to_its_lines() -> None:
    fonts.register_fonts()
    paragraph, height = fonts.fitted_paragraph(LONG_SHOP * 3, font=fonts.BOLD, size=13, min_size=10,
                                               width=30 * mm, max_lines=2)
    assert height <= 2 * 10 * 1.2 + 0.1
    shown = paragraph.text
    assert shown.endswith("…") and (LONG_SHOP * 3).startswith(shown[:-1]) and len(shown) > 4
