"""Every page and main dialog: each control has a name a screen reader can say, Tab reaches it, and no two
controls of a window share an Alt+letter."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt, QThreadPool
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QScrollArea,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smallcs import backup, complaints, customers, i18n, settings
from smallcs.models import Category, Staff
from smallcs.models.connection import close_database, open_database
from smallcs.models.enums import Channel, Outcome
from smallcs.ui.complaint_desk.page import ComplaintsPage
from smallcs.ui.dashboard.page import DashboardPage
from smallcs.ui.first_run import FirstRunWizard
from smallcs.ui.language import apply_language, choose_language
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.reports_page import ReportsPage
from smallcs.ui.settings_page import SettingsPage
from smallcs.ui.shortcuts import ShortcutsDialog
from smallcs.ui.surveys.page import SurveysPage

# Controls a screen reader announces by the name it is given (buttons and check boxes say their text);
# a scroll area that takes Tab is a stop too, announced only by its name (else it reads as nothing).
_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton,
           QAbstractItemView, QSlider, QScrollArea)


@pytest.fixture(autouse=True)
def _background_work_finishes() -> Iterator[None]:
    """Pages read on the thread pool: nothing may outlive the test's database."""
    yield
    QThreadPool.globalInstance().waitForDone(20_000)


@pytest.fixture(params=list(i18n.APP_LANGUAGES))
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The app in each language as a counter there runs it: the catalog, Qt's own button texts
    (Aceptar, Cancelar) and QLocale. Alt+letters are picked per language."""
    before = QLocale()
    choose_language(request.param)
    apply_language(qapp)
    yield request.param
    choose_language("")
    apply_language(qapp)
    i18n.set_language("en")
    QLocale.setDefault(before)


@pytest.fixture
def shop(owner: Staff, tmp_path: Path) -> dict[str, int]:
    """What makes every control of a page show up: an open complaint (its workflow buttons),
    a resolved one with a customer (Reopen, Close, Survey card, the customer's record), a survey
    address (cards can be printed) and a backup folder (Back up now)."""
    delivery = Category.get(Category.name == "Delivery delay").id
    open_one = complaints.create_complaint(owner, channel=Channel.PHONE, summary="Parcel three days late",
                                           category_id=delivery)
    ana = customers.create_customer(owner, name="Ana Ruiz", phone="600 123 456")
    resolved = complaints.create_complaint(owner, channel=Channel.IN_PERSON, summary="Wrong size sent",
                                           category_id=delivery, customer_id=ana.id)
    complaints.resolve(owner, resolved.id, outcome=Outcome.REPLACEMENT)
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(),
                                                     survey_base_url="http://192.168.1.20:8765"))
    folder = tmp_path / "backups"
    folder.mkdir()
    backup.save_settings(owner, folder=str(folder), keep=7, daily=False)
    return {"open": open_one.id, "resolved": resolved.id}


@pytest.fixture
def window(qtbot: QtBot, owner: Staff, db_path: Path, language: str, shop: dict[str, int]) -> MainWindow:
    win = MainWindow(owner, str(db_path))
    qtbot.add_widget(win)
    win.resize(1180, 740)
    win.show()
    qtbot.wait_exposed(win)
    return win


def _visible(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if w.isVisible()]


def _buddied(root: QWidget) -> set[QWidget]:
    """Widgets named by a label (QLabel.setBuddy, as QFormLayout.addRow does) beside them: Qt gives
    screen readers a label's words only when it shares the control's parent."""
    buddies: set[QWidget] = set()
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.text().strip() and label.parentWidget() is buddy.parentWidget():
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


def _mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` ("&&" is a literal ampersand), lower-cased."""
    match = re.search(r"(?<!&)&([^&\s])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def mnemonic_clashes(root: QWidget) -> dict[str, list[str]]:
    """Alt+letter keys two visible controls of one window answer to (Qt would only cycle the focus).

    A control greyed out now counts too: a row selected or a folder chosen enables it on the same
    screen. Only the menu bar, switched off while the lock screen hides the pages, does not.
    """
    owners: dict[str, list[str]] = {}

    def note(text: str) -> None:
        letter = _mnemonic(text)
        if letter is not None:
            owners.setdefault(letter, []).append(text)

    for widget in _visible(root):
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            note(widget.text())
        elif isinstance(widget, QGroupBox):
            note(widget.title())
        elif isinstance(widget, QTabBar):
            for tab in range(widget.count()):
                note(widget.tabText(tab))
        elif isinstance(widget, QMenuBar) and widget.isEnabled():
            for action in widget.actions():
                note(action.text())
    return {letter: texts for letter, texts in owners.items() if len(texts) > 1}


def _settle(qtbot: QtBot) -> None:
    qtbot.wait(50)
    QThreadPool.globalInstance().waitForDone(20_000)
    QApplication.processEvents()


def _show_complaint(qtbot: QtBot, page: ComplaintsPage, complaint_id: int) -> None:
    """Its detail with the workflow buttons its status offers (a resolved one is not in the default view)."""
    page.show_complaint(complaint_id)
    qtbot.waitUntil(lambda: page.detail.complaint is not None and page.detail.complaint.id == complaint_id)
    _settle(qtbot)


def _listed(problems: dict[str, list[str]]) -> str:
    """One problem a line: pytest would cut a long dict short."""
    return "\n".join(f"{where}: {what}" for where, what in problems.items())


def _check(root: QWidget, name: str, problems: dict[str, list[str]], *, fewest: int = 3) -> None:
    assert len(controls(root)) >= fewest, f"{name}: nothing to check"
    if missing := unnamed_controls(root):
        problems[f"{name}: no accessible name"] = missing
    if missing := unreachable_by_tab(root):
        problems[f"{name}: not reachable with Tab"] = missing
    if clashes := mnemonic_clashes(root):
        problems[f"{name}: one Alt+letter for several controls"] = [str(clashes)]


def test_every_page_names_its_controls_and_tab_reaches_them(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], tmp_path: Path
) -> None:
    problems: dict[str, list[str]] = {}
    for index in range(window.pages.count()):
        window.show_page(index)
        _settle(qtbot)
        page = window.pages.currentWidget()
        name = window.navigation.item(index).text()
        if isinstance(page, ComplaintsPage):
            for state in ("open", "resolved"):
                _show_complaint(qtbot, page, shop[state])
                _check(window, f"{name}, a complaint {state}", problems)
        elif isinstance(page, SurveysPage):
            for tab in range(page.tabs.count()):
                page.tabs.setCurrentIndex(tab)
                _settle(qtbot)
                _check(window, f"{name}, {page.tabs.tabText(tab)}", problems)
        elif isinstance(page, ReportsPage):
            _check(window, name, problems)
            page.show_written(tmp_path / "report.pdf")  # with Open PDF and Show in folder
            _check(window, f"{name}, a report written", problems)
        else:
            _check(window, name, problems)
    window.lock()
    _settle(qtbot)
    _check(window, "Lock screen", problems)
    assert not problems, _listed(problems)


def _check_dialog(qtbot: QtBot, dialog: QWidget | None, name: str, problems: dict[str, list[str]], *,
                  fewest: int = 3) -> None:
    assert dialog is not None and dialog.isVisible(), f"{name} did not open"
    if dialog.parent() is None:
        qtbot.add_widget(dialog)
    _settle(qtbot)
    _check(dialog, name, problems, fewest=fewest)
    dialog.close()


def test_main_dialogs_name_their_controls_and_tab_reaches_them(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    problems: dict[str, list[str]] = {}
    window.new_complaint()
    assert window.quick_entry is not None
    window.quick_entry.new_customer.setChecked(True)  # its name, phone and e-mail boxes too
    _check_dialog(qtbot, window.quick_entry, "New complaint", problems)
    window.show_shortcuts()
    _check_dialog(qtbot, window.findChild(ShortcutsDialog), "Keyboard shortcuts", problems, fewest=2)
    _show_complaint(qtbot, window.complaints_page, shop["open"])
    workflow = window.complaints_page.detail.workflow
    workflow.resolve()
    _check_dialog(qtbot, workflow.open_dialog, "Resolve", problems)
    workflow.print_receipt()
    _check_dialog(qtbot, workflow.receipt_dialog, "Take-away receipt", problems)
    window.show_customers()
    _check_dialog(qtbot, window.customers_dialog, "Customers", problems)
    window.show_page(PAGE_NAMES.index("surveys"))
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
    window.show_page(PAGE_NAMES.index("dashboard"))
    dashboard = window.pages.currentWidget()
    assert isinstance(dashboard, DashboardPage)
    dashboard.new_goal()
    _check_dialog(qtbot, dashboard.goal_dialog, "New goal", problems)
    window.show_page(PAGE_NAMES.index("settings"))
    settings_page = window.pages.currentWidget()
    assert isinstance(settings_page, SettingsPage)
    settings_page.staff_panel.add_account()
    _check_dialog(qtbot, settings_page.staff_panel.account_dialog, "Add account", problems)
    settings_page.texts_panel.categories.selectRow(0)
    settings_page.texts_panel.edit_suggestions()
    _check_dialog(qtbot, settings_page.texts_panel.editor, "Suggested steps", problems)
    settings_page.show_audit_log()
    _check_dialog(qtbot, settings_page.audit_dialog, "Audit log", problems)
    settings_page.texts_panel.add_category()
    _check_dialog(qtbot, settings_page.texts_panel.category_dialog, "New complaint category", problems)
    assert not problems, _listed(problems)


def test_each_first_run_page_names_its_controls_and_gives_each_alt_letter_once(
    qtbot: QtBot, language: str, tmp_path: Path
) -> None:
    """The wizard's own buttons (Next, Back) count too: "Your &name" beside "&Next >" made Alt+N
    go to the name box, never to the next page."""
    close_database()
    open_database(tmp_path / "empty.db")  # a brand-new shop, as on first run
    wizard = FirstRunWizard()
    qtbot.add_widget(wizard)
    wizard.show()
    problems: dict[str, list[str]] = {}
    _check(wizard, "Your shop", problems, fewest=2)
    wizard.business.name.setText("Café Ñandú")
    wizard.next()
    owner_page = wizard.owner_page
    owner_page.display_name.setText("María López")
    owner_page.username.setText("maria")
    owner_page.password.setText("a long enough secret")
    owner_page.confirm.setText("a long enough secret")
    _check(wizard, "Your owner account", problems)
    wizard.next()
    assert wizard.currentPage() is wizard.data
    _check(wizard, "How would you like to start?", problems)
    assert not problems, _listed(problems)


@pytest.mark.parametrize("language", ["pt"], indirect=True)
def test_a_letter_beyond_a_to_z_works_as_alt_letter(qtbot: QtBot, window: MainWindow) -> None:
    """Portuguese Settings has more controls with an Alt+letter than its words have letters a to z;
    the daily backup takes Alt+Ç, a key of Portuguese and Brazilian keyboards."""
    window.show_page(PAGE_NAMES.index("settings"))
    _settle(qtbot)
    daily = window.findChild(QCheckBox, "backupDaily")
    assert daily.isVisible() and not daily.isChecked()
    assert _mnemonic(daily.text()) == "ç"
    QTest.keyClick(window, Qt.Key.Key_Ccedilla, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(daily.isChecked)  # a button's Alt+letter clicks it after its short press animation
