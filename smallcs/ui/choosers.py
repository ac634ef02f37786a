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


def ask_save_path(parent: QWidget, title: str, suggested: Path, filters: str,
                  chosen: Callable[[Path], None]) -> QFileDialog:
    """Ask where to save, offering ``suggested``; ``chosen(path)`` runs once a file is chosen."""
    dialog = QFileDialog(parent, title, str(suggested.parent), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suggested.suffix.lstrip("."))
    dialog.selectFile(str(suggested))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda path: chosen(Path(path)) if path else None)
    dialog.open()
    return dialog


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
