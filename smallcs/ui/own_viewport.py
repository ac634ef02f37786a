"""A scroll area's viewport made in Python rather than by Qt.

The first time PySide is handed a widget Qt made itself (a scroll area's
viewport, say), it finds the widget's Python class by making the class of every
widget type of Qt first, with their enums: about 15 ms, which a start-up paid
before the main window's first paint. A viewport made here is a widget PySide
already knows. It is what Qt's own would be: a plain widget, named as Qt names
it, filling its background as Qt's constructors set it up (an item view's with
the palette's Base colour, a QScrollArea's with its parent's background).
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QScrollArea, QWidget


def own_viewport(area: QAbstractScrollArea) -> QWidget:
    """Give ``area`` a viewport made here, and return it: right after making ``area``, before
    it is configured or asked for its viewport (the viewport it had goes, with its children)."""
    viewport = QWidget(objectName="qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.NoRole if isinstance(area, QScrollArea)
                               else QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    area.setViewport(viewport)
    return viewport
