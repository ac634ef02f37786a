"""Every page and main dialog: each control has a name a screen reader can say, and Tab reaches it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smallcs import complaints
from smallcs.models import Category, Staff
from smallcs.models.enums import Channel
from smallcs.ui.complaint_desk.page import ComplaintsPage
from smallcs.ui.main_window import MainWindow
from smallcs.ui.surveys.page import SurveysPage

# Controls a screen reader announces by the name it is given (buttons and check boxes say their text).
_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton,
           QAbstractItemView, QSlider)


@pytest.fixture(autouse=True)
def _background_work_finishes() -> Iterator[None]:
    """Pages read on the thread pool: nothing may outlive the test's database."""
    yield
    QThreadPool.globalInstance().waitForDone(20_000)


@pytest.fixture
def window(qtbot: QtBot, owner: Staff, db_path: Path) -> MainWindow:
    # One complaint, so the Complaints page shows its detail, timeline and workflow buttons too.
    complaints.create_complaint(owner, channel=Channel.PHONE, summary="Parcel three days late",
                                category_id=Category.get(Category.name == "Delivery delay").id)
    win = MainWindow(owner, str(db_path))
    qtbot.add_widget(win)
    win.resize(1180, 740)
    win.show()
    qtbot.wait_exposed(win)
    return win


def _visible(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if w.isVisible()]


def _buddied(root: QWidget) -> set[QWidget]:
    """Widgets named by a label (QLabel.setBuddy, as QFormLayout.addRow does)."""
    buddies: set[QWidget] = set()
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.text().strip():
            buddies.add(buddy)
    return buddies


def _describe(widget: QWidget) -> str:
    parents = []
    parent = widget.parentWidget()
    while parent is not None and len(parents) < 4:
        parents.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    text = getattr(widget, "text", lambda: "")() if isinstance(widget, (QAbstractButton, QLineEdit)) else ""
    return f"{type(widget).__name__}({widget.objectName()!r}, text={text!r}) in {'/'.join(parents)}"


def _inner_of_named(widget: QWidget, buddies: set[QWidget]) -> bool:
    """A combo box's line edit or a spin box's editor is named through its owner."""
    parent = widget.parentWidget()
    return (isinstance(parent, (QComboBox, QAbstractSpinBox))
            and (bool(parent.accessibleName()) or parent in buddies))


def controls(root: QWidget) -> list[QWidget]:
    """The visible controls that take focus."""
    return [w for w in _visible(root)
            if isinstance(w, _INPUTS) and w.focusPolicy() != Qt.FocusPolicy.NoFocus]


def unnamed_controls(root: QWidget) -> list[str]:
    """The visible, focusable controls a screen reader could not name."""
    buddies = _buddied(root)
    missing = []
    for widget in controls(root):
        if isinstance(widget, QTabBar) or widget.accessibleName().strip() or widget in buddies:
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue
        if _inner_of_named(widget, buddies):
            continue
        missing.append(_describe(widget))
    return missing


def unreachable_by_tab(root: QWidget) -> list[str]:
    """Visible, enabled widgets that take Tab focus but are not in the window's focus chain."""
    chain: set[QWidget] = set()
    widget: QWidget | None = root
    for _ in range(5000):
        assert widget is not None
        chain.add(widget)
        widget = widget.nextInFocusChain()
        if widget is root:
            break
    missing = []
    for child in _visible(root):
        takes_tab = bool(child.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)
        if takes_tab and child.isEnabled() and child.focusProxy() is None and child not in chain:
            missing.append(_describe(child))
    return missing


def _settle(qtbot: QtBot) -> None:
    qtbot.wait(50)
    QThreadPool.globalInstance().waitForDone(20_000)
    QApplication.processEvents()


def _check(root: QWidget, name: str, problems: dict[str, list[str]]) -> None:
    assert len(controls(root)) >= 3, f"{name}: nothing to check"
    if missing := unnamed_controls(root):
        problems[f"{name}: no accessible name"] = missing
    if missing := unreachable_by_tab(root):
        problems[f"{name}: not reachable with Tab"] = missing


def test_every_page_names_its_controls_and_tab_reaches_them(qtbot: QtBot, window: MainWindow) -> None:
    problems: dict[str, list[str]] = {}
    for index in range(window.pages.count()):
        window.show_page(index)
        _settle(qtbot)
        page = window.pages.currentWidget()
        name = window.navigation.item(index).text()
        if isinstance(page, ComplaintsPage):
            qtbot.waitUntil(lambda page=page: page.model.rowCount() > 0)
            page.table.selectRow(0)
            qtbot.waitUntil(lambda page=page: page.selected_id() is not None)
            _settle(qtbot)
        if isinstance(page, SurveysPage):
            for tab in range(page.tabs.count()):
                page.tabs.setCurrentIndex(tab)
                _settle(qtbot)
                _check(window, f"{name}, {page.tabs.tabText(tab)}", problems)
        else:
            _check(window, name, problems)
    assert not problems, problems


def _check_dialog(qtbot: QtBot, dialog: QWidget | None, name: str, problems: dict[str, list[str]]) -> None:
    assert dialog is not None and dialog.isVisible(), f"{name} did not open"
    if dialog.parent() is None:
        qtbot.add_widget(dialog)
    _settle(qtbot)
    _check(dialog, name, problems)
    dialog.close()


def test_main_dialogs_name_their_controls_and_tab_reaches_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    problems: dict[str, list[str]] = {}
    window.new_complaint()
    _check_dialog(qtbot, window.quick_entry, "New complaint", problems)
    window.show_page(1)
    surveys = window.pages.currentWidget()
    assert isinstance(surveys, SurveysPage)
    surveys.open_print_dialog()
    _check_dialog(qtbot, surveys.print_dialog, "Print cards", problems)
    surveys.open_paper_entry()
    _check_dialog(qtbot, surveys.paper_dialog, "Paper entry", problems)
    surveys.new_survey()
    _check_dialog(qtbot, surveys.editor, "Survey editor", problems)
    surveys.open_import_dialog()
    _check_dialog(qtbot, surveys.import_dialog, "Import answers", problems)
    assert not problems, problems
