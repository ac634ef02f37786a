"""One read of the figures while a report is gathered: repeats agree, and nothing is kept after."""

from __future__ import annotations

from smallcs.metrics import Period, memo, metric_value, monthly_series, monthly_summary
from smallcs.models import Staff
from tests.metrics.builders import add_complaints, complaint_row, local


def test_inside_a_memo_block_a_figure_is_read_once_and_tile_and_sparkline_agree(owner: Staff) -> None:
    march = Period.parse("2026-03")
    add_complaints([complaint_row(owner, local(2026, 3, 10))])
    with memo():
        summary = monthly_summary(march)
        add_complaints([complaint_row(owner, local(2026, 3, 11))])  # lands while the report is gathered
        series = monthly_series("complaints", march)
        assert summary.headline("complaints").value == series[-1].value == 1.0
    assert metric_value("complaints", march) == 2.0  # read fresh once the block is over


def test_without_a_memo_block_every_read_is_fresh(owner: Staff) -> None:
    march = Period.parse("2026-03")
    assert metric_value("complaints", march) == 0.0
    add_complaints([complaint_row(owner, local(2026, 3, 10))])
    assert metric_value("complaints", march) == 1.0
    with memo(), memo():  # nested blocks share one read
        assert metric_value("complaints", march) == 1.0
