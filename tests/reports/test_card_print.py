"""Survey cards as they come out of the printer: no-break spaces, long names, pure black receipts, sizes.

Every card is rendered to a real PDF and read back: words and their sizes with
poppler's pdftotext (a word's box is as tall as its font size), colours and tick
boxes from the content streams with pypdf.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import ContentStream
from reportlab.lib.units import mm

from smallcs.reports import fonts
from smallcs.reports.cards import (
    SCALES,
    SHEET_LAYOUTS,
    CardContent,
    CardStyle,
    render_cards,
)
from smallcs.surveys.wordings import SUPPORTED_LANGUAGES, text
from tests.reports import poppler
from tests.reports.readback import card_url

_KEYS = ("csat", "nps", "ces")


@pytest.fixture(scope="module", autouse=True)
def _poppler() -> None:
    poppler.ensure_poppler()


def _style(language: str, shop: str) -> CardStyle:
    """Every question the cards know, in ``language``, as the print run words them for ``shop``."""
    return CardStyle(shop_name=shop, questions=[(key, text(language, key, shop=shop)) for key in _KEYS],
                     language=language, ask_contact=True)


def _render(tmp_path: Path, style: CardStyle, layout: str) -> Path:
    path = tmp_path / f"{style.language}-{layout}.pdf"
    render_cards([CardContent(url=card_url(), short_code="ABCD2345")], style, layout=layout, output=path)
    return path


def _operations(path: Path) -> Iterator[tuple[list[object], bytes]]:
    """Every drawing operation of the PDF: the pages', and those of the forms they draw (a card's fixed part)."""
    reader = pypdf.PdfReader(path)

    def walk(stream: object, resources: object) -> Iterator[tuple[list[object], bytes]]:
        yield from ContentStream(stream, reader).operations
        xobjects = resources.get("/XObject", {}) if isinstance(resources, dict) else {}
        for ref in xobjects.values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from walk(xobject, xobject.get("/Resources", {}))

    for page in reader.pages:
        yield from walk(page.get_contents(), page.get("/Resources", {}))


# Colour operators and the operands that mean pure black.
_BLACK = {b"g": [0], b"G": [0], b"rg": [0, 0, 0], b"RG": [0, 0, 0], b"k": [0, 0, 0, 1], b"K": [0, 0, 0, 1]}
_COLOUR_OPERATORS = {*_BLACK, b"sc", b"scn", b"SC", b"SCN", b"cs", b"CS"}


@pytest.mark.parametrize("layout", ["receipt-80mm", "receipt-58mm"])
def test_a_receipt_card_is_pure_black_for_a_thermal_printer(tmp_path: Path, layout: str) -> None:
    """A thermal printer drops light grey and dithers dark grey into dots: nothing may be any grey."""
    path = _render(tmp_path, _style("fr", "Harbour Street Hardware"), layout)
    colours = [(operator, [float(value) for value in operands]) for operands, operator in _operations(path)
               if operator in _COLOUR_OPERATORS]
    assert any(operator == b"rg" for operator, _values in colours)  # the text and the QR code set their colour
    assert [(op, values) for op, values in colours if _BLACK.get(op) != values] == []


def _lines(words: list[poppler.Word]) -> list[list[str]]:
    """The words of each printed line, top to bottom."""
    ordered = sorted(words, key=lambda word: (round(word.top, 1), word.left))
    return [[word.text for word in line] for _top, line in itertools.groupby(ordered, key=lambda w: round(w.top, 1))]


@pytest.mark.parametrize("layout", ["receipt-58mm", "receipt-80mm", "a4", "letter"])
def test_a_french_question_mark_stays_on_the_line_of_its_word(tmp_path: Path, layout: str) -> None:
    """French puts a no-break space before "?"; the line never breaks there (the 58 mm strip once did)."""
    path = _render(tmp_path, _style("fr", "Harbour Street Hardware"), layout)
    lines = _lines([word for word in poppler.words(path) if word.page == 0])
    assert [line for line in lines if line[0] in ("?", ":")] == []
    assert ["collègue", "?"] in [line[-2:] for line in lines]


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"])
def test_no_break_spaces_hold_at_every_width(space: str) -> None:
    """Wrapped at each width from narrow to wide, no line starts with the "?" or ":" after a no-break space."""
    fonts.register_fonts()
    label = f"Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue{space}? Merci{space}:"
    for width in range(60, 260, 3):
        paragraph, _height = fonts.fitted_paragraph(label, font=fonts.REGULAR, size=7.5, width=width, max_lines=8)
        starts = [words[0] for _extra, words in paragraph.blPara.lines]
        assert not any(start.startswith(("?", ":")) for start in starts), (width, starts)


def test_a_long_trade_name_prints_whole_on_a_58mm_strip(tmp_path: Path) -> None:
    """A name that fits the strip at a smaller size is shrunk, not cut inside a word."""
    shop = "Getränkefachgroßhandel Schwarzenbeck"
    words = [word.text for word in poppler.words(_render(tmp_path, _style("de", shop), "receipt-58mm"))]
    assert words[:2] == ["Getränkefachgroßhandel", "Schwarzenbeck"]
    fragments = [word for word in words if word.startswith("Getränke") or word.endswith(("handel", "-"))]
    assert set(fragments) == {"Getränkefachgroßhandel"}  # the shop's name in each question too
    assert len(fragments) == 4


def test_a_word_wider_than_the_strip_is_broken_with_hyphens(tmp_path: Path) -> None:
    word = "Elektroinstallationsfachgeschäftsführungsgesellschaft"
    words = [w.text for w in poppler.words(_render(tmp_path, _style("de", word), "receipt-58mm"))]
    head = list(itertools.takewhile(lambda w: w.endswith("-"), words))
    assert len(head) >= 1 and all(len(piece) > 3 for piece in head)
    assert "".join(piece[:-1] for piece in head) + words[len(head)] == word


@pytest.mark.parametrize("layout", SHEET_LAYOUTS)
def test_a_long_shop_name_on_a_sheet_keeps_its_words_whole(tmp_path: Path, layout: str) -> None:
    shop = "Elektroinstallationsfachgeschäft Müller-Lüdenscheidt GmbH & Co. KG Filiale Nord"
    style = _style("de", shop)
    words = [w.text for w in poppler.words(_render(tmp_path, style, layout))]
    # Where the bar or a label has no room left, it ends after a whole word, not inside one.
    whole = set(" ".join([shop, *(label for _key, label in style.questions)]).split())
    assert [word for word in words if word.endswith("…") and word[:-1] not in whole] == []
    # In the bar and the three questions (whose labels are shortened after a whole word).
    assert [word.rstrip("…") for word in words].count("Elektroinstallationsfachgeschäft") == 4


def _ends(language: str) -> set[str]:
    """The words of every scale's end labels ("1 = Very dissatisfied") and the box numbers."""
    labels = [f"{text(language, f'{key}_low')} {text(language, f'{key}_high')}" for key in _KEYS]
    numbers = [str(score) for key in _KEYS for score in SCALES[key]]
    return set(" ".join([*labels, *numbers, "="]).split())


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("layout", SHEET_LAYOUTS)
def test_a_sheet_card_prints_its_questions_large_enough_to_read(tmp_path: Path, layout: str,
                                                                language: str) -> None:
    """Questions at 7 pt or more, box numbers and end labels at 6.5 pt or more, in every language."""
    path = _render(tmp_path, _style(language, "Harbour Street Hardware"), layout)
    words = [word for word in poppler.words(path) if word.page == 0]
    label = text(language, "csat", shop="Harbour Street Hardware").split()[0]
    # The answer column's top left word, right of the QR code (which starts at the 15.5 mm margin + pad).
    first = min((word for word in words if word.text == label and word.left > 35 * mm), key=lambda w: w.top)
    [comment] = [word for word in words if word.text.lower().startswith(("comment", "coment", "kommentar"))]
    column = [word for word in words if word.left >= first.left - 0.5 and first.top - 0.5 <= word.top < comment.top]
    assert len(column) > 40
    sizes = {word.text: round(word.bottom - word.top, 2) for word in column}
    assert min(sizes.values()) >= 6.5
    assert {word for word, size in sizes.items() if size < 7} <= _ends(language)


def _tick_boxes(path: Path) -> list[list[tuple[float, float]]]:
    """Each row of tick boxes (squares of 2 mm or more), left to right, as (left, side) pairs."""
    squares = [(float(x), float(y), float(w)) for operands, operator in _operations(path) if operator == b"re"
               for x, y, w, h in [operands] if abs(float(w) - float(h)) < 0.01 and float(w) >= 2 * mm]
    rows = itertools.groupby(sorted(squares, key=lambda s: (-round(s[1], 1), s[0])), key=lambda s: round(s[1], 1))
    return [[(x, side) for x, _y, side in row] for _y, row in rows]


def test_a_58mm_strip_spaces_out_the_boxes_of_the_short_scales(tmp_path: Path) -> None:
    """A tick must not touch two boxes: on the 5- and 7-point rows the boxes stand 1.5 mm or more apart."""
    rows = _tick_boxes(_render(tmp_path, _style("en", "Corner Shop"), "receipt-58mm"))
    scales = sorted(len(row) for row in rows)
    assert scales == [2, 5, 7, 11]  # the contact question's Yes and No, then the three scales
    sides = {round(side, 2) for row in rows for _x, side in row}
    assert len(sides) == 1 and sides.pop() >= 3.4 * mm  # the same boxes on every row
    for row in rows:
        gaps = [right[0] - (left[0] + left[1]) for left, right in itertools.pairwise(row)]
        if len(row) in (5, 7):
            assert min(gaps) >= 1.5 * mm
        assert max(gaps) - min(gaps) < 0.01 or len(row) == 2  # evenly spaced


def _comment_rules(path: Path) -> int:
    """The card's rules to write a comment on: lines across it, 40 mm or longer, in its bottom 20 mm."""
    count, start = 0, (0.0, 0.0)
    for operands, operator in _operations(path):
        if operator == b"m":
            start = (float(operands[0]), float(operands[1]))
        elif operator == b"l":
            x, y = float(operands[0]), float(operands[1])
            if abs(y - start[1]) < 0.01 and abs(x - start[0]) > 40 * mm and y < 20 * mm:
                count += 1
    return count


@pytest.mark.parametrize("layout", SHEET_LAYOUTS)
def test_a_sheet_card_with_room_gives_the_comment_a_second_line(tmp_path: Path, layout: str) -> None:
    """Without the contact question (a card for no one in particular) the answers leave room for two
    lines to write on; German wordings with the contact question take that room, and keep their sizes."""
    english = _style("en", "Harbour Street Hardware")
    assert _comment_rules(_render(tmp_path, dataclasses.replace(english, ask_contact=False), layout)) == 2
    german = _style("de", "Harbour Street Hardware")
    assert _comment_rules(_render(tmp_path, german, layout)) == 1
