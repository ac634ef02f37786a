"""The Survey server tab warns when printed cards would lead phones somewhere else than this server."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from smallcs import settings
from smallcs.models import Staff
from smallcs.ui.surveys.lan_address import (
    LOOPBACK,
    candidate_addresses,
    card_address_warning,
)
from smallcs.ui.surveys.page import SurveysPage
from smallcs.ui.surveys.server_control import SurveyServerController
from smallcs.ui.surveys.server_panel import ServerPanel
from tests.ports import free_port


def _elsewhere(this_pc: list[str]) -> str:
    """A shop-network address that is not this PC's."""
    return next(a for a in ("192.168.1.20", "10.20.30.40") if a not in this_pc)


@pytest.fixture
def panel(qtbot: QtBot, db_path: Path, manager: Staff) -> Iterator[ServerPanel]:
    controller = SurveyServerController(str(db_path))
    page = SurveysPage(controller)
    qtbot.add_widget(page)
    page.set_actor(manager)
    page.refresh()
    page.show()
    page.tabs.setCurrentWidget(page.server_panel)
    qtbot.wait_until(page.server_panel.isVisible)
    page.server_panel.port.setValue(free_port())
    yield page.server_panel
    controller.shutdown()


def _set_card_address(manager: Staff, url: str) -> None:
    settings.save_profile(manager, dataclasses.replace(settings.get_profile(), survey_base_url=url))


def _switch(qtbot: QtBot, panel: ServerPanel) -> None:
    with qtbot.wait_signal(panel.controller.state_changed, timeout=20_000):
        panel.toggle.click()


def _lan_address(panel: ServerPanel) -> str:
    address = panel.address.currentData()
    if address == LOOPBACK:
        pytest.skip("this machine has no network address besides 127.0.0.1")
    return str(address)


def test_cards_pointing_at_another_pc_are_warned_about_until_they_point_here(
        qtbot: QtBot, panel: ServerPanel, manager: Staff) -> None:
    here = _lan_address(panel)
    other = _elsewhere(candidate_addresses())
    _set_card_address(manager, f"http://{other}:8765")
    panel.refresh()
    assert not panel.card_warning.isVisible()  # the server is off: it is not "this server" yet

    _switch(qtbot, panel)
    assert panel.controller.running
    assert panel.card_warning.isVisible() and panel.card_warning.property("role") == "warning"
    assert panel.card_warning.text().startswith(
        f"Cards point to {other} but this PC is {here}: phones will not reach this server.")

    panel.use_button.click()  # new cards lead here
    assert settings.get_profile().survey_base_url == panel.proposed_url
    assert not panel.card_warning.isVisible()

    _switch(qtbot, panel)
    assert not panel.controller.running and not panel.card_warning.isVisible()


@pytest.mark.parametrize("url", ["https://survey.example.com", "https://feedback.example.com/{token}",
                                 "http://93.184.215.14:8080"],
                         ids=["host name", "external form", "public address"])
def test_a_survey_server_elsewhere_on_the_internet_is_no_warning(
        qtbot: QtBot, panel: ServerPanel, manager: Staff, url: str) -> None:
    _lan_address(panel)
    _set_card_address(manager, url)
    _switch(qtbot, panel)
    assert panel.controller.running and panel.current.text().startswith(f"Cards printed now lead elsewhere, to {url}.")
    assert not panel.card_warning.isVisible()


def test_cards_pointing_at_the_phone_itself_are_warned_about(
        qtbot: QtBot, panel: ServerPanel, manager: Staff) -> None:
    _lan_address(panel)
    _set_card_address(manager, "http://127.0.0.1:8765")
    _switch(qtbot, panel)
    assert panel.card_warning.isVisible()
    assert panel.card_warning.text().startswith(
        "Cards point to 127.0.0.1, which on a phone is the phone itself: phones will not reach this server.")


def test_a_server_for_this_pc_only_is_warned_about_when_cards_point_to_the_network(
        qtbot: QtBot, panel: ServerPanel, manager: Staff) -> None:
    here = _lan_address(panel)
    _set_card_address(manager, f"http://{here}:{panel.port.value()}")
    panel.address.setCurrentIndex(panel.address.findData(LOOPBACK))
    _switch(qtbot, panel)
    assert panel.card_warning.isVisible()
    assert panel.card_warning.text().startswith(
        f"Cards point to {here}, but the server answers this PC only: phones will not reach it.")


# --- the rule itself, for the addresses a shop may type ---------------------------------------------

@pytest.mark.parametrize(("card_address", "warned"), [
    ("http://192.168.1.35:8765", False),  # this PC
    ("http://192.168.1.35", False),  # behind a proxy on port 80, still this PC
    ("http://192.168.1.20:8765", True),  # another PC on the shop network
    ("http://169.254.10.1:8765", True),  # a link-local address of another device
    ("http://localhost:8765", True),
    ("http://[::1]:8765", True),
    ("http://0.0.0.0:8765", True),
    ("https://survey.shop.example", False),
    ("http://shop-pc.local:8765", False),  # a name: may well be this PC
    ("", False),
])
def test_which_card_addresses_are_warned_about(card_address: str, warned: bool) -> None:
    warning = card_address_warning(card_address, this_pc=["192.168.1.35", "10.0.0.5"], server_only_here=False)
    assert bool(warning) == warned, warning
