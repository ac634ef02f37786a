"""Where to save, which printer: asked without a nested event loop.

The choosers are opened, not exec'd: nothing waits on them, so a screen lock can
cancel one (``lock_away.py``) without the code that asked being stuck half-way, and
a test can answer them as a person would. Each deletes itself once answered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from smallcs.ui import save_folder


def ask_save_path(parent: QWidget, title: str, kind: str, file_name: str, filters: str,
                  chosen: Callable[[Path], None]) -> QFileDialog:
    """Ask where to save ``file_name``; ``chosen(path)`` runs once a file is chosen.

    It opens in the folder files of ``kind`` were last saved to, else Documents (``save_folder``).
    """
    suggested = save_folder.start_folder(kind) / file_name
    dialog = QFileDialog(parent, title, str(suggested.parent), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suggested.suffix.lstrip("."))
    dialog.selectFile(str(suggested))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda path: _saved_to(kind, path, chosen))
    dialog.open()
    return dialog


def _saved_to(kind: str, path: str, chosen: Callable[[Path], None]) -> None:
    if path:
        save_folder.remember_folder(kind, Path(path))
        chosen(Path(path))


def ask_printer(parent: QWidget, printer: QPrinter, title: str,
                chosen: Callable[[QPrinter], None]) -> QPrintDialog:
    """The system print dialog for ``printer``; ``chosen(printer)`` runs once it is accepted."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setOptions(QAbstractPrintDialog.PrintDialogOption.PrintToFile
                      | QAbstractPrintDialog.PrintDialogOption.PrintShowPageSize)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: chosen(printer))
    QDialog.open(dialog)  # (QPrintDialog's own open() wants a slot to call)
    return dialog
