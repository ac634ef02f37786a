"""A survey's thank-you text in each of its languages (issue #5): kept for its languages only,
checked like the first language's, audited, and read back as the survey page reads it."""

from __future__ import annotations

import dataclasses
import json

import pytest

from smallcs.errors import PermissionDenied, ValidationError
from smallcs.models import AuditEvent, Staff, Survey
from smallcs.models.enums import Question
from smallcs.surveys import issue_cards
from smallcs.surveys.cards import find_card, thank_you_in, thank_you_translations
from smallcs.surveys.definitions import (
    MAX_THANK_YOU_LENGTH,
    SurveyDefinition,
    create_survey,
    get_survey,
    update_survey,
    validate_definition,
)
from tests.surveys.test_definitions import snapshot

ENGLISH = "Show this page at the till for a free coffee."
SPANISH = "Enseñe esta página en caja: le invitamos a un café."
FRENCH = "Montrez cette page en caisse : un café vous est offert."


def three_languages(**translations: str) -> SurveyDefinition:
    return SurveyDefinition(name="After your visit", questions=(Question.CSAT,), languages=("en", "es", "fr"),
                            thank_you_text=ENGLISH, thank_you_translations=translations)


def test_only_the_surveys_other_languages_keep_a_text_in_their_order() -> None:
    clean = validate_definition(dataclasses.replace(
        three_languages(fr=f"  {FRENCH}\r\n", de="Zeigen Sie diese Seite", en="Not the first's place", es=SPANISH)))
    # German is not offered, English's text is thank_you_text: both left out; blanks tidied.
    assert clean.thank_you_translations == {"es": SPANISH, "fr": FRENCH}
    assert list(clean.thank_you_translations) == ["es", "fr"]
    assert clean.thank_you_text == ENGLISH
    assert validate_definition(three_languages(es="  \n ")).thank_you_translations == {}


def test_a_definition_with_texts_is_still_hashable() -> None:
    assert hash(three_languages(es=SPANISH)) == hash(three_languages())


@pytest.mark.parametrize(("text", "message"), [
    ("¡Gracias! " * (MAX_THANK_YOU_LENGTH // 5), "The thank-you text in Spanish is too long (500 characters at most)."),
    ("un\x00café", "The thank-you text in Spanish contains a NUL character; remove it and try again."),
])
def test_a_bad_text_in_another_language_is_refused_naming_it(
    manager: Staff, survey: Survey, text: str, message: str,
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        update_survey(manager, survey.id, dataclasses.replace(get_survey(survey.id).definition,
                                                              thank_you_translations={"es": text}))
    assert (str(refused.value), refused.value.field) == (message, "thank_you_text:es")
    assert snapshot() == before


def test_a_manager_stores_the_texts_and_the_change_is_audited(manager: Staff, survey: Survey) -> None:
    stored = update_survey(manager, survey.id, dataclasses.replace(
        get_survey(survey.id).definition, thank_you_text=ENGLISH, thank_you_translations={"es": SPANISH}))
    assert stored.thank_you_translations == {"es": SPANISH}
    row = Survey.get_by_id(survey.id)
    assert json.loads(row.thank_you_translations) == {"es": SPANISH}
    assert "ñ" in row.thank_you_translations  # stored as typed, not as \u escapes
    event = AuditEvent.select().where(AuditEvent.action == "survey.update").get()
    assert (event.staff_id, event.entity, event.entity_id) == (manager.id, "survey", str(survey.id))
    assert json.loads(event.detail)["fields"] == ["thank_you_text", "thank_you_translations"]
    # The same texts again: nothing written, nothing audited.
    update_survey(manager, survey.id, get_survey(survey.id).definition)
    assert AuditEvent.select().where(AuditEvent.action == "survey.update").count() == 1


def test_a_new_survey_keeps_its_texts(manager: Staff) -> None:
    survey_id = create_survey(manager, three_languages(es=SPANISH, fr=FRENCH))
    assert get_survey(survey_id).definition.thank_you_translations == {"es": SPANISH, "fr": FRENCH}


def test_counter_staff_may_not_change_the_texts(clerk: Staff, survey: Survey) -> None:
    before = snapshot()
    with pytest.raises(PermissionDenied):
        update_survey(clerk, survey.id, dataclasses.replace(get_survey(survey.id).definition,
                                                            thank_you_translations={"es": SPANISH}))
    assert snapshot() == before


def test_a_language_taken_off_the_survey_loses_its_text(manager: Staff, survey: Survey) -> None:
    definition = dataclasses.replace(get_survey(survey.id).definition, thank_you_text=ENGLISH,
                                     thank_you_translations={"es": SPANISH, "fr": FRENCH})
    update_survey(manager, survey.id, definition)
    update_survey(manager, survey.id, dataclasses.replace(definition, languages=("en", "fr")))
    assert get_survey(survey.id).definition.thank_you_translations == {"fr": FRENCH}


def test_the_page_shows_a_languages_own_text_else_the_first_languages(manager: Staff, survey: Survey) -> None:
    update_survey(manager, survey.id, dataclasses.replace(
        get_survey(survey.id).definition, languages=("fr", "en", "es"), thank_you_text=FRENCH,
        thank_you_translations={"es": SPANISH}))
    card = issue_cards(manager, survey_id=survey.id, count=1)[0]
    found = find_card(card.token)  # as the survey page reads it (PostgreSQL: through its function)
    assert found is not None
    assert thank_you_in(found.survey, "es") == (SPANISH, "es")
    assert thank_you_in(found.survey, "en") == (FRENCH, "fr")
    assert thank_you_in(found.survey, "fr") == (FRENCH, "fr")
    assert thank_you_in(found.survey, "de") == (FRENCH, "fr")  # not offered: never its own


def test_texts_stored_by_hand_out_of_shape_are_ignored(manager: Staff, survey: Survey) -> None:
    Survey.update(languages='["en", "es"]', thank_you_text=ENGLISH).execute()
    for stored in ("not json", '["es"]', '{"es": 5}', '{"en": "the first has thank_you_text"}', '{"xx": "?"}'):
        Survey.update(thank_you_translations=stored).execute()
        survey_row = Survey.get_by_id(survey.id)
        assert thank_you_translations(survey_row) == {}, stored
        assert thank_you_in(survey_row, "es") == (ENGLISH, "en"), stored
