"""Parts of the Complaints page that rearrange themselves to the width they get: a complaint's
facts two pairs to a line or one, and a text beside its button or above it (the customer and
the button that opens them; the page's title and New complaint).

The list and the detail are narrow on a laptop and with a large font; each part keeps its
lines few where there is width and is still whole where there is not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from smallcs.i18n import _
from smallcs.ui.theme import scaled


class _Value(QLabel):
    """A fact's value: as wide as its text on one line by preference, wrapping when squeezed
    (a wrapping label's own preference is narrower, and would wrap a date with room to spare)."""

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self.text()) + 2 * self.margin() + margins.left() + margins.right()
        return QSize(width + 1, super().sizeHint().height())


class FactGrid(QWidget):
    """``values[key]`` shows a fact (plain text, wrapping, selectable) beside its caption.

    Pairs are placed in the order given, two to a line, skipping hidden ones (``set_shown``),
    so a fact that does not apply leaves no gap. The right-hand values (short ones: a name,
    a category) keep their one line; the left-hand ones (moments) take the rest and wrap if
    they must, down to ``VALUE_MINIMUM`` or their longest word (a moment is one word: its spaces
    do not break). Below that (a narrow detail, a large font) the facts go compact: each of the
    ``long`` ones (moments) on a line of its own, then the short ones two to a line where a line
    holds both, one where it does not.
    """

    VALUE_MINIMUM = 90  # at the reference font size (theme.scaled)
    SPACING = 12

    def __init__(self, facts: Sequence[tuple[str, str]], parent: QWidget | None = None, *,
                 long: Sequence[str] = ()) -> None:
        """``facts``: (key, caption) in reading order; captions are msgids. ``long``: the keys
        of values that need a line's width (moments)."""
        super().__init__(parent)
        self.captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        self._long = set(long)
        self._boxes: list[QHBoxLayout] = []  # the compact lines' second pairs, beside the first
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(self.SPACING)
        self._grid.setVerticalSpacing(3)
        self._grid.setColumnStretch(4, 1)  # the room left over goes after the last column
        for key, caption in facts:
            label = QLabel(_(caption) + ":", self)
            label.setProperty("role", "muted")
            value = _Value(self, objectName=f"fact_{key}")
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.captions[key], self.values[key] = label, value
        self._placed: tuple[tuple[tuple[str, ...], ...], int] | None = None  # (lines, right values' width)
        self._fit()

    def set_values(self, values: Mapping[str, str]) -> None:
        """Show these facts' values."""
        for key, text in values.items():
            self.values[key].setText(text)
        self._fit(again=True)

    def set_shown(self, key: str, shown: bool) -> None:
        """Show or hide one fact with its caption."""
        if self.values[key].isHidden() != shown:
            return
        self.captions[key].setVisible(shown)
        self.values[key].setVisible(shown)
        self._fit(again=True)

    def is_compact(self) -> bool:
        """Whether the facts are placed compact (not two pairs to every line)."""
        return self._placed is not None and self._placed[1] == 0

    def minimumSizeHint(self) -> QSize:
        """One pair to a line: the widest caption beside the longest word of a value."""
        values = max((label.minimumSizeHint().width() for label in self.values.values()), default=0)
        captions = max((label.sizeHint().width() for label in self.captions.values()), default=0)
        return QSize(captions + self.SPACING + values, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self, *, again: bool = False) -> None:
        shown = [key for key, value in self.values.items() if not value.isHidden()]
        left, right = shown[0::2], shown[1::2]

        def widest(labels: dict[str, QLabel], keys: list[str]) -> int:
            return max((labels[key].sizeHint().width() for key in keys), default=0)

        right_values = widest(self.values, right)
        # A left value wraps down to VALUE_MINIMUM, but not inside a word (a moment kept whole).
        left_values = max([scaled(self.VALUE_MINIMUM)]
                          + [self.values[key].minimumSizeHint().width() for key in left])
        two = (widest(self.captions, left) + left_values + widest(self.captions, right)
               + right_values + 3 * self.SPACING) <= self.width()
        if two:
            lines = tuple((first, second) for first, second in zip(left, right))
            placed = (lines + ((left[-1],),) if len(left) > len(right) else lines, right_values)
        else:
            placed = (self._compact_lines(shown), 0)
        if placed == self._placed and not again:
            return
        self._placed = placed
        self._clear()
        for line, keys in enumerate(placed[0]):
            first = keys[0]
            self._grid.addWidget(self.captions[first], line, 0, Qt.AlignmentFlag.AlignTop)
            if two:
                self._grid.addWidget(self.values[first], line, 1, Qt.AlignmentFlag.AlignTop)
                if len(keys) == 2:
                    self._grid.addWidget(self.captions[keys[1]], line, 2, Qt.AlignmentFlag.AlignTop)
                    self._grid.addWidget(self.values[keys[1]], line, 3, Qt.AlignmentFlag.AlignTop)
            elif len(keys) == 1:
                self._grid.addWidget(self.values[first], line, 1, 1, 4, Qt.AlignmentFlag.AlignTop)
            else:  # the second pair right after the first value, not in a column of its own
                box = QHBoxLayout()
                box.setSpacing(self.SPACING)
                for key in keys:
                    self.values[key].setWordWrap(False)  # both measured to fit the line whole
                for widget in (self.values[first], self.captions[keys[1]], self.values[keys[1]]):
                    box.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
                box.addStretch(1)
                self._boxes.append(box)
                self._grid.addLayout(box, line, 1, 1, 4)
        self._grid.setColumnMinimumWidth(3, placed[1])

    def _compact_lines(self, shown: list[str]) -> tuple[tuple[str, ...], ...]:
        """The long facts one to a line, then the short ones paired where a line holds both."""
        captions = max((self.captions[key].sizeHint().width() for key in shown), default=0)
        lines: list[tuple[str, ...]] = [(key,) for key in shown if key in self._long]
        short = [key for key in shown if key not in self._long]
        while short:
            first = short.pop(0)
            width = captions + self.SPACING + self.values[first].sizeHint().width() + self._pair_width(short[0]) \
                if short else 0
            if short and width <= self.width():
                lines.append((first, short.pop(0)))
            else:
                lines.append((first,))
        return tuple(lines)

    def _pair_width(self, key: str) -> int:
        """A second pair on a line: its caption and value, with the spacing before each."""
        return self.captions[key].sizeHint().width() + self.values[key].sizeHint().width() + 2 * self.SPACING

    def _clear(self) -> None:
        for key in self.values:
            self._grid.removeWidget(self.captions[key])
            self._grid.removeWidget(self.values[key])
            self.values[key].setWordWrap(True)
        for box in self._boxes:
            while box.count():
                box.takeAt(0)
            self._grid.removeItem(box)
            box.deleteLater()
        self._boxes.clear()


class BesideOrUnder(QWidget):
    """A ``text`` with a ``button`` beside it, or under it where beside it the text would be cut
    or, if it wraps, take more than two lines or break a word (an e-mail address, a large font)."""

    def __init__(self, text: QLabel, button: QAbstractButton, parent: QWidget | None = None, *,
                 beside: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignTop) -> None:
        """``beside``: the button's vertical alignment beside the text."""
        super().__init__(parent)
        self.text, self.button = text, button
        self._text_width = 0
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.addWidget(text, 1)
        self._box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft | beside)

    def set_text_width(self, width: int) -> None:
        """The width a wrapping text takes on one line (call after setting it)."""
        self._text_width = width
        self._fit()

    def minimumSizeHint(self) -> QSize:
        """The button under the text: the longest word or the button, whichever is wider."""
        width = max(self.text.minimumSizeHint().width(), self.button.minimumSizeHint().width())
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = self.width() - self.button.sizeHint().width() - max(0, self._box.spacing())
        one_line = self._text_width or self.text.sizeHint().width()
        beside = room >= max(self.text.minimumSizeHint().width(), (one_line + 1) // 2)
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if self._box.direction() != direction:
            self._box.setDirection(direction)
