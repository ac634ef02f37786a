"""The Surveys page: surveys with their counts, the latest answers, paper cards, the server switch."""

from __future__ import annotations

import dataclasses
import socket
import urllib.request
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from smallcs import complaints, customers, settings, surveys
from smallcs.models import Category, Staff, Survey, SurveyCard, SurveyResponse
from smallcs.models.enums import Channel, Question, ResponseSource
from smallcs.surveys.definitions import SurveyDefinition, create_survey
from smallcs.ui.main_window import MainWindow
from smallcs.ui.surveys.lan_address import LOOPBACK
from smallcs.ui.surveys.page import SurveysPage
from smallcs.ui.surveys.paper_entry import PaperEntryDialog
from smallcs.ui.surveys.server_control import SurveyServerController
from tests.ports import free_port
from tests.surveys.conftest import a_complaint


@pytest.fixture
def controller(qtbot: QtBot, db_path: Path) -> SurveyServerController:
    made = SurveyServerController(str(db_path))
    yield made
    made.shutdown()


def _page(qtbot: QtBot, controller: SurveyServerController, actor: Staff) -> SurveysPage:
    page = SurveysPage(controller)
    qtbot.add_widget(page)
    page.set_actor(actor)
    page.refresh()
    page.resize(1000, 700)
    page.show()
    return page


def _answer(token: str, *, nps: int, comment: str | None, contact: bool = False) -> None:
    surveys.record_response(token=token, csat=4, nps=nps, ces=6, comment=comment,
                            contact_requested=contact, language="en", source=ResponseSource.QR)


def _texts(table: object, row: int) -> list[str]:
    return [table.item(row, column).text() for column in range(table.columnCount())]  # type: ignore[attr-defined]


def test_counts_and_latest_answers(qtbot: QtBot, controller: SurveyServerController, owner: Staff) -> None:
    page = _page(qtbot, controller, owner)
    assert _texts(page.surveys, 0)[3:] == ["0", "—", "0"]
    assert page.empty_note.isVisibleTo(page) and "No answers yet" in page.empty_note.text()

    ana = customers.create_customer(owner, name="Ana Ruiz", phone="600 123 456")
    late = complaints.create_complaint(owner, channel=Channel.PHONE, summary="Parcel late", customer_id=ana.id,
                                       category_id=Category.get(Category.name == "Delivery delay").id)
    cards = [*surveys.issue_cards(owner, survey_id=Survey.get().id, count=3),
             *surveys.issue_cards(owner, survey_id=Survey.get().id, count=1, complaint_id=late.id)]
    _answer(cards[0].token, nps=9, comment="Quick and kind")
    _answer(cards[3].token, nps=3, comment="<b>Too slow</b>\n=HYPERLINK(\"x\")", contact=True)
    page.refresh()

    assert _texts(page.surveys, 0)[3:] == ["4", "2 (50%)", "2"]
    assert not page.empty_note.isVisibleTo(page)
    assert page.answers.rowCount() == 2
    newest = _texts(page.answers, 0)
    assert newest[1:5] == [Survey.get().name, "4", "3", "6"]
    # Shown as typed (one line, no markup interpreted), with whom to call back when the customer may be contacted.
    assert newest[5] == '[may contact Ana Ruiz] <b>Too slow</b> =HYPERLINK("x")'
    assert _texts(page.answers, 1)[5] == "Quick and kind"


def test_the_survey_column_shows_once_the_shop_has_two_surveys(
        qtbot: QtBot, controller: SurveyServerController, owner: Staff) -> None:
    """With one survey every answer is for it: its column's room goes to the comments."""
    cards = surveys.issue_cards(owner, survey_id=Survey.get().id, count=1)
    _answer(cards[0].token, nps=9, comment="Quick and kind, and they found the part I needed in the back")
    page = _page(qtbot, controller, owner)
    comment_width = page.answers.columnWidth(5)
    assert page.answers.isColumnHidden(1)
    create_survey(owner, SurveyDefinition(name="After repairs", questions=(Question.CSAT,), languages=("en",)))
    page.refresh()
    assert not page.answers.isColumnHidden(1)
    assert page.answers.item(0, 1).text() == Survey.get(Survey.name != "After repairs").name
    assert page.answers.columnWidth(5) < comment_width


def test_batches_of_cards_are_for_managers(qtbot: QtBot, controller: SurveyServerController,
                                           owner: Staff, clerk: Staff) -> None:
    page = _page(qtbot, controller, clerk)
    assert not page.print_button.isVisibleTo(page)
    assert "printed from the complaint" in page.cards_note.text()
    assert page.paper_button.isVisibleTo(page)
    page.set_actor(owner)
    assert page.print_button.isVisibleTo(page) and page.cards_note.text() == ""


def test_paper_card_answers_land_once(qtbot: QtBot, clerk: Staff, owner: Staff) -> None:
    [card] = surveys.issue_cards(owner, survey_id=Survey.get().id, count=1, complaint_id=a_complaint(owner))
    dialog = PaperEntryDialog(clerk)
    qtbot.add_widget(dialog)
    dialog.show()

    dialog.code.setText("NOPE-NOPE")
    dialog.find()
    assert "No card has the code NOPE-NOPE" in dialog.card_label.text()
    assert not dialog.save_button.isEnabled()

    dialog.code.setText(f"  {card.short_code.lower()} ")
    dialog.find()
    assert dialog.save_button.isEnabled() and Survey.get().name in dialog.card_label.text()
    dialog.scales[Question.CSAT].group.button(5).click()
    dialog.scales[Question.NPS].group.button(8).click()
    dialog.scales[Question.NPS].group.button(10).click()  # a change of mind: only 10 stays ticked
    dialog.comment.setPlainText("Written on the card ✍")
    dialog.contact.setChecked(True)
    with qtbot.wait_signal(dialog.recorded):
        dialog.save()

    stored = SurveyResponse.get(SurveyResponse.card == card.id)
    assert (stored.csat, stored.nps, stored.ces) == (5, 10, None)
    assert stored.comment == "Written on the card ✍" and stored.contact_requested
    assert stored.source == ResponseSource.PAPER.value
    assert "Saved the answers" in dialog.message.text() and dialog.code.text() == ""

    dialog.code.setText(card.short_code)
    dialog.find()
    assert "answers were typed in on" in dialog.message.text() and not dialog.save_button.isEnabled()
    assert SurveyResponse.select().count() == 1


def test_a_refused_paper_answer_keeps_what_was_typed(qtbot: QtBot, clerk: Staff, owner: Staff) -> None:
    [card] = surveys.issue_cards(owner, survey_id=Survey.get().id, count=1)
    dialog = PaperEntryDialog(clerk)
    qtbot.add_widget(dialog)
    dialog.code.setText(card.short_code)
    dialog.find()
    dialog.comment.setPlainText("x" * 5000)
    dialog.save()
    assert "too long" in dialog.message.text()
    assert dialog.comment.toPlainText() == "x" * 5000 and dialog.save_button.isEnabled()
    assert SurveyResponse.select().count() == 0 and SurveyCard.get().answered_at is None


def test_server_switch_serves_phones_and_offers_its_address(
        qtbot: QtBot, controller: SurveyServerController, manager: Staff) -> None:
    page = _page(qtbot, controller, manager)
    panel = page.server_panel
    panel.address.setCurrentIndex(panel.address.findData(LOOPBACK))
    port = free_port()
    panel.port.setValue(port)
    url = f"http://{LOOPBACK}:{port}"
    assert panel.proposed.text() == url and "No address is set for cards" in panel.current.text()

    with qtbot.wait_signal(controller.state_changed, timeout=20000):
        panel.toggle.click()
    assert controller.running and panel.state.text() == f"Survey server: on at {url}"
    assert not panel.port.isEnabled() and panel.toggle.text() == "&Stop the server"
    assert panel.qr.data == f"{url}/healthz"
    with urllib.request.urlopen(panel.qr.data, timeout=10) as response:  # what the test phone opens
        assert response.status == 200

    panel.use_button.click()
    assert settings.get_profile().survey_base_url == url
    assert panel.current.text() == "New cards lead here." and not panel.use_button.isEnabled()

    with qtbot.wait_signal(controller.state_changed, timeout=20000):
        panel.toggle.click()
    assert not controller.running and panel.state.text() == "Survey server: off"
    assert panel.qr.data == ""


def test_a_port_in_use_is_explained(qtbot: QtBot, controller: SurveyServerController, owner: Staff) -> None:
    page = _page(qtbot, controller, owner)
    panel = page.server_panel
    page.tabs.setCurrentWidget(panel)
    panel.address.setCurrentIndex(panel.address.findData(LOOPBACK))
    with socket.socket() as taken:
        taken.bind((LOOPBACK, 0))
        taken.listen()
        panel.port.setValue(taken.getsockname()[1])
        with qtbot.wait_signal(controller.failed, timeout=20000):
            panel.toggle.click()
    assert panel.error.isVisibleTo(page) and "Another program" in panel.error.text()
    assert not controller.running and panel.toggle.isEnabled()


def test_clerks_cannot_change_the_card_address(qtbot: QtBot, controller: SurveyServerController,
                                               clerk: Staff) -> None:
    page = _page(qtbot, controller, clerk)
    assert not page.server_panel.use_button.isVisibleTo(page)


def test_status_bar_follows_the_server(qtbot: QtBot, owner: Staff, db_path: Path) -> None:
    window = MainWindow(owner, str(db_path))
    qtbot.add_widget(window)
    window.show()
    window.show_page(1)
    page = window.pages.currentWidget()
    assert isinstance(page, SurveysPage)
    profile = settings.get_profile()
    settings.save_profile(owner, dataclasses.replace(profile, survey_base_url=""))
    panel = page.server_panel
    panel.address.setCurrentIndex(panel.address.findData(LOOPBACK))
    panel.port.setValue(free_port())
    with qtbot.wait_signal(window.survey_server.state_changed, timeout=20000):
        panel.toggle.click()
    assert window.server_status.text() == f"Survey server: on at {panel.proposed_url}"
    window.close()  # quitting the app stops the server
    assert not window.survey_server.running
    assert window.server_status.text() == "Survey server: off"


def test_counts_are_written_as_the_language_writes_numbers(qtbot: QtBot, controller: SurveyServerController,
                                                           owner: Staff) -> None:
    """Spanish groups thousands with a dot and spaces the percent sign: '1.200', '2 (50 %)'."""
    from smallcs import i18n

    cards = [card for _batch in range(2) for card in surveys.issue_cards(owner, survey_id=Survey.get().id,
                                                                          count=600)]
    for card in cards[:600]:
        _answer(card.token, nps=9, comment=None)
    i18n.set_language("es")
    try:
        page = _page(qtbot, controller, owner)
        assert _texts(page.surveys, 0)[3:] == ["1.200", "600 (50\u00a0%)", "600"]  # (a space that never breaks)
    finally:
        i18n.set_language("en")
