"""One month, one change: the dashboard's tile and the monthly report judge a change on the two figures
as they are written beside it (owner review: CSAT 81 % against 78 % read "+4 pts" on the dashboard and
"+3 pts" in the PDF; the resolution median 20.5 h against 21.4 h, "−0.8 h" and "−0.9 h")."""

from __future__ import annotations

import pytest

from smallcs.metrics.display import format_value, shown_change
from smallcs.reports.report_styles import describe_change
from smallcs.ui.dashboard.formatting import format_change
from smallcs.ui.dashboard.snapshot import Tile


@pytest.mark.parametrize(("unit", "value", "previous", "dashboard", "report"), [
    ("%", 81.36, 77.78, "▲ +3 pts (better)", "3 pts"),
    ("hours", 20.525, 21.35, "▼ −0.9 h (better)", "0.9 h"),
    ("%", 40.4, 39.6, "= no change", "no change"),  # 40 % and 40 %
])
def test_the_tile_and_the_report_give_the_same_change(unit: str, value: float, previous: float,
                                                       dashboard: str, report: str) -> None:
    better_up = unit == "%"
    tile = Tile(key="figure", label="Figure", unit=unit, higher_is_better=better_up, value=value,
                previous=previous, comparable=True, series=())
    assert format_change(tile.change, unit=unit, higher_is_better=better_up) == dashboard
    assert report in describe_change(value, previous, unit=unit, higher_is_better=better_up).text
    # ...and both are what a reader gets from the two figures as written
    written = [float(format_value(figure, unit).split()[0].rstrip("%h")) for figure in (value, previous)]
    assert shown_change(value, previous, unit) == pytest.approx(written[0] - written[1])
