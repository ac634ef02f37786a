"""A page of survey cards shown on screen as it will print, or why it cannot be shown."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from smallcs.i18n import _
from smallcs.ui.surveys.qt_canvas import RecordedPage, replay
from smallcs.ui.theme import current_scheme

_MARGIN = 16
_SHADOW = QColor(0, 0, 0, 40)


class CardPreview(QWidget):
    """Paints a recorded page, scaled to fit, on a grey backdrop like a print preview."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page: RecordedPage | None = None
        self.message = ""
        self.setMinimumSize(260, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Preview of the first page"))

    def sizeHint(self) -> QSize:
        return QSize(420, 560)

    def show_page(self, page: RecordedPage) -> None:
        self.page, self.message = page, ""
        self.update()

    def show_message(self, message: str) -> None:
        """Show ``message`` instead of a page (e.g. no survey address is set yet)."""
        self.page, self.message = None, message
        self.update()

    def paper_rect(self) -> QRectF:
        """Where the page sits in the widget: centred, as large as fits."""
        if self.page is None:
            return QRectF()
        room_w, room_h = self.width() - 2 * _MARGIN, self.height() - 2 * _MARGIN
        scale = min(room_w / self.page.width, room_h / self.page.height)
        width, height = self.page.width * scale, self.page.height * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(current_scheme().backdrop))  # grey in light, deep in dark
        if self.page is None:
            painter.setPen(self.palette().color(self.palette().ColorRole.PlaceholderText))
            painter.drawText(self.rect().adjusted(24, 24, -24, -24),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            return
        paper = self.paper_rect()
        painter.fillRect(paper.translated(3, 3), _SHADOW)
        painter.fillRect(paper, Qt.GlobalColor.white)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(paper.topLeft())
        scale = paper.width() / self.page.width
        painter.scale(scale, scale)
        replay(self.page, painter)
        painter.end()
