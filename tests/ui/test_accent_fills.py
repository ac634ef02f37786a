"""Whatever the shop's colour, what the accent fills stands out: the selected row, the primary
button, the selected page in the navigation, progress bars; and the text on them reads."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QColor, QFont, QPalette

from smallcs.ui import theme
from smallcs.ui.theme import (
    DARK,
    LIGHT,
    Scheme,
    build_palette,
    contrast_ratio,
    readable_on,
    style_sheet,
)

Role = QPalette.ColorRole
SCHEMES = [LIGHT, DARK, theme.high_contrast(LIGHT), theme.high_contrast(DARK)]

accents = st.builds(lambda r, g, b: QColor(r, g, b), *(st.integers(0, 255) for _ in range(3)))


def _same_hue(accent: QColor, shade: QColor) -> bool:
    """Whether ``shade`` is ``accent`` made lighter or darker (a grey has no hue to keep)."""
    colourful = max(shade.getRgb()[:3]) - min(shade.getRgb()[:3]) >= 24
    if not colourful or accent.hsvHue() < 0:
        return True
    difference = abs(accent.hsvHueF() - shade.hsvHueF())
    return min(difference, 1 - difference) <= 0.03


def _rule_colour(sheet: str, selector: str, property_name: str) -> QColor:
    """The colour a rule of ``sheet`` gives ``property_name`` (the first rule naming ``selector``)."""
    rule = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", sheet)
    assert rule, selector
    value = re.search(rf"(?<![-\w]){re.escape(property_name)}:[^;#]*(#[0-9a-fA-F]{{6}})", rule.group(1))
    assert value, (selector, property_name, rule.group(1))
    return QColor(value.group(1))


@settings(max_examples=300, deadline=None)
@given(accent=accents, scheme=st.sampled_from(SCHEMES))
def test_the_selection_stands_out_from_every_background_whatever_the_accent(
        accent: QColor, scheme: Scheme) -> None:
    palette = build_palette(scheme, accent)
    highlight = palette.color(Role.Highlight)
    for background in (scheme.window, scheme.base, scheme.alternate_base):
        assert contrast_ratio(highlight, background) >= 3, (accent.name(), highlight.name(), background)
    assert contrast_ratio(palette.color(Role.HighlightedText), highlight) >= 4.5
    assert _same_hue(accent, highlight), (accent.name(), highlight.name())


@settings(max_examples=300, deadline=None)
@given(accent=accents, scheme=st.sampled_from(SCHEMES))
def test_the_style_sheet_fills_stand_out_whatever_the_accent(accent: QColor, scheme: Scheme) -> None:
    sheet = style_sheet(scheme, accent, QFont())
    primary = _rule_colour(sheet, 'QPushButton:default, QPushButton[role="primary"]', "background")
    for background in (scheme.window, scheme.base):
        assert contrast_ratio(primary, background) >= 3, (accent.name(), primary.name())
    assert contrast_ratio(_rule_colour(sheet, 'QPushButton:default, QPushButton[role="primary"]', "color"),
                          primary) >= 4.5
    assert _same_hue(accent, primary)
    row = _rule_colour(sheet, "QAbstractItemView", "selection-background-color")
    assert contrast_ratio(row, scheme.base) >= 3 and contrast_ratio(row, scheme.alternate_base) >= 3
    assert contrast_ratio(_rule_colour(sheet, "QAbstractItemView", "selection-color"), row) >= 4.5
    # The selected page in the navigation, on the navigation's own background.
    nav = _rule_colour(sheet, "QWidget#navPanel", "background")
    selected = _rule_colour(sheet, "QListWidget#navigation::item:selected", "background")
    mark = _rule_colour(sheet, "QListWidget#navigation::item:selected", "border-left")
    # told apart by its fill, or else by the bar at its left
    assert max(contrast_ratio(selected, nav), contrast_ratio(mark, nav)) >= 3, (accent.name(), selected.name())
    assert contrast_ratio(_rule_colour(sheet, "QListWidget#navigation::item:selected", "color"), selected) >= 4.5
    assert _same_hue(accent, selected)


@pytest.mark.parametrize(("accent", "scheme"), [("#222222", DARK), ("#FFFF99", LIGHT)])
def test_a_fill_that_already_stands_out_from_the_other_scheme_keeps_the_shop_colour(
        accent: str, scheme: Scheme) -> None:
    """The review's two cases: made visible where needed, left as chosen where it already is."""
    other = LIGHT if scheme.dark else DARK
    assert build_palette(other, QColor(accent)).color(Role.Highlight) == QColor(accent)
    moved = build_palette(scheme, QColor(accent)).color(Role.Highlight)
    assert moved != QColor(accent) and contrast_ratio(moved, scheme.window) >= 3


def test_the_default_accent_is_left_as_the_shop_chose_it() -> None:
    for scheme in (LIGHT, DARK):
        highlight = build_palette(scheme, QColor(theme.DEFAULT_ACCENT)).color(Role.Highlight)
        assert highlight == QColor(theme.DEFAULT_ACCENT)
        assert readable_on(highlight) == QColor("#FFFFFF")
