"""Small charts drawn with QPainter: a sparkline, horizontal bars and a score distribution.

PySide6-Essentials has no QtCharts, and these three need little: each sizes
itself from the font (so it follows the user's text size and the screen's
scale), draws in the shop's accent colour and the palette's text colours (so it
reads in a light and a dark theme), says "No data yet" instead of an
empty frame, and carries its numbers in its accessible description and in a
tooltip for the point under the mouse.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from smallcs.i18n import _
from smallcs.ui.theme import current_scheme, graphic_accent


def accent_colour() -> QColor:
    """The colour charts draw in: the shop's accent, kept visible on light and dark cards."""
    return graphic_accent()


def worse_colour() -> QColor:
    """The theme's error red, for scores that count against the shop."""
    return QColor(current_scheme().error)


class Chart(QWidget):
    """What every chart shares: the empty state, tooltips and the accessible text."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = _("No data yet")
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    # --- what subclasses provide ------------------------------------------------
    def has_data(self) -> bool:
        """Whether there is anything to draw."""
        raise NotImplementedError

    def describe(self) -> str:
        """The chart's numbers in words, for screen readers."""
        raise NotImplementedError

    def tip_at(self, pos: QPointF) -> str:
        """The tooltip for the point under ``pos`` ("" for none)."""
        raise NotImplementedError

    def paint_chart(self, painter: QPainter, area: QRectF) -> None:
        """Draw the data inside ``area`` (only called when there is data)."""
        raise NotImplementedError

    # --- shared behaviour -------------------------------------------------------
    def set_empty_text(self, text: str) -> None:
        """What to say when there is nothing to draw (e.g. "No answers this month")."""
        self.empty_text = text
        self._changed()

    def _described(self) -> None:
        self.setAccessibleDescription(self.describe() if self.has_data() else self.empty_text)

    def _changed(self) -> None:
        """Call after the data changed: new description, size and picture."""
        self._described()
        self.updateGeometry()
        self.update()

    def muted_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.PlaceholderText)

    def text_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def line_height(self) -> float:
        return float(self.fontMetrics().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.contentsRect())
        if self.has_data():
            self.paint_chart(painter, area)
        else:
            painter.setPen(self.muted_colour())
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tip_at(QPointF(event.pos())) if self.has_data() else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


def _size(width: float, height: float) -> QSize:
    return QSize(round(width), round(height))


def _plain(value: float) -> str:
    return f"{value:g}"


class Sparkline(Chart):
    """A small line over a series (e.g. 12 months); gaps where a month has no value."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self._points: list[tuple[str, float | None]] = []
        self._format: Callable[[float], str] = _plain
        self._described()

    def set_points(self, points: Sequence[tuple[str, float | None]],
                   fmt: Callable[[float], str] = _plain) -> None:
        """Show ``points`` (label, value or None), oldest first, written with ``fmt``."""
        self._points = list(points)
        self._format = fmt
        self._changed()

    def has_data(self) -> bool:
        return any(value is not None for _label, value in self._points)

    def _text(self, label: str, value: float | None) -> str:
        return f"{label}: {self._format(value) if value is not None else _('no data')}"

    def describe(self) -> str:
        return "; ".join(self._text(label, value) for label, value in self._points)

    def sizeHint(self) -> QSize:
        return _size(self.fontMetrics().averageCharWidth() * 16, self.line_height() * 2.2)

    def minimumSizeHint(self) -> QSize:
        return _size(self.fontMetrics().averageCharWidth() * 8, self.line_height() * 2.2)

    def _positions(self, area: QRectF) -> list[QPointF | None]:
        known = [v for _label, v in self._points if v is not None]
        low, high = min(known), max(known)
        step = area.width() / max(1, len(self._points) - 1)
        positions: list[QPointF | None] = []
        for index, (_label, value) in enumerate(self._points):
            if value is None:
                positions.append(None)
                continue
            share = 0.5 if high == low else (value - low) / (high - low)
            positions.append(QPointF(area.left() + index * step, area.bottom() - share * area.height()))
        return positions

    def _area(self, area: QRectF) -> QRectF:
        margin = max(2.0, self.line_height() / 5)
        return area.adjusted(margin, margin, -margin, -margin)

    def paint_chart(self, painter: QPainter, area: QRectF) -> None:
        inner = self._area(area)
        accent = accent_colour()
        positions = self._positions(inner)
        runs: list[list[QPointF]] = [[]]
        for point in positions:
            if point is None:
                runs.append([])
            else:
                runs[-1].append(point)
        fill = QColor(accent)
        fill.setAlpha(36)
        pen = QPen(accent, max(1.5, self.line_height() / 10))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        for run in (r for r in runs if r):
            path = QPainterPath(run[0])
            for point in run[1:]:
                path.lineTo(point)
            if len(run) > 1:
                under = QPainterPath(path)
                under.lineTo(run[-1].x(), area.bottom())
                under.lineTo(run[0].x(), area.bottom())
                under.closeSubpath()
                painter.fillPath(under, fill)
            painter.strokePath(path, pen)
        radius = max(2.0, self.line_height() / 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        lone = [r[0] for r in runs if len(r) == 1]
        last = next(p for p in reversed(positions) if p is not None)
        for point in {(p.x(), p.y()) for p in [*lone, last]}:
            painter.drawEllipse(QPointF(*point), radius, radius)

    def tip_at(self, pos: QPointF) -> str:
        if not self._points:
            return ""
        inner = self._area(QRectF(self.contentsRect()))
        step = inner.width() / max(1, len(self._points) - 1)
        index = round((pos.x() - inner.left()) / step) if step else 0
        label, value = self._points[max(0, min(len(self._points) - 1, index))]
        return self._text(label, value)



@dataclasses.dataclass(frozen=True)
class Bar:
    """One row of a bar chart."""

    label: str
    value: float
    value_text: str
    note: str = ""  # e.g. "▲ +3 vs last month", drawn muted after the value


class BarChart(Chart):
    """Horizontal bars, largest first as given, with labels on the left and values after each bar."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self._bars: list[Bar] = []
        self._described()

    def set_bars(self, bars: Sequence[Bar]) -> None:
        """Show ``bars`` top to bottom."""
        self._bars = list(bars)
        self._changed()

    def has_data(self) -> bool:
        return any(bar.value > 0 for bar in self._bars)

    def _text(self, bar: Bar) -> str:
        return f"{bar.label}: {bar.value_text}" + (f" ({bar.note})" if bar.note else "")

    def describe(self) -> str:
        return "; ".join(self._text(bar) for bar in self._bars)

    def _row_height(self) -> float:
        return self.line_height() * 1.7

    def sizeHint(self) -> QSize:
        rows = len(self._bars) if self.has_data() else 2
        return _size(self.fontMetrics().averageCharWidth() * 50, rows * self._row_height() + 4)

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return _size(self.fontMetrics().averageCharWidth() * 24, hint.height())

    def paint_chart(self, painter: QPainter, area: QRectF) -> None:
        metrics = QFontMetricsF(self.font())  # (whole pixels would cut a label given its own width)
        gap = metrics.averageCharWidth() * 1.5
        label_width = min(max(metrics.horizontalAdvance(b.label) for b in self._bars), area.width() * 0.35)
        value_width = max(metrics.horizontalAdvance(b.value_text) for b in self._bars)
        note_width = max(metrics.horizontalAdvance(b.note) for b in self._bars)
        tail = value_width + (gap + note_width if note_width else 0)
        bar_room = max(area.width() - label_width - tail - 2 * gap, area.width() * 0.15)
        top_value = max(bar.value for bar in self._bars)
        row = self._row_height()
        bar_height = self.line_height() * 0.9
        accent = accent_colour()
        for index, bar in enumerate(self._bars):
            top = area.top() + index * row
            line = QRectF(area.left(), top, area.width(), row)
            painter.setPen(self.text_colour())
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width)
            painter.drawText(QRectF(line.left(), top, label_width, row),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
            length = bar_room * bar.value / top_value if top_value > 0 else 0
            bar_left = line.left() + label_width + gap
            shape = QRectF(bar_left, top + (row - bar_height) / 2, max(length, 2.0), bar_height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            painter.drawRoundedRect(shape, 2, 2)
            text_left = shape.right() + gap / 2
            painter.setPen(self.text_colour())
            painter.drawText(QRectF(text_left, top, value_width + gap, row),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, bar.value_text)
            if bar.note:
                painter.setPen(self.muted_colour())
                painter.drawText(QRectF(text_left + metrics.horizontalAdvance(bar.value_text) + gap, top,
                                        note_width + gap, row),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, bar.note)

    def tip_at(self, pos: QPointF) -> str:
        index = int((pos.y() - self.contentsRect().top()) // self._row_height())
        return self._text(self._bars[index]) if 0 <= index < len(self._bars) else ""


def group_spans(total: float, counts: Sequence[int], needs: Sequence[float]) -> list[float]:
    """Widths for runs of ``counts`` equal columns across ``total``, each at least its ``needs``.

    Runs get widths in proportion to their columns; a run that needs more (its label) keeps
    what it needs and the others share the rest in proportion, until every need is met. When
    the needs add up to more than ``total`` the widths stay proportional (and labels elide).
    """
    columns = sum(counts)
    if columns == 0:
        return [0.0 for _count in counts]
    proportional = [total * count / columns for count in counts]
    if sum(needs) > total:
        return proportional
    grown: dict[int, float] = {}
    while True:
        free = total - sum(grown.values())
        shared = sum(count for index, count in enumerate(counts) if index not in grown)
        per_column = free / shared if shared else 0.0
        short = [index for index, count in enumerate(counts)
                 if index not in grown and count * per_column < needs[index]]
        if not short:
            return [grown.get(index, count * per_column) for index, count in enumerate(counts)]
        for index in short:
            grown[index] = needs[index]


@dataclasses.dataclass(frozen=True)
class ScoreGroup:
    """Scores read together, e.g. NPS promoters (9–10); ``good`` None for neutral."""

    label: str
    scores: range
    good: bool | None


class DistributionChart(Chart):
    """Answers per score (0–10 NPS, 1–5 CSAT) as columns, grouped with labels under the axis."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self._counts: dict[int, int] = {}
        self._groups: list[ScoreGroup] = []
        self.empty_text = _("No answers yet")
        self._described()

    def set_distribution(self, counts: Mapping[int, int], groups: Sequence[ScoreGroup]) -> None:
        """Show ``counts`` (score -> answers, every score listed) under ``groups``."""
        self._counts = dict(sorted(counts.items()))
        self._groups = list(groups)
        self._changed()

    def has_data(self) -> bool:
        return sum(self._counts.values()) > 0

    def _group_total(self, group: ScoreGroup) -> int:
        return sum(self._counts.get(score, 0) for score in group.scores)

    def describe(self) -> str:
        scores = ", ".join(f"{score}: {n}" for score, n in self._counts.items())
        groups = ", ".join(f"{g.label} ({g.scores[0]}–{g.scores[-1]}): {self._group_total(g)}"
                           for g in self._groups)
        return _("Answers per score: {scores}. {groups}.").format(scores=scores, groups=groups)

    def sizeHint(self) -> QSize:
        return _size(self.fontMetrics().averageCharWidth() * 40, self.line_height() * 8)

    def minimumSizeHint(self) -> QSize:
        return _size(self.fontMetrics().averageCharWidth() * 24, self.line_height() * 8)

    def _colour(self, score: int) -> QColor:
        for group in self._groups:
            if score in group.scores:
                if group.good is None:
                    return self.palette().color(QPalette.ColorRole.Mid)
                return accent_colour() if group.good else worse_colour()
        return self.muted_colour()

    def _segments(self) -> list[tuple[int, ScoreGroup | None]]:
        """The scores in order as runs: (number of scores, their group or None)."""
        runs: list[tuple[int, ScoreGroup | None]] = []
        for score in self._counts:
            group = next((g for g in self._groups if score in g.scores), None)
            if runs and runs[-1][1] is group:
                runs[-1] = (runs[-1][0] + 1, group)
            else:
                runs.append((1, group))
        return runs

    def columns(self, area: QRectF) -> list[QRectF]:
        """Each score's column across ``area``, in order.

        Columns are equal where the group names fit under them; a group whose name needs more
        room (two columns for "Promoters") takes it from the groups with room to spare.
        """
        metrics = QFontMetricsF(self.font())
        pad = metrics.averageCharWidth()
        runs = self._segments()
        needs = [metrics.horizontalAdvance(group.label) + pad if group else 0.0 for _n, group in runs]
        spans = group_spans(area.width(), [n for n, _group in runs], needs)
        rects, left = [], area.left()
        for (n, _group), span in zip(runs, spans, strict=True):
            for _index in range(n):
                rects.append(QRectF(left, area.top(), span / n, area.height()))
                left += span / n
        return rects

    def group_labels(self, area: QRectF) -> list[tuple[QRectF, str]]:
        """Where each group's name goes under the columns in ``area``, and the text drawn there
        (elided only when the chart is too narrow for every name)."""
        metrics = QFontMetricsF(self.font())
        columns = self.columns(area)
        first = min(self._counts)
        placed = []
        for group in self._groups:
            inside = [columns[score - first] for score in group.scores if 0 <= score - first < len(columns)]
            if not inside:
                continue
            span = QRectF(inside[0].left(), area.top(), inside[-1].right() - inside[0].left(), area.height())
            placed.append((span, metrics.elidedText(group.label, Qt.TextElideMode.ElideRight, span.width() - 4)))
        return placed

    def _plot(self, area: QRectF) -> QRectF:
        line = self.line_height()
        return area.adjusted(0, line * 1.2, 0, -line * 2.6)  # counts above, scores and groups below

    def paint_chart(self, painter: QPainter, area: QRectF) -> None:
        line = self.line_height()
        plot = self._plot(area)
        top_count = max(self._counts.values())
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(QPointF(area.left(), plot.bottom()), QPointF(area.right(), plot.bottom()))
        for column, (score, n) in zip(self.columns(area), self._counts.items(), strict=True):
            left, width = column.left(), column.width()
            height = plot.height() * n / top_count
            shape = QRectF(left + width * 0.15, plot.bottom() - height, width * 0.7, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(self._colour(score)))
            painter.drawRect(shape)
            painter.setPen(self.text_colour())
            if n:
                painter.drawText(QRectF(left, shape.top() - line * 1.1, width, line),
                                 Qt.AlignmentFlag.AlignCenter, str(n))
            painter.drawText(QRectF(left, plot.bottom() + 2, width, line), Qt.AlignmentFlag.AlignCenter, str(score))
        painter.setPen(self.muted_colour())
        label_top = plot.bottom() + line * 1.3
        for span, text in self.group_labels(area):
            painter.drawLine(QPointF(span.left() + 3, label_top), QPointF(span.right() - 3, label_top))
            painter.drawText(QRectF(span.left(), label_top + 1, span.width(), line * 1.2),
                             Qt.AlignmentFlag.AlignCenter, text)

    def tip_at(self, pos: QPointF) -> str:
        columns = self.columns(QRectF(self.contentsRect()))
        for column, (score, n) in zip(columns, self._counts.items(), strict=True):
            if column.left() <= pos.x() < column.right():
                return _("Score {score}: {n} answers").format(score=score, n=n)
        return ""
