"""Vector charts for the monthly report (reportlab.graphics), drawn to read in grey print.

Every chart says what it shows in words (value labels beside the bars), so a
black-and-white copy loses nothing; empty data never draws an empty frame:
callers get ``None`` and print a sentence instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from smallcs.reports import fonts

INK = colors.HexColor("#202124")
MUTED = colors.HexColor("#5F6368")
TRACK = colors.HexColor("#E8EAED")


def bar_chart(rows: Sequence[tuple[str, float]], *, width: float, accent: colors.Color,
              value_text: Sequence[str] | None = None, row_height: float = 14) -> Drawing | None:
    """Horizontal bars, one per (label, value), the value written at the bar's end."""
    if not rows or not any(value > 0 for _label, value in rows):
        return None
    size = 8
    label_width = min(width * 0.38, max(fonts.text_width(label, font=fonts.REGULAR, size=size)
                                        for label, _v in rows) + 6)
    texts = list(value_text) if value_text is not None else [f"{v:,.0f}" for _l, v in rows]
    text_room = max(fonts.text_width(t, font=fonts.REGULAR, size=size) for t in texts) + 6
    bar_room = max(width - label_width - text_room, 20)
    top = max(value for _label, value in rows)
    drawing = Drawing(width, row_height * len(rows))
    for index, ((label, value), text) in enumerate(zip(rows, texts, strict=True)):
        y = row_height * (len(rows) - index - 1)
        shown, _size = fonts.fit_text(label, font=fonts.REGULAR, width=label_width - 6, size=size, min_size=size)
        drawing.add(String(0, y + 3, shown, fontName=fonts.REGULAR, fontSize=size, fillColor=INK))
        length = bar_room * value / top if top else 0
        drawing.add(Rect(label_width, y + 2, bar_room, row_height - 5, fillColor=TRACK, strokeColor=None))
        drawing.add(Rect(label_width, y + 2, length, row_height - 5, fillColor=accent, strokeColor=None))
        drawing.add(String(label_width + bar_room + 4, y + 3, text, fontName=fonts.REGULAR, fontSize=size,
                           fillColor=INK))
    return drawing


def sparkline(values: Sequence[float | None], *, width: float = 70, height: float = 16,
              accent: colors.Color) -> Drawing | None:
    """A 12-month trend line; gaps (months without data) break the line; None if < 2 points."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return None
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = width / max(len(values) - 1, 1)
    drawing = Drawing(width, height)
    drawing.add(Line(0, 1, width, 1, strokeColor=TRACK, strokeWidth=0.5))
    run: list[float] = []
    last: tuple[float, float] | None = None
    for index, value in enumerate(values):
        if value is None:
            if len(run) >= 4:
                drawing.add(PolyLine(run, strokeColor=accent, strokeWidth=1.2))
            run = []
            continue
        point = (index * step, 2 + (height - 4) * (value - low) / span)
        run.extend(point)
        last = point
    if len(run) >= 4:
        drawing.add(PolyLine(run, strokeColor=accent, strokeWidth=1.2))
    if last is not None:
        drawing.add(Rect(last[0] - 1.5, last[1] - 1.5, 3, 3, fillColor=INK, strokeColor=None))
    return drawing
