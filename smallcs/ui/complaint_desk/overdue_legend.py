"""The key to the list's coloured rows: a swatch of the overdue colour and the word for it.

The colour alone says nothing to someone new at the counter; the legend names it where
the list shows such rows, and the rows say it again in their tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from smallcs.i18n import _
from smallcs.ui.theme import current_scheme


def overdue_row_tip() -> str:
    """What an overdue row's tooltip says."""
    return _("Overdue: past its due time and not resolved yet.")


class _Swatch(QWidget):
    """A small square in the overdue rows' colour (read from the theme at each paint, so it
    follows a switch between light and dark)."""

    def sizeHint(self) -> QSize:
        side = self.fontMetrics().height()
        return QSize(side, side)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        painter.setBrush(QColor(current_scheme().overdue_background))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


class OverdueLegend(QWidget):
    """"■ Overdue", with the meaning in its tooltip and accessible description."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overdueLegend")
        swatch = _Swatch(self)
        swatch.setFixedSize(swatch.sizeHint())
        text = QLabel(_("Overdue"), self)
        text.setProperty("role", "muted")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(swatch)
        row.addWidget(text)
        meaning = _("Rows in this colour are overdue: past their due time and not resolved yet.")
        self.setToolTip(meaning)
        text.setAccessibleDescription(meaning)
