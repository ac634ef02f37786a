"""The report's one chart palette: whatever colour the shop picked, charts stay readable in grey print."""

from __future__ import annotations

import itertools

import pytest
from reportlab.lib import colors

from smallcs.reports.report_styles import grey_level, make_look, make_palette

# The default accent, and the awkward ones an owner may pick: pale, white, black, pure hues.
ACCENTS = ["#1F6FB2", "#FFC107", "#FFFFFF", "#000000", "#E53935", "#43A047", "#D8784A", "#C6CBD1"]


@pytest.mark.parametrize("accent", ACCENTS)
def test_the_score_colours_print_as_three_distinct_greys(accent: str) -> None:
    palette = make_palette(colors.HexColor(accent))
    greys = [grey_level(c) for c in (palette.high, palette.low, palette.middle)]
    for a, b in itertools.combinations(greys, 2):
        assert abs(a - b) >= 0.15, f"{accent}: score colours print {greys}"


@pytest.mark.parametrize("accent", ACCENTS)
def test_bars_stand_out_from_their_track_and_the_page(accent: str) -> None:
    palette = make_palette(colors.HexColor(accent))
    assert grey_level(palette.series) <= 0.45  # a dark grey, on white paper and on the light track
    assert grey_level(palette.track) - grey_level(palette.series) >= 0.4
    assert grey_level(palette.series_light) - grey_level(palette.series) >= 0.25  # median vs 90th percentile
    assert grey_level(palette.series_light) <= grey_level(palette.track) - 0.1


def test_a_dark_accent_is_kept_as_the_shop_chose_it() -> None:
    navy = colors.HexColor("#1F3A5F")
    assert make_palette(navy).series == navy


def test_headings_use_the_charts_colour_so_a_pale_accent_still_reads() -> None:
    look = make_look("#FFC107", 400)
    assert look.h1.textColor == look.palette.series and grey_level(look.h1.textColor) <= 0.45
