"""The NPS distribution's group names under its columns: one size for all three, whatever the language."""

from __future__ import annotations

from reportlab.graphics.shapes import String
from reportlab.lib import colors

from smallcs.reports import fonts
from smallcs.reports.report_charts import Column, Group, column_chart
from smallcs.reports.report_styles import make_palette


def test_the_group_names_share_one_size_when_one_must_shrink() -> None:
    """Spanish "promotores" under the two columns of 9 and 10 must shrink: the other two shrink with it."""
    fonts.register_fonts()
    columns = [Column(str(score), count) for score, count in enumerate((1, 0, 2, 1, 3, 2, 4, 6, 9, 14, 11))]
    groups = [Group("detractores", 0, 6, "low"), Group("pasivos", 7, 8, "middle"), Group("promotores", 9, 10, "high")]
    drawing = column_chart(columns, width=220, palette=make_palette(colors.HexColor("#1f6fb2")), groups=groups)
    assert drawing is not None
    names = {s.text: s.fontSize for s in drawing.contents if isinstance(s, String) and s.text.isalpha()}
    assert set(names) == {"detractores", "pasivos", "promotores"}  # each whole, none cut to "…"
    assert len(set(names.values())) == 1
