"""The friendly face of an unexpected error: a dialog, the log, nothing lost."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.log import log_file

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """A service's refusal as a plain message; anything else as an unexpected error."""
    if isinstance(error, SmallCSError):
        QMessageBox.warning(parent, _("SmallCS"), str(error))
    else:
        show_unexpected(parent, type(error), error, error.__traceback__)


def show_unexpected(
    parent: QWidget | None,
    kind: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
) -> None:
    """Log the traceback and tell the user, with a button to copy the details."""
    details = "".join(traceback.format_exception(kind, error, tb))
    log.error("unexpected error", exc_info=(kind, error, tb))
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("Something went wrong"))
    box.setText(
        _("SmallCS ran into an unexpected problem. What you were typing is still there;"
          " you can carry on or save your work.")
    )
    box.setInformativeText(
        _("The details were written to {path}.").format(path=log_file())
    )
    box.setDetailedText(details)
    copy = box.addButton(_("Copy details"), QMessageBox.ButtonRole.ActionRole)
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()  # (the box is not touched after: a parent closing meanwhile may have taken it along)


def _keep_open_forms() -> None:
    """Save every open form's draft first: whatever happens next, nothing typed is lost."""
    for widget in QApplication.topLevelWidgets():
        keep = getattr(widget, "save_draft_now", None)
        if callable(keep):
            try:
                keep()
            except Exception:  # the error being reported may be the database itself
                log.exception("could not keep a draft while reporting an error")


def install_excepthook() -> None:
    """Route exceptions escaping Qt slots to the friendly dialog instead of a crash."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        _keep_open_forms()
        active = QApplication.activeWindow()
        show_unexpected(active if active is not None and active.isVisible() else None, kind, error, tb)

    sys.excepthook = hook
