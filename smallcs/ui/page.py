"""The contract every page of the main window keeps."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from smallcs.models import Staff


class Page(QWidget):
    """A page in the main window's stack.

    The window builds a page the first time it is shown, hands it whoever is logged
    in through ``set_actor`` (again after a user switch) and calls ``refresh`` each
    time the page comes to the front, so what it shows is never stale. When another
    person logs in at the lock screen it first calls ``forget_user_state``: the
    counter PC is shared, and the next person starts on a clean page, not on the
    last one's search, filters or half-typed edits. The same person unlocking finds
    the page as they left it (only ``refresh`` is called).
    """

    read_ended = Signal()  # what ``refresh`` asked for on a worker has arrived, or could not be read
    # How long a window shown at once (someone signed in before its build behind the log-in dialog
    # ended) may wait for this page's read, so that its first paint has what the page shows: worth
    # it for a read that takes a moment (the complaint list's rows); not for longer work (the
    # dashboard's figures): the window comes first and says it is working.
    first_paint_wait_ms = 0

    actor: Staff | None = None

    def set_actor(self, actor: Staff) -> None:
        """Who is logged in now; pages hide what this role may not do."""
        self.actor = actor

    def refresh(self) -> None:
        """Re-read what the page shows; called when it comes to the front. What the
        person typed or chose on the page stays."""

    def is_reading(self) -> bool:
        """True while what ``refresh`` asked for is still on its way (read on a worker)."""
        return False

    def forget_user_state(self) -> None:
        """Another person is logging in: put the page back as a fresh one shows it (no
        search, default filters, nothing typed). Called while ``actor`` is still the person
        who left, before ``set_actor`` hands over the next one."""

    def start_widget(self) -> QWidget | None:
        """Where the keyboard starts on a fresh page (after a user switch); None: the navigation."""
        return None
