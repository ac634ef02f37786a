"""The Print cards dialog says where the QR codes lead, warns when phones cannot get there,
and explains single-use cards and reusable posters."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from smallcs import settings
from smallcs.models import Staff, Survey, SurveyCard
from tests.reports.readback import BASE_URL, decode_page
from tests.ui.surveys.dialogs import choose_layout, finish, open_dialog


def _set_address(owner: Staff, url: str) -> None:
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), survey_base_url=url))


def test_the_dialog_shows_the_address_the_codes_carry(qtbot: QtBot, manager: Staff, survey: Survey,
                                                      out: Path) -> None:
    dialog = open_dialog(qtbot, manager)
    assert dialog.address.text() == f"QR codes lead to: {BASE_URL}/s/…"
    assert not dialog.address_warning.isVisible()  # a shop-network address: phones on the Wi-Fi reach it

    # What the printed poster's code carries is what the dialog said, with the card's own token.
    choose_layout(dialog, "poster")
    with qtbot.waitSignal(dialog.cards_issued, timeout=20_000):
        dialog.save_pdf(out / "poster.pdf")
    finish(qtbot, dialog)
    poster = SurveyCard.get()
    assert decode_page(out / "poster.pdf", 0, dpi=150) == [dialog.address.text().removeprefix(
        "QR codes lead to: ").replace("…", poster.token)]


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765"])
def test_an_address_of_this_pc_only_is_a_clear_warning(qtbot: QtBot, owner: Staff, manager: Staff,
                                                       survey: Survey, url: str) -> None:
    _set_address(owner, url)
    dialog = open_dialog(qtbot, manager)

    assert dialog.address.text() == f"QR codes lead to: {url}/s/…"
    assert dialog.address_warning.isVisible() and dialog.address_warning.property("role") == "warning"
    assert "is this PC's own address: a phone that scans the code looks for the survey on itself" \
        in dialog.address_warning.text()
    assert "“Use for new cards”" in dialog.address_warning.text()
    assert dialog.save_button.isEnabled()  # a test card for this PC may still be printed


def test_the_address_follows_the_setting_while_the_dialog_is_open(qtbot: QtBot, owner: Staff,
                                                                  manager: Staff, survey: Survey) -> None:
    _set_address(owner, "http://127.0.0.1:8765")
    dialog = open_dialog(qtbot, manager)
    assert dialog.address_warning.isVisible()

    _set_address(owner, "https://survey.example.com/{token}/form")  # an external form's link
    dialog.refresh_preview()
    assert dialog.address.text() == "QR codes lead to: https://survey.example.com/…/form"
    assert not dialog.address_warning.isVisible()


def test_the_layout_says_who_answers_each_code(qtbot: QtBot, manager: Staff, survey: Survey) -> None:
    dialog = open_dialog(qtbot, manager)
    assert dialog.layout_note.text().startswith("Single-use: every card gets its own code, which takes one answer.")
    assert dialog.caption.text() == "Preview with sample codes. Every card you print gets a new code of its own."

    for reusable in ("poster", "table-tent"):
        choose_layout(dialog, reusable)
        assert dialog.layout_note.text().startswith(
            "Reusable: one code for everyone, to put up in the window, at the counter or on a table.")
        assert dialog.caption.text() == ("Preview with a sample code. What you print gets a code of its own,"
                                         " the same for every customer who scans it.")
        assert "a code of its own" not in dialog.layout_note.text()

    choose_layout(dialog, "receipt-58mm")
    assert dialog.layout_note.text().startswith("Single-use:")
