"""Driving the Print cards dialog from a test: open it, pick a layout, wait for its worker."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from smallcs.models import Staff, SurveyCard
from smallcs.ui.surveys.print_dialog import PrintCardsDialog

A4 = (595, 842)  # points, rounded


def open_dialog(qtbot: QtBot, actor: Staff, *, complaint_id: int | None = None) -> PrintCardsDialog:
    """The dialog shown (never exec'd) at a size that fits the form and the preview."""
    dialog = PrintCardsDialog(actor, complaint_id=complaint_id)
    qtbot.add_widget(dialog)
    dialog.resize(900, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def choose_layout(dialog: PrintCardsDialog, layout: str) -> None:
    index = dialog.layout_choice.findData(layout)
    assert index >= 0, f"no {layout} layout offered"
    dialog.layout_choice.setCurrentIndex(index)


def finish(qtbot: QtBot, dialog: PrintCardsDialog) -> None:
    """Wait for the worker to hand its result back to the dialog."""
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)


def preview_paper(dialog: PrintCardsDialog) -> tuple[int, int]:
    """The size of the page the preview shows, in whole points."""
    assert dialog.preview.page is not None, dialog.preview.message
    return round(dialog.preview.page.width), round(dialog.preview.page.height)


def printed_code(card: SurveyCard) -> str:
    """A card's short code as the card prints it (ABCD-2345)."""
    return f"{card.short_code[:4]}-{card.short_code[4:]}"
