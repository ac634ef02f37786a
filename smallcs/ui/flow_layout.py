"""A layout that lines its widgets up like words: left to right, wrapping to a new
row when the width runs out (Qt's "Flow Layout" example, in Python).

Used where a row of controls must fit a narrow panel at any font size and in any
language: the complaint list's filters, and a complaint's reference with its status.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Widgets in rows that wrap; its height follows its width.

    Within a row, items stand at its top, or with ``bottom=True`` on its bottom line (a
    small status beside a large title, as if on one line of text).
    """

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6, bottom: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._bottom = bottom

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place (or only measure) the items in ``rect``; returns the height used."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        rows: list[list[tuple[QLayoutItem, int]]] = [[]]  # items with their x, row by row
        x, gap = area.x(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            width = item.sizeHint().width()
            gap = self._spacing if self._spacing >= 0 else self._style_gap(widget)
            if x + width > area.right() + 1 and rows[-1]:
                rows.append([])
                x = area.x()
            rows[-1].append((item, x))
            x += width + gap
        y = area.y()
        for row in rows:
            height = max((item.sizeHint().height() for item, _x in row), default=0)
            if move:
                for item, left in row:
                    hint = item.sizeHint()
                    top = y + height - hint.height() if self._bottom else y
                    item.setGeometry(QRect(QPoint(left, top), hint))
            y += height + gap
        used = y - gap if rows[-1] else area.y()
        return used - rect.y() + margins.bottom()

    @staticmethod
    def _style_gap(widget: QWidget | None) -> int:
        if widget is None:
            return 6
        return widget.style().layoutSpacing(QSizePolicy.ControlType.PushButton, QSizePolicy.ControlType.PushButton,
                                            Qt.Orientation.Horizontal, None, widget)



