"""One headline figure as a card: big value, change against last month, 12-month line, sample size."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from smallcs import locale_format, metrics
from smallcs.i18n import _, ngettext
from smallcs.metrics.display import format_value
from smallcs.ui.charts import Sparkline
from smallcs.ui.dashboard.formatting import (
    Tone,
    change_tone,
    format_change,
)
from smallcs.ui.dashboard.snapshot import Tile

# The theme's label roles: green, red and grey text. The arrow and the word carry
# the same meaning for anyone who cannot tell the colours apart.
_TONE_ROLE = {Tone.BETTER: "ok", Tone.WORSE: "error", Tone.SAME: "muted", Tone.NONE: "muted"}
_NO_LIMIT = 16777215  # Qt's QWIDGETSIZE_MAX, which PySide6 does not export
# Narrower than this many average characters a tile's lines wrap word by word: the dashboard
# takes a column of tiles fewer instead (it follows the font, unlike the grid's pixel minimum).
READABLE_CHARS = 27


def _label(name: str, role: str | None = None) -> QLabel:
    label = QLabel(objectName=name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        label.setProperty("role", role)
    return label


def _restyle(label: QLabel, role: str) -> None:
    """Change a label's theme role (the style sheet only re-reads it when re-polished)."""
    if label.property("role") != role:
        label.setProperty("role", role)
        label.style().unpolish(label)
        label.style().polish(label)


class MetricTile(QFrame):
    """A card for one ``Tile`` of the snapshot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.tile: Tile | None = None
        self.title = _label("tileTitle", "muted")
        self.title.setWordWrap(True)
        self.few = _label("fewAnswers", "badge")  # amber, from the light or dark scheme
        self.few.setText(_("few answers"))
        # Two lines in a narrow tile (a large font, a long translation) rather than a column of tiles fewer.
        self.few.setWordWrap(True)
        self.few.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.few.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.few.setToolTip(ngettext("Fewer than {n} answer: the figure can swing a lot by chance.",
                                     "Fewer than {n} answers: the figure can swing a lot by chance.",
                                     metrics.FEW_ANSWERS).format(n=metrics.FEW_ANSWERS))
        self.few.hide()
        self.value = _label("tileValue")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.value.setFont(font)
        self.trend = Sparkline(_("12-month trend"))
        self.change = _label("tileChange")
        self.change.setWordWrap(True)  # "too few answers to compare with September" must not widen the tile
        self.sample = _label("tileSample", "muted")
        self.sample.setWordWrap(True)

        self._head = head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.few, 0, Qt.AlignmentFlag.AlignTop)
        figure = QGridLayout()
        figure.addWidget(self.value, 0, 0, Qt.AlignmentFlag.AlignVCenter)
        figure.addWidget(self.trend, 0, 1)
        figure.setColumnStretch(1, 1)
        figure.setHorizontalSpacing(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addLayout(figure)
        layout.addWidget(self.change)
        layout.addWidget(self.sample)
        layout.addStretch()  # tiles in a row share its height: keep the text at the top

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), self.fontMetrics().averageCharWidth() * READABLE_CHARS), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_badge(event.size().width())

    def _fit_badge(self, width: int) -> None:
        """Keep the badge on one line while the title fits beside it; else wrap it to its narrowest,
        so the title keeps the rest of the row (a layout would take the room from the title)."""
        words = self.few.fontMetrics()
        narrowest = self.few.minimumSizeHint().width()
        padding = narrowest - max((words.horizontalAdvance(word) for word in self.few.text().split()), default=0)
        margins = self.layout().contentsMargins()
        room = width - margins.left() - margins.right() - self._head.spacing()
        beside = self.title.fontMetrics().horizontalAdvance(self.title.text()) + \
            words.horizontalAdvance(self.few.text()) + padding
        limit = _NO_LIMIT if beside <= room else narrowest
        if self.few.maximumWidth() != limit:
            self.few.setMaximumWidth(limit)

    def set_tile(self, tile: Tile, *, compared_with: str) -> None:
        """Show ``tile``; ``compared_with`` names the month it is compared with ("October")."""
        self.tile = tile
        self.setObjectName(f"tile_{tile.key}")
        self.title.setText(tile.label)
        self._fit_badge(self.width())
        self.value.setText(format_value(tile.value, tile.unit))
        self.few.setVisible(tile.few_answers)
        self.trend.setAccessibleName(_("{metric}, last 12 months").format(metric=tile.label))
        self.trend.set_points([(p.month, p.value) for p in tile.series] if tile.has_trend else [],
                              lambda v, unit=tile.unit: format_value(v, unit))
        tone = Tone.NONE
        if tile.value is None:
            self.change.setText("")
        elif tile.previous is None:
            self.change.setText(_("nothing to compare with in {month}").format(month=compared_with))
        elif tile.too_few_to_compare:  # a change on a handful of answers is chance: no arrow, no verdict
            text = _("too few answers to compare with {month}") if tile.sample_is_answers else \
                _("too few resolved complaints to compare with {month}")
            self.change.setText(text.format(month=compared_with))
        elif tile.comparable:
            change = format_change(tile.change, unit=tile.unit, higher_is_better=tile.higher_is_better)
            self.change.setText(_("{change} vs {month}").format(change=change, month=compared_with))
            tone = change_tone(tile.change, higher_is_better=tile.higher_is_better)
        else:  # a month so far against a whole month: give the figure, not a verdict
            self.change.setText(_("All of {month}: {value}").format(
                month=compared_with, value=format_value(tile.previous, tile.unit)))
        self.change.setVisible(bool(self.change.text()))
        _restyle(self.change, _TONE_ROLE[tone])
        self.sample.setText(self._sample_text(tile))
        self.sample.setVisible(bool(self.sample.text()))
        self.setToolTip(self._tooltip(tile, compared_with))
        self.setAccessibleName(tile.label)
        self.setAccessibleDescription(self._spoken(tile))

    @staticmethod
    def _sample_text(tile: Tile) -> str:
        if tile.sample is None:
            return ""
        if tile.sample_is_answers:
            text = ngettext("{n} answer", "{n} answers", tile.sample).format(n=tile.sample)
        else:
            text = ngettext("{n} resolved", "{n} resolved", tile.sample).format(n=tile.sample)
        if tile.margin is not None:
            margin = _("{n} pts").format(n=f"{tile.margin:.0f}") if tile.unit == "%" else f"{tile.margin:.0f}"
            text += " · " + _("±{margin} ({level})").format(margin=margin, level=locale_format.percent(95))
        return text

    @staticmethod
    def _tooltip(tile: Tile, compared_with: str) -> str:
        lines = [_("{metric}: {value}; {month}: {previous}").format(
            metric=tile.label, value=format_value(tile.value, tile.unit), month=compared_with,
            previous=format_value(tile.previous, tile.unit))]
        if tile.detail:
            lines.append(tile.detail)
        return "\n".join(lines)

    def _spoken(self, tile: Tile) -> str:
        parts = [format_value(tile.value, tile.unit), self.change.text(), self.sample.text(),
                 _("few answers") if tile.few_answers else "", tile.detail]
        return "; ".join(part for part in parts if part)
