"""A print run issues cards and writes their PDF, or does neither."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from smallcs import settings
from smallcs.errors import NotFound, PermissionDenied, ValidationError
from smallcs.models import AuditEvent, Staff, Survey, SurveyCard
from smallcs.reports.print_run import find_survey, print_cards
from tests.reports.readback import BASE_URL, decode_page, page_text


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def survey(owner: Staff) -> Survey:
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), survey_base_url=BASE_URL))
    return Survey.get()


def test_the_cards_printed_are_the_cards_issued(manager: Staff, survey: Survey, tmp_path: Path) -> None:
    run = print_cards(manager, survey_id=survey.id, count=3, layout="a4", output=tmp_path / "c.pdf")
    assert run.pages == 1 and len(run.cards) == 3
    assert SurveyCard.select().count() == 3
    text = page_text(run.path)
    for card in run.cards:
        assert f"{card.short_code[:4]}-{card.short_code[4:]}" in text
    found = set(decode_page(run.path, 0, dpi=200))
    assert found == {f"{BASE_URL}/s/{card.token}" for card in run.cards}


def test_cards_that_cannot_be_rendered_are_withdrawn(manager: Staff, survey: Survey, out: Path) -> None:
    survey.colour = "red"  # not #RRGGBB: the renderer refuses it after the cards were issued
    survey.save()
    with pytest.raises(ValidationError, match="accent colour"):
        print_cards(manager, survey_id=survey.id, count=4, layout="a4", output=out / "c.pdf")
    assert SurveyCard.select().count() == 0
    assert list(out.iterdir()) == []
    assert AuditEvent.select().where(AuditEvent.action == "surveys.cards_withdrawn").count() == 1


def test_nothing_is_issued_when_the_run_cannot_start(owner: Staff, manager: Staff, clerk: Staff,
                                                     survey: Survey, out: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        print_cards(manager, survey_id=survey.id, count=2, layout="a4", output=out / "no" / "c.pdf")
    with pytest.raises(PermissionDenied):
        print_cards(clerk, survey_id=survey.id, count=2, layout="a4", output=out / "c.pdf")
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), survey_base_url=""))
    with pytest.raises(ValidationError, match="survey address"):
        print_cards(manager, survey_id=survey.id, count=2, layout="a4", output=out / "c.pdf")
    assert SurveyCard.select().count() == 0
    assert list(out.iterdir()) == []


def test_surveys_are_found_by_name_whatever_the_case(survey: Survey) -> None:
    assert find_survey("  customer FEEDBACK ").id == survey.id
    with pytest.raises(NotFound, match="Surveys: 'Customer feedback'"):
        find_survey("Exit poll")
