"""Surveys, the printed cards that lead to them, and customers' answers."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    Check,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from smallcs.models.base import BaseModel
from smallcs.models.complaints import Complaint
from smallcs.models.enums import CardKind, ResponseSource, sql_in
from smallcs.models.people import Staff


class Survey(BaseModel):
    """Which questions to ask, in which languages, and what to say afterwards."""

    name = CharField(max_length=80, unique=True)
    questions = TextField(default='["csat", "nps", "ces", "comment", "contact"]')
    languages = TextField(default='["en"]')
    thank_you_text = TextField(default="")  # in the first language; shown where a language has none
    thank_you_translations = TextField(default="{}")  # JSON: language code -> its own thank-you text
    colour = CharField(max_length=7, null=True)
    active = BooleanField(default=True)
    created_at = DateTimeField()


class SurveyCard(BaseModel):
    """A printed card: a single-use slip or a reusable poster code."""

    survey = ForeignKeyField(Survey, backref="cards")
    token = CharField(max_length=64, unique=True)
    short_code = CharField(max_length=16, unique=True)
    kind = CharField(max_length=8, constraints=[Check(f"kind IN ({sql_in(CardKind)})")])
    complaint = ForeignKeyField(Complaint, null=True, backref="survey_cards")
    staff = ForeignKeyField(Staff, null=True, backref="survey_cards")
    created_at = DateTimeField(index=True)
    printed_at = DateTimeField(null=True)
    expires_at = DateTimeField(null=True)
    # Set in the same transaction as a single-use card's one answer, with
    # "WHERE answered_at IS NULL", so two concurrent submits cannot both land.
    answered_at = DateTimeField(null=True)
    # The language it was printed in (migration 0009); None for cards printed before.
    language = CharField(max_length=12, null=True)


class SurveyResponse(BaseModel):
    """One customer's answer to a survey."""

    card = ForeignKeyField(SurveyCard, null=True, backref="responses")
    survey = ForeignKeyField(Survey, backref="responses")
    submitted_at = DateTimeField(index=True)
    csat = IntegerField(null=True, constraints=[Check("csat BETWEEN 1 AND 5")])
    nps = IntegerField(null=True, constraints=[Check("nps BETWEEN 0 AND 10")])
    ces = IntegerField(null=True, constraints=[Check("ces BETWEEN 1 AND 7")])
    comment = TextField(default="")
    language = CharField(max_length=12, default="en")
    source = CharField(
        max_length=8, constraints=[Check(f"source IN ({sql_in(ResponseSource)})")]
    )
    contact_requested = BooleanField(default=False)
