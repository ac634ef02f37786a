"""Chinese and Japanese text wraps between characters, Latin words beside it stay whole, and tables keep their shape.

Chinese and Japanese have no spaces: a category name or a comment is one long
"word" to a wrapping that only breaks at spaces. The report's tables would
then widen the column to the whole phrase, or cut it anywhere. These tests
write real PDFs and read them back with poppler: the words where they landed
(pdftotext -bbox) and the text in reading order.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from smallcs import accounts, settings
from smallcs.models import Category, Staff
from smallcs.models.enums import Role
from smallcs.reports import fonts
from smallcs.reports.line_breaks import pieces
from smallcs.reports.monthly import MARGIN, build_monthly_report
from smallcs.reports.report_columns import text_need
from smallcs.reports.report_styles import data_table, make_look
from tests.metrics.builders import (
    add_card,
    add_complaints,
    category_id,
    complaint_row,
    local,
)
from tests.reports import poppler
from tests.reports.monthly_helpers import EARLY_NOVEMBER, add_answer

# Category names an owner typed in Chinese, one of them after a German word.
MIXED = "Lieferung 配送延迟很严重的问题"
# Wider than its column of the "Most frequent complaints" table (two fifths of the width).
DEFECT = "商品质量问题导致顾客多次退换货并要求赔偿以及后续的售后服务跟进"
BILLING = "收银系统重复扣款和发票金额与实际消费不一致"
COMMENT = ("我上周在贵店买的电水壶用了三天就坏了，打电话给客服等了很久才有人接听。"
           "店员态度很好，很快给我换了一台新的，但是希望以后能提高商品质量检查。")
MIXED_COMMENT = "Lieferungsverzögerung：配送延迟了一个星期，Kundenservice 没有回复我的邮件。"
# What a Chinese or Japanese line never starts with.
NO_LINE_START = "。、，：）」"


@pytest.fixture(scope="module", autouse=True)
def _poppler() -> None:
    poppler.ensure_poppler()


pytestmark = pytest.mark.usefixtures("cheap_password_hashes")  # accounts are only actors here


def _bare(text: str) -> str:
    return "".join(text.split())


def _in_lines(words: list[poppler.Word]) -> list[poppler.Word]:
    """``words`` in reading order: line by line (Chinese and Latin boxes of one line differ by a point or
    two in height), then left to right."""
    ordered: list[list[poppler.Word]] = []
    for word in sorted(words, key=lambda word: word.bottom):
        if ordered and word.bottom - ordered[-1][0].bottom < 3:
            ordered[-1].append(word)
        else:
            ordered.append([word])
    return [word for line in ordered for word in sorted(line, key=lambda word: word.left)]


# --- where text may break -----------------------------------------------------------------------------

def test_chinese_breaks_between_characters_and_latin_words_stay_whole() -> None:
    assert pieces(MIXED) == ["Lieferung", *"配送延迟很严重的问题"]
    assert pieces("客户说：“Kettle broken”。很生气") == ["客", "户", "说：", "“Kettle", "broken”。", "很", "生", "气"]
    assert pieces("Plain English words") == ["Plain", "English", "words"]


def test_the_narrowest_a_chinese_cell_needs_is_its_widest_character_or_latin_word() -> None:
    fonts.register_fonts()
    style = make_look("#1F6FB2", 480).cell

    def width(text: str) -> float:
        return fonts.text_width(text, font=style.fontName, size=style.fontSize)

    need = text_need(MIXED, style)
    assert need.least == pytest.approx(width("Lieferung"))
    assert need.whole == pytest.approx(width(MIXED))
    assert text_need(DEFECT, style).least == pytest.approx(max(width(char) for char in DEFECT))


def _draw(path: Path, text: str, width: float) -> None:
    """``text`` as a report cell wraps it, ``width`` points wide, at the page's left edge plus 20 points."""
    fonts.register_fonts()
    style = ParagraphStyle("cell", fontName=fonts.REGULAR, fontSize=10, leading=13)
    paragraph = fonts.paragraph(text, style)
    _w, height = paragraph.wrap(width, 1000)
    canvas = Canvas(str(path), pagesize=(width + 40, height + 40))
    paragraph.drawOn(canvas, 20, 20)
    canvas.save()


@pytest.mark.parametrize("width", [80, 120, 135])
def test_a_wrapped_mixed_line_never_cuts_a_latin_word_that_fits_a_line(tmp_path: Path, width: float) -> None:
    text = "配送 Lieferungsverzögerung 问题很严重。Kundenservice 没有回复。"
    path = tmp_path / "mixed.pdf"
    _draw(path, text, width)
    lines = [line.strip() for line in poppler.text(path).splitlines() if line.strip()]
    assert _bare("".join(lines)) == _bare(text)  # every character, in order
    assert len(lines) > 1
    printed = {word.text for word in poppler.words(path)}
    for latin in ("Lieferungsverzögerung", "Kundenservice"):
        if fonts.text_width(latin, font=fonts.REGULAR, size=10) <= width:
            assert any(latin in word for word in printed), f"{latin} was cut: {lines}"
    assert not any(line.startswith(tuple(NO_LINE_START)) for line in lines)
    for word in poppler.words(path):
        assert 20 - 0.5 <= word.left and word.right <= 20 + width + 0.5


def test_a_chinese_phrase_fills_each_line_it_wraps_to(tmp_path: Path) -> None:
    path = tmp_path / "chinese.pdf"
    _draw(path, COMMENT, 120)
    lines = [line.strip() for line in poppler.text(path).splitlines() if line.strip()]
    assert "".join(lines) == COMMENT
    one = fonts.text_width("配", font=fonts.REGULAR, size=10)
    for line in lines[:-1]:  # a full line has no room left for another character
        assert fonts.text_width(line, font=fonts.REGULAR, size=10) > 120 - 2 * one


def test_a_chinese_paragraph_split_over_two_pages_keeps_its_text(tmp_path: Path) -> None:
    """The part moved to the next page is wrapped again from the words left: no spaces slip in between them."""
    fonts.register_fonts()
    style = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=10, leading=13)
    text = COMMENT + MIXED_COMMENT + COMMENT
    path = tmp_path / "split.pdf"
    document = SimpleDocTemplate(str(path), pagesize=(200, 140), leftMargin=20, rightMargin=20, topMargin=20,
                                 bottomMargin=20)
    document.build([fonts.paragraph(text, style)])
    assert len(pypdf.PdfReader(path).pages) > 1
    lines = [line.strip() for line in poppler.text(path).splitlines() if line.strip()]
    assert _bare("".join(lines)) == _bare(text)
    assert not any(re.search("[\u4e00-\u9fff] [\u4e00-\u9fff]", line) for line in lines)


# --- the report's tables --------------------------------------------------------------------------------

def test_a_table_keeps_a_long_chinese_name_to_its_share_of_the_width() -> None:
    fonts.register_fonts()
    look = make_look("#1F6FB2", 480)
    shares = look.share(0.4, 0.17, 0.17, 0.26)
    table = data_table(["Category", "This month", "Last month", "Change"],
                       [[DEFECT, 3, 1, "▲ +2 (worse)"], [BILLING, 2, 2, "= same as last month"]],
                       shares, look, align="LRRR")
    table.wrap(look.width, 1000)
    assert table._colWidths[0] <= shares[0] + 0.01
    assert sum(table._colWidths) == pytest.approx(look.width)


@dataclasses.dataclass(frozen=True)
class ChineseMonth:
    path: Path
    words: list[poppler.Word]
    text: str
    page_width: float
    page_height: float


@pytest.fixture
def chinese_month(owner: Staff, tmp_path: Path) -> ChineseMonth:
    """October at a shop whose categories, a staff member and the comments are written in Chinese."""
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), name="王府井五金店"))
    for old, new in (("Delivery delay", MIXED), ("Product defect", DEFECT), ("Billing error", BILLING)):
        Category.update(name=new).where(Category.name == old).execute()
    clerk = accounts.create_staff(owner, username="ouyang", display_name="欧阳娜娜（收银台早班主管）",
                                  role=Role.STAFF, password="staff-secret-1")
    rows = []
    for day, name in enumerate([MIXED, MIXED, MIXED, DEFECT, DEFECT, BILLING], start=2):
        rows.append(complaint_row(clerk, local(2026, 10, day), category=category_id(name),
                                  resolved_at=local(2026, 10, day, 17)))
    rows += [complaint_row(clerk, local(2026, 9, 10), category=category_id(BILLING))]
    [first, *_rest] = add_complaints(rows)
    card = add_card(printed_at=local(2026, 10, 2), complaint_id=first, staff=clerk)
    add_answer(local(2026, 10, 3), csat=2, nps=4, ces=3, comment=COMMENT, card_id=card)
    add_answer(local(2026, 10, 8), csat=3, nps=6, ces=4, comment=MIXED_COMMENT)
    path = build_monthly_report("2026-10", tmp_path / "october.pdf", actor=owner, now=EARLY_NOVEMBER)
    box = pypdf.PdfReader(path).pages[0].mediabox
    return ChineseMonth(path, poppler.words(path), poppler.text(path), float(box.width), float(box.height))


def test_the_report_prints_every_chinese_character_and_keeps_to_the_page(chinese_month: ChineseMonth) -> None:
    text = _bare(chinese_month.text)
    for typed in (COMMENT, MIXED_COMMENT, "欧阳娜娜（收银台早班主管）"):
        assert _bare(typed) in text
    for name in (MIXED, DEFECT, BILLING):  # in a table cell its lines alternate with the figures beside them
        assert all(char in text for char in _bare(name))
    for word in chinese_month.words:
        assert MARGIN - 1 <= word.left and word.right <= chinese_month.page_width - MARGIN + 1, word


def test_latin_words_among_chinese_are_never_cut(chinese_month: ChineseMonth) -> None:
    typed = {"Lieferung", "Lieferungsverzögerung", "Kundenservice"}
    runs = {run for word in chinese_month.words for run in re.findall(r"[A-Za-zäöü]+", word.text)}
    assert typed <= runs
    assert not {run for run in runs if run.startswith(("Liefer", "Kunden"))} - typed  # no "Lieferu" + "ng"


def test_the_most_frequent_complaints_keep_the_category_column_to_its_share(chinese_month: ChineseMonth) -> None:
    words = chinese_month.words
    heading = next(word for word in words if word.text == "Most")
    header = next(word for word in words if word.text == "This" and word.top > heading.top)
    footer = chinese_month.page_height - 22 * mm
    rows = _in_lines([word for word in words if word.page == heading.page and header.bottom < word.top < footer
                      and word.left < header.left])
    assert _bare("".join(word.text for word in rows)) == _bare(MIXED + DEFECT + BILLING)
    # The names may take room the other columns can spare ("= no change" is short), never run into them.
    assert all(word.right <= header.left for word in rows)
