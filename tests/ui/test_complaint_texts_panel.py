"""Settings: each category's suggested steps and the canned note texts, edited by managers."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from smallcs import complaints
from smallcs.complaints import SuggestedStep
from smallcs.complaints.canned import canned_texts
from smallcs.models import Category, Staff
from smallcs.models.enums import StepKind
from smallcs.ui.complaint_texts_panel import ComplaintTextsPanel, SuggestionsEditor


def _panel(qtbot: QtBot, actor: Staff) -> ComplaintTextsPanel:
    panel = ComplaintTextsPanel()
    qtbot.add_widget(panel)
    panel.set_actor(actor)
    panel.load()
    panel.show()
    return panel


def _select(panel: ComplaintTextsPanel, name: str) -> Category:
    category = Category.get(Category.name == name)
    for row in range(panel.categories.rowCount()):
        if panel.categories.item(row, 0).text() == name:
            panel.categories.selectRow(row)
    return category


def test_suggested_steps_are_edited_reordered_and_saved(qtbot: QtBot, manager: Staff) -> None:
    panel = _panel(qtbot, manager)
    waiting = _select(panel, "Waiting time")
    seeded = complaints.suggested_steps(waiting.id)
    panel.edit_suggestions()
    editor = panel.editor
    assert isinstance(editor, SuggestionsEditor) and editor.steps() == seeded
    editor.add_row()
    new_row = editor.table.rowCount() - 1
    editor.table.item(new_row, 1).setText("Offer a coffee while they wait")
    editor.table.setCurrentCell(new_row, 1)
    editor.move_selected(-1)
    editor.table.setCurrentCell(0, 1)
    editor.remove_selected()
    with qtbot.wait_signal(editor.accepted):
        editor.accept()
    expected = [*seeded[1:-1], SuggestedStep(StepKind.NOTE, "Offer a coffee while they wait"), seeded[-1]]
    assert complaints.suggested_steps(waiting.id) == expected
    row = next(r for r in range(panel.categories.rowCount()) if panel.categories.item(r, 0).text() == "Waiting time")
    assert panel.categories.item(row, 2).text() == str(len(expected))


def test_a_refused_checklist_keeps_the_editor_open(qtbot: QtBot, manager: Staff) -> None:
    panel = _panel(qtbot, manager)
    billing = _select(panel, "Billing error")
    before = complaints.suggested_steps(billing.id)
    panel.edit_suggestions()
    editor = panel.editor
    assert editor is not None
    editor.add_row()
    editor.table.item(editor.table.rowCount() - 1, 1).setText("x" * 400)
    editor.accept()
    assert editor.isVisible() and "too long" in editor.error.text()
    assert complaints.suggested_steps(billing.id) == before


def test_canned_texts_are_saved_one_per_line(qtbot: QtBot, manager: Staff) -> None:
    panel = _panel(qtbot, manager)
    assert panel.texts.toPlainText().splitlines() == canned_texts()
    panel.texts.setPlainText("Checked the stock room.\n\n  Sent a replacement by courier. \n")
    panel.save_texts.click()
    assert canned_texts() == ["Checked the stock room.", "Sent a replacement by courier."]
    assert panel.message.text() == "Saved 2 canned texts."
    panel.texts.setPlainText("fine\n" + "y" * 400)
    panel.save_texts.click()
    assert "too long" in panel.message.text() and panel.texts.toPlainText().startswith("fine\n")
    assert canned_texts() == ["Checked the stock room.", "Sent a replacement by courier."]


def test_counter_staff_only_read(qtbot: QtBot, clerk: Staff) -> None:
    panel = _panel(qtbot, clerk)
    assert not panel.edit_button.isEnabled() and not panel.save_texts.isEnabled()
    assert panel.texts.isReadOnly()
    panel.edit_suggestions()
    assert panel.editor is None
