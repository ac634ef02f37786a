"""Survey definitions: what a manager decides a survey asks, in which languages, and who may."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from smallcs import settings
from smallcs.audit import DENIED
from smallcs.errors import NotFound, PermissionDenied, ValidationError
from smallcs.models import AuditEvent, Staff, Survey, SurveyResponse
from smallcs.models.enums import Question
from smallcs.surveys import ResponseOutcome, definitions, issue_cards, record_response
from smallcs.surveys.definitions import (
    MAX_NAME_LENGTH,
    MAX_THANK_YOU_LENGTH,
    SurveyDefinition,
    create_survey,
    get_survey,
    list_surveys,
    update_survey,
    validate_definition,
)

Q = Question

SEEDED = SurveyDefinition(name="Customer feedback", questions=tuple(Question),
                          languages=("en", "es", "fr", "de", "pt"), thank_you_text="", active=True)


def after_visit(**changes: Any) -> SurveyDefinition:
    """A valid definition, with ``changes`` applied."""
    base = SurveyDefinition(name="After your visit", questions=(Q.CSAT, Q.COMMENT),
                            languages=("en",), thank_you_text="See you soon.")
    return dataclasses.replace(base, **changes)


def snapshot() -> tuple[object, ...]:
    """Everything a refused call must leave untouched (but for the event of a refused
    action, see tests/safety/test_denials_audited.py)."""
    return (list(Survey.select().order_by(Survey.id).dicts()),
            list(AuditEvent.select().where(AuditEvent.action != DENIED).order_by(AuditEvent.id).dicts()))


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id))


# --- reading -------------------------------------------------------------------------------


def test_the_seeded_survey_reads_back_with_the_shops_colour(owner: Staff, survey: Survey) -> None:
    info = get_survey(survey.id)
    assert (info.id, info.definition) == (survey.id, SEEDED)
    assert info.colour == settings.get_profile().accent_colour
    assert [(s.id, s.definition) for s in list_surveys()] == [(survey.id, SEEDED)]


def test_a_survey_with_its_own_colour_keeps_it(owner: Staff, survey: Survey) -> None:
    Survey.update(colour="#AA3300").where(Survey.id == survey.id).execute()
    assert get_survey(survey.id).colour == "#AA3300"
    assert list_surveys()[0].colour == "#AA3300"


def test_an_unknown_survey_is_not_found(owner: Staff, survey: Survey) -> None:
    with pytest.raises(NotFound):
        get_survey(survey.id + 1000)


def test_active_surveys_come_first_then_by_name(manager: Staff, survey: Survey) -> None:
    create_survey(manager, after_visit(name="Phone support"))
    create_survey(manager, after_visit(name="Delivery"))
    create_survey(manager, after_visit(name="Autumn campaign", active=False))
    create_survey(manager, after_visit(name="Archived", active=False))
    assert [s.definition.name for s in list_surveys()] == [
        "Customer feedback", "Delivery", "Phone support", "Archived", "Autumn campaign"]


# --- cleaning --------------------------------------------------------------------------------


def test_questions_come_back_in_the_standard_order() -> None:
    clean = validate_definition(after_visit(questions=(Q.CONTACT, Q.COMMENT, Q.NPS, Q.CSAT, Q.NPS)))
    assert clean.questions == (Q.CSAT, Q.NPS, Q.COMMENT, Q.CONTACT)
    # The form may hand over plain strings; they are read as questions.
    assert validate_definition(after_visit(questions=("comment", "ces"))).questions == (Q.CES, Q.COMMENT)


def test_languages_keep_the_shops_order_without_repeats() -> None:
    clean = validate_definition(after_visit(languages=("fr", "en", "fr", "de", "en")))
    assert clean.languages == ("fr", "en", "de")


def test_blanks_are_tidied() -> None:
    clean = validate_definition(after_visit(name="  After \t your\n  visit ",
                                            thank_you_text="  Thanks!\r\nSee you soon.\n "))
    assert clean.name == "After your visit"
    assert clean.thank_you_text == "Thanks!\nSee you soon."


def test_the_limits_themselves_are_accepted(manager: Staff) -> None:
    name = "N" * MAX_NAME_LENGTH
    survey_id = create_survey(manager, after_visit(name=name, thank_you_text="t" * MAX_THANK_YOU_LENGTH))
    stored = get_survey(survey_id).definition
    assert stored.name == name and len(stored.thank_you_text) == MAX_THANK_YOU_LENGTH
    # Only the tidied name counts: runs of spaces do not push it over the limit.
    spaced = "A" + " " * 200 + "B"
    assert get_survey(create_survey(manager, after_visit(name=spaced))).definition.name == "A B"


# --- creating --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_a_manager_or_owner_creates_a_survey_and_it_reads_back(
    request: pytest.FixtureRequest, role: str
) -> None:
    actor: Staff = request.getfixturevalue(role)
    survey_id = create_survey(actor, SurveyDefinition(
        name=" Encuesta  de tienda ", questions=(Q.COMMENT, Q.NPS, Q.CONTACT),
        languages=("es", "en", "es"), thank_you_text=" ¡Gracias! ", active=True))
    expected = SurveyDefinition(name="Encuesta de tienda", questions=(Q.NPS, Q.COMMENT, Q.CONTACT),
                                languages=("es", "en"), thank_you_text="¡Gracias!", active=True)
    assert get_survey(survey_id).definition == expected
    assert expected in [s.definition for s in list_surveys()]
    row = Survey.get_by_id(survey_id)
    assert json.loads(row.questions) == ["nps", "comment", "contact"]
    assert json.loads(row.languages) == ["es", "en"]
    assert row.created_at is not None


def test_creating_is_audited_with_the_actor_and_the_name(manager: Staff) -> None:
    survey_id = create_survey(manager, after_visit(name="  After  your visit"))
    [event] = events("survey.create")
    assert event.staff_id == manager.id
    assert (event.entity, event.entity_id) == ("survey", str(survey_id))
    assert json.loads(event.detail) == {"name": "After your visit"}


def test_a_new_surveys_cards_take_answers_to_its_questions(manager: Staff) -> None:
    survey_id = create_survey(manager, after_visit(questions=(Q.NPS,), languages=("de", "en")))
    [card] = issue_cards(manager, survey_id=survey_id, count=1)
    with pytest.raises(ValidationError):  # a question the survey does not ask
        record_response(token=card.token, csat=4, nps=None, ces=None, comment="",
                        contact_requested=False, language="de")
    assert record_response(token=card.token, csat=None, nps=9, ces=None, comment="",
                           contact_requested=False, language="de") == ResponseOutcome.RECORDED
    assert [r.nps for r in SurveyResponse.select().where(SurveyResponse.survey == survey_id)] == [9]


REFUSED: list[tuple[dict[str, Any], str]] = [
    ({"name": ""}, "name"),
    ({"name": " \t\n "}, "name"),
    ({"name": "N" * (MAX_NAME_LENGTH + 1)}, "name"),
    ({"questions": ()}, "questions"),
    ({"questions": (Q.CONTACT,)}, "questions"),  # "may we contact you?" alone is no survey
    ({"questions": ("rating",)}, "questions"),
    ({"questions": (Q.CSAT, "stars")}, "questions"),
    ({"languages": ()}, "languages"),
    ({"languages": ("en", "xx")}, "languages"),
    ({"languages": ("EN",)}, "languages"),
    ({"thank_you_text": "t" * (MAX_THANK_YOU_LENGTH + 1)}, "thank_you_text"),
]


@pytest.mark.parametrize(("changes", "field"), REFUSED)
def test_a_refused_new_survey_stores_nothing(
    manager: Staff, changes: dict[str, Any], field: str
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        create_survey(manager, after_visit(**changes))
    assert caught.value.field == field
    assert snapshot() == before


@pytest.mark.parametrize("name", ["Customer feedback", "customer FEEDBACK", "  Customer   feedback "])
def test_a_name_already_taken_is_refused_whatever_its_case(
    manager: Staff, survey: Survey, name: str
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        create_survey(manager, after_visit(name=name))
    assert caught.value.field == "name"
    assert snapshot() == before


def test_names_with_accents_clash_whatever_their_case_on_every_database(manager: Staff) -> None:
    create_survey(manager, after_visit(name="ÉTÉ À LA BOUTIQUE"))
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        create_survey(manager, after_visit(name="Été à la boutique"))
    assert caught.value.field == "name"
    assert snapshot() == before


def test_a_name_taken_by_another_counter_a_moment_ago_is_refused_cleanly(
    manager: Staff, survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check and the insert race: the database's unique name still wins, as a ValidationError."""
    monkeypatch.setattr(definitions, "_check_name_free", lambda name, *, other_than: None)
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        create_survey(manager, after_visit(name="Customer feedback"))
    assert caught.value.field == "name"
    assert snapshot() == before
    # The connection is still usable afterwards (PostgreSQL aborts the failed transaction).
    assert create_survey(manager, after_visit()) > 0


def test_counter_staff_may_not_create_surveys(clerk: Staff) -> None:
    before = snapshot()
    with pytest.raises(PermissionDenied):
        create_survey(clerk, after_visit())
    assert snapshot() == before


def test_a_disabled_manager_may_not_create_surveys(manager: Staff) -> None:
    manager.active = False
    before = snapshot()
    with pytest.raises(PermissionDenied):
        create_survey(manager, after_visit())
    assert snapshot() == before


# --- changing --------------------------------------------------------------------------------


def test_a_manager_changes_a_survey_and_it_is_audited(manager: Staff, survey: Survey) -> None:
    wanted = SurveyDefinition(name="Shop feedback", questions=(Q.COMMENT, Q.CSAT),
                              languages=("pt", "en"), thank_you_text="Obrigado!", active=True)
    stored = update_survey(manager, survey.id, wanted)
    assert stored == dataclasses.replace(wanted, questions=(Q.CSAT, Q.COMMENT))
    assert get_survey(survey.id).definition == stored
    [event] = events("survey.update")
    assert event.staff_id == manager.id
    assert (event.entity, event.entity_id) == ("survey", str(survey.id))
    assert json.loads(event.detail) == {"fields": ["languages", "name", "questions", "thank_you_text"]}


def test_the_owner_may_change_a_survey_too(owner: Staff, survey: Survey) -> None:
    update_survey(owner, survey.id, dataclasses.replace(SEEDED, thank_you_text="Thanks!"))
    assert get_survey(survey.id).definition.thank_you_text == "Thanks!"
    [event] = events("survey.update")
    assert event.staff_id == owner.id and json.loads(event.detail) == {"fields": ["thank_you_text"]}


def test_saving_without_a_change_writes_nothing(manager: Staff, survey: Survey) -> None:
    before = snapshot()
    # Same questions in another order, a repeated language, extra blanks: nothing really changed.
    same = SurveyDefinition(name=" Customer  feedback", questions=tuple(reversed(Question)),
                            languages=("en", "es", "es", "fr", "de", "pt"), thank_you_text="  ")
    assert update_survey(manager, survey.id, same) == SEEDED
    assert snapshot() == before


def test_a_survey_may_change_the_case_of_its_own_name(manager: Staff, survey: Survey) -> None:
    update_survey(manager, survey.id, dataclasses.replace(SEEDED, name="Customer Feedback"))
    assert get_survey(survey.id).definition.name == "Customer Feedback"


def test_a_survey_may_not_take_another_surveys_name(manager: Staff, survey: Survey) -> None:
    other = create_survey(manager, after_visit())
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        update_survey(manager, other, after_visit(name="CUSTOMER feedback"))
    assert caught.value.field == "name"
    assert snapshot() == before


@pytest.mark.parametrize(("changes", "field"), REFUSED)
def test_a_refused_change_changes_nothing(
    manager: Staff, survey: Survey, changes: dict[str, Any], field: str
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        update_survey(manager, survey.id, dataclasses.replace(SEEDED, **changes))
    assert caught.value.field == field
    assert snapshot() == before
    assert get_survey(survey.id).definition == SEEDED


def test_changing_an_unknown_survey_is_not_found(manager: Staff, survey: Survey) -> None:
    before = snapshot()
    with pytest.raises(NotFound):
        update_survey(manager, survey.id + 1000, after_visit())
    assert snapshot() == before


def test_counter_staff_may_not_change_surveys(clerk: Staff, survey: Survey) -> None:
    before = snapshot()
    with pytest.raises(PermissionDenied):
        update_survey(clerk, survey.id, dataclasses.replace(SEEDED, active=False))
    assert snapshot() == before


def test_printed_cards_keep_working_after_a_change(manager: Staff, survey: Survey) -> None:
    [card] = issue_cards(manager, survey_id=survey.id, count=1)
    update_survey(manager, survey.id, dataclasses.replace(SEEDED, name="Shop feedback",
                                                          languages=("es",)))
    assert record_response(token=card.token, csat=5, nps=None, ces=None, comment="",
                           contact_requested=False, language="es") == ResponseOutcome.RECORDED


def test_switching_a_survey_off_stops_its_cards_and_lists_it_last(manager: Staff, survey: Survey) -> None:
    [card] = issue_cards(manager, survey_id=survey.id, count=1)
    create_survey(manager, after_visit(name="Zebra crossing"))
    update_survey(manager, survey.id, dataclasses.replace(SEEDED, active=False))
    assert [json.loads(e.detail) for e in events("survey.update")] == [{"fields": ["active"]}]
    assert [(s.definition.name, s.definition.active) for s in list_surveys()] == [
        ("Zebra crossing", True), ("Customer feedback", False)]
    assert record_response(token=card.token, csat=5, nps=None, ces=None, comment="",
                           contact_requested=False, language="en") == ResponseOutcome.EXPIRED
    update_survey(manager, survey.id, SEEDED)
    assert record_response(token=card.token, csat=5, nps=None, ces=None, comment="",
                           contact_requested=False, language="en") == ResponseOutcome.RECORDED
