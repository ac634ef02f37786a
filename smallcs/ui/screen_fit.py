"""Keep a dialog on its screen: never larger than the screen's free area, its buttons always in sight.

Qt gives a window the minimum size of its layout. With a large font (15 pt) on a laptop
(1280×720), a dialog's content can need more than the screen has, and the window then
opens partly off screen, its OK and Close buttons out of reach. Qt also measures a
word-wrapped label once, often as one line; when it takes more lines later (a larger
font, a longer language, a message that arrives), a window left at that height draws
rows over each other.

So a dialog puts its long content in a ``ScrollingContent`` and keeps its button row
outside it, and ``ScreenFit`` holds the window's minimum size to what its content needs
at its width, but never more than the screen's available area: the window grows with
its content while the screen has room, and beyond that the content scrolls. Content that
grows while the window is open (a message under a form) grows the window the same way,
and ``ScrollingContent.reveal`` scrolls such a message into sight when the screen is full.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QWidget

# A window manager's frame when no shown window tells us its size (Qt's own guess, in QDialog).
_GUESSED_FRAME = QMargins(10, 40, 10, 10)
# How long a revealed widget is kept in sight while its window's layout settles (and the window
# manager resizes the window), without fighting the person's own scrolling after that.
_SETTLING_MS = 500


def _frame_margins(window: QWidget) -> QMargins:
    """The title bar and borders around ``window`` (or around its parent's window, before it is shown)."""
    for shown in (window, window.parentWidget().window() if window.parentWidget() else None):
        if shown is not None and shown.isVisible():
            outer, inner = shown.frameGeometry(), shown.geometry()
            margins = QMargins(inner.left() - outer.left(), inner.top() - outer.top(),
                               outer.right() - inner.right(), outer.bottom() - inner.bottom())
            if margins.top() > 0 or margins.left() > 0:
                return margins
    return _GUESSED_FRAME


def available_geometry(window: QWidget) -> QRect:
    """The free area (without task bars and docks) of the screen ``window`` is on, or will open on."""
    parent = window.parentWidget()
    screen = window.screen() if window.isVisible() or parent is None else parent.window().screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def usable_size(window: QWidget) -> QSize:
    """The largest size ``window`` may have with its frame still inside the screen's free area."""
    area, frame = available_geometry(window), _frame_margins(window)
    return QSize(area.width() - frame.left() - frame.right(), area.height() - frame.top() - frame.bottom())


def content_minimum(window: QWidget) -> QSize:
    """What ``window``'s layout needs: its minimum width, and its height at the window's width."""
    layout = window.layout()
    if layout is None:  # still being built
        return window.minimumSize()
    needed = layout.totalMinimumSize()
    height = max(layout.totalMinimumHeightForWidth(window.width()), needed.height())
    return QSize(needed.width(), height)


def hold_on_screen(window: QWidget) -> None:
    """Set ``window``'s minimum size to its content's need, at most the screen's usable size.

    A window shorter than its content grows at once; content that needs more than the
    screen is left to the window's scrolling part.
    """
    _hold_minimum(window)
    if window.isVisible() and not window.isMaximized():
        _keep_inside(window, usable_size(window))


def _hold_minimum(window: QWidget) -> None:
    wanted = content_minimum(window).boundedTo(usable_size(window))
    if wanted != window.minimumSize():
        window.setMinimumSize(wanted)


def _keep_inside(window: QWidget, room: QSize) -> None:
    """Shrink ``window`` to ``room`` and move it so its frame lies within the screen's free area."""
    if window.width() > room.width() or window.height() > room.height():
        window.resize(window.size().boundedTo(room))
    area, frame = available_geometry(window), window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.x() + area.width() - frame.width())
    y = min(max(frame.y(), area.y()), area.y() + area.height() - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


class ScreenFit(QObject):
    """Keeps a window within its screen and as large as its content needs (see the module's text).

    ``preferred`` is the size the window opens at when the screen has room for it (never
    smaller than its content needs); without it the window opens at its size hint.
    """

    def __init__(self, window: QWidget, *, preferred: QSize | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._preferred = preferred
        self._shown_once = False
        self._opening = False  # sized while being shown: not yet placed, so not to be moved
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A window whose Python side is being collected still sends its last events here, after
        # this object's attributes are gone.
        window = getattr(self, "_window", None)
        if watched is not window or window is None:
            return False
        kind = event.type()
        if kind == QEvent.Type.Show and not self._shown_once:
            # Before QDialog places itself (in its showEvent), so that it centres the final size.
            self._shown_once = True
            self._open_size()
        elif not self._opening and kind in (QEvent.Type.LayoutRequest, QEvent.Type.Resize,
                                            QEvent.Type.ScreenChangeInternal):
            hold_on_screen(window)
        return False

    def _open_size(self) -> None:
        window = self._window
        _hold_minimum(window)  # not moved: QDialog centres a window it finds unmoved
        if window.testAttribute(Qt.WidgetAttribute.WA_Resized):  # its opener chose a size
            wanted = window.size()
        else:
            wanted = (self._preferred or window.sizeHint()).expandedTo(window.minimumSize())
        self._opening = True
        try:
            window.resize(wanted.boundedTo(usable_size(window)))
        finally:
            self._opening = False


class ScrollingContent(QScrollArea):
    """A dialog's long content, as tall as it needs while the window has room, scrolled when it has not.

    Reports its content's own minimum (and its height at a given width, for word-wrapped
    labels), so the window's layout asks for all of it; ``ScreenFit`` keeps the window
    within the screen, and the layout then squeezes this, the largest part, first.
    """

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # No Tab stop of its own (an invisible one): each control it holds scrolls into sight when Tab reaches it.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.viewport().setAutoFillBackground(False)  # the dialog's own background, not a white well
        content.setAutoFillBackground(False)
        # A widget to keep in sight while the layout settles after it changed (see ``reveal``).
        self._revealed: QWidget | None = None
        self._settling = QTimer(self, singleShot=True, interval=_SETTLING_MS)
        self._settling.timeout.connect(self._settled)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        kind = event.type()
        if kind == QEvent.Type.LayoutRequest:
            # The content's layout changed (a label took more lines, a row appeared). QScrollArea only
            # updates its scroll bars; the window's layout keeps the old size hints until told.
            self.updateGeometry()
        revealed = getattr(self, "_revealed", None)  # absent while QScrollArea's constructor sends events
        if revealed is not None and kind in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            self._scroll_to(revealed)
        return handled

    def reveal(self, widget: QWidget) -> None:
        """Scroll ``widget`` (in the content) into sight, now and as the layout settles.

        A message that appears under a form is laid out, and the window grows for it, a few
        event-loop passes later; if the screen has no room left, the content scrolls to it.
        """
        self._revealed = widget
        self._scroll_to(widget)
        self._settling.start()

    def _settled(self) -> None:
        self._revealed = None

    def _scroll_to(self, widget: QWidget) -> None:
        """Its whole height (its top if taller than the view) and its left edge, where text starts.

        Not ``ensureWidgetVisible``: a message as wide as content wider than the window would be
        centred, its first words scrolled off to the left.
        """
        place = QRect(widget.mapTo(self.widget(), QPoint(0, 0)), widget.size())
        view = self.viewport().size()
        down, across = self.verticalScrollBar(), self.horizontalScrollBar()
        if place.bottom() >= down.value() + view.height():
            down.setValue(place.bottom() + 1 - view.height())
        if place.top() < down.value():
            down.setValue(place.top())
        if not across.value() <= place.left() < across.value() + view.width():
            across.setValue(place.left())

    def _scroll_bar_width(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)

    def minimumSizeHint(self) -> QSize:
        content = self.widget().minimumSizeHint()
        # Room for a vertical scroll bar, so that scrolling down never also needs scrolling sideways.
        return QSize(content.width() + self._scroll_bar_width(), content.height())

    def sizeHint(self) -> QSize:
        content = self.widget().sizeHint().expandedTo(self.widget().minimumSizeHint())
        return QSize(content.width() + self._scroll_bar_width(), self.heightForWidth(content.width()))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        content = self.widget()
        layout = content.layout()
        if layout is None:
            return content.minimumSizeHint().height()
        # The height QScrollArea gives its content at this width: asking for less leaves a scroll bar.
        height = max(layout.totalHeightForWidth(width), layout.totalMinimumSize().height())
        if width < layout.totalMinimumSize().width():  # scrolled sideways: room for that bar too
            height += self.horizontalScrollBar().sizeHint().height()
        return height
