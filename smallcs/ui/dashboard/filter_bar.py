"""The dashboard's period switch and its category / channel / staff filters."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QVBoxLayout,
    QWidget,
)

from smallcs.i18n import _
from smallcs.metrics import MetricFilter
from smallcs.ui.dashboard import choices
from smallcs.ui.dashboard.reflow import TileGrid
from smallcs.ui.dashboard.snapshot import PeriodChoice
from smallcs.ui.filter_choices import Choice, category_choices, staff_choices

FIELD_WIDTH = 180
# A filter is never narrower than 10 average characters, and asks for no more than 36 even
# for a longer choice (a long category name is elided rather than widen the page past the window).
MIN_CHARS, MAX_CHARS = 10, 36


class FilterCombo(QComboBox):
    """A combo box at least as wide as its longest choice (up to ``MAX_CHARS`` characters),
    so the filter bar wraps onto another row before it cuts a month's name."""

    def __init__(self, name: str, accessible: str) -> None:
        super().__init__(objectName=name)
        self.setAccessibleName(accessible)
        # Adjusting to contents makes the combo ask for a new layout whenever its items change.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def text_width(self) -> int:
        """The width of the text area this combo asks for."""
        metrics = self.fontMetrics()
        longest = max((metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)
        char = metrics.averageCharWidth()
        return min(max(longest + char, MIN_CHARS * char), MAX_CHARS * char)  # a character's slack

    def minimumSizeHint(self) -> QSize:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        content = QSize(self.text_width(), self.fontMetrics().height())
        size = self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, content, self)
        return QSize(size.width(), super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()


def _fill(combo: QComboBox, items: Sequence[Choice], *, everything: str | None) -> None:
    """Replace the items, keeping the current choice when it is still offered."""
    kept = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if everything is not None:
        combo.addItem(everything, None)
    for item in items:
        combo.addItem(item.text, item.value)
    index = combo.findData(kept)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


class FilterBar(QWidget):
    """Month, category, channel and (for managers and owners) staff member."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.period = FilterCombo("periodChoice", _("Month shown"))
        self.category = FilterCombo("categoryFilter", _("Category"))
        self.channel = FilterCombo("channelFilter", _("Channel"))
        self.staff = FilterCombo("staffFilter", _("Staff member"))
        self._month_of: tuple[int, int] | None = None
        self._staff_allowed = False
        # Four in a row when there is room, two rows of two when not, one above the other when narrow.
        self._grid = TileGrid(FIELD_WIDTH)
        self.staff_label = QLabel(_("S&taff:"), buddy=self.staff)
        # Made in the grid in reading order, so Tab goes through them in that order: a field the grid
        # only adopted later (Staff, when a manager logs in) would come last, after the goals.
        self._fields = [self._field(QLabel(_("&Month:"), buddy=self.period), self.period),
                        self._field(QLabel(_("&Category:"), buddy=self.category), self.category),
                        self._field(QLabel(_("Ch&annel:"), buddy=self.channel), self.channel),
                        self._field(self.staff_label, self.staff)]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._grid)
        for combo in (self.period, self.category, self.channel, self.staff):
            combo.currentIndexChanged.connect(self.changed)
        self.allow_staff_filter(False)

    def _field(self, label: QLabel, combo: QComboBox) -> QWidget:
        field = QWidget(self._grid)
        label.setProperty("role", "muted")
        layout = QVBoxLayout(field)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(label)
        layout.addWidget(combo)
        return field

    def load_choices(self) -> None:
        """(Re)read what the filters offer; the months move on when a new month starts."""
        today = choices.shop_today()
        if self._month_of != (today.year, today.month):
            self._month_of = (today.year, today.month)
            _fill(self.period, choices.period_choices(today), everything=None)
        _fill(self.category, category_choices(), everything=_("All categories"))
        _fill(self.channel, choices.channel_choices(), everything=_("All channels"))
        _fill(self.staff, staff_choices(), everything=_("All staff"))

    def allow_staff_filter(self, allowed: bool) -> None:
        """Managers and owners may see figures per person; counter staff see the shop's."""
        if not allowed and self.staff.currentIndex() > 0:
            self.staff.setCurrentIndex(0)
        self._staff_allowed = allowed
        staff_field = self._fields[-1]
        staff_field.setVisible(allowed)
        self._grid.set_tiles(self._fields if allowed else self._fields[:-1])

    def period_choice(self) -> PeriodChoice:
        """The month chosen (this month so far until the choices are loaded)."""
        key = self.period.currentData()
        return PeriodChoice.from_key(key) if isinstance(key, str) else PeriodChoice()

    def metric_filter(self) -> MetricFilter:
        """The category / channel / staff chosen."""
        staff = self.staff.currentData() if self._staff_allowed else None
        return MetricFilter(category_id=self.category.currentData(), channel=self.channel.currentData(),
                            staff_id=staff)

    def is_filtered(self) -> bool:
        """True when a category, channel or staff member narrows the figures."""
        return not self.metric_filter().is_empty
