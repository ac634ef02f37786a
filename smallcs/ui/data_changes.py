"""One signal for "this PC has just written something the pages show".

The main window owns the one ``DataChanges`` and connects to it the signals that follow a write
(a complaint saved or changed, survey answers typed in or imported); a page that shows figures
drawn from those writes (the Dashboard) listens to it instead of waiting for its next poll.
Writes from other counter PCs (on a shared PostgreSQL) and answers from customers' phones are
not seen here: the pages' own polls catch those.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataChanges(QObject):
    """Emits ``changed`` after this PC wrote to the database."""

    changed = Signal()

    def notify(self, *_details: object) -> None:
        """Say that something was written; connect any signal here (its arguments are not needed)."""
        self.changed.emit()
