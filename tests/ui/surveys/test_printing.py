"""Printing survey cards: the dialog issues the cards and the printer gets one page per sheet or strip.

There is no printer here; a QPrinter writing a PDF stands in for one, and the
pages it writes are read back (page count, paper size, text, QR codes).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from smallcs.models import Staff, Survey, SurveyCard
from smallcs.ui.surveys import print_dialog
from tests.reports.readback import BASE_URL, decode_page, page_sizes, page_text
from tests.ui.surveys.dialogs import choose_layout, finish, open_dialog, printed_code


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_printing_issues_the_cards_and_prints_each_sheet(qtbot: QtBot, manager: Staff, survey: Survey,
                                                          out: Path) -> None:
    dialog = open_dialog(qtbot, manager)
    dialog.count.setValue(9)
    target = out / "printed.pdf"

    with qtbot.waitSignal(dialog.cards_issued, timeout=20_000):
        dialog.print_to(pdf_printer(target))
        assert dialog.busy and not dialog.print_button.isEnabled()
    finish(qtbot, dialog)

    assert dialog.message.text() == "9 cards sent to the printer."
    cards = list(SurveyCard.select())
    assert len(cards) == 9
    assert [(round(w), round(h)) for w, h in page_sizes(target)] == [(595, 842)] * 2
    text = page_text(target)
    for card in cards:
        assert printed_code(card) in text
    found = decode_page(target, 0, dpi=150) + decode_page(target, 1, dpi=150)
    assert sorted(found) == sorted(f"{BASE_URL}/s/{c.token}" for c in cards)


def test_receipt_strips_are_printed_on_paper_of_their_own_length(qtbot: QtBot, manager: Staff,
                                                                  survey: Survey, out: Path) -> None:
    dialog = open_dialog(qtbot, manager)
    dialog.count.setValue(2)
    choose_layout(dialog, "receipt-58mm")
    strip = dialog.preview.page
    assert strip is not None
    target = out / "receipts.pdf"

    with qtbot.waitSignal(dialog.cards_issued, timeout=20_000):
        dialog.print_to(pdf_printer(target))
    finish(qtbot, dialog)

    sizes = page_sizes(target)
    assert len(sizes) == 2 and SurveyCard.select().count() == 2
    for width, height in sizes:
        assert width == pytest.approx(strip.width, abs=1) and height == pytest.approx(strip.height, abs=1)
    assert [len(decode_page(target, page, dpi=200)) for page in (0, 1)] == [1, 1]


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")
def test_a_printer_that_cannot_start_leaves_no_cards(qtbot: QtBot, manager: Staff, survey: Survey,
                                                     out: Path) -> None:
    dialog = open_dialog(qtbot, manager)
    issued: list[int] = []
    dialog.cards_issued.connect(issued.append)

    dialog.print_to(pdf_printer(out / "missing folder" / "printed.pdf"))
    finish(qtbot, dialog)

    assert dialog.message.text() == "The printer could not be opened; no cards were printed."
    assert dialog.message.property("role") == "error"
    assert SurveyCard.select().count() == 0
    assert issued == []


class FakePrintDialog:
    """Stands in for the system print dialog (``choosers.ask_printer``): answers at once, as a user
    choosing "Print to file" would."""

    answer = QDialog.DialogCode.Accepted
    copies = 1
    output = Path()
    offered: ClassVar[list[tuple[int, int]]] = []  # the paper each printer came with, in points

    @classmethod
    def ask(cls, parent: QWidget, printer: QPrinter, title: str,
            chosen: Callable[[QPrinter], None]) -> QDialog:
        paper = printer.pageLayout().pageSize().size(QPageSize.Unit.Point)
        cls.offered.append((round(paper.width()), round(paper.height())))
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(cls.output))
        printer.setCopyCount(cls.copies)
        if cls.answer == QDialog.DialogCode.Accepted:
            chosen(printer)
        return QDialog(parent)  # the system dialog, answered and off the screen


@pytest.fixture
def print_dialog_answers(monkeypatch: pytest.MonkeyPatch, out: Path) -> type[FakePrintDialog]:
    """The system print dialog, answered by the test; the chosen printer writes out/printed.pdf."""
    monkeypatch.setattr(print_dialog, "ask_printer", FakePrintDialog.ask)
    monkeypatch.setattr(FakePrintDialog, "output", out / "printed.pdf")
    monkeypatch.setattr(FakePrintDialog, "offered", [])
    return FakePrintDialog


def test_the_print_dialog_asks_for_one_copy_only(qtbot: QtBot, manager: Staff, survey: Survey, out: Path,
                                                  print_dialog_answers: type[FakePrintDialog],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = open_dialog(qtbot, manager)

    monkeypatch.setattr(print_dialog_answers, "answer", QDialog.DialogCode.Rejected)
    dialog.choose_printer()
    assert not dialog.busy and SurveyCard.select().count() == 0

    monkeypatch.setattr(print_dialog_answers, "answer", QDialog.DialogCode.Accepted)
    monkeypatch.setattr(print_dialog_answers, "copies", 2)
    dialog.choose_printer()
    assert not dialog.busy
    assert dialog.message.text().startswith("Print one copy: every card has a code of its own")
    assert SurveyCard.select().count() == 0 and list(out.iterdir()) == []

    monkeypatch.setattr(print_dialog_answers, "copies", 1)
    dialog.count.setValue(1)
    choose_layout(dialog, "receipt-80mm")
    strip = dialog.preview.page
    assert strip is not None
    with qtbot.waitSignal(dialog.cards_issued, timeout=20_000):
        dialog.choose_printer()
    finish(qtbot, dialog)
    assert SurveyCard.select().count() == 1
    assert dialog.message.text() == "1 card sent to the printer."
    # The printer is offered the preview's paper to start with, and prints on it.
    assert print_dialog_answers.offered == [(595, 842), (595, 842), (round(strip.width), round(strip.height))]
    assert [(round(w), round(h)) for w, h in page_sizes(out / "printed.pdf")] == [print_dialog_answers.offered[-1]]


def test_a_table_tent_is_printed_on_landscape_paper_with_its_code_on_both_halves(
        qtbot: QtBot, manager: Staff, survey: Survey, out: Path) -> None:
    dialog = open_dialog(qtbot, manager)
    dialog.count.setValue(3)
    choose_layout(dialog, "table-tent")  # one tent per table, like one poster per window
    assert dialog.count.value() == 1 and dialog.kind == "poster"
    target = out / "tent.pdf"

    with qtbot.waitSignal(dialog.cards_issued, timeout=20_000):
        dialog.print_to(pdf_printer(target))
    finish(qtbot, dialog)

    [card] = SurveyCard.select()
    assert card.kind == "poster"
    assert [(round(w), round(h)) for w, h in page_sizes(target)] == [(842, 595)]
    assert decode_page(target, 0, dpi=100) == [f"{BASE_URL}/s/{card.token}"] * 2
