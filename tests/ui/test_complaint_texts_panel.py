"""Settings: complaint categories (added, adjusted, retired), their suggested steps and the canned note
texts, edited by managers and the owner."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from smallcs import complaints
from smallcs.complaints import SuggestedStep
from smallcs.complaints.canned import canned_texts
from smallcs.models import Category, Staff
from smallcs.models.enums import Channel, Priority, StepKind
from smallcs.ui.category_dialog import CategoryDialog
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.complaint_texts_panel import ComplaintTextsPanel, SuggestionsEditor
from smallcs.ui.settings_page import SettingsPage
from tests.ui.complaint_desk.conftest import open_page, settle


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
    assert panel.categories.item(row, 4).text() == str(len(expected))


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


def _row_of(panel: ComplaintTextsPanel, text: str) -> int:
    rows = [r for r in range(panel.categories.rowCount()) if panel.categories.item(r, 0).text() == text]
    assert rows, f"{text!r} is not listed"
    return rows[0]


def _offered_in_quick_entry(qtbot: QtBot, actor: Staff) -> list[str]:
    form = QuickEntryDialog(actor)
    qtbot.add_widget(form)
    return [form.category.itemText(i) for i in range(form.category.count())]


def _fill(dialog: CategoryDialog, name: str, priority: Priority, response: int, resolution: int) -> None:
    dialog.name.setText(name)
    dialog.priority.setCurrentIndex(dialog.priority.findData(priority.value))
    dialog.response.setValue(response)
    dialog.resolution.setValue(resolution)


def test_the_owner_adds_a_category_that_quick_entry_then_offers(qtbot: QtBot, owner: Staff) -> None:
    panel = _panel(qtbot, owner)
    assert "Gift cards" not in _offered_in_quick_entry(qtbot, owner)
    panel.texts.setPlainText("A canned text typed, not saved yet")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.category_dialog
    assert isinstance(dialog, CategoryDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "Gift cards")
    dialog.priority.setCurrentIndex(dialog.priority.findData(Priority.HIGH.value))
    dialog.response.setValue(1)
    dialog.resolution.setValue(8)
    with qtbot.wait_signal(dialog.accepted):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    row = _row_of(panel, "Gift cards")
    assert panel.categories.currentRow() == row  # the new one is selected
    assert [panel.categories.item(row, c).text() for c in range(5)] == ["Gift cards", "High", "1 h", "8 h", "0"]
    assert panel.category_message.text() == "Added “Gift cards”: it is offered for new complaints."
    assert panel.texts.toPlainText() == "A canned text typed, not saved yet"  # not lost
    offered = _offered_in_quick_entry(qtbot, owner)
    assert offered[-1] == "Gift cards"
    form = QuickEntryDialog(owner)
    qtbot.add_widget(form)
    form.category.setCurrentIndex(form.category.findText("Gift cards"))
    assert form.priority.currentData() == Priority.HIGH.value  # the category's starting priority


def test_a_refused_category_keeps_the_dialog_open_and_stores_nothing(qtbot: QtBot, manager: Staff) -> None:
    panel = _panel(qtbot, manager)
    before = list(Category.select().order_by(Category.id).dicts())
    panel.add_category()
    dialog = panel.category_dialog
    assert dialog is not None
    _fill(dialog, "  waiting TIME ", Priority.NORMAL, 2, 24)
    dialog.accept()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text() == "There is already a category called “waiting TIME” (perhaps retired)."
    _fill(dialog, "Returns", Priority.NORMAL, 48, 24)
    dialog.accept()
    assert dialog.error.text() == "The resolution target cannot be sooner than the response target."
    assert dialog.name.text() == "Returns"  # what was typed stays to be corrected
    assert list(Category.select().order_by(Category.id).dicts()) == before


def test_a_category_is_renamed_and_retargeted_in_place(qtbot: QtBot, manager: Staff) -> None:
    panel = _panel(qtbot, manager)
    waiting = _select(panel, "Waiting time")
    qtbot.mouseClick(panel.adjust_button, Qt.MouseButton.LeftButton)
    dialog = panel.category_dialog
    assert dialog is not None and dialog.name.text() == "Waiting time"
    assert (dialog.response.value(), dialog.resolution.value()) == (2, 24)
    _fill(dialog, "Queue at the till", Priority.LOW, 1, 12)
    with qtbot.wait_signal(dialog.accepted):
        dialog.accept()
    stored = Category.get_by_id(waiting.id)
    assert (stored.name, stored.default_priority, stored.response_target_hours,
            stored.resolution_target_hours) == ("Queue at the till", "low", 1, 12)
    row = _row_of(panel, "Queue at the till")
    assert panel.categories.currentRow() == row
    assert panel.categories.item(row, 3).text() == "12 h"


def test_a_retired_category_is_not_offered_but_its_complaints_keep_it(qtbot: QtBot, owner: Staff) -> None:
    delivery = Category.get(Category.name == "Delivery delay")
    old = complaints.create_complaint(owner, channel=Channel.PHONE, summary="Parcel three days late",
                                      category_id=delivery.id)
    panel = _panel(qtbot, owner)
    _select(panel, "Delivery delay")
    assert panel.retire_button.text() == "Retire"
    qtbot.mouseClick(panel.retire_button, Qt.MouseButton.LeftButton)
    assert not Category.get_by_id(delivery.id).active
    retired_row = _row_of(panel, "Delivery delay (retired)")
    assert retired_row == panel.categories.rowCount() - 1  # listed after the ones in use
    assert panel.categories.currentRow() == retired_row and panel.retire_button.text() == "Bring back"
    assert "no longer offered for new complaints" in panel.category_message.text()
    assert "Delivery delay" not in _offered_in_quick_entry(qtbot, owner)

    page = open_page(qtbot, owner)
    page.filters.choose_view("all")
    settle(qtbot, page)
    row = page.model.row_of(old.id)
    assert row is not None
    assert page.model.index(row, page.model.column_of("category")).data() == "Delivery delay"
    filter_choices = [page.filters.category.itemText(i) for i in range(page.filters.category.count())]
    assert "Delivery delay" not in filter_choices

    qtbot.mouseClick(panel.retire_button, Qt.MouseButton.LeftButton)  # Bring back
    assert Category.get_by_id(delivery.id).active
    assert "Delivery delay" in _offered_in_quick_entry(qtbot, owner)
    QThreadPool.globalInstance().waitForDone(10_000)


def test_retiring_the_last_category_is_refused_beside_the_table(qtbot: QtBot, manager: Staff) -> None:
    panel = _panel(qtbot, manager)
    for category in Category.select().where(Category.name != "Other"):
        Category.update(active=False).where(Category.id == category.id).execute()
    panel.load()
    _select(panel, "Other")
    panel.retire_or_reinstate()
    assert panel.category_message.text() == "Keep at least one category: every complaint needs one."
    assert panel.category_message.property("role") == "error"
    assert Category.get(Category.name == "Other").active


def test_the_category_table_shows_every_row_and_whole_titles(qtbot: QtBot, owner: Staff) -> None:
    """On the Settings page the table is as tall as its rows (the page scrolls, not the table),
    and no column title is cut."""
    page = SettingsPage()
    qtbot.add_widget(page)
    page.set_actor(owner)
    page.resize(1000, 700)
    page.show()
    page.load()
    table = page.texts_panel.categories
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    qtbot.waitUntil(lambda: table.viewport().height() >= rows)
    assert not table.verticalScrollBar().isVisible()
    header = table.horizontalHeader()
    for column in range(table.columnCount()):
        title = table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title) + 4, title
    assert not table.horizontalScrollBar().isVisible()


def test_categories_are_managed_from_the_keyboard(qtbot: QtBot, manager: Staff) -> None:
    panel = _panel(qtbot, manager)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    _select(panel, "Billing error")
    qtbot.keyClick(panel.categories, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)  # Ad&just…
    qtbot.waitUntil(lambda: panel.category_dialog is not None)  # (a mnemonic clicks after a moment)
    dialog = panel.category_dialog
    assert dialog is not None and dialog.name.text() == "Billing error"
    labelled = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    assert labelled == {dialog.name, dialog.priority, dialog.response, dialog.resolution}
    letters = [label.text().split("&")[1][0].lower() for label in dialog.findChildren(QLabel) if label.buddy()]
    assert len(letters) == len(set(letters)) and "s" not in letters  # &Save keeps its own
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    qtbot.keyClick(panel.categories, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # Add categor&y…
    qtbot.waitUntil(lambda: panel.category_dialog is not dialog)
    added = panel.category_dialog
    assert added is not None and added.name.text() == ""
    qtbot.waitUntil(added.isActiveWindow)
    assert added.focusWidget() is added.name
    qtbot.keyClicks(added.name, "Returns")
    with qtbot.wait_signal(added.accepted):
        qtbot.keyClick(added.name, Qt.Key.Key_Return)
    assert Category.get(Category.name == "Returns").active
