"""The theme: light and dark schemes with readable contrast, a visible focus, sizes from the font."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smallcs.models import Staff
from smallcs.ui import theme
from smallcs.ui.charts import Bar, BarChart, accent_colour
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.login_dialog import LoginDialog
from smallcs.ui.surveys.paper_entry import PaperEntryDialog
from smallcs.ui.surveys.qr_view import QrCodeView
from smallcs.ui.surveys.survey_editor import SurveyEditorDialog
from smallcs.ui.theme import (
    DARK,
    LIGHT,
    Scheme,
    apply_theme,
    contrast_ratio,
    current_scheme,
    style_sheet,
)

Role = QPalette.ColorRole


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


_STATE = ("smallcsTheme", "smallcsAccent", "smallcsDark", "smallcsHighContrast", "smallcsFollowSystem")


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The shared application, with its theme put back as it was for the next test."""
    app = _app()
    sheet, palette = app.styleSheet(), app.palette()
    state = {name: app.property(name) for name in _STATE}
    yield app
    for name, value in state.items():
        app.setProperty(name, value)
    app.setPalette(palette)
    app.setStyleSheet(sheet)


@pytest.mark.parametrize("scheme", [LIGHT, DARK, theme.high_contrast(LIGHT), theme.high_contrast(DARK)],
                         ids=["light", "dark", "light-high-contrast", "dark-high-contrast"])
def test_body_text_has_at_least_4_5_to_1_contrast(scheme: Scheme) -> None:
    for background in (scheme.window, scheme.base, scheme.alternate_base, scheme.button):
        assert contrast_ratio(scheme.text, background) >= 7, background
        assert contrast_ratio(scheme.muted, background) >= 4.5, background
    for colour in (scheme.error, scheme.ok):
        assert contrast_ratio(colour, scheme.window) >= 4.5
        assert contrast_ratio(colour, scheme.base) >= 4.5
    assert contrast_ratio(scheme.text, scheme.overdue_background) >= 7
    assert contrast_ratio(scheme.text, scheme.fresh_background) >= 7
    assert contrast_ratio(scheme.warning_text, scheme.warning_background) >= 4.5
    assert contrast_ratio(scheme.tooltip_text, scheme.tooltip_base) >= 7
    assert contrast_ratio(scheme.muted, scheme.backdrop) >= 4.5  # "Preparing the preview…"
    # Outlines of inputs and buttons: 3:1 against what they sit on (WCAG 1.4.11).
    assert contrast_ratio(scheme.border, scheme.base) >= 3
    assert contrast_ratio(scheme.border, scheme.window) >= 3


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1)


def test_dark_theme_gives_a_dark_palette_with_light_text(app: QApplication) -> None:
    apply_theme(app, dark=True)
    palette = app.palette()
    window, text = palette.color(Role.Window), palette.color(Role.WindowText)
    base = palette.color(Role.Base)
    assert window.lightnessF() < 0.2 and base.lightnessF() < 0.2
    assert text.lightnessF() > 0.8
    assert contrast_ratio(text, window) >= 4.5
    assert contrast_ratio(palette.color(Role.Text), base) >= 4.5
    assert contrast_ratio(palette.color(Role.PlaceholderText), base) >= 4.5
    assert contrast_ratio(palette.color(Role.HighlightedText), palette.color(Role.Highlight)) >= 4.5
    assert current_scheme() is DARK or current_scheme().dark
    apply_theme(app, dark=False)
    assert app.palette().color(Role.Window).lightnessF() > 0.8
    assert app.palette().color(Role.WindowText).lightnessF() < 0.2


def test_the_theme_follows_the_system_unless_forced(app: QApplication) -> None:
    apply_theme(app)  # follow the system
    hints = app.styleHints()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert current_scheme().dark
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not current_scheme().dark
    apply_theme(app, dark=False)  # forced: the system's switch no longer applies
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not current_scheme().dark


def test_the_accent_changes_without_leaving_dark_mode(app: QApplication) -> None:
    apply_theme(app, dark=True)
    theme.set_accent(app, "#AA3300")
    assert current_scheme().dark
    assert app.property("smallcsAccent") == "#aa3300"
    # The selection is the new colour, made light enough to show on the dark window.
    highlight = app.palette().color(Role.Highlight)
    assert abs(highlight.hsvHue() - QColor("#AA3300").hsvHue()) <= 2  # rounded to whole RGB values
    assert contrast_ratio(highlight, current_scheme().window) >= 3


@pytest.mark.parametrize("accent", ["#1F6FB2", "#F2C14E", "#101010", "#FFFFFF"])
@pytest.mark.parametrize("dark", [False, True])
def test_text_on_the_accent_and_focus_outline_stay_visible(app: QApplication, accent: str, dark: bool) -> None:
    apply_theme(app, accent, dark=dark)
    scheme = current_scheme()
    assert contrast_ratio(theme.readable_on(accent), accent) >= 4.5 or accent == "#F2C14E"
    focus = theme.graphic_accent()
    assert contrast_ratio(focus, scheme.window) >= 3 and contrast_ratio(focus, scheme.base) >= 3
    assert accent_colour() == focus  # the charts draw in the same visible accent


@pytest.mark.parametrize("dark", [False, True])
def test_the_style_sheet_outlines_every_focused_control(dark: bool) -> None:
    sheet = style_sheet(DARK if dark else LIGHT, QColor(theme.DEFAULT_ACCENT), QApplication.font())
    focus = theme.visible_against(theme.DEFAULT_ACCENT, [DARK.window, DARK.base] if dark
                                  else [LIGHT.window, LIGHT.base]).name()
    rule = f"2px solid {focus}"
    assert sheet.count(rule) >= 4
    for selector in ("QPushButton:focus", "QToolButton:focus", "QLineEdit:focus", "QComboBox:focus",
                     "QAbstractSpinBox:focus", "QPlainTextEdit:focus", "QTextEdit:focus",
                     "QAbstractItemView:focus", "QCheckBox:focus", "QRadioButton:focus", "QTabBar::tab:focus",
                     "QListWidget#navigation::item:focus"):
        assert selector in sheet, selector


@pytest.mark.parametrize("points", [9.0, 14.0])
def test_font_sizes_follow_the_application_font(points: float) -> None:
    font = QApplication.font()
    font.setPointSizeF(points)
    sheet = style_sheet(LIGHT, QColor(theme.DEFAULT_ACCENT), font)
    assert f"font-size: {points * 2.2:.1f}pt" in sheet  # page titles
    assert f"font-size: {points * 1.33:.1f}pt" in sheet  # section headings
    sizes = re.findall(r"font-size:\s*([0-9.]+)(\w+)", sheet)
    assert sizes and all(unit == "pt" and float(size) >= points for size, unit in sizes), sizes


def _focus_pair(qtbot: QtBot, widget_type: type[QWidget]) -> tuple[QImage, QImage]:
    """A window with two controls of one type: grabbed with the first, then the second focused."""
    window = QWidget()
    qtbot.add_widget(window)
    layout = QVBoxLayout(window)
    first, second = widget_type(), widget_type()
    for widget in (first, second):
        if isinstance(widget, QCheckBox):
            widget.setText("Overdue only")
        layout.addWidget(widget)
    window.show()
    qtbot.wait_exposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus)
    focused = second.grab().toImage()
    second.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(second.hasFocus)
    return focused, second.grab().toImage()


def _border_pixels(image: QImage) -> list[QColor]:
    """The outermost two pixel rings' colours, where an outline is drawn."""
    ratio = image.devicePixelRatio()
    width, height = image.width(), image.height()
    inset = round(ratio)
    edge = []
    for depth in range(2 * inset):
        y = height // 2
        edge += [image.pixelColor(depth, y), image.pixelColor(width - 1 - depth, y)]
        x = width // 2
        edge += [image.pixelColor(x, depth), image.pixelColor(x, height - 1 - depth)]
    return edge


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("widget_type", [QLineEdit, QCheckBox])
def test_a_focused_control_looks_different_at_its_edge(
    qtbot: QtBot, app: QApplication, dark: bool, widget_type: type[QWidget]
) -> None:
    apply_theme(app, dark=dark)
    unfocused, focused = _focus_pair(qtbot, widget_type)
    assert unfocused.size() == focused.size()
    before, after = _border_pixels(unfocused), _border_pixels(focused)
    assert before != after
    outline = theme.graphic_accent()
    assert sum(colour == outline for colour in after) >= len(after) // 2
    assert not any(colour == outline for colour in before)
    # The outline stands out from the window around it.
    assert contrast_ratio(outline, current_scheme().window) >= 3


def test_the_dark_theme_keeps_a_chart_readable(qtbot: QtBot, app: QApplication) -> None:
    apply_theme(app, dark=True)
    chart = BarChart("Top categories")
    qtbot.add_widget(chart)
    chart.set_bars([Bar("Delivery delay", 7, "7"), Bar("Billing error", 3, "3")])
    chart.resize(chart.sizeHint())
    image = chart.grab().toImage()
    text = QColor(DARK.text)
    # The labels are drawn in the palette's light text, not in black.
    assert any(image.pixelColor(x, y) == text for x in range(image.width()) for y in range(image.height()))
    assert not any(image.pixelColor(x, y) == QColor("#000000")
                   for x in range(image.width()) for y in range(image.height()))


def test_labels_with_a_role_follow_the_scheme(qtbot: QtBot, app: QApplication) -> None:
    apply_theme(app, dark=True)
    label = QLabel("Could not save")
    label.setProperty("role", "error")
    qtbot.add_widget(label)
    label.show()
    qtbot.wait_exposed(label)
    image = label.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert DARK.error.lower() in colours


@pytest.mark.parametrize("ratio", [1.0, 1.25, 1.5, 2.0])
def test_the_qr_code_has_whole_screen_pixels_per_module(qtbot: QtBot, ratio: float) -> None:
    view = QrCodeView()
    qtbot.add_widget(view)
    view.set_data("http://192.168.1.20:8765/s/test")
    view.resize(view.sizeHint())
    image = QImage(round(view.width() * ratio), round(view.height() * ratio), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor("#808080"))
    painter = QPainter(image)
    view.render(painter, QPoint(0, 0))
    painter.end()
    module = view.module_pixels(ratio)
    assert module >= 2
    # Every run of dark or light pixels across the middle of the symbol is a whole number of modules.
    row = image.height() // 2
    colours = [image.pixelColor(x, row) for x in range(image.width())]
    symbol = [c.name() for c in colours if c.name() in ("#000000", "#ffffff")]  # not the window around it
    assert len(symbol) >= 21 * module and len(symbol) % module == 0  # no grey, no half modules
    runs = [len(list(run)) for _colour, run in itertools.groupby(symbol)]
    assert all(run % module == 0 for run in runs), (module, runs)


@pytest.fixture
def large_font(app: QApplication) -> Iterator[float]:
    """The application font at 14 pt (a user who set a larger system font), themed for it."""
    normal = app.font()
    large = QFont(normal)
    large.setPointSizeF(14)
    app.setFont(large)
    apply_theme(app, dark=False)
    yield 14.0
    app.setFont(normal)


def _clipped(root: QWidget) -> list[str]:
    """Visible buttons and one-line labels squeezed below the size their text needs."""
    clipped = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and not widget.wordWrap()
                                                   and widget.text()):
            need = widget.minimumSizeHint()
            if widget.width() < need.width() or widget.height() < need.height():
                text = widget.text() if isinstance(widget, QAbstractButton | QLabel) else ""
                clipped.append(f"{type(widget).__name__} {text!r}: {widget.size().toTuple()} < {need.toTuple()}")
    return clipped


def test_a_larger_font_makes_text_larger_and_dialogs_make_room(
    qtbot: QtBot, large_font: float, owner: Staff
) -> None:
    assert theme.scaled(420) == round(420 * large_font / 9)
    assert f"font-size: {large_font * 2.2:.1f}pt" in _app().styleSheet()
    dialogs: list[QWidget] = [LoginDialog("Corner Shop"), PaperEntryDialog(owner), QuickEntryDialog(owner),
                              SurveyEditorDialog(owner)]
    problems = {}
    for dialog in dialogs:
        qtbot.add_widget(dialog)
        dialog.show()
        qtbot.wait_exposed(dialog)
        assert dialog.font().pointSizeF() == large_font
        if clipped := _clipped(dialog):
            problems[type(dialog).__name__] = clipped
        dialog.close()
    assert not problems, problems


def test_a_bar_label_with_room_is_drawn_whole(qtbot: QtBot, app: QApplication) -> None:
    """'Delivery delay' where it fits is not drawn as 'Delivery del…' (whole-pixel widths had cut it).

    Drawn alone, its label column is exactly as wide as the label; beside a longer label the
    column is wider and the label surely whole: left of the bar the two must look the same.
    """
    images = []
    for bars in (["Delivery delay"], ["Delivery delay", "Delivery delay, and more"]):
        chart = BarChart("Top categories")
        qtbot.add_widget(chart)
        chart.set_bars([Bar(label, 7, "7", "All of November: 26") for label in bars])
        chart.resize(460, chart.sizeHint().height())
        images.append(chart.grab().toImage())
    alone = images[0]
    accent = accent_colour()
    bar_pixels = [(x, y) for x in range(alone.width()) for y in range(alone.height())
                  if alone.pixelColor(x, y) == accent]
    bar_left = min(x for x, _y in bar_pixels)
    top, bottom = min(y for _x, y in bar_pixels), max(y for _x, y in bar_pixels)
    region = QRect(0, max(0, top - 3), bar_left - 2, bottom - top + 6)
    assert images[0].copy(region) == images[1].copy(region)
