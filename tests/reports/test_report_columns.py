"""Column widths for the report's tables: the designed widths, moved only as far as the words need."""

from __future__ import annotations

import pytest

from smallcs.reports import fonts
from smallcs.reports.report_columns import ColumnNeed, fit_widths, text_need
from smallcs.reports.report_styles import CELL_PADDING, data_table, make_look


def test_columns_keep_their_designed_widths_when_everything_fits() -> None:
    needs = [ColumnNeed(40, 90), ColumnNeed(20, 30), ColumnNeed(20, 30)]
    assert fit_widths(needs, [200, 50, 50]) == [200, 50, 50]


def test_a_column_too_narrow_for_a_word_takes_room_from_the_others_and_the_total_stays() -> None:
    needs = [ColumnNeed(40, 90), ColumnNeed(70, 70), ColumnNeed(20, 30)]
    widths = fit_widths(needs, [200, 50, 50])
    assert widths is not None
    assert widths[1] >= 70 and all(w >= n.least for w, n in zip(widths, needs, strict=True))
    assert sum(widths) == pytest.approx(300)


def test_a_short_label_is_kept_on_one_line_with_room_a_wide_column_does_not_use() -> None:
    # The name column is designed wide but its names are short; the last column's label would wrap.
    needs = [ColumnNeed(40, 60), ColumnNeed(20, 30), ColumnNeed(40, 80)]
    widths = fit_widths(needs, [150, 50, 60])
    assert widths is not None
    assert widths[2] == pytest.approx(80) and widths[0] >= 60 and sum(widths) == pytest.approx(260)


def test_a_long_text_column_does_not_take_room_it_could_not_use_to_stay_on_one_line() -> None:
    needs = [ColumnNeed(40, 900), ColumnNeed(20, 30), ColumnNeed(20, 30)]
    assert fit_widths(needs, [200, 50, 50]) == [200, 50, 50]


def test_words_wider_than_the_table_together_cannot_be_fitted() -> None:
    assert fit_widths([ColumnNeed(200, 200), ColumnNeed(150, 150)], [200, 100]) is None


def test_text_need_is_the_longest_word_or_for_a_figure_the_whole_text() -> None:
    fonts.register_fonts()
    style = make_look("#1F6FB2", 480).cell_head
    word = fonts.text_width("Respuestas", font=style.fontName, size=style.fontSize)
    phrase = fonts.text_width("Respuestas por día", font=style.fontName, size=style.fontSize)
    assert text_need("Respuestas por día", style) == ColumnNeed(pytest.approx(word), pytest.approx(phrase))
    assert text_need("62 % a 86 %", style, keep_whole=True).least == \
        pytest.approx(fonts.text_width("62 % a 86 %", font=style.fontName, size=style.fontSize))


def test_titles_too_long_for_any_layout_still_give_a_table_that_fits_the_page() -> None:
    fonts.register_fonts()
    look = make_look("#1F6FB2", 300)
    header = ["Kundenzufriedenheitsbefragungsergebnis" * 2, "Beschwerdebearbeitungsdauer" * 2, ""]
    table = data_table(header, [["Ana", "3", "few answers"]], look.share(0.5, 0.3, 0.2), look, align="LRL")
    width, _height = table.wrap(look.width, 1000)
    assert width == pytest.approx(look.width)
    assert all(column >= 2 * CELL_PADDING for column in table._colWidths)
