"""The whole survey loop as a shop runs it, end to end: the counter switches the survey server on and
uses its address for cards, prints a card, a phone scans the printed code and answers, and the answer
shows up in the app's answers list, ready for a follow-up.

Every part is the real one: the main window driven with pytest-qt, the card PDF rasterised by
pdftoppm at an office printer's 300 dpi and its QR code read by zxing-cpp, the page answered in
headless Chromium at a phone's size through the app's own waitress server on loopback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from smallcs import settings
from smallcs.models import Staff, Survey, SurveyResponse
from smallcs.reports.print_run import print_cards
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.surveys.lan_address import LOOPBACK
from smallcs.ui.surveys.page import SurveysPage
from tests.ports import free_port
from tests.reports import poppler
from tests.reports.readback import decode_printed_page
from tests.ui.surveys.conftest import open_main_window
from tests.web.test_browser import body_text, start_phone, tap, wait_for_url


@pytest.fixture
def window(qtbot: QtBot, manager: Staff, db_path: Path) -> Iterator[MainWindow]:
    yield from open_main_window(qtbot, manager, db_path, width=1180)


@pytest.fixture
def phone(tmp_path: Path) -> Iterator[WebDriver]:
    driver = start_phone(tmp_path / "chromium-profile")
    try:
        yield driver
    finally:
        driver.quit()


def test_a_printed_card_scanned_and_answered_on_a_phone_lands_in_the_answers_list(
        qtbot: QtBot, window: MainWindow, manager: Staff, survey: Survey, phone: WebDriver,
        tmp_path: Path) -> None:
    poppler.ensure_poppler()
    window.show_page(PAGE_NAMES.index("surveys"))
    page = window.pages.currentWidget()
    assert isinstance(page, SurveysPage)

    # The survey server on, and its address used for cards, from the Survey server tab.
    panel = page.server_panel
    page.tabs.setCurrentWidget(panel)
    panel.address.setCurrentIndex(panel.address.findData(LOOPBACK))
    panel.port.setValue(free_port())
    with qtbot.wait_signal(page.controller.state_changed, timeout=20000):
        panel.toggle.click()
    assert page.controller.running
    address = panel.proposed.text()
    panel.use_button.click()
    assert settings.get_profile().survey_base_url == address

    # A card printed as the print dialog prints it, read off the page as a phone's camera would.
    pdf = tmp_path / "card.pdf"
    print_cards(manager, survey_id=survey.id, count=1, layout="a4", output=pdf)
    [url] = decode_printed_page(pdf, 0, dpi=300)
    assert url.startswith(f"{address}/s/")

    # The customer answers: unhappy, with a comment.
    page.tabs.setCurrentIndex(0)
    phone.get(url)
    for question, score in (("csat", 2), ("nps", 3)):
        tap(phone, phone.find_element(By.CSS_SELECTOR, f"label[for={question}-{score}]"))
    comment = phone.find_element(By.ID, "comment")
    tap(phone, comment)
    comment.send_keys("Waited twenty minutes at the till.")
    tap(phone, phone.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
    wait_for_url(phone, "/thanks")
    assert "Thank you! Your answer has been received." in body_text(phone)

    # The counter sees it come in, on top of the list, without doing anything.
    answer = SurveyResponse.get()
    view = page.answers_view
    qtbot.waitUntil(lambda: view.select_answer(answer.id), timeout=15000)
    chosen = view.selected_answer()
    assert chosen is not None and (chosen.csat, chosen.nps) == (2, 3)
    assert [index.row() for index in view.table.selectionModel().selectedRows()] == [0]
    row_text = " ".join(view.table.item(0, column).text() for column in range(view.table.columnCount())
                        if view.table.item(0, column) is not None)
    assert "Waited twenty minutes at the till." in row_text
    # An unhappy answer offers the follow-up complaint.
    assert view.complaint_button.isVisible() and view.complaint_button.isEnabled()
