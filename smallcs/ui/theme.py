"""The app's look: Fusion, a light or dark scheme that follows the system, the shop's accent.

Colours come from one ``Scheme`` per mode, picked so body text keeps at least
4.5:1 contrast with its background; the accent is adjusted where it marks focus,
draws charts or fills (a selection, the primary button, a progress bar) so it
stays visible on both, whatever colour the shop chose. Every size in the style sheet is
computed from the application font, so a larger system font makes the whole app
larger. Every control that takes focus shows it with a 2 px outline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QLineEdit,
    QStyle,
    QToolButton,
    QWidget,
)

from smallcs.paths import resources_dir

DEFAULT_ACCENT = "#1F6FB2"
FOCUS_WIDTH = 2  # px: the outline of the control that has the keyboard
FUSION = "fusion"  # the one widget style, the same on every system, that the style sheet is drawn for
FUSION_SET = "smallcsFusion"  # application property: the style is Fusion, no need to ask again
_REFERENCE_POINTS = 9.0  # the font size the paddings below were drawn for


class Scheme(NamedTuple):
    """The colours of one mode, as #RRGGBB."""

    dark: bool
    window: str
    text: str  # on window and base alike
    base: str  # inputs, lists, cards
    alternate_base: str
    muted: str  # secondary text, placeholders
    button: str
    button_hover: str
    button_pressed: str
    border: str  # outlines of inputs and buttons (at least 3:1 against base)
    divider: str  # frames of cards and grid lines
    shade: str  # QPalette.Dark
    disabled_text: str
    tooltip_base: str
    tooltip_text: str
    error: str
    ok: str
    warning_text: str
    warning_background: str
    warning_border: str
    overdue_background: str  # rows of overdue complaints
    fresh_background: str  # answers that just arrived
    backdrop: str  # around a page preview


LIGHT = Scheme(
    dark=False, window="#F0F0F0", text="#1C1B1F", base="#FFFFFF", alternate_base="#F5F6F8",
    muted="#5A5F66", button="#FAFAFA", button_hover="#E9EBEE", button_pressed="#DADDE1",
    border="#868B92", divider="#C9CCD1", shade="#6B7078", disabled_text="#8E9196",
    tooltip_base="#FFFFE8", tooltip_text="#1C1B1F", error="#B3261E", ok="#1B7339",
    warning_text="#7A4F00", warning_background="#FFF1CC", warning_border="#E8C66A",
    overdue_background="#FDE2E1", fresh_background="#FFF1C2", backdrop="#E4E6EA",
)

DARK = Scheme(
    dark=True, window="#1F2023", text="#E6E7EA", base="#17181B", alternate_base="#202126",
    muted="#A9ADB4", button="#2C2E33", button_hover="#373A40", button_pressed="#43464D",
    border="#7A7F87", divider="#3D4046", shade="#0E0F11", disabled_text="#6F737A",
    tooltip_base="#2C2E33", tooltip_text="#E6E7EA", error="#F2B8B5", ok="#8ED6A0",
    warning_text="#FFD88A", warning_background="#3B3012", warning_border="#8A6D1F",
    overdue_background="#4A2326", fresh_background="#463A12", backdrop="#2A2C31",
)


def high_contrast(scheme: Scheme) -> Scheme:
    """``scheme`` for someone who asked the system for more contrast: no grey text, firm outlines."""
    return scheme._replace(muted=scheme.text, border=scheme.text, divider=scheme.border)


# --- contrast -------------------------------------------------------------------------------
def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """Relative luminance (WCAG 2) of an opaque colour."""
    return (0.2126 * _linear(colour.redF()) + 0.7152 * _linear(colour.greenF())
            + 0.0722 * _linear(colour.blueF()))


def contrast_ratio(first: QColor | str, second: QColor | str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((luminance(QColor(first)), luminance(QColor(second))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_on(background: QColor | str) -> QColor:
    """White or near-black, whichever reads better on ``background`` (text on an accent)."""
    white, black = QColor("#FFFFFF"), QColor(LIGHT.text)
    return white if contrast_ratio(white, background) >= contrast_ratio(black, background) else black


def _mix(colour: QColor, other: QColor, share: float) -> QColor:
    return QColor.fromRgbF(*(a + (b - a) * share for a, b in zip(colour.getRgbF()[:3], other.getRgbF()[:3],
                                                               strict=True)))


def _towards_contrast(colour: QColor | str, backgrounds: list[str], good: Callable[[QColor], bool]) -> QColor:
    """``colour`` moved towards white on dark ``backgrounds`` (black on light ones), by tenths,
    until it is ``good``; its hue stays. Black or white at the end are always good enough."""
    start = QColor(colour)
    dark_ground = sum(luminance(QColor(b)) for b in backgrounds) / len(backgrounds) < 0.2
    target = QColor("#FFFFFF") if dark_ground else QColor("#000000")
    for step in range(11):
        moved = QColor(_mix(start, target, step / 10).name())  # as the palette and style sheet get it
        if good(moved):
            return moved
    return target


def visible_against(colour: QColor | str, backgrounds: list[str], minimum: float = 3.0) -> QColor:
    """``colour`` moved towards black or white until it stands out ``minimum``:1 from every background."""
    return _towards_contrast(colour, backgrounds,
                             lambda moved: min(contrast_ratio(moved, b) for b in backgrounds) >= minimum)


def accent_fill(accent: QColor | str, backgrounds: list[str]) -> QColor:
    """The accent as a fill (a selected row, the primary button, a progress bar) on ``backgrounds``:
    told apart from them at 3:1 or more whatever the shop's colour, and dark or light enough for
    the text on it (``readable_on``) to reach 4.5:1."""
    def good(moved: QColor) -> bool:
        return (min(contrast_ratio(moved, b) for b in backgrounds) >= 3.0
                and contrast_ratio(readable_on(moved), moved) >= 4.5)
    return _towards_contrast(accent, backgrounds, good)


def fill_backgrounds(scheme: Scheme) -> list[str]:
    """What accent fills sit on: the window (buttons, progress bars) and lists (selected rows)."""
    return [scheme.window, scheme.base, scheme.alternate_base]


# --- the current theme ----------------------------------------------------------------------
def _app() -> QApplication | None:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else None


def current_scheme() -> Scheme:
    """The scheme the app is themed with now (light before any theme is applied)."""
    app = _app()
    scheme = DARK if app is not None and app.property("smallcsDark") else LIGHT
    if app is not None and app.property("smallcsHighContrast"):
        scheme = high_contrast(scheme)
    return scheme


def accent_colour() -> QColor:
    """The accent the app is themed with (the shop's colour from its settings)."""
    app = _app()
    name = app.property("smallcsAccent") if app is not None else None
    colour = QColor(str(name)) if name else QColor(DEFAULT_ACCENT)
    return colour if colour.isValid() else QColor(DEFAULT_ACCENT)


def graphic_accent() -> QColor:
    """The accent as charts and focus outlines use it: at least 3:1 against the window and cards."""
    scheme = current_scheme()
    return visible_against(accent_colour(), [scheme.window, scheme.base])


class _SchemeFollower(QObject):
    """Calls ``rewrite`` once the events that can bring ``widget`` other colours are handled."""

    def __init__(self, widget: QWidget, rewrite: Callable[[], None]) -> None:
        super().__init__(widget)
        # Later, not in the event: a style sheet being set is still polishing the widgets then.
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(rewrite)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.StyleChange):
            self._timer.start()
        return False


def follow_scheme(widget: QWidget, rewrite: Callable[[], None]) -> None:
    """Call ``rewrite`` after light and dark switch or the accent changes (and, harmlessly, after
    other palette and style changes): for a widget that writes the scheme's colours into rich
    text or item colours, which the palette does not repaint by itself."""
    _SchemeFollower(widget, rewrite)


def system_prefers_dark(app: QApplication) -> bool:
    """Whether the desktop asks for a dark colour scheme (Qt 6.5+)."""
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _system_wants_contrast(app: QApplication) -> bool:
    hints = app.styleHints()  # held: PySide drops the accessibility hints of a temporary
    return hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast


# --- palette and style sheet ----------------------------------------------------------------
def build_palette(scheme: Scheme, accent: QColor) -> QPalette:
    """The Qt palette for ``scheme`` with ``accent`` for selections and links (shades of it that
    stand out from the scheme's backgrounds)."""
    role = QPalette.ColorRole
    palette = QPalette()
    fill = accent_fill(accent, fill_backgrounds(scheme))
    colours = {
        role.Window: scheme.window, role.WindowText: scheme.text, role.Base: scheme.base,
        role.AlternateBase: scheme.alternate_base, role.Text: scheme.text, role.PlaceholderText: scheme.muted,
        role.Button: scheme.button, role.ButtonText: scheme.text, role.BrightText: "#FFFFFF",
        role.Light: scheme.button_hover if scheme.dark else "#FFFFFF", role.Midlight: scheme.divider,
        role.Mid: scheme.border, role.Dark: scheme.shade, role.Shadow: "#000000",
        role.ToolTipBase: scheme.tooltip_base, role.ToolTipText: scheme.tooltip_text,
        role.Highlight: fill.name(), role.HighlightedText: readable_on(fill).name(),
        role.Link: visible_against(accent, [scheme.base, scheme.window], 4.5).name(),
        role.LinkVisited: visible_against(accent, [scheme.base, scheme.window], 4.5).name(),
        role.Accent: fill.name(),
    }
    for which, colour in colours.items():
        palette.setColor(which, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for which in (role.WindowText, role.Text, role.ButtonText, role.PlaceholderText):
        palette.setColor(disabled, which, QColor(scheme.disabled_text))
    palette.setColor(disabled, role.Base, QColor(scheme.window))
    palette.setColor(disabled, role.Highlight, QColor(scheme.border))
    return palette


_STYLE = """
QLabel[role="title"] { font-size: %(title)spt; font-weight: 600; }
QLabel[role="subtitle"] { font-size: %(subtitle)spt; font-weight: 600; }
QLabel[role="section"] { font-size: %(section)spt; font-weight: 600; margin-top: %(gap)spx; }
QLabel[role="muted"] { color: %(muted)s; }
QLabel[role="error"] { color: %(error)s; font-weight: 600; }
QLabel[role="ok"] { color: %(ok)s; font-weight: 600; }
QLabel[role="badge"] { color: %(warning_text)s; background: %(warning_background)s;
                       border: 1px solid %(warning_border)s; border-radius: 8px; padding: 0 6px; }
QLabel[role="warning"] { color: %(warning_text)s; background: %(warning_background)s; font-weight: 600;
                         border: 1px solid %(warning_border)s; border-radius: 6px; padding: %(pad_s)spx %(pad)spx; }
QFrame[role="banner"] { background: %(tint)s; border: 1px solid %(graphic)s; border-radius: 6px; }
QFrame[role="card"] { background: %(base)s; border: 1px solid %(divider)s; border-radius: 10px; }
QToolTip { color: %(tooltip_text)s; background: %(tooltip_base)s; border: 1px solid %(border)s; }

QWidget#navPanel { background: %(nav)s; }
QLabel#navBrand { color: %(on_nav)s; font-size: %(section)spt; font-weight: 600;
                  padding: %(pad_l)spx %(pad_xl)spx %(pad_s)spx %(pad_xl)spx; }
QListWidget#navigation { background: %(nav)s; border: none; font-size: %(nav_size)spt;
                         padding-top: %(pad)spx; outline: none; }
QListWidget#navigation::item { color: %(on_nav)s; padding: %(pad)spx %(pad_l)spx; border: 2px solid transparent;
                               border-radius: 6px; margin: 2px %(pad)spx; }
QListWidget#navigation::item:selected { background: %(nav_selected)s; color: %(on_nav_selected)s;
                                        border-left: 2px solid %(on_nav)s; }
QListWidget#navigation::item:hover:!selected { background: rgba(255, 255, 255, 0.10); }
QListWidget#navigation::item:focus { border-color: %(on_nav)s; }

QPushButton, QToolButton { background: %(button)s; color: %(text)s; border: 1px solid %(border)s;
                           border-radius: 4px; padding: %(pad_s)spx %(pad_l)spx; }
QToolButton { padding: %(pad_s)spx %(pad)spx; }
QPushButton::menu-indicator, QToolButton::menu-indicator { subcontrol-origin: padding;
                           subcontrol-position: right center; right: 2px; }
QPushButton:hover, QToolButton:hover { background: %(button_hover)s; }
QPushButton:pressed, QToolButton:pressed, QPushButton:checked, QToolButton:checked {
                           background: %(button_pressed)s; }
QPushButton:disabled, QToolButton:disabled { color: %(disabled_text)s; border-color: %(divider)s; }
QPushButton:default, QPushButton[role="primary"] { background: %(accent)s; color: %(on_accent)s;
                           border-color: %(accent)s; }
QPushButton:default:hover, QPushButton[role="primary"]:hover { background: %(accent_hover)s; }
QPushButton:default:disabled, QPushButton[role="primary"]:disabled { background: %(button)s;
                           color: %(disabled_text)s; border-color: %(divider)s; }

QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox { background: %(base)s; color: %(text)s;
                           border: 1px solid %(border)s; border-radius: 4px; padding: 1px;
                           selection-background-color: %(accent)s; selection-color: %(on_accent)s; }
QLineEdit, QAbstractSpinBox, QComboBox { padding: %(pad_xs)spx %(pad_s)spx; }
QLineEdit:read-only { background: %(window)s; }
QLineEdit { lineedit-clear-button-icon: url("%(icons)s/clear.svg"); }
QCalendarWidget { leftarrow-icon: url("%(icons)s/arrow-left.svg"); rightarrow-icon: url("%(icons)s/arrow-right.svg"); }
QLineEdit:disabled, QPlainTextEdit:disabled, QTextEdit:disabled, QAbstractSpinBox:disabled,
QComboBox:disabled { color: %(disabled_text)s; background: %(window)s; border-color: %(divider)s; }
QAbstractSpinBox QLineEdit, QComboBox QLineEdit { border: none; padding: 0; background: transparent; }
QComboBox::drop-down, QDateTimeEdit::drop-down { subcontrol-origin: padding; subcontrol-position: center right;
                       width: %(arrow)spx; border: none; }
QAbstractSpinBox::up-button { subcontrol-origin: border; subcontrol-position: top right; width: %(arrow)spx;
                       border: none; }
QAbstractSpinBox::down-button { subcontrol-origin: border; subcontrol-position: bottom right;
                       width: %(arrow)spx; border: none; }
QComboBox::down-arrow, QDateTimeEdit::down-arrow, QAbstractSpinBox::down-arrow {
                       image: url("%(icons)s/arrow-down.svg"); width: %(arrow_w)spx; height: %(arrow_h)spx; }
QAbstractSpinBox::up-arrow { image: url("%(icons)s/arrow-up.svg"); width: %(arrow_w)spx; height: %(arrow_h)spx; }
QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover, QComboBox::drop-down:hover {
                       background: %(button_hover)s; }

QAbstractItemView { background: %(base)s; alternate-background-color: %(alternate_base)s;
                    border: 1px solid %(border)s; padding: 1px; gridline-color: %(divider)s;
                    selection-background-color: %(accent)s; selection-color: %(on_accent)s; }
QComboBox QAbstractItemView { padding: 0; }
QHeaderView, QHeaderView:focus { border: none; padding: 0; }

QCheckBox, QRadioButton { border: 2px solid transparent; border-radius: 4px; padding: 1px 3px; }
QCheckBox::indicator, QRadioButton::indicator, QAbstractItemView::indicator { width: %(box)spx; height: %(box)spx;
                           background: %(base)s; border: 1px solid %(border)s; border-radius: 3px; }
QRadioButton::indicator { border-radius: %(box_radius)spx; }
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked { image: url("%(icons)s/check.svg"); }
QCheckBox::indicator:indeterminate, QAbstractItemView::indicator:indeterminate {
                           image: url("%(icons)s/check-partial.svg"); }
QRadioButton::indicator:checked { image: url("%(icons)s/radio-dot.svg"); }
QCheckBox::indicator:hover, QRadioButton::indicator:hover { border-color: %(text)s; }
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled, QAbstractItemView::indicator:disabled {
                           background: %(window)s; border-color: %(divider)s; }

QPushButton:focus, QToolButton:focus { border: 2px solid %(focus)s;
                           padding: %(pad_s_in)spx %(pad_l_in)spx; }
QToolButton:focus { padding: %(pad_s_in)spx %(pad_in)spx; }
QToolButton[popupMode="2"] { padding-right: %(pad_menu)spx; min-height: %(line)spx; max-height: %(line)spx; }
QToolButton[popupMode="2"]:focus { padding-right: %(pad_menu_in)spx; }
QToolButton[popupMode="2"]::menu-indicator { right: %(pad_s)spx; }
QPushButton:default:focus, QPushButton[role="primary"]:focus { border-color: %(text)s; }
QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus { border: 2px solid %(focus)s;
                           padding: %(pad_xs_in)spx %(pad_s_in)spx; }
QPlainTextEdit:focus, QTextEdit:focus, QAbstractItemView:focus { border: 2px solid %(focus)s; padding: 0; }
QAbstractSpinBox QLineEdit:focus, QComboBox QLineEdit:focus { border: none; padding: 0; }
QCheckBox:focus, QRadioButton:focus { border-color: %(focus)s; }
QTabBar::tab { background: %(button)s; color: %(text)s; border: 1px solid %(divider)s; border-bottom: none;
               border-top-left-radius: 4px; border-top-right-radius: 4px;
               padding: %(pad_s)spx %(pad_l)spx; margin-right: 2px; }
QTabBar::tab:selected { background: %(base)s; border-color: %(border)s; }
QTabBar::tab:hover:!selected { background: %(button_hover)s; }
QTabBar::tab:focus { border: 2px solid %(focus)s; padding: %(pad_s_in)spx %(pad_l_in)spx; }
QTabWidget::pane { border: 1px solid %(border)s; top: -1px; background: %(base)s; }
"""


def font_scale() -> float:
    """How much larger than the usual 9 pt the application font is (1.0 at 9 pt or smaller)."""
    return max(_base_points(QApplication.font()) / _REFERENCE_POINTS, 1.0)


def scaled(pixels: int) -> int:
    """A size drawn for a 9 pt font, grown with the user's font so text in it is not clipped."""
    return round(pixels * font_scale())


def _points(base: float, factor: float) -> str:
    return f"{base * factor:.1f}"


def _base_points(font: QFont) -> float:
    if font.pointSizeF() > 0:
        return font.pointSizeF()
    return font.pixelSize() * 0.75 if font.pixelSize() > 0 else _REFERENCE_POINTS


def style_sheet(scheme: Scheme, accent: QColor, font: QFont) -> str:
    """The app's style sheet for ``scheme``, ``accent`` and the application ``font``."""
    base = _base_points(font)
    scale = max(base / _REFERENCE_POINTS, 1.0)

    def px(value: float) -> int:
        return round(value * scale)

    nav = accent.darker(260)
    tint = QColor(accent)
    focus = visible_against(accent, [scheme.window, scheme.base])
    fill = accent_fill(accent, fill_backgrounds(scheme))
    on_fill = readable_on(fill)
    # The selected page keeps the shop's own colour (a darker shade of it is the panel) unless its text
    # would not read; the bar at its left, in the panel's text colour, marks it whatever the colour
    # (#222222 is the panel's near twin).
    nav_fill = _towards_contrast(accent, [nav.name()], lambda moved: contrast_ratio(readable_on(moved), moved) >= 4.5)
    values: dict[str, str | int] = {
        "title": _points(base, 2.2), "subtitle": _points(base, 1.22), "section": _points(base, 1.33),
        "nav_size": _points(base, 1.22),
        "gap": px(6), "pad_xs": px(2), "pad_s": px(4), "pad": px(8), "pad_l": px(12), "pad_xl": px(16),
        "arrow": px(18), "arrow_w": px(10), "arrow_h": px(7),
        "box": px(13), "box_radius": px(13) // 2 + 1,
        "icons": (resources_dir() / "icons" / "theme" / ("dark" if scheme.dark else "light")).as_posix(),
        "accent": fill.name(), "on_accent": on_fill.name(),
        # Hovered, the fill moves away from the text on it: the text stays as readable.
        "accent_hover": (fill.darker(112) if on_fill == QColor("#FFFFFF") else fill.lighter(112)).name(),
        "nav": nav.name(), "on_nav": readable_on(nav).name(), "focus": focus.name(),
        "nav_selected": nav_fill.name(), "on_nav_selected": readable_on(nav_fill).name(),
        "graphic": focus.name(),
        "tint": f"rgba({tint.red()}, {tint.green()}, {tint.blue()}, {48 if scheme.dark else 28})",
    }
    # A button with a menu: as tall as a push button (a line of text), with room for its arrow.
    values["line"] = QFontMetrics(font).height()
    values["pad_menu"] = px(4) + px(8) + px(4)  # the arrow between a little padding and a gap to the text
    # Focused controls draw a 2 px border instead of 1 px: one pixel less padding keeps the text still.
    for key in ("pad_xs", "pad_s", "pad", "pad_l", "pad_menu"):
        values[f"{key}_in"] = max(0, int(values[key]) - 1)
    values.update({name: value for name, value in scheme._asdict().items() if name != "dark"})
    return _STYLE % values


def apply_theme(app: QApplication, accent: str | None = None, *, dark: bool | None = None) -> None:
    """Style the whole app.

    Args:
        app: the application.
        accent: the shop's colour; None keeps the current one (falls back to the default if invalid).
        dark: force the dark (True) or light (False) scheme; None follows the system, now and
            whenever it changes.
    """
    if accent is None:
        accent = str(app.property("smallcsAccent") or DEFAULT_ACCENT)
    colour = QColor(accent)
    if not colour.isValid():
        colour = QColor(DEFAULT_ACCENT)
    app.setProperty("smallcsFollowSystem", dark is None)
    _watch_system(app)
    _apply(app, colour, system_prefers_dark(app) if dark is None else dark)


def set_accent(app: QApplication, accent: str) -> None:
    """Change only the shop's colour; light or dark stays as chosen (or as the system says)."""
    colour = QColor(accent)
    _apply(app, colour if colour.isValid() else QColor(DEFAULT_ACCENT), bool(app.property("smallcsDark")))


def _apply(app: QApplication, accent: QColor, dark: bool) -> None:
    contrast = _system_wants_contrast(app)
    key = f"{accent.name()} {dark} {contrast} {_base_points(app.font())}"
    # Setting a style sheet re-polishes every widget: skip it when nothing changes.
    if app.property("smallcsTheme") == key:
        return
    app.setProperty("smallcsTheme", key)
    app.setProperty("smallcsAccent", accent.name())
    app.setProperty("smallcsDark", dark)
    app.setProperty("smallcsHighContrast", contrast)
    scheme = current_scheme()
    if not app.property(FUSION_SET):
        if app.style().name().lower() != FUSION:
            app.setStyle(FUSION)
        app.setProperty(FUSION_SET, True)
    app.setPalette(build_palette(scheme, accent))
    app.setStyleSheet(style_sheet(scheme, accent, app.font()))
    _renew_style_icons(app)


def _renew_style_icons(app: QApplication) -> None:
    """Give the icons some widgets took from the style once, when made (the style sheet's
    clear button and calendar arrows), the scheme's: drawn for light, they vanish in dark."""
    style_icon = QStyle.StandardPixmap
    for widget in app.allWidgets():
        if isinstance(widget, QLineEdit) and widget.isClearButtonEnabled():
            clear = widget.findChild(QAction, "_q_qlineeditclearaction")
            if clear is not None:
                clear.setIcon(widget.style().standardIcon(style_icon.SP_LineEditClearButton, None, widget))
        elif isinstance(widget, QCalendarWidget):
            back, forward = style_icon.SP_ArrowLeft, style_icon.SP_ArrowRight
            if widget.isRightToLeft():
                back, forward = forward, back
            for name, arrow in (("qt_calendar_prevmonth", back), ("qt_calendar_nextmonth", forward)):
                button = widget.findChild(QToolButton, name)
                if button is not None:
                    button.setIcon(widget.style().standardIcon(arrow, None, widget))


def _watch_system(app: QApplication) -> None:
    """Follow the desktop's colour scheme, contrast and font while the app runs (connected once)."""
    if app.property("smallcsWatching"):
        return
    app.setProperty("smallcsWatching", True)
    hints = app.styleHints()
    hints.colorSchemeChanged.connect(lambda scheme: system_scheme_changed(app, scheme))
    accessibility = hints.accessibility()
    accessibility.contrastPreferenceChanged.connect(lambda _preference: _reapply(app))
    app.fontChanged.connect(lambda _font: _reapply(app))


def system_scheme_changed(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """The desktop switched between light and dark: follow it unless the theme was forced."""
    if app.property("smallcsFollowSystem"):
        _apply(app, accent_colour(), scheme == Qt.ColorScheme.Dark)


def _reapply(app: QApplication) -> None:
    _apply(app, accent_colour(), bool(app.property("smallcsDark")))
