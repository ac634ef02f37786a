"""Where the save and folder choosers open, and that they speak the app's language.

The real widget-based QFileDialog (the one Qt shows on Linux without a desktop theme),
answered as a person would; HOME and QSettings are this test's own (conftest).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton, QTreeView
from pytestqt.qtbot import QtBot

from smallcs import complaints, i18n
from smallcs.models import Category, Complaint, Staff
from smallcs.models.enums import Channel
from smallcs.ui.backup_panel import BackupPanel
from smallcs.ui.choosers import ask_save_path
from smallcs.ui.complaint_desk.receipt_dialog import ReceiptDialog
from smallcs.ui.language import apply_language, choose_language
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.reports_page import ReportsPage


@pytest.fixture
def parcel(owner: Staff) -> Complaint:
    delivery = Category.get(Category.name == "Delivery delay")
    return complaints.create_complaint(owner, channel=Channel.PHONE, category_id=delivery.id,
                                       summary="Parcel three days late")


@pytest.fixture
def documents() -> Path:
    """The Documents folder of this test's fresh HOME (which has none until a chooser needs it)."""
    return Path.home() / "Documents"


@pytest.fixture
def spanish(qapp: QApplication) -> Iterator[None]:
    """The app in Spanish as a Spanish counter runs it: the catalog and Qt's own texts."""
    choose_language("es")
    apply_language(qapp)
    yield
    choose_language("")
    apply_language(qapp)
    i18n.set_language("en")


def _receipt_chooser(qtbot: QtBot, owner: Staff, complaint: Complaint) -> tuple[ReceiptDialog, QFileDialog]:
    """The receipt dialog with its "Save as PDF" chooser open."""
    dialog = ReceiptDialog(owner, complaint.id)
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.save_button.click()
    chooser = dialog.file_chooser
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    return dialog, chooser


def _save(qtbot: QtBot, dialog: ReceiptDialog, chooser: QFileDialog, target: Path) -> None:
    chooser.selectFile(str(target))
    with qtbot.waitSignal(dialog.saved):
        chooser.accept()


def _cancel(qtbot: QtBot, chooser: QFileDialog) -> None:
    """Cancel, as a person would: the chooser is gone before anything else happens (closing its
    parent in the same event-loop turn as the cancel crashes Qt, with or without this change)."""
    chooser.reject()
    qtbot.waitUntil(lambda: not shiboken6.isValid(chooser))


def _opened_in(chooser: QFileDialog) -> Path:
    return Path(chooser.directory().absolutePath())


def _answer_blocking_chooser(answer: Callable[[QFileDialog], None]) -> dict[str, Path]:
    """For a chooser that runs its own event loop: ``answer`` it once it is up; notes where it opened."""
    seen: dict[str, Path] = {}

    def inside_the_choosers_loop() -> None:
        chooser = QApplication.activeModalWidget()
        if not isinstance(chooser, QFileDialog):
            QTimer.singleShot(10, inside_the_choosers_loop)
            return
        seen["opened in"] = _opened_in(chooser)
        answer(chooser)

    QTimer.singleShot(0, inside_the_choosers_loop)
    return seen


def test_on_a_fresh_profile_the_receipt_is_offered_in_documents(
        qtbot: QtBot, owner: Staff, parcel: Complaint, documents: Path) -> None:
    dialog, chooser = _receipt_chooser(qtbot, owner, parcel)
    assert _opened_in(chooser) == documents and documents.is_dir()
    assert chooser.selectedFiles() == [str(documents / f"{parcel.reference}.pdf")]  # the name as before
    _cancel(qtbot, chooser)
    dialog.close()


def test_after_saving_into_a_folder_the_choosers_open_there(
        qtbot: QtBot, owner: Staff, parcel: Complaint, tmp_path: Path) -> None:
    shop_files = tmp_path / "Shop files"
    shop_files.mkdir()
    dialog, chooser = _receipt_chooser(qtbot, owner, parcel)
    _save(qtbot, dialog, chooser, shop_files / "for-ana.pdf")

    dialog.save_button.click()  # the next receipt: back in that folder, with the usual name
    chooser = dialog.file_chooser
    assert chooser is not None and _opened_in(chooser) == shop_files
    assert chooser.selectedFiles() == [str(shop_files / f"{parcel.reference}.pdf")]
    _cancel(qtbot, chooser)
    dialog.close()

    other = ask_save_path(dialog, "Save the cards as", "cards", "cards.pdf", "PDF files (*.pdf)", lambda _path: None)
    assert _opened_in(other) == shop_files  # a kind not saved yet starts where the last file went
    _cancel(qtbot, other)


def test_a_folder_that_is_gone_falls_back_to_documents(
        qtbot: QtBot, owner: Staff, parcel: Complaint, tmp_path: Path, documents: Path) -> None:
    stick = tmp_path / "USB stick"
    stick.mkdir()
    dialog, chooser = _receipt_chooser(qtbot, owner, parcel)
    _save(qtbot, dialog, chooser, stick / "receipt.pdf")
    shutil.rmtree(stick)  # the stick is pulled out

    dialog.save_button.click()
    chooser = dialog.file_chooser
    assert chooser is not None and _opened_in(chooser) == documents
    assert chooser.selectedFiles() == [str(documents / f"{parcel.reference}.pdf")]
    _cancel(qtbot, chooser)
    dialog.close()


def test_the_report_is_offered_in_documents_then_where_it_was_saved(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, documents: Path) -> None:
    window.show_page(PAGE_NAMES.index("reports"))
    page = window.page("reports")
    assert isinstance(page, ReportsPage)
    assert Path(page.path.text()).parent == documents

    reports = tmp_path / "Reports"
    reports.mkdir()

    def save_into_reports(chooser: QFileDialog) -> None:
        chooser.selectFile(str(reports / "june.pdf"))
        chooser.accept()

    seen = _answer_blocking_chooser(save_into_reports)
    page.choose_path()  # "Choose…": returns once the chooser is answered
    assert seen == {"opened in": documents} and page.path.text() == str(reports / "june.pdf")

    page.forget_user_state()  # the next person: the month's report, in the folder reports go to
    assert Path(page.path.text()).parent == reports


def test_the_backup_folder_chooser_opens_in_documents_without_a_folder(
        qtbot: QtBot, owner: Staff, tmp_path: Path, documents: Path) -> None:
    panel = BackupPanel()
    qtbot.add_widget(panel)
    panel.set_actor(owner)
    panel.show()
    for folder in ("", str(tmp_path / "no longer there")):
        panel.folder.setText(folder)
        seen = _answer_blocking_chooser(QFileDialog.reject)
        panel.browse.click()
        assert seen == {"opened in": documents}


def test_in_spanish_the_chooser_has_no_english_left(
        qtbot: QtBot, owner: Staff, parcel: Complaint, documents: Path, spanish: None) -> None:
    (documents / "Facturas").mkdir(parents=True)
    dialog, chooser = _receipt_chooser(qtbot, owner, parcel)
    chooser.setViewMode(QFileDialog.ViewMode.Detail)
    texts = {name: label.text() for name in ("lookInLabel", "fileNameLabel", "fileTypeLabel")
             if (label := chooser.findChild(QLabel, name)) is not None}
    # Qt's own Spanish file lacks the first and the last: they were English before.
    assert texts == {"lookInLabel": "&Buscar en:", "fileNameLabel": "&Nombre de fichero:",
                     "fileTypeLabel": "&Tipo de archivo:"}
    buttons = {button.text() for button in chooser.findChildren(QPushButton) if button.isVisible()}
    assert {"&Guardar", "Cancelar"} <= buttons
    listing = chooser.findChild(QTreeView, "treeView")
    qtbot.waitUntil(lambda: listing.model().rowCount(listing.rootIndex()) == 1)
    folder = listing.model().index(0, 2, listing.rootIndex())
    assert folder.siblingAtColumn(0).data() == "Facturas" and folder.data() == "Carpeta"  # its type, not "Folder"
    _cancel(qtbot, chooser)
    dialog.close()
