"""Print runs: issue survey cards and write them to a PDF in one step.

It sits with the reports because it uses both the survey service and the card
renderer. The command line and the Print cards dialog both call :func:`print_cards`, so a
card is never issued without being printed: when the PDF cannot be written the
cards just issued are withdrawn again and no half-written file is left behind.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

from smallcs import audit, settings
from smallcs.errors import NotFound, ValidationError
from smallcs.i18n import _
from smallcs.models import Staff, Survey, SurveyCard, write_transaction
from smallcs.models.enums import CardKind, Question
from smallcs.reports.cards import LAYOUTS, CardContent, CardStyle, render_cards
from smallcs.surveys.cards import card_url, issue_cards, survey_languages, survey_questions
from smallcs.surveys.wordings import text

_TICK_BOX_QUESTIONS = (Question.CSAT, Question.NPS, Question.CES)


@dataclasses.dataclass(frozen=True)
class PrintRun:
    """What a print run produced."""

    path: Path
    cards: list[SurveyCard]
    pages: int


def find_survey(name: str) -> Survey:
    """The survey called ``name`` (case-insensitive), for the command line.

    Raises:
        NotFound: with the names that do exist.
    """
    survey = Survey.get_or_none(Survey.name ** name.strip())
    if survey is None:
        names = ", ".join(f"'{s.name}'" for s in Survey.select().order_by(Survey.name)) or _("none")
        raise NotFound(_("There is no survey called '{name}'. Surveys: {names}.").format(
            name=name, names=names))
    return survey


def card_style(survey: Survey) -> CardStyle:
    """The printed look of a survey's cards: shop name, colour, logo, tick-box questions."""
    profile = settings.get_profile()
    language = survey_languages(survey)[0]
    questions = [(q.value, text(language, q.value, shop=profile.name or _("us")))
                 for q in survey_questions(survey) if q in _TICK_BOX_QUESTIONS]
    return CardStyle(shop_name=profile.name, accent_colour=survey.colour or profile.accent_colour,
                     questions=questions, logo_png=profile.logo_bytes or None)


def print_cards(
    actor: Staff,
    *,
    survey_id: int,
    count: int,
    layout: str,
    output: str | os.PathLike[str],
    kind: CardKind = CardKind.SINGLE,
    complaint_id: int | None = None,
    staff_id: int | None = None,
    expires_in_days: int | None = 90,
    progress: Callable[[int, int], None] | None = None,
) -> PrintRun:
    """Issue ``count`` cards and write them to the PDF ``output``.

    Raises:
        PermissionDenied, NotFound, ValidationError: nothing issued, nothing written.
    """
    if layout not in LAYOUTS:
        raise ValidationError(_("Unknown card layout '{layout}'.").format(layout=layout), field="layout")
    destination = Path(output).expanduser()
    if not destination.parent.is_dir():
        raise ValidationError(_("The folder {path} does not exist.").format(path=destination.parent))
    survey = Survey.get_or_none(Survey.id == survey_id)
    if survey is None:
        raise NotFound(_("That survey no longer exists."))
    style = card_style(survey)
    base_url = settings.get_profile().survey_base_url
    card_url(base_url, "check")  # no address set: say so before issuing anything
    cards = issue_cards(actor, survey_id=survey_id, count=count, kind=kind, complaint_id=complaint_id,
                        staff_id=staff_id, expires_in_days=expires_in_days)
    contents = [CardContent(url=card_url(base_url, c.token), short_code=c.short_code, kind=c.kind)
                for c in cards]
    partial = destination.with_name(destination.name + ".partial")
    try:
        pages = render_cards(contents, style, layout=layout, output=partial, progress=progress)
        os.replace(partial, destination)
    except BaseException as exc:
        _withdraw(actor, cards)
        if isinstance(exc, OSError):
            raise ValidationError(_("The cards could not be written to {path}: {reason}").format(
                path=destination, reason=exc.strerror or exc)) from exc
        raise
    finally:
        partial.unlink(missing_ok=True)
    return PrintRun(path=destination, cards=cards, pages=pages)


def _withdraw(actor: Staff, cards: list[SurveyCard]) -> None:
    """Delete cards that were issued but never printed (none can have an answer yet)."""
    ids = [c.id for c in cards]
    with write_transaction():
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            SurveyCard.delete().where(SurveyCard.id.in_(chunk), SurveyCard.answered_at.is_null()).execute()
        audit.record(actor, "surveys.cards_withdrawn", entity="survey", entity_id=cards[0].survey_id,
                     detail={"count": len(ids)})
