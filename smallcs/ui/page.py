"""The contract every page of the main window keeps."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from smallcs.models import Staff


class Page(QWidget):
    """A page in the main window's stack.

    The window builds a page the first time it is shown, hands it whoever is logged
    in through ``set_actor`` (again after a user switch) and calls ``refresh`` each
    time the page comes to the front, so what it shows is never stale.
    """

    actor: Staff | None = None

    def set_actor(self, actor: Staff) -> None:
        """Who is logged in now; pages hide what this role may not do."""
        self.actor = actor

    def refresh(self) -> None:
        """Re-read what the page shows; called when it comes to the front."""
