"""Typing in a paper card: no row of the form is drawn over another, in English and Spanish, at 15 pt too."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from smallcs import surveys
from smallcs.models import Staff, Survey
from smallcs.ui.surveys.paper_entry import PaperEntryDialog
from tests.surveys.conftest import a_complaint


def _on_dialog(dialog: PaperEntryDialog, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(dialog, widget.rect().topLeft()), widget.size())


def _overlaps(dialog: PaperEntryDialog) -> list[tuple[str, str]]:
    """Pairs of visible controls (answer rows, their labels, the message, the buttons) that intersect."""
    form = dialog.answer_form
    shown: dict[str, QRect] = {}
    for row in range(form.rowCount()):
        for role, item in ((r, form.itemAt(row, r)) for r in (form.ItemRole.LabelRole, form.ItemRole.FieldRole)):
            widget = item.widget() if item is not None else None
            if widget is not None and widget.isVisible():
                shown[f"row {row} {role.name}: {widget.objectName() or widget.__class__.__name__}"] = \
                    _on_dialog(dialog, widget)
    for widget in (dialog.card_label, dialog.message, dialog.save_button):
        if widget.isVisible():
            shown[widget.objectName()] = _on_dialog(dialog, widget)
    answers = _on_dialog(dialog, dialog.answers)
    return [(a, b) for (a, ra), (b, rb) in itertools.combinations(shown.items(), 2)
            if ra.intersects(rb)] + [(name, "outside the answers") for name, rect in shown.items()
                                     if name.startswith("row") and not answers.contains(rect)]


def test_the_contact_box_never_covers_the_comment_box(qtbot: QtBot, owner: Staff, clerk: Staff,
                                                      survey: Survey, look: str) -> None:
    card = surveys.issue_cards(owner, survey_id=survey.id, count=1, complaint_id=a_complaint(owner))[0]
    dialog = PaperEntryDialog(clerk)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.code.setText(card.short_code)
    dialog.find()  # the card line gets its text after the window is on screen
    QApplication.processEvents()
    assert dialog.contact.isVisible() and dialog.comment.isVisible()
    assert not _on_dialog(dialog, dialog.contact).intersects(_on_dialog(dialog, dialog.comment))
    assert _overlaps(dialog) == []

    dialog.comment.setPlainText("x" * 5000)  # refused: a message appears under the form
    dialog.save()
    QApplication.processEvents()
    assert dialog.message.text() and _overlaps(dialog) == []

    dialog.resize(1, 1)  # as small as the person can drag it
    QApplication.processEvents()
    assert _overlaps(dialog) == []
