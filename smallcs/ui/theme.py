"""The app's look: Fusion style, a light stylesheet, the shop's accent colour."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

_STYLE = """
QLabel[role="title"] { font-size: 20pt; font-weight: 600; }
QLabel[role="section"] { font-size: 12pt; font-weight: 600; margin-top: 6px; }
QLabel[role="muted"] { color: palette(placeholder-text); }
QLabel[role="error"] { color: #B3261E; font-weight: 600; }
QLabel[role="ok"] { color: #1B7F3B; font-weight: 600; }
QFrame[role="banner"] { background: %(tint)s; border: 1px solid %(accent)s; border-radius: 6px; }
QFrame[role="card"] { background: palette(base); border: 1px solid palette(mid); border-radius: 10px; }
QListWidget#navigation { background: %(nav)s; border: none; font-size: 11pt; padding-top: 8px; outline: none; }
QListWidget#navigation::item { color: white; padding: 10px 16px; border-radius: 6px; margin: 2px 8px; }
QListWidget#navigation::item:selected { background: %(accent)s; color: white; }
QListWidget#navigation::item:hover:!selected { background: rgba(255, 255, 255, 0.10); }
QLabel#navBrand { color: white; font-size: 12pt; font-weight: 600; padding: 14px 16px 4px 16px; }
QWidget#navPanel { background: %(nav)s; }
QPushButton:default, QPushButton[role="primary"] { background: %(accent)s; color: white; border: 1px solid %(accent)s;
                      border-radius: 4px; padding: 5px 14px; }
QPushButton:default:disabled, QPushButton[role="primary"]:disabled { background: palette(mid); border-color: palette(mid); }
QPushButton:focus, QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus { border: 2px solid %(accent)s; }
"""

DEFAULT_ACCENT = "#1F6FB2"


def apply_theme(app: QApplication, accent: str = DEFAULT_ACCENT) -> None:
    """Style the whole app with ``accent`` (falls back to the default if invalid)."""
    colour = QColor(accent)
    if not colour.isValid():
        colour = QColor(DEFAULT_ACCENT)
    # Setting a style sheet re-polishes every widget: skip it when nothing changes.
    if app.property("smallcsAccent") == colour.name():
        return
    app.setProperty("smallcsAccent", colour.name())
    nav = colour.darker(260)
    tint = QColor(colour)
    tint.setAlpha(28)
    app.setStyle("Fusion")
    app.setStyleSheet(
        _STYLE % {
            "accent": colour.name(),
            "nav": nav.name(),
            "tint": f"rgba({tint.red()}, {tint.green()}, {tint.blue()}, {tint.alpha()})",
        }
    )
