"""Fixtures for the Complaints page: a shop with a few complaints made through the services."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import accounts, complaints, customers, i18n
from smallcs.models import Category, Complaint, Staff
from smallcs.models.enums import Channel
from smallcs.ui.complaint_desk.page import ComplaintsPage
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.main_window import MainWindow
from tests.ui.conftest import themed_at


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Accounts are only actors here: a weak argon2id keeps each test's setup fast."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture(autouse=True)
def _background_reads_finish() -> Iterator[None]:
    """The list reads on the thread pool: none may outlive its test's database."""
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def shop(owner: Staff, clerk: Staff) -> dict[str, Complaint]:
    delivery = Category.get(Category.name == "Delivery delay")
    billing = Category.get(Category.name == "Billing error")
    ana = customers.create_customer(owner, name="Ana Lucía Pérez", phone="612 345 678")
    made = {
        "parcel": complaints.create_complaint(owner, channel=Channel.PHONE, category_id=delivery.id,
                                              summary="Parcel three days late", customer_id=ana.id),
        "invoice": complaints.create_complaint(clerk, channel=Channel.EMAIL, category_id=billing.id,
                                               summary="Charged twice for one kettle"),
        "counter": complaints.create_complaint(owner, channel=Channel.IN_PERSON, category_id=delivery.id,
                                               summary="Wrong paint colour delivered"),
    }
    complaints.assign(owner, made["invoice"].id, clerk.id)
    return made


def open_page(qtbot: QtBot, actor: Staff) -> ComplaintsPage:
    """The page as the main window shows it: built, given its actor, refreshed, list loaded."""
    widget = ComplaintsPage()
    qtbot.add_widget(widget)
    widget.set_actor(actor)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    settle(qtbot, widget)
    return widget


@pytest.fixture
def dialog(qtbot: QtBot, owner: Staff) -> QuickEntryDialog:
    """Quick entry on screen and active, the owner at the keyboard."""
    form = QuickEntryDialog(owner)
    qtbot.add_widget(form)
    form.show()
    qtbot.waitUntil(form.isActiveWindow)
    return form


@pytest.fixture
def page(qtbot: QtBot, owner: Staff, shop: dict[str, Complaint]) -> ComplaintsPage:
    return open_page(qtbot, owner)


def settle(qtbot: QtBot, page: ComplaintsPage) -> None:
    """Wait until the list's background reads are in."""
    qtbot.waitUntil(lambda: not page.model.is_loading(), timeout=5000)


def shown(page: ComplaintsPage) -> list[str]:
    """The references the list shows, top to bottom."""
    return [page.model.row_at(n).reference for n in range(page.model.rowCount())]


@pytest.fixture
def large_text(qapp: QApplication) -> Iterator[None]:
    """The application font at 15 pt (a user who set "large text"), themed for it; put back after."""
    yield from themed_at(qapp, 15)


@pytest.fixture
def twelve_points(qapp: QApplication) -> Iterator[None]:
    """The application font at 12 pt (issue #4's reviewer on a 1366×768 laptop), themed for it; put back after."""
    yield from themed_at(qapp, 12)


def open_window(qtbot: QtBot, owner: Staff, db_path: Path, size: tuple[int, int], *, language: str | None = None,
                complaint: Complaint | None = None, page: bool = True) -> MainWindow:
    """The main window at ``size`` (in ``language``), on screen; with ``page``, on the Complaints
    page with its list loaded, showing ``complaint`` when one is given."""
    if language is not None:
        i18n.set_language(language)
    window = MainWindow(owner, str(db_path))
    qtbot.add_widget(window)
    window.resize(*size)
    window.show()
    qtbot.wait_exposed(window)
    if page:
        window.show_page(0)
        settle(qtbot, window.complaints_page)
    if complaint is not None:
        detail = window.complaints_page.detail
        window.complaints_page.show_complaint(complaint.id)
        settle(qtbot, window.complaints_page)
        qtbot.waitUntil(lambda: detail.complaint is not None and detail.complaint.id == complaint.id)
    QApplication.processEvents()
    return window


def choose_category(qtbot: QtBot, form: QuickEntryDialog, name: str = "Product defect") -> None:
    """Alt+G and the category's first word typed, as staff pick one (the form starts with none).
    (A space would open the list.)"""
    qtbot.keyClick(QApplication.focusWidget() or form, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(form.category, name.split()[0])
    assert form.category.currentText() == name


def in_category(form: QuickEntryDialog, name: str = "Product defect") -> None:
    """The form's category set to ``name`` (for tests about the rest of the form)."""
    form.category.setCurrentIndex(form.category.findText(name))
    assert form.category.currentText() == name
