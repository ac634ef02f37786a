"""The part of a single-use card a customer fills in by hand: tick rows, their end labels, the contact boxes.

Each piece is measured first and drawn later, so a layout can try a more
compact size when the generous one does not fit its room. ``card_layouts``
places the pieces on sheet cards and receipt strips.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from smallcs.reports import fonts

INK = colors.HexColor("#1A1A1A")
GREY = colors.HexColor("#6B6B6B")
LIGHT = colors.HexColor("#A8A8A8")

# Draws a measured piece whose top edge is at ``top``, starting at ``x``.
Draw = Callable[[Canvas, float, float], None]


@dataclasses.dataclass(frozen=True)
class Inks:
    """The colours of the parts a customer fills in: ``text`` for labels and box outlines, ``faint`` for
    the numbers in the boxes and the end labels, ``rule`` for the lines to write on (``dotted`` or solid).
    """

    text: colors.Color
    faint: colors.Color
    rule: colors.Color
    dotted: bool = False


# Office printers print grey as grey: the numbers and end labels step back behind the questions.
SHEET_INKS = Inks(text=INK, faint=GREY, rule=LIGHT)
# A thermal printer has one ink and no grey: a grey it dithers into scattered dots, or drops altogether
# (light rules), so everything on a receipt is pure black, and the lines to write on are dotted.
RECEIPT_INKS = Inks(text=colors.black, faint=colors.black, rule=colors.black, dotted=True)


@dataclasses.dataclass(frozen=True)
class Question:
    """A question with tick boxes: its label, the scores a customer can tick and what the ends mean.

    ``low`` and ``high`` are printed under the first and the last box, e.g.
    ``1 = Very dissatisfied``.
    """

    key: str
    label: str
    scores: range
    low: str
    high: str


@dataclasses.dataclass(frozen=True)
class Contact:
    """The "may we contact you?" line with a Yes and a No box."""

    label: str
    yes: str
    no: str


@dataclasses.dataclass(frozen=True)
class Boxes:
    """The size of the tick boxes: each box's side and the distance from one box to the next."""

    box: float
    pitch: float


@dataclasses.dataclass(frozen=True)
class Piece:
    """Something measured: its height, and how to draw it below a top edge."""

    height: float
    draw: Draw


def tick_row(canvas: Canvas, scores: range, *, x: float, y: float, boxes: Boxes, number_size: float,
             inks: Inks) -> None:
    """Boxes with their score printed faintly inside, bottom edge at ``y``."""
    canvas.setLineWidth(0.6)
    canvas.setStrokeColor(inks.text)
    canvas.setFillColor(inks.faint)
    canvas.setFont(fonts.REGULAR, number_size)
    for index, score in enumerate(scores):
        left = x + index * boxes.pitch
        canvas.rect(left, y, boxes.box, boxes.box, stroke=1, fill=0)
        canvas.drawCentredString(left + boxes.box / 2, y + (boxes.box - number_size * 0.72) / 2, str(score))


def row_width(scores: range, boxes: Boxes) -> float:
    """From the left edge of the first box to the right edge of the last."""
    return (len(scores) - 1) * boxes.pitch + boxes.box


def end_labels(question: Question, *, boxes: Boxes, width: float, size: float, colour: colors.Color) -> Piece:
    """The scale's end labels under its tick row, as the phone page shows them: "1 = ...", "5 = ...".

    On one line when both fit in ``width``: low under the first box, high ending
    under the last box (or just after low, when the row is too short for both).
    Otherwise low on one line and high under it, both from the row's left edge.

    Args:
        question: the question whose ``low`` and ``high`` to print.
        boxes: the tick boxes of its row.
        width: the room the labels may take, from the row's left edge (at least the row).
        size: the font size.
        colour: the text colour.
    """
    row = row_width(question.scores, boxes)
    low, low_size = fonts.fit_text(question.low, font=fonts.REGULAR, width=width, size=size, min_size=size * 0.8)
    high, high_size = fonts.fit_text(question.high, font=fonts.REGULAR, width=width, size=size,
                                     min_size=size * 0.8)
    low_w = fonts.text_width(low, font=fonts.REGULAR, size=low_size)
    high_w = fonts.text_width(high, font=fonts.REGULAR, size=high_size)
    line = size * 1.15
    space = 1.5 * mm
    one_line = low_w + space + high_w <= width
    # Where high starts, from the row's left edge: ending under the last box when there is room.
    high_at = max(row - high_w, low_w + space) if one_line else 0.0

    def draw(canvas: Canvas, x: float, top: float) -> None:
        canvas.setFillColor(colour)
        baseline = top - size * 0.8
        fonts.draw_line(canvas, low, x=x, y=baseline, font=fonts.REGULAR, size=low_size)
        if not one_line:
            baseline -= line
        fonts.draw_line(canvas, high, x=x + high_at, y=baseline, font=fonts.REGULAR, size=high_size)

    return Piece(line if one_line else 2 * line, draw)


def question_piece(question: Question, *, boxes: Boxes, width: float, label_size: float, label_lines: int,
                   ends_size: float, number_size: float, inks: Inks, space: float = 0.6 * mm) -> Piece:
    """A question's label, its tick row and its end labels, one under the other.

    The label wraps onto at most ``label_lines`` lines; beyond them it is shortened.
    """
    label, label_h = fonts.fitted_paragraph(question.label, font=fonts.REGULAR, size=label_size, width=width,
                                            max_lines=label_lines, colour=inks.text)
    ends = end_labels(question, boxes=boxes, width=width, size=ends_size, colour=inks.faint)
    ends_gap = 0.5 * mm

    def draw(canvas: Canvas, x: float, top: float) -> None:
        label.drawOn(canvas, x, top - label_h)
        row_bottom = top - label_h - space - boxes.box
        tick_row(canvas, question.scores, x=x, y=row_bottom, boxes=boxes, number_size=number_size, inks=inks)
        ends.draw(canvas, x, row_bottom - ends_gap)

    return Piece(label_h + space + boxes.box + ends_gap + ends.height, draw)


def contact_piece(contact: Contact, *, boxes: Boxes, width: float, size: float, label_lines: int,
                  inks: Inks) -> Piece:
    """The contact question: its label on the left, "[ ] Yes  [ ] No" ending at the right edge."""
    yes_w = fonts.text_width(contact.yes, font=fonts.REGULAR, size=size)
    no_w = fonts.text_width(contact.no, font=fonts.REGULAR, size=size)
    after_box = 1 * mm
    between = 2.5 * mm
    group = 2 * (boxes.box + after_box) + yes_w + between + no_w
    label, label_h = fonts.fitted_paragraph(contact.label, font=fonts.REGULAR, size=size,
                                            width=width - group - 2 * mm, max_lines=label_lines, colour=inks.text)
    height = max(label_h, boxes.box)

    def draw(canvas: Canvas, x: float, top: float) -> None:
        label.drawOn(canvas, x, top - (height + label_h) / 2)
        box_y = top - (height + boxes.box) / 2
        text_y = box_y + (boxes.box - size * 0.72) / 2
        left = x + width - group
        canvas.setLineWidth(0.6)
        canvas.setStrokeColor(inks.text)
        canvas.setFillColor(inks.text)
        for word, word_w in ((contact.yes, yes_w), (contact.no, no_w)):
            canvas.rect(left, box_y, boxes.box, boxes.box, stroke=1, fill=0)
            fonts.draw_line(canvas, word, x=left + boxes.box + after_box, y=text_y, font=fonts.REGULAR, size=size)
            left += boxes.box + after_box + word_w + between

    return Piece(height, draw)


def comment_lines(canvas: Canvas, label: str, *, x: float, y: float, width: float, size: float,
                  lines: int, spacing: float, inks: Inks) -> None:
    """``label`` ("Comment:") and ``lines`` rules to write on; the first baseline is at ``y``."""
    canvas.setFillColor(inks.text)
    fonts.draw_line(canvas, label, x=x, y=y, font=fonts.REGULAR, size=size)
    canvas.saveState()
    canvas.setStrokeColor(inks.rule)
    canvas.setLineWidth(0.5)
    if inks.dotted:  # square dots of about two printer dots, one every millimetre
        canvas.setLineWidth(0.8)
        canvas.setDash([0.8, 1 * mm - 0.8])
    start = x + fonts.text_width(label, font=fonts.REGULAR, size=size) + 1 * mm
    for line in range(lines):
        canvas.line(start if line == 0 else x, y - line * spacing - 0.5, x + width, y - line * spacing - 0.5)
    canvas.restoreState()


@dataclasses.dataclass(frozen=True)
class Density:
    """One set of sizes for a sheet card's answer column, from generous to compact.

    ``label_lines`` is as many lines as a label may wrap onto; only the last,
    desperate densities make it small enough to shorten a label.
    """

    label_size: float
    ends_size: float
    box: float
    pitch: float
    label_lines: int


# The first that fits is used: long wordings (German, a long shop name) get the smaller ones. None prints a
# question under 7 pt or a box number or end label under 6.5 pt, which customers of any age read on paper;
# the last three shorten a label rather than let it run over the comment line (a shop name of 120 characters).
SHEET_DENSITIES = (
    Density(label_size=8.0, ends_size=7.0, box=4.6 * mm, pitch=6.4 * mm, label_lines=6),
    Density(label_size=7.5, ends_size=7.0, box=4.4 * mm, pitch=6.0 * mm, label_lines=6),
    Density(label_size=7.0, ends_size=6.5, box=4.2 * mm, pitch=5.7 * mm, label_lines=6),
    Density(label_size=7.0, ends_size=6.5, box=4.0 * mm, pitch=5.4 * mm, label_lines=6),
    Density(label_size=7.0, ends_size=6.5, box=4.0 * mm, pitch=5.4 * mm, label_lines=3),
    Density(label_size=7.0, ends_size=6.5, box=4.0 * mm, pitch=5.4 * mm, label_lines=2),
    Density(label_size=7.0, ends_size=6.5, box=4.0 * mm, pitch=5.4 * mm, label_lines=1),
)
# The score printed in each box, on every density.
SHEET_NUMBER_SIZE = 6.5
_MIN_GAP = 0.6 * mm
_MAX_GAP = 4 * mm


def fits_at_largest(questions: Sequence[Question], contact: Contact | None, *, width: float,
                    height: float) -> bool:
    """Whether a sheet card's answer column fits ``height`` at the most generous sizes."""
    pieces, _gap = sheet_column(questions, contact, width=width, height=height, snug=height,
                                densities=SHEET_DENSITIES[:1])
    return sum(piece.height for piece in pieces) + _MIN_GAP * (len(pieces) - 1) <= height


def sheet_column(questions: Sequence[Question], contact: Contact | None, *, width: float, height: float,
                 snug: float, densities: Sequence[Density] = SHEET_DENSITIES) -> tuple[list[Piece], float]:
    """Lay out a sheet card's answer column: the tick-box questions, then the contact question.

    The most generous density whose pieces fit ``height`` is used. The gap
    between pieces spreads what is left of ``snug`` (the height the column has
    when it starts level with the QR symbol), within limits, so a short column
    stays together and a long one may start higher.

    Returns:
        The pieces, top to bottom, and the gap to leave between them.
    """
    pieces: list[Piece] = []
    longest = max((len(q.scores) for q in questions), default=2)
    for density in densities:
        pitch = min(width / longest, density.pitch)
        boxes = Boxes(box=min(density.box, pitch * 0.8), pitch=pitch)
        pieces = [question_piece(q, boxes=boxes, width=width, label_size=density.label_size,
                                 label_lines=density.label_lines, ends_size=density.ends_size,
                                 number_size=SHEET_NUMBER_SIZE, inks=SHEET_INKS)
                  for q in questions]
        if contact is not None:
            pieces.append(contact_piece(contact, boxes=boxes, width=width, size=density.label_size,
                                        label_lines=density.label_lines, inks=SHEET_INKS))
        if sum(piece.height for piece in pieces) + _MIN_GAP * (len(pieces) - 1) <= height:
            break
    spare = snug - sum(piece.height for piece in pieces)
    return pieces, min(_MAX_GAP, max(_MIN_GAP, spare / max(1, len(pieces) - 1)))
