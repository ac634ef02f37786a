"""Looking up a paper card by the code staff type in, before keying in its answers."""

from __future__ import annotations

import dataclasses

import pytest

from smallcs import settings
from smallcs.models import Staff, Survey, SurveyCard, SurveyResponse
from smallcs.models.enums import CardKind, Question
from smallcs.reports.print_run import issue_and_draw
from smallcs.surveys import ResponseOutcome, issue_cards, record_paper_response
from smallcs.surveys.definitions import SurveyDefinition, create_survey
from smallcs.surveys.paper import PaperCard, paper_card


def key_in(actor: Staff, card: SurveyCard) -> ResponseOutcome:
    return record_paper_response(actor, short_code=card.short_code, csat=4, nps=None, ces=None,
                                 comment="", contact_requested=False)


def found(typed: str) -> PaperCard:
    card = paper_card(typed)
    assert card is not None, f"no card found for {typed!r}"
    return card


def test_a_printed_card_is_described_for_the_form(card: SurveyCard, complaint_card: SurveyCard,
                                                  survey: Survey) -> None:
    """Every question of its survey; "May we contact you?" only on a card printed for a complaint."""
    assert paper_card(complaint_card.short_code) == PaperCard(
        short_code=complaint_card.short_code, survey="Customer feedback", questions=tuple(Question),
        language="en", answered=False)
    assert paper_card(card.short_code) == PaperCard(
        short_code=card.short_code, survey="Customer feedback",
        questions=tuple(q for q in Question if q != Question.CONTACT), language="en", answered=False)


@pytest.mark.parametrize("typed", [
    "{code_lower}",
    " {code_lower} ",
    "{a}-{b}",
    "{a_lower} {b_lower}",
    "\t{a_lower}-{b}\n",
])
def test_the_code_is_found_however_it_is_typed(card: SurveyCard, typed: str) -> None:
    code = card.short_code
    text = typed.format(code_lower=code.lower(), a=code[:4], b=code[4:],
                        a_lower=code[:4].lower(), b_lower=code[4:].lower())
    assert found(text).short_code == code


@pytest.mark.parametrize("typed", ["", "   ", "--", "ZZZZZZZZ", "A" * 17, "nothing-like-a-code-at-all"])
def test_an_unknown_code_finds_nothing(card: SurveyCard, typed: str) -> None:
    assert paper_card(typed) is None


def test_a_code_one_character_off_finds_nothing(card: SurveyCard) -> None:
    code = card.short_code
    other = ("B" if code[-1] != "B" else "C")
    assert paper_card(code[:-1] + other) is None
    assert paper_card(code[:-1]) is None


def test_a_single_card_reads_as_answered_once_keyed_in(clerk: Staff, card: SurveyCard) -> None:
    assert found(card.short_code).answered is False
    assert key_in(clerk, card) == ResponseOutcome.RECORDED
    assert found(card.short_code.lower()).answered is True


def test_other_cards_stay_unanswered(clerk: Staff, owner: Staff, survey: Survey) -> None:
    first, second = issue_cards(owner, survey_id=survey.id, count=2)
    key_in(clerk, first)
    assert (found(first.short_code).answered, found(second.short_code).answered) == (True, False)


def test_a_poster_never_reads_as_answered(clerk: Staff, poster: SurveyCard) -> None:
    assert key_in(clerk, poster) == ResponseOutcome.RECORDED
    assert key_in(clerk, poster) == ResponseOutcome.RECORDED
    assert found(poster.short_code).answered is False


def test_the_card_shows_its_surveys_questions_and_printed_language(manager: Staff) -> None:
    survey_id = create_survey(manager, SurveyDefinition(
        name="Entrega", questions=(Question.COMMENT, Question.NPS), languages=("es", "en")))
    [card] = issue_cards(manager, survey_id=survey_id, count=1, kind=CardKind.SINGLE)
    described = found(card.short_code)
    assert (described.survey, described.questions, described.language) == (
        "Entrega", (Question.NPS, Question.COMMENT), "es")


def test_answers_keyed_in_take_the_language_the_card_was_printed_in(clerk: Staff, manager: Staff) -> None:
    settings.save_profile(manager, dataclasses.replace(settings.get_profile(),
                                                       survey_base_url="https://survey.example.com"))
    survey_id = create_survey(manager, SurveyDefinition(
        name="Feedback", questions=(Question.CSAT,), languages=("en", "es")))
    run = issue_and_draw(manager, survey_id=survey_id, count=1, language="es", draw=lambda cards, _style: 1)
    [card] = run.cards
    assert found(card.short_code).language == "es"  # printed in Spanish, though English comes first
    assert key_in(clerk, card) == ResponseOutcome.RECORDED
    assert SurveyResponse.get(SurveyResponse.card == card.id).language == "es"


def test_a_card_printed_before_cards_had_a_language_takes_the_surveys_first(manager: Staff) -> None:
    survey_id = create_survey(manager, SurveyDefinition(
        name="Entrega", questions=(Question.CSAT,), languages=("es", "en")))
    [card] = issue_cards(manager, survey_id=survey_id, count=1)
    assert card.language is None
    assert found(card.short_code).language == "es"
