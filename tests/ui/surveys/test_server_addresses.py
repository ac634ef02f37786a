"""The Survey server tab offers this PC's addresses: every one once the tab is shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from smallcs.models import Staff
from smallcs.ui.surveys.lan_address import LOOPBACK, base_url, candidate_addresses
from smallcs.ui.surveys.page import SurveysPage
from smallcs.ui.surveys.server_control import DEFAULT_PORT, SurveyServerController


@pytest.fixture
def page(qtbot: QtBot, db_path: Path, owner: Staff) -> Iterator[SurveysPage]:
    controller = SurveyServerController(str(db_path))
    made = SurveysPage(controller)
    qtbot.add_widget(made)
    made.set_actor(owner)
    made.refresh()
    made.show()
    yield made
    controller.shutdown()


def _listed(page: SurveysPage) -> list[str]:
    combo = page.server_panel.address
    return [combo.itemData(row) for row in range(combo.count())]


def test_the_tab_lists_every_address_with_this_pc_only_last(qtbot: QtBot, page: SurveysPage) -> None:
    panel = page.server_panel
    expected = [*candidate_addresses(), LOOPBACK]
    proposed = base_url(expected[0], DEFAULT_PORT)
    assert page.tabs.currentIndex() == 0 and panel.proposed.text() == proposed  # before the tab is shown

    page.tabs.setCurrentWidget(panel)
    qtbot.wait_until(panel.isVisible)

    assert _listed(page) == expected
    assert panel.address.currentIndex() == 0 and panel.proposed.text() == proposed
    assert panel.address.itemText(len(expected) - 1) == f"{LOOPBACK} (this PC only)"


def test_a_second_look_at_the_tab_lists_nothing_twice(qtbot: QtBot, page: SurveysPage) -> None:
    panel = page.server_panel
    page.tabs.setCurrentWidget(panel)
    qtbot.wait_until(panel.isVisible)
    panel.address.setCurrentIndex(panel.address.findData(LOOPBACK))
    page.tabs.setCurrentIndex(0)
    page.tabs.setCurrentWidget(panel)

    assert _listed(page) == [*candidate_addresses(), LOOPBACK]
    assert panel.address.currentData() == LOOPBACK  # the person's choice stays
