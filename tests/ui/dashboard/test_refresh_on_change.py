"""The Dashboard follows this PC's writes at once, not at its next one-minute poll."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import complaints
from smallcs.models import Staff, Survey, SurveyResponse
from smallcs.models.enums import Channel, Question
from smallcs.surveys.cards import issue_cards
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.dashboard.page import CHANGE_DELAY_MS, REFRESH_MS
from smallcs.ui.main_window import PAGE_NAMES
from smallcs.ui.surveys.page import SurveysPage
from smallcs.ui.surveys.paper_entry import PaperEntryDialog
from tests.metrics.builders import category_id
from tests.ui.dashboard.conftest import PageMaker, settle, window_on_dashboard

PROMPTLY_MS = CHANGE_DELAY_MS + 5000  # the delay and the figures' reading, far short of the minute


def _log(owner: Staff, summary: str) -> None:
    complaints.create_complaint(owner, channel=Channel.PHONE, category_id=category_id("Billing error"),
                                summary=summary)


def test_a_complaint_logged_while_the_dashboard_is_shown_appears_promptly(qtbot: QtBot, owner: Staff,
                                                                          tmp_path: Path) -> None:
    window, page = window_on_dashboard(qtbot, owner, tmp_path / "shop.db")
    assert page.tiles["complaints"].value.text() == "0"
    _log(owner, "Charged twice")
    with qtbot.wait_signal(page.loaded, timeout=PROMPTLY_MS):
        window.data_changes.notify()  # as the app does after each write (quick entry, an action, paper cards)
    assert page.tiles["complaints"].value.text() == "1"
    assert page.refresh_timer.remainingTime() > REFRESH_MS - PROMPTLY_MS  # not the minute's poll
    # A burst of writes is worked out once.
    _log(owner, "Charged three times")
    _log(owner, "Charged four times")
    loads: list[None] = []
    page.loaded.connect(lambda: loads.append(None))
    window.data_changes.notify()
    window.data_changes.notify()
    qtbot.waitUntil(lambda: page.tiles["complaints"].value.text() == "3", timeout=PROMPTLY_MS)
    settle(qtbot, page)
    assert len(loads) == 1


def test_quick_entry_over_the_dashboard_says_it_wrote_and_the_figures_follow(qtbot: QtBot, owner: Staff,
                                                                           tmp_path: Path) -> None:
    window, page = window_on_dashboard(qtbot, owner, tmp_path / "shop.db")
    window.new_complaint()
    dialog = window.quick_entry
    assert isinstance(dialog, QuickEntryDialog)
    dialog.summary.setText("Invoice shows VAT twice")
    dialog.category.setCurrentIndex(dialog.category.findText("Billing error"))
    with qtbot.wait_signal(window.data_changes.changed, timeout=5000):
        dialog.save()
    assert window.current_page_name() == "complaints"  # the new complaint is on screen there
    with qtbot.wait_signal(page.loaded, timeout=PROMPTLY_MS):
        window.show_page(PAGE_NAMES.index("dashboard"))
    assert page.tiles["complaints"].value.text() == "1"


def test_a_page_out_of_sight_works_the_figures_out_as_it_comes_back(qtbot: QtBot, make_page: PageMaker,
                                                                   owner: Staff) -> None:
    """Not while hidden (nobody looks), and not from the figures it had."""
    page = make_page(owner)
    page.hide()
    _log(owner, "Charged twice")
    page.data_changed()
    QApplication.processEvents()
    qtbot.wait(CHANGE_DELAY_MS + 100)
    assert not page.busy and page.tiles["complaints"].value.text() == "0"
    with qtbot.wait_signal(page.loaded, timeout=PROMPTLY_MS):
        page.show()
    assert page.tiles["complaints"].value.text() == "1"


def test_a_paper_card_typed_in_says_it_wrote(qtbot: QtBot, owner: Staff, tmp_path: Path) -> None:
    window, page = window_on_dashboard(qtbot, owner, tmp_path / "shop.db")
    [card] = issue_cards(owner, survey_id=Survey.select().get().id, count=1)
    window.show_page(PAGE_NAMES.index("surveys"))
    surveys = window.page("surveys")
    assert isinstance(surveys, SurveysPage)
    surveys.open_paper_entry()
    dialog = surveys.paper_dialog
    assert isinstance(dialog, PaperEntryDialog)
    dialog.code.setText(card.short_code)
    dialog.find()
    dialog.scales[Question.CSAT].group.button(5).click()
    with qtbot.wait_signal(window.data_changes.changed, timeout=5000):
        dialog.save()
    assert SurveyResponse.get().csat == 5
    with qtbot.wait_signal(page.loaded, timeout=PROMPTLY_MS):
        window.show_page(PAGE_NAMES.index("dashboard"))
    assert page.tiles["csat"].value.text() == "100%"
    dialog.close()
