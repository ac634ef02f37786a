"""A page whose full view has not landed yet: says so plainly, shows what is there."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from smallcs.i18n import _


class PlaceholderPage(QWidget):
    """Title, an honest "not built yet" note, and a few live facts."""

    def __init__(
        self,
        title: str,
        coming: str,
        facts: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._facts = facts
        heading = QLabel(title)
        heading.setProperty("role", "title")
        banner = QFrame()
        banner.setObjectName("notYetBanner")
        banner.setProperty("role", "banner")
        note = QLabel(
            "<b>" + _("Not available yet.") + "</b> " + coming
        )
        note.setTextFormat(Qt.TextFormat.RichText)
        note.setWordWrap(True)
        banner_layout = QVBoxLayout(banner)
        banner_layout.addWidget(note)
        self.facts = QLabel()
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(heading)
        layout.addWidget(banner)
        layout.addWidget(self.facts)
        layout.addStretch()

    def refresh(self) -> None:
        """Re-read the live facts (called when the page is shown)."""
        self.facts.setText("\n".join(self._facts()))
