"""The × that clears a search box stands out in light and dark, also after a live switch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from smallcs.ui import theme
from smallcs.ui.theme import contrast_ratio, current_scheme
from tests.ui.conftest import themed_at


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    for _themed in themed_at(qapp, 0):
        yield qapp


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("made_in_the_other_scheme", [False, True], ids=["made-so", "switched"])
def test_the_clear_button_stands_out_from_the_box(
        qtbot: QtBot, themed: QApplication, dark: bool, made_in_the_other_scheme: bool) -> None:
    theme.apply_theme(themed, dark=dark != made_in_the_other_scheme)
    search = QLineEdit()
    qtbot.add_widget(search)
    search.setClearButtonEnabled(True)
    search.setText("refund")
    search.show()
    qtbot.wait_exposed(search)
    theme.apply_theme(themed, dark=dark)
    clear = search.findChild(QAction, "_q_qlineeditclearaction")
    assert clear is not None
    image = clear.icon().pixmap(16, 16).toImage()
    # The shape is drawn in its most used colour (the × is cut out of it): told apart from the box.
    opaque = [image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
              if image.pixelColor(x, y).alpha() == 255]
    shape = max(set(opaque), key=opaque.count)
    assert contrast_ratio(shape, QColor(current_scheme().base)) >= 3, shape
