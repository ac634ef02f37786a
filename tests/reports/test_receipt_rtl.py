"""Right-to-left names and texts on the complaint receipt: joined letters, reading order, sensible alignment.

The receipt is written through the services and read back two ways: pypdf for the
text a reader copies (each right-to-left run back in typing order), and
``pdftotext -bbox`` for where each word stands on the page.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest

from smallcs import complaints, customers
from smallcs.models import Category, Complaint, Staff
from smallcs.models.enums import Channel, Outcome, StepKind
from smallcs.reports import fonts
from smallcs.reports.receipt import SHEET, STRIP, write_complaint_receipt
from tests.reports.monthly_helpers import render, words

ARABIC_NAME = "مريم الحسن"
ARABIC_SUMMARY = "المكواة توقفت عن العمل بعد أسبوع"
ARABIC_DESCRIPTION = "اشتريتها من هذا المتجر يوم السبت والضوء يومض ثم تنطفئ بعد عشر ثوان"
HEBREW_WISH = "קומקום חדש או החזר כספי"
ARABIC_STEP = "عرضنا استرداد المبلغ بالكامل"
# Presentation forms and private-use characters must never reach a reader's copied text.
UNREADABLE = re.compile("[\ufb1d-\ufefc\ue000-\uf8ff]")
_SIZE = 9.5  # the receipt's body text on a sheet


pytestmark = pytest.mark.usefixtures("cheap_password_hashes")  # accounts are only actors here


@pytest.fixture
def maryam(owner: Staff, clerk: Staff) -> Complaint:
    """Maryam's iron complaint, typed in Arabic, her wish in Hebrew, a remedy agreed in Arabic and resolved."""
    customer = customers.create_customer(owner, name=ARABIC_NAME, phone="612 345 679")
    complaint = complaints.create_complaint(
        clerk, channel=Channel.IN_PERSON, category_id=Category.get(Category.name == "Product defect").id,
        summary=ARABIC_SUMMARY, customer_id=customer.id, description=ARABIC_DESCRIPTION,
        desired_outcome=HEBREW_WISH)
    complaints.add_step(clerk, complaint.id, kind=StepKind.OFFERED_REMEDY, text=ARABIC_STEP)
    complaints.resolve(clerk, complaint.id, outcome=Outcome.REFUND, compensation=Decimal("12.50"))
    return complaints.get_complaint(complaint.id)


@dataclass(frozen=True)
class Word:
    """One word as pdftotext finds it on the page (points, origin at the top left)."""

    text: str
    left: float
    top: float
    right: float


def _words_on_page(path: Path) -> list[Word]:
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True,
                           text=True).stdout
    found = ElementTree.fromstring(xhtml).iter("{http://www.w3.org/1999/xhtml}word")
    return [Word(w.text or "", float(w.attrib["xMin"]), float(w.attrib["yMin"]), float(w.attrib["xMax"]))
            for w in found]


def _line_of(words: list[Word], first: str) -> list[Word]:
    """The words printed on the same line as the first word ``first``, left to right."""
    anchor = next(word for word in words if word.text == first)
    return sorted((word for word in words if abs(word.top - anchor.top) < 1), key=lambda word: word.left)


def _shown(typed: str) -> set[str]:
    """The words of ``typed`` as pdftotext names them: each right-to-left word with its letters in page order."""
    return {word[::-1] for word in typed.split()}


@pytest.mark.parametrize("layout", [SHEET, STRIP])
def test_right_to_left_texts_read_back_as_typed(maryam: Complaint, clerk: Staff, tmp_path: Path,
                                                layout: str) -> None:
    path = write_complaint_receipt(clerk, maryam.id, tmp_path / "receipt.pdf", layout=layout)
    text = words(path)
    assert not UNREADABLE.search(text)
    for typed in (ARABIC_NAME, ARABIC_SUMMARY, HEBREW_WISH, ARABIC_STEP, "What you would like:",
                  "Offered a remedy:", maryam.reference, "€12.50"):
        assert typed in text, typed
    assert ARABIC_DESCRIPTION.split()[0] in text and ARABIC_DESCRIPTION.split()[-1] in text


def test_labelled_lines_keep_the_value_beside_its_caption(maryam: Complaint, clerk: Staff, tmp_path: Path) -> None:
    path = write_complaint_receipt(clerk, maryam.id, tmp_path / "receipt.pdf")
    page = _words_on_page(path)
    # "Customer" and the name on one line, the name where every other value of the facts starts.
    customer = _line_of(page, "Customer")
    assert [word.text for word in customer[1:]] == ["نسحلا", "ميرم"]  # "الحسن مريم": reading from the right
    value_column = _line_of(page, "Received")[1].left
    assert customer[1].left == pytest.approx(value_column, abs=0.5)
    # The Hebrew wish follows "What you would like:" on its line, its first word at the right end.
    assert [word.text for word in _line_of(page, "like:")][:4] == ["What", "you", "would", "like:"]
    wish = _line_of(page, "like:")[4:]
    assert {word.text for word in wish} == _shown(HEBREW_WISH)
    assert wish[-1].text == HEBREW_WISH.split()[0][::-1]
    # The agreed step, likewise beside its caption, in reading order.
    step = _line_of(page, "remedy:")
    assert [word.text for word in step[3:]] == [word[::-1] for word in reversed(ARABIC_STEP.split())]


def test_a_right_to_left_paragraph_starts_at_the_right_margin(maryam: Complaint, clerk: Staff,
                                                              tmp_path: Path) -> None:
    path = write_complaint_receipt(clerk, maryam.id, tmp_path / "receipt.pdf")
    page = _words_on_page(path)
    right_margin = max(word.right for word in page)
    summary = _line_of(page, ARABIC_SUMMARY.split()[0][::-1])
    description = _line_of(page, ARABIC_DESCRIPTION.split()[0][::-1])
    assert summary[-1].right == pytest.approx(right_margin, abs=0.5)
    assert description[-1].right == pytest.approx(right_margin, abs=0.5)
    assert summary[-1].text == ARABIC_SUMMARY.split()[0][::-1]  # the first word typed is the rightmost


def test_arabic_letters_are_joined(maryam: Complaint, clerk: Staff, tmp_path: Path) -> None:
    """A joined word is narrower than its letters set one by one (what an unshaped line prints)."""
    fonts.register_fonts()
    path = write_complaint_receipt(clerk, maryam.id, tmp_path / "receipt.pdf")
    customer = _line_of(_words_on_page(path), "Customer")[1:]
    printed = customer[-1].right - customer[0].left
    joined = fonts.text_width(ARABIC_NAME, font=fonts.REGULAR, size=_SIZE)
    loose = fonts.pdfmetrics.stringWidth(ARABIC_NAME, fonts.REGULAR, _SIZE)
    assert printed == pytest.approx(joined, abs=0.5)
    assert joined < loose - 2


def test_the_right_to_left_receipt_for_a_person_to_look_at(maryam: Complaint, clerk: Staff, tmp_path: Path) -> None:
    """Both layouts rasterised to /tmp/receipt-rtl*.png; still one page each."""
    for layout, name in ((SHEET, "receipt-rtl.png"), (STRIP, "receipt-rtl-strip.png")):
        path = write_complaint_receipt(clerk, maryam.id, tmp_path / f"{layout}.pdf", layout=layout)
        render(path, 0, dpi=150).save(Path("/tmp") / name)
        assert len(_words_on_page(path)) > 40


LONG_STEP = ("سنرسل مكواة جديدة إلى عنوانك في غضون خمسة أيام عمل ونتصل بك قبل التوصيل لتحديد موعد يناسبك"
             " في الصباح أو المساء")


@pytest.mark.parametrize("layout", [SHEET, STRIP])
def test_a_long_agreed_step_wraps_in_reading_order_against_the_right_margin(
        maryam: Complaint, clerk: Staff, tmp_path: Path, layout: str) -> None:
    complaints.add_step(clerk, maryam.id, kind=StepKind.REPLACED, text=LONG_STEP)
    path = write_complaint_receipt(clerk, maryam.id, tmp_path / "receipt.pdf", layout=layout)
    page = _words_on_page(path)
    right_margin = max(word.right for word in page)
    note = _shown(LONG_STEP)
    lines = sorted({word.top for word in page if word.text in note})
    assert len(lines) >= 2
    for top in lines:
        assert max(word.right for word in page if word.top == top) == pytest.approx(right_margin, abs=0.5)
    # Wrapped as typed: the first line holds the first words, read from the right.
    first_line = _line_of(page, LONG_STEP.split()[0][::-1])
    assert first_line[0].text == "Replaced:"  # beside its caption
    assert first_line[-1].text == LONG_STEP.split()[0][::-1]
    assert LONG_STEP.split()[-1] in words(path)
