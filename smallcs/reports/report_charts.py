"""Vector charts for the monthly report (reportlab.graphics), drawn to read in grey print.

Every chart writes its numbers beside the marks, so a black-and-white copy
loses nothing, and takes its colours from the report's one ``Palette``
(report_styles), so a meaning has one colour throughout. Empty data never
draws an empty frame: the chart functions return ``None`` and the caller
prints a sentence instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from smallcs import locale_format
from smallcs.reports import fonts
from smallcs.reports.report_styles import INK, MUTED, Palette

SIZE = 7.5  # the charts' text size in points


@dataclasses.dataclass(frozen=True)
class Bar:
    """One row of a bar chart: its label, length and the words written after it."""

    label: str
    value: float
    text: str


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of a distribution: the score and its answers."""

    label: str
    count: int


@dataclasses.dataclass(frozen=True)
class Group:
    """Some neighbouring columns that mean one thing, e.g. "detractors" under 0–6.

    ``tone`` picks the palette's colour for them: "low" (against the shop),
    "middle" (neutral) or "high" (in its favour).
    """

    label: str
    first: int
    last: int
    tone: str


@dataclasses.dataclass(frozen=True)
class Span:
    """A range row: median (dark) and 90th percentile (light) against a target tick."""

    label: str
    median: float
    p90: float
    target: float | None
    text: str


@dataclasses.dataclass(frozen=True)
class Estimate:
    """A percentage with its 95 % interval drawn as a whisker."""

    label: str
    value: float
    low: float
    high: float
    text: str


def _label(drawing: Drawing, x: float, y: float, text: str, *, room: float, anchor: str = "start",
           colour: colors.Color = INK, size: float = SIZE) -> None:
    shown, size = fonts.fit_text(text, font=fonts.REGULAR, width=room, size=size, min_size=6)
    drawing.add(String(x, y, shown, fontName=fonts.REGULAR, fontSize=size, fillColor=colour,
                       textAnchor=anchor))


def _label_room(labels: Sequence[str], width: float) -> float:
    return min(width * 0.34, max(fonts.text_width(t, font=fonts.REGULAR, size=SIZE) for t in labels) + 6)


def _text_room(texts: Sequence[str]) -> float:
    return max(fonts.text_width(t, font=fonts.REGULAR, size=SIZE) for t in texts) + 6


def bar_chart(bars: Sequence[Bar], *, width: float, palette: Palette,
              row_height: float = 13) -> Drawing | None:
    """Horizontal bars on a light track, the words written after each bar."""
    if not bars or not any(bar.value > 0 for bar in bars):
        return None
    label_room = _label_room([b.label for b in bars], width)
    text_room = _text_room([b.text for b in bars])
    track = max(width - label_room - text_room, 30)
    top = max(bar.value for bar in bars)
    drawing = Drawing(width, row_height * len(bars))
    for index, bar in enumerate(bars):
        y = row_height * (len(bars) - index - 1)
        _label(drawing, 0, y + 3, bar.label, room=label_room - 6)
        drawing.add(Rect(label_room, y + 2, track, row_height - 5, fillColor=palette.track, strokeColor=None))
        if bar.value > 0:
            drawing.add(Rect(label_room, y + 2, track * bar.value / top, row_height - 5, fillColor=palette.series,
                             strokeColor=None))
        _label(drawing, label_room + track + 4, y + 3, bar.text, room=text_room)
    return drawing


def _tone(index: int, groups: Sequence[Group], palette: Palette) -> colors.Color:
    for group in groups:
        if group.first <= index <= group.last:
            return {"low": palette.low, "middle": palette.middle}.get(group.tone, palette.high)
    return palette.series


def column_chart(columns: Sequence[Column], *, width: float, palette: Palette, height: float = 80,
                 groups: Sequence[Group] = ()) -> Drawing | None:
    """A distribution: one column per score, its count above it, brackets naming groups below.

    Columns take their group's tone from ``palette`` (the series colour outside any group).
    """
    if not columns or not any(c.count for c in columns):
        return None
    foot = 12 + (14 if groups else 0)
    head = 10
    slot = width / len(columns)
    top = max(c.count for c in columns)
    drawing = Drawing(width, height)
    room = height - foot - head
    drawing.add(Line(0, foot, width, foot, strokeColor=MUTED, strokeWidth=0.5))
    for index, column in enumerate(columns):
        x = index * slot + slot * 0.15
        tall = room * column.count / top
        if column.count:
            drawing.add(Rect(x, foot, slot * 0.7, tall, fillColor=_tone(index, groups, palette), strokeColor=None))
        centre = index * slot + slot / 2
        drawing.add(String(centre, foot + tall + 2, locale_format.number(column.count), fontName=fonts.REGULAR,
                           fontSize=SIZE, fillColor=INK, textAnchor="middle"))
        drawing.add(String(centre, foot - 9, column.label, fontName=fonts.REGULAR, fontSize=SIZE,
                           fillColor=MUTED, textAnchor="middle"))
    spans = [(group, group.first * slot + 2, (group.last + 1) * slot - 2) for group in groups]
    # One size for every group's name, the size the tightest one fits at: "promotores" in the two
    # columns of 9 and 10 printed smaller than "detractores" beside it looked like a lesser thing.
    size = min((fonts.fit_text(group.label, font=fonts.REGULAR, width=right - left, size=SIZE, min_size=6)[1]
                for group, left, right in spans), default=SIZE)
    for group, left, right in spans:
        drawing.add(PolyLine([left, 9, left, 7, right, 7, right, 9], strokeColor=MUTED, strokeWidth=0.5))
        _label(drawing, (left + right) / 2, 0, group.label, room=right - left, anchor="middle", colour=MUTED,
               size=size)
    return drawing


def span_chart(spans: Sequence[Span], *, width: float, palette: Palette,
               row_height: float = 15) -> Drawing | None:
    """Per row, a dark bar to the median, a light one to the 90th percentile and a target tick."""
    if not spans:
        return None
    label_room = _label_room([s.label for s in spans], width)
    text_room = _text_room([s.text for s in spans])
    track = max(width - label_room - text_room, 30)
    top = max(max(s.p90, s.target or 0) for s in spans) or 1.0
    drawing = Drawing(width, row_height * len(spans))
    for index, span in enumerate(spans):
        y = row_height * (len(spans) - index - 1)
        _label(drawing, 0, y + 4, span.label, room=label_room - 6)
        drawing.add(Rect(label_room, y + 3, track * span.p90 / top, row_height - 7,
                         fillColor=palette.series_light, strokeColor=None))
        drawing.add(Rect(label_room, y + 3, track * span.median / top, row_height - 7, fillColor=palette.series,
                         strokeColor=None))
        if span.target is not None:
            x = label_room + track * span.target / top
            drawing.add(Line(x, y + 1, x, y + row_height - 2, strokeColor=palette.marker, strokeWidth=1.2))
        _label(drawing, label_room + track + 4, y + 4, span.text, room=text_room)
    return drawing


def estimate_chart(estimates: Sequence[Estimate], *, width: float, palette: Palette,
                   row_height: float = 16) -> Drawing | None:
    """Percentages on a 0–100 scale, each with its 95 % interval as a whisker."""
    if not estimates:
        return None
    label_room = _label_room([e.label for e in estimates], width)
    text_room = _text_room([e.text for e in estimates])
    track = max(width - label_room - text_room, 30)
    drawing = Drawing(width, row_height * len(estimates))
    for index, estimate in enumerate(estimates):
        y = row_height * (len(estimates) - index - 1)
        middle = y + row_height / 2
        _label(drawing, 0, middle - 3, estimate.label, room=label_room - 6)
        drawing.add(Rect(label_room, y + 4, track, row_height - 8, fillColor=palette.track, strokeColor=None))
        # Light, so the interval's dark whisker reads on top of it, in colour and in grey.
        drawing.add(Rect(label_room, y + 4, track * estimate.value / 100, row_height - 8,
                         fillColor=palette.series_light, strokeColor=None))
        low, high = label_room + track * estimate.low / 100, label_room + track * estimate.high / 100
        for x in (low, high):
            drawing.add(Line(x, middle - 4, x, middle + 4, strokeColor=palette.marker, strokeWidth=0.8))
        drawing.add(Line(low, middle, high, middle, strokeColor=palette.marker, strokeWidth=0.8))
        _label(drawing, label_room + track + 4, middle - 3, estimate.text, room=text_room)
    return drawing


def progress_bar(percent: float, *, width: float, palette: Palette, expected: float | None = None,
                 height: float = 8) -> Drawing:
    """How far a goal has come (0–100), with a tick where it should be by now."""
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=palette.track, strokeColor=None))
    if percent > 0:
        drawing.add(Rect(0, 0, width * min(percent, 100) / 100, height, fillColor=palette.series,
                         strokeColor=None))
    if expected is not None:
        x = width * min(max(expected, 0), 100) / 100
        drawing.add(Line(x, -1.5, x, height + 1.5, strokeColor=palette.marker, strokeWidth=1))
    return drawing


def sparkline(values: Sequence[float | None], *, width: float = 80, height: float = 20,
              palette: Palette) -> Drawing | None:
    """A trend line over the months; months without data break it; None with under 2 points."""
    if sum(v is not None for v in values) < 2:
        return None
    known = [v for v in values if v is not None]
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = width / max(len(values) - 1, 1)
    drawing = Drawing(width, height)
    drawing.add(Line(0, 0.5, width, 0.5, strokeColor=palette.track, strokeWidth=0.5))
    run: list[float] = []
    last: tuple[float, float] | None = None
    for index, value in enumerate([*values, None]):
        if value is None:
            if len(run) >= 4:
                drawing.add(PolyLine(run, strokeColor=palette.series, strokeWidth=1.2))
            elif len(run) == 2:  # a month alone between gaps: a dot, not nothing
                drawing.add(Rect(run[0] - 0.8, run[1] - 0.8, 1.6, 1.6, fillColor=palette.series,
                                 strokeColor=None))
            run = []
            continue
        last = (index * step, 2 + (height - 4) * (value - low) / span)
        run.extend(last)
    if last is not None and values[-1] is not None:
        drawing.add(Rect(last[0] - 1.8, last[1] - 1.8, 3.6, 3.6, fillColor=palette.marker, strokeColor=None))
    return drawing
