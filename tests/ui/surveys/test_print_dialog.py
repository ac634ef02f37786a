"""The Print cards dialog: its preview, what it says, and the cards it issues when it saves a PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from smallcs import accounts, settings
from smallcs.models import Complaint, Staff, Survey, SurveyCard
from smallcs.models.enums import CardKind
from smallcs.permissions import allowed
from smallcs.surveys.definitions import get_survey, update_survey
from smallcs.ui.surveys.print_dialog import print_card_for_complaint
from tests.reports.readback import BASE_URL, decode_page, page_text
from tests.ui.surveys.dialogs import (
    A4,
    choose_layout,
    finish,
    open_dialog,
    preview_paper,
    printed_code,
)

# --- the preview ------------------------------------------------------------------------------------

def test_the_preview_shows_a_page_of_the_default_survey(qtbot: QtBot, manager: Staff, survey: Survey) -> None:
    dialog = open_dialog(qtbot, manager)

    assert dialog.survey.currentData() == survey.id
    assert dialog.survey.currentText() == survey.name
    assert preview_paper(dialog) == A4
    assert dialog.summary.text() == "6 cards on 1 page"
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()
    assert SurveyCard.select().count() == 0  # the preview's sample cards are issued to nobody

    # The widget paints the page: white paper, and the survey's accent bar on it.
    picture = dialog.preview.grab().toImage()
    paper = dialog.preview.paper_rect().toRect()
    assert paper.width() > 200 and paper.height() > 200
    corner = picture.pixelColor(paper.left() + 2, paper.top() + 2)
    assert corner == QColor("white")
    accent = QColor(survey.colour or settings.get_profile().accent_colour)
    accent_pixels = sum(_near(picture.pixelColor(x, y), accent)
               for x in range(paper.left(), paper.right(), 2) for y in range(paper.top(), paper.bottom(), 2))
    assert accent_pixels > 200, "the accent bars of the sample cards were not painted"


def _near(colour: QColor, wanted: QColor) -> bool:
    return max(abs(colour.red() - wanted.red()), abs(colour.green() - wanted.green()),
               abs(colour.blue() - wanted.blue())) < 24


def test_the_summary_and_preview_follow_the_count_and_layout(qtbot: QtBot, manager: Staff,
                                                              survey: Survey) -> None:
    dialog = open_dialog(qtbot, manager)

    dialog.count.setValue(9)
    assert dialog.summary.text() == "9 cards on 2 pages"
    dialog.count.setValue(12)
    assert dialog.summary.text() == "12 cards on 2 pages"

    choose_layout(dialog, "receipt-80mm")
    assert dialog.summary.text() == "12 cards on 12 pages"
    width, height = preview_paper(dialog)
    assert round(width / 72 * 25.4) == 80 and height > width

    choose_layout(dialog, "letter")
    assert preview_paper(dialog) == (612, 792)
    dialog.count.setValue(1)
    assert dialog.summary.text() == "1 card on 1 page"

    dialog.count.setValue(5)
    choose_layout(dialog, "poster")  # one poster serves the whole shop window
    assert dialog.count.value() == 1
    assert dialog.summary.text() == "1 card on 1 page"
    assert preview_paper(dialog) == A4
    assert dialog.kind == CardKind.POSTER


# --- saving a PDF -----------------------------------------------------------------------------------

def test_saving_issues_the_cards_and_writes_them_to_the_pdf(qtbot: QtBot, manager: Staff, survey: Survey,
                                                            out: Path) -> None:
    dialog = open_dialog(qtbot, manager)
    dialog.count.setValue(3)
    target = out / "cards.pdf"

    with qtbot.waitSignal(dialog.cards_issued, timeout=20_000) as issued:
        dialog.save_pdf(target)
        # While the worker writes, the form and Close wait.
        assert dialog.busy
        assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
        assert not dialog.close_button.isEnabled() and not dialog.count.isEnabled()
        dialog.reject()
        assert dialog.isVisible()
    finish(qtbot, dialog)

    assert issued.args == [survey.id]
    cards = list(SurveyCard.select().order_by(SurveyCard.id))
    assert len(cards) == 3
    assert {(c.survey_id, c.kind, c.complaint_id) for c in cards} == {(survey.id, CardKind.SINGLE.value, None)}
    text = page_text(target)
    for card in cards:
        assert printed_code(card) in text
    assert sorted(decode_page(target, 0, dpi=150)) == sorted(f"{BASE_URL}/s/{c.token}" for c in cards)
    assert dialog.message.text() == f"3 cards saved to {target}."
    assert dialog.message.property("role") == "ok"
    assert dialog.last_pdf == target
    assert sorted(p.name for p in out.iterdir()) == ["cards.pdf"]  # no .partial left behind
    assert dialog.save_button.isEnabled() and dialog.close_button.isEnabled()


def test_a_poster_stays_valid_and_cards_keep_their_days(qtbot: QtBot, manager: Staff, survey: Survey,
                                                        out: Path) -> None:
    """A poster's code serves for as long as it hangs in the window: "Never" ends, unless the shop sets an
    end; the cards printed next still stop after the days they had."""
    dialog = open_dialog(qtbot, manager)
    assert dialog.expiry.value() == 90
    dialog.expiry.setValue(30)
    choose_layout(dialog, "poster")
    assert dialog.expiry.text() == "Never"
    with qtbot.waitSignal(dialog.cards_issued, timeout=20_000):
        dialog.save_pdf(out / "poster.pdf")
    finish(qtbot, dialog)
    [poster] = SurveyCard.select()
    assert (poster.kind, poster.expires_at) == (CardKind.POSTER.value, None)
    assert dialog.message.text() == f"1 card saved to {out / 'poster.pdf'}."

    choose_layout(dialog, "a4")
    assert dialog.expiry.value() == 30
    assert dialog.message.text() == ""  # the poster's message no longer speaks of what the form shows


def test_a_folder_that_does_not_exist_issues_nothing(qtbot: QtBot, manager: Staff, survey: Survey,
                                                     out: Path) -> None:
    dialog = open_dialog(qtbot, manager)
    issued: list[int] = []
    dialog.cards_issued.connect(issued.append)

    dialog.save_pdf(out / "no such folder" / "cards.pdf")
    finish(qtbot, dialog)

    assert dialog.message.text() == f"The folder {out / 'no such folder'} does not exist."
    assert dialog.message.property("role") == "error"
    assert SurveyCard.select().count() == 0
    assert issued == []
    assert list(out.iterdir()) == []
    assert dialog.save_button.isEnabled()  # the user can pick another place


def test_cards_whose_pdf_cannot_be_written_are_withdrawn(qtbot: QtBot, manager: Staff, survey: Survey,
                                                         out: Path) -> None:
    # The folder exists, so the cards are issued; the file cannot take the place of a folder.
    (out / "cards.pdf").mkdir()
    dialog = open_dialog(qtbot, manager)
    issued: list[int] = []
    dialog.cards_issued.connect(issued.append)

    dialog.save_pdf(out / "cards.pdf")
    finish(qtbot, dialog)

    assert dialog.message.text().startswith(f"The cards could not be written to {out / 'cards.pdf'}: ")
    assert dialog.message.property("role") == "error"
    assert SurveyCard.select().count() == 0
    assert issued == []
    assert [p.name for p in out.iterdir()] == ["cards.pdf"] and (out / "cards.pdf").is_dir()


def test_choosing_where_to_save_offers_a_dated_file_name(qtbot: QtBot, manager: Staff, survey: Survey,
                                                         out: Path) -> None:
    dialog = open_dialog(qtbot, manager)
    dialog.count.setValue(1)

    dialog.save_button.click()
    chooser = dialog.file_chooser  # opened, not exec'd: nothing waits on it
    assert isinstance(chooser, QFileDialog) and chooser.isVisible() and chooser.isModal()
    assert chooser.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    offered = Path(chooser.selectedFiles()[0]).name
    assert offered == f"survey-cards-customer-feedback-{dt.date.today():%Y-%m-%d}.pdf"
    chooser.reject()  # cancelled: nothing happens
    assert dialog.file_chooser is None and not dialog.busy and SurveyCard.select().count() == 0

    dialog.save_button.click()
    chooser = dialog.file_chooser
    assert chooser is not None
    chooser.selectFile(str(out / "chosen.pdf"))
    with qtbot.waitSignal(dialog.cards_issued, timeout=20_000):
        chooser.accept()
    finish(qtbot, dialog)
    assert (out / "chosen.pdf").is_file() and SurveyCard.select().count() == 1


# --- when cards cannot be issued --------------------------------------------------------------------

def test_without_a_survey_address_the_preview_says_why(qtbot: QtBot, owner: Staff, manager: Staff) -> None:
    assert settings.get_profile().survey_base_url == ""
    dialog = open_dialog(qtbot, manager)

    assert dialog.preview.page is None
    assert dialog.preview.message == "No preview: the QR codes have no address to lead to yet."
    # One warning, naming the one-click way (the server's "Use for new cards") and the other.
    warning = dialog.address_warning.text()
    assert dialog.address_warning.isVisible() and dialog.address_warning.property("role") == "warning"
    assert warning.startswith("Cards carry the shop's survey address in their QR code")
    assert "“Use for new cards”" in warning and "Settings → Business profile" in warning
    assert "Set the survey address in Settings first." not in warning
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    assert dialog.summary.text() == "6 cards on 1 page"

    # Once the address is set, the dialog previews and may issue cards again.
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), survey_base_url=BASE_URL))
    dialog.refresh_preview()
    assert dialog.preview.page is not None and dialog.preview.message == ""
    assert not dialog.address_warning.isVisible()
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()


def test_with_no_active_survey_nothing_can_be_printed(qtbot: QtBot, manager: Staff, survey: Survey) -> None:
    switched_off = dataclasses.replace(get_survey(survey.id).definition, active=False)
    update_survey(manager, survey.id, switched_off)
    dialog = open_dialog(qtbot, manager)

    assert dialog.survey.count() == 0
    assert dialog.message.text() == "There is no active survey: switch one on on the Surveys page first."
    assert dialog.preview.page is None and dialog.preview.message == "No survey to print."
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()


def test_a_clerk_may_not_print_a_batch(qtbot: QtBot, clerk: Staff, survey: Survey, out: Path) -> None:
    # The dialog does not check the role itself (no window opens it for staff yet);
    # the service refuses the batch, so nothing is issued or written.
    assert not allowed(clerk, "surveys.cards")
    dialog = open_dialog(qtbot, clerk)

    dialog.save_pdf(out / "cards.pdf")
    finish(qtbot, dialog)

    assert dialog.message.text() == "Sam Staff (Staff) is not allowed to do this."
    assert dialog.message.property("role") == "error"
    assert SurveyCard.select().count() == 0
    assert list(out.iterdir()) == []


# --- the card for a complaint -----------------------------------------------------------------------

def test_a_resolved_complaint_gets_one_card_of_its_own(qtbot: QtBot, clerk: Staff, resolved: Complaint,
                                                       out: Path) -> None:
    dialog = print_card_for_complaint(clerk, resolved.id, None)
    assert dialog is not None
    qtbot.add_widget(dialog)
    qtbot.waitExposed(dialog)

    assert dialog.windowTitle() == f"Survey card for complaint {resolved.reference}"
    layouts = [dialog.layout_choice.itemData(i) for i in range(dialog.layout_choice.count())]
    assert layouts == ["a4", "letter", "receipt-80mm", "receipt-58mm"]  # no poster for one customer
    assert dialog.count.value() == 1 and not dialog.count.isVisible()
    assert dialog.staff.currentData() == clerk.id  # credited to whoever resolved it
    assert dialog.summary.text() == "1 card on 1 page"
    choose_layout(dialog, "receipt-58mm")
    assert dialog.save_button.isEnabled()

    with qtbot.waitSignal(dialog.cards_issued, timeout=20_000):
        dialog.save_pdf(out / "card.pdf")
    finish(qtbot, dialog)

    card = SurveyCard.get()
    assert SurveyCard.select().count() == 1
    assert (card.complaint_id, card.staff_id, card.kind) == (resolved.id, clerk.id, CardKind.SINGLE.value)
    assert printed_code(card) in page_text(out / "card.pdf")
    assert dialog.message.text() == f"1 card saved to {out / 'card.pdf'}."


def test_a_disabled_account_gets_no_complaint_card(qtbot: QtBot, owner: Staff, clerk: Staff,
                                                   resolved: Complaint) -> None:
    accounts.disable_staff(owner, clerk.username)
    assert print_card_for_complaint(Staff.get_by_id(clerk.id), resolved.id, None) is None
