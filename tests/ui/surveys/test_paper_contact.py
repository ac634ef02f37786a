"""What a paper card asks, the paper-entry dialog takes: a card ticked "Yes, contact me" is typed in as such.
Only a card printed for a complaint asks it: the shop knows whom to call back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pytestqt.qtbot import QtBot

from smallcs.models import Staff, Survey, SurveyResponse
from smallcs.models.enums import Question
from smallcs.reports.print_run import print_cards
from smallcs.surveys.definitions import get_survey, update_survey
from smallcs.ui.surveys.paper_entry import PaperEntryDialog
from tests.reports.readback import page_text
from tests.surveys.conftest import a_complaint


def _printed(manager: Staff, survey: Survey, path: Path, *, complaint_id: int | None = None) -> tuple[str, str]:
    """Print one receipt card (for the complaint given): its short code and its text."""
    run = print_cards(manager, survey_id=survey.id, count=1, layout="receipt-80mm", output=path,
                      complaint_id=complaint_id)
    return run.cards[0].short_code, " ".join(page_text(path).split())


def _dialog(qtbot: QtBot, clerk: Staff, code: str) -> PaperEntryDialog:
    dialog = PaperEntryDialog(clerk)
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.code.setText(code)
    dialog.find()
    assert dialog.save_button.isEnabled()
    return dialog


def test_a_card_ticked_yes_contact_me_is_typed_in_with_it(qtbot: QtBot, manager: Staff, clerk: Staff,
                                                          survey: Survey, out: Path) -> None:
    code, text = _printed(manager, survey, out / "card.pdf", complaint_id=a_complaint(manager))
    assert "You may contact me about my answers. Yes No" in text

    dialog = _dialog(qtbot, clerk, code)
    assert dialog.contact.isVisible() and dialog.contact.isEnabled()
    dialog.scales[Question.CSAT].group.button(2).click()
    dialog.contact.setChecked(True)  # the customer ticked "Yes"
    with qtbot.waitSignal(dialog.recorded):
        dialog.save()
    stored = SurveyResponse.get()
    assert (stored.csat, stored.contact_requested, stored.source) == (2, True, "paper")


def test_a_card_for_no_one_in_particular_does_not_ask_and_the_dialog_does_not_offer_it(
        qtbot: QtBot, manager: Staff, clerk: Staff, survey: Survey, out: Path) -> None:
    code, text = _printed(manager, survey, out / "card.pdf")
    assert "contact me" not in text and "Yes" not in text
    dialog = _dialog(qtbot, clerk, code)
    assert not dialog.contact.isVisible()


def test_without_the_question_neither_the_card_nor_the_dialog_asks_it(qtbot: QtBot, manager: Staff, clerk: Staff,
                                                                      survey: Survey, out: Path) -> None:
    definition = get_survey(survey.id).definition
    update_survey(manager, survey.id, dataclasses.replace(
        definition, questions=tuple(q for q in definition.questions if q != Question.CONTACT)))
    code, text = _printed(manager, survey, out / "card.pdf", complaint_id=a_complaint(manager))
    assert "contact me" not in text and "Yes" not in text

    dialog = _dialog(qtbot, clerk, code)
    assert not dialog.contact.isVisible()
    dialog.scales[Question.NPS].group.button(9).click()
    with qtbot.waitSignal(dialog.recorded):
        dialog.save()
    assert SurveyResponse.get().contact_requested is False
