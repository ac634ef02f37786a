"""Survey definitions: which questions a survey asks, in which languages, and what it says after."""

from __future__ import annotations

import dataclasses
import json

import peewee

from smallcs import audit, clock, locale_format, settings
from smallcs.errors import NotFound, ValidationError
from smallcs.i18n import _
from smallcs.models import Staff, Survey, write_transaction
from smallcs.models.enums import Question
from smallcs.permissions import require
from smallcs.surveys.cards import (
    survey_languages,
    survey_questions,
    thank_you_translations,
)
from smallcs.surveys.wordings import SUPPORTED_LANGUAGES
from smallcs.typed_text import check_storable

MAX_NAME_LENGTH = 80
MAX_THANK_YOU_LENGTH = 500
# A survey must ask something a customer can answer; "may we contact you?" alone is not an answer.
_ANSWERABLE = (Question.CSAT, Question.NPS, Question.CES, Question.COMMENT)
# Survey definitions are shop configuration: the role that edits Settings edits them.
_EDIT_ACTION = "settings.edit"


@dataclasses.dataclass(frozen=True)
class SurveyDefinition:
    """What a manager decides about a survey.

    ``languages`` is in the shop's order: the first one is offered to customers
    whose browser asks for none of the others (cards are printed in any one of them,
    chosen when printing; see ``reports.print_run.card_language``).
    ``thank_you_text`` is in the first language and shown in any language without
    its own in ``thank_you_translations`` (the other languages' codes -> their texts).
    Reordering ``languages`` so that another comes first is the caller's to follow:
    that language's text becomes ``thank_you_text``.
    """

    name: str
    questions: tuple[Question, ...]
    languages: tuple[str, ...]
    thank_you_text: str = ""
    active: bool = True
    # Left out of the hash (a dict has none); still compared.
    thank_you_translations: dict[str, str] = dataclasses.field(default_factory=dict, hash=False)


@dataclasses.dataclass(frozen=True)
class SurveyInfo:
    """A stored survey with the colour its cards and page use (its own or the shop's)."""

    id: int
    definition: SurveyDefinition
    colour: str


def validate_definition(definition: SurveyDefinition) -> SurveyDefinition:
    """A cleaned copy of ``definition``, or ValidationError naming the first problem.

    Questions come back in the standard order; languages keep the given order,
    without repeats. Thank-you translations are kept for the survey's other languages
    only, in their order, and an empty one is dropped (its language shows the first's).
    """
    name = " ".join(definition.name.split())
    check_storable(name, field="name", label=_("The survey name"))
    if not name:
        raise ValidationError(_("Enter a name for the survey."), field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(_("The survey name is too long ({n} characters at most).").format(
            n=MAX_NAME_LENGTH), field="name")
    try:
        wanted = {Question(q) for q in definition.questions}
    except ValueError as exc:
        raise ValidationError(_("Unknown question."), field="questions") from exc
    if not wanted & set(_ANSWERABLE):
        raise ValidationError(_("Ask at least one question: CSAT, NPS, CES or a comment."),
                              field="questions")
    languages = tuple(dict.fromkeys(definition.languages))
    if not languages:
        raise ValidationError(_("Choose at least one language."), field="languages")
    unknown = [code for code in languages if code not in SUPPORTED_LANGUAGES]
    if unknown:
        raise ValidationError(_("There are no wordings in the language '{code}'.").format(
            code=unknown[0]), field="languages")
    thank_you = _clean_thank_you(definition.thank_you_text, language=None)
    given = definition.thank_you_translations
    translations = {code: _clean_thank_you(given[code], language=code) for code in languages[1:]
                    if code in given}
    return SurveyDefinition(name=name, questions=tuple(q for q in Question if q in wanted),
                            languages=languages, thank_you_text=thank_you, active=bool(definition.active),
                            thank_you_translations={code: text for code, text in translations.items() if text})


def thank_you_field(language: str | None) -> str:
    """The ``ValidationError.field`` of a thank-you text: the first language's (None) or another's."""
    return "thank_you_text" if language is None else f"thank_you_text:{language}"


def _clean_thank_you(text: str, *, language: str | None) -> str:
    """A thank-you text as stored, or ValidationError naming it (``language`` None: the first's)."""
    field = thank_you_field(language)
    clean = text.strip().replace("\r\n", "\n")
    name = locale_format.language_name(language) if language is not None else ""
    check_storable(clean, field=field, label=_("The thank-you text in {language}").format(language=name)
                   if language is not None else _("The thank-you text"))
    if len(clean) > MAX_THANK_YOU_LENGTH:
        message = (_("The thank-you text in {language} is too long ({n} characters at most).")
                   if language is not None else _("The thank-you text is too long ({n} characters at most)."))
        raise ValidationError(message.format(language=name, n=MAX_THANK_YOU_LENGTH), field=field)
    return clean


def _definition(survey: Survey) -> SurveyDefinition:
    return SurveyDefinition(name=survey.name, questions=tuple(survey_questions(survey)),
                            languages=tuple(survey_languages(survey)),
                            thank_you_text=survey.thank_you_text or "", active=bool(survey.active),
                            thank_you_translations=thank_you_translations(survey))


def list_surveys() -> list[SurveyInfo]:
    """Every survey, active ones first, then by name."""
    accent = settings.get_profile().accent_colour
    query = Survey.select().order_by(Survey.active.desc(), Survey.name)
    return [SurveyInfo(id=s.id, definition=_definition(s), colour=s.colour or accent) for s in query]


def get_survey(survey_id: int) -> SurveyInfo:
    """One survey's definition.

    Raises:
        NotFound: no survey has this id.
    """
    survey = Survey.get_or_none(Survey.id == survey_id)
    if survey is None:
        raise NotFound(_("That survey does not exist."))
    return SurveyInfo(id=survey.id, definition=_definition(survey),
                      colour=survey.colour or settings.get_profile().accent_colour)


def _check_name_free(name: str, *, other_than: int | None) -> None:
    # Compared in Python: SQLite's LOWER() folds ASCII only, so "ÉTÉ" and "été"
    # would be two surveys there but one on PostgreSQL. A shop has a handful of surveys.
    query = Survey.select(Survey.id, Survey.name)
    if other_than is not None:
        query = query.where(Survey.id != other_than)
    wanted = name.casefold()
    if any(s.name.casefold() == wanted for s in query):
        raise ValidationError(_("There is already a survey called '{name}'.").format(name=name),
                              field="name")


def _stored(definition: SurveyDefinition) -> dict[str, object]:
    return {
        "name": definition.name,
        "questions": json.dumps([q.value for q in definition.questions]),
        "languages": json.dumps(list(definition.languages)),
        "thank_you_text": definition.thank_you_text,
        "thank_you_translations": json.dumps(definition.thank_you_translations, ensure_ascii=False),
        "active": definition.active,
    }


def create_survey(actor: Staff, definition: SurveyDefinition) -> int:
    """Store a new survey (manager or owner).

    Returns:
        The new survey's id.

    Raises:
        PermissionDenied, ValidationError: nothing stored.
    """
    require(actor, _EDIT_ACTION)
    clean = validate_definition(definition)
    try:
        with write_transaction():
            _check_name_free(clean.name, other_than=None)
            survey = Survey.create(created_at=clock.utcnow(), **_stored(clean))
            audit.record(actor, "survey.create", entity="survey", entity_id=survey.id,
                         detail={"name": clean.name})
    except peewee.IntegrityError as exc:  # another counter took the name a moment ago
        raise ValidationError(_("There is already a survey called '{name}'.").format(name=clean.name),
                              field="name") from exc
    return int(survey.id)


def update_survey(actor: Staff, survey_id: int, definition: SurveyDefinition) -> SurveyDefinition:
    """Change a survey (manager or owner); cards already printed keep working.

    Switching a survey off makes its cards stop taking answers on the survey page.

    Returns:
        The definition as stored.

    Raises:
        PermissionDenied, NotFound, ValidationError: nothing changed.
    """
    require(actor, _EDIT_ACTION)
    clean = validate_definition(definition)
    try:
        with write_transaction():
            survey = Survey.get_or_none(Survey.id == survey_id)
            if survey is None:
                raise NotFound(_("That survey does not exist."))
            _check_name_free(clean.name, other_than=survey.id)
            before = _definition(survey)
            changed = sorted(f.name for f in dataclasses.fields(SurveyDefinition)
                             if getattr(before, f.name) != getattr(clean, f.name))
            if not changed:
                return clean
            Survey.update(**_stored(clean)).where(Survey.id == survey.id).execute()
            audit.record(actor, "survey.update", entity="survey", entity_id=survey.id,
                         detail={"fields": changed})
    except peewee.IntegrityError as exc:
        raise ValidationError(_("There is already a survey called '{name}'.").format(name=clean.name),
                              field="name") from exc
    return clean

