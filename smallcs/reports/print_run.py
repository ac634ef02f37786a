"""Print runs: issue survey cards and put them on paper or in a PDF in one step.

It sits with the reports because it uses both the survey service and the card
renderer. The command line writes PDFs with :func:`print_cards`; the Print cards
dialog also prints through :func:`issue_and_draw`. Either way a card is never
issued without being printed: when the PDF cannot be written (or the printer
fails) the cards just issued are withdrawn again and no half-written file is
left behind. Previews use :func:`sample_cards`, which issues nothing.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from smallcs import audit, settings
from smallcs.errors import NotFound, ValidationError
from smallcs.i18n import SOURCE_LANGUAGE, _, current_language, os_language
from smallcs.models import Staff, Survey, SurveyCard, write_transaction
from smallcs.models.enums import CardKind, Question
from smallcs.os_errors import discard_leftover, os_error_reason
from smallcs.reports.cards import (
    LAYOUTS,
    REUSABLE_LAYOUTS,
    CardContent,
    CardStyle,
    render_cards,
)
from smallcs.surveys.cards import (
    asked_on_card,
    card_url,
    issue_cards,
    new_token,
    poster_url,
    survey_languages,
    survey_questions,
)
from smallcs.surveys.wordings import LANGUAGE_NAMES, text
from smallcs.typed_text import printable

_TICK_BOX_QUESTIONS = (Question.CSAT, Question.NPS, Question.CES)
# Shown on previews only; real cards get their own codes when they are issued.
SAMPLE_SHORT_CODE = "XXXXXXXX"


@dataclasses.dataclass(frozen=True)
class IssuedRun:
    """Cards issued for one print run, the pages they were drawn on and the language they are in."""

    cards: list[SurveyCard]
    pages: int
    language: str


@dataclasses.dataclass(frozen=True)
class PrintRun:
    """What a print run produced."""

    path: Path
    cards: list[SurveyCard]
    pages: int
    language: str


def find_survey(name: str) -> Survey:
    """The survey called ``name`` (case-insensitive), for the command line.

    Raises:
        NotFound: with the names that do exist.
    """
    survey = Survey.get_or_none(Survey.name ** name.strip())
    if survey is None:
        names = ", ".join(_("'{name}'").format(name=s.name) for s in Survey.select().order_by(Survey.name)) \
            or _("none")
        raise NotFound(_("There is no survey called '{name}'. Surveys: {names}.").format(
            name=name, names=names))
    return survey


def default_card_language(languages: Sequence[str]) -> str:
    """The language cards print in unless told otherwise: the app's, when the survey has it, else its first.

    An app set to English on a PC set to another language (German, say) is English for the one
    who chose it; the shop's customers more likely read the PC's language, so cards print in
    that one when the survey has it.

    Args:
        languages: the survey's languages, in the shop's order (at least one).
    """
    wanted = [current_language()]
    if current_language() == SOURCE_LANGUAGE:
        wanted.insert(0, os_language())
    return next((language for language in wanted if language in languages), languages[0])


def card_language(survey: Survey, language: str | None) -> str:
    """``language`` checked against the survey's languages; None gives :func:`default_card_language`.

    Raises:
        ValidationError: the survey is not offered in ``language``; the message names those it is offered in.
    """
    languages = survey_languages(survey)
    if language is None:
        return default_card_language(languages)
    code = language.strip().lower()
    if code not in languages:
        offered = ", ".join(f"{c} ({LANGUAGE_NAMES[c]})" for c in languages)
        raise ValidationError(_("The survey '{survey}' is not offered in '{language}'. Its languages: {languages}.")
                              .format(survey=survey.name, language=printable(language, limit=20),
                                      languages=offered), field="language")
    return code


def card_style(survey: Survey, language: str, *, for_complaint: bool) -> CardStyle:
    """The printed look of a survey's cards in ``language``: shop name, colour, logo, questions.

    Every text of the card is in ``language``, one of the survey's languages
    (see :func:`card_language`); cards ``for_complaint`` also ask "May we contact you?"
    when the survey does (see ``asked_on_card``).
    """
    profile = settings.get_profile()
    asked = asked_on_card(survey_questions(survey), for_complaint=for_complaint)
    questions = [(q.value, text(language, q.value, shop=profile.name or text(language, "shop_fallback")))
                 for q in asked if q in _TICK_BOX_QUESTIONS]
    return CardStyle(shop_name=profile.name, accent_colour=survey.colour or profile.accent_colour,
                     questions=questions, logo_png=profile.logo_bytes or None, page_size=profile.page_size,
                     language=language, ask_contact=Question.CONTACT in asked)


def print_cards(
    actor: Staff,
    *,
    survey_id: int,
    count: int,
    layout: str,
    output: str | os.PathLike[str],
    kind: CardKind | None = None,
    complaint_id: int | None = None,
    staff_id: int | None = None,
    expires_in_days: int | None = 90,
    language: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PrintRun:
    """Issue ``count`` cards and write them to the PDF ``output``.

    ``kind`` defaults to what the layout is for: reusable codes on posters and
    table tents, single-use cards otherwise. ``language`` is the cards' one
    language (see :func:`card_language`).

    Raises:
        PermissionDenied, NotFound, ValidationError: nothing issued, nothing written.
    """
    if layout not in LAYOUTS:
        raise ValidationError(_("Unknown card layout '{layout}'.").format(layout=layout), field="layout")
    destination = Path(output).expanduser()
    if not destination.parent.is_dir():
        raise ValidationError(_("The folder {path} does not exist.").format(path=destination.parent))
    partial = destination.with_name(destination.name + ".partial")
    if kind is None:
        kind = CardKind.POSTER if layout in REUSABLE_LAYOUTS else CardKind.SINGLE

    def write_pdf(contents: list[CardContent], style: CardStyle) -> int:
        try:
            # The cards carry their tokens: the file is private, like the database (docs/security.md).
            os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
            pages = render_cards(contents, style, layout=layout, output=partial, progress=progress)
            os.replace(partial, destination)
        except OSError as exc:
            raise ValidationError(_("The cards could not be written to {path}: {reason}").format(
                path=destination, reason=os_error_reason(exc))) from exc
        finally:
            discard_leftover(partial)
        return pages

    run = issue_and_draw(actor, survey_id=survey_id, count=count, kind=kind, complaint_id=complaint_id,
                         staff_id=staff_id, expires_in_days=expires_in_days, language=language, draw=write_pdf)
    return PrintRun(path=destination, cards=run.cards, pages=run.pages, language=run.language)


def issue_and_draw(
    actor: Staff,
    *,
    survey_id: int,
    count: int,
    draw: Callable[[list[CardContent], CardStyle], int],
    kind: CardKind = CardKind.SINGLE,
    complaint_id: int | None = None,
    staff_id: int | None = None,
    expires_in_days: int | None = 90,
    language: str | None = None,
) -> IssuedRun:
    """Issue ``count`` cards and hand them to ``draw``, which puts them on paper or in a file.

    When ``draw`` fails (the printer is gone, the disk is full) the cards just
    issued are withdrawn again, so no token exists that was never printed.

    Args:
        actor: who prints them (see ``issue_cards`` for who may).
        survey_id, count, kind, complaint_id, staff_id, expires_in_days: as for ``issue_cards``.
        language: the cards' language, one of the survey's (None: :func:`default_card_language`).
        draw: called once with each card's content and the survey's style; returns pages drawn.

    Returns:
        The cards issued and the pages ``draw`` reported.

    Raises:
        PermissionDenied, NotFound, ValidationError: nothing issued; or what ``draw`` raised.
    """
    survey = Survey.get_or_none(Survey.id == survey_id)
    if survey is None:
        raise NotFound(_("That survey no longer exists."))
    chosen = card_language(survey, language)
    style = card_style(survey, chosen, for_complaint=complaint_id is not None)
    base_url = settings.get_profile().survey_base_url
    card_url(base_url, "check")  # no address set: say so before issuing anything
    cards = issue_cards(actor, survey_id=survey_id, count=count, kind=kind, complaint_id=complaint_id,
                        staff_id=staff_id, expires_in_days=expires_in_days, language=chosen)
    contents = [CardContent(url=card_url(base_url, c.token), short_code=c.short_code, kind=c.kind,
                            typed_url=poster_url(base_url, c.short_code) if c.kind == CardKind.POSTER else "")
                for c in cards]
    try:
        pages = draw(contents, style)
    except BaseException:
        _withdraw(actor, cards)
        raise
    return IssuedRun(cards=cards, pages=pages, language=style.language)


def sample_cards(survey_id: int, *, count: int, kind: CardKind = CardKind.SINGLE,
                 language: str | None = None, for_complaint: bool = False) -> tuple[list[CardContent], CardStyle]:
    """Cards that look like a print run's but are never issued, for a preview.

    Each has a random token of the real length, so its QR code has the real
    size, and the same sample short code.

    Raises:
        NotFound: the survey does not exist.
        ValidationError: no survey address is set, or the survey is not offered in ``language``.
    """
    survey = Survey.get_or_none(Survey.id == survey_id)
    if survey is None:
        raise NotFound(_("That survey no longer exists."))
    base_url = settings.get_profile().survey_base_url
    typed_url = poster_url(base_url, SAMPLE_SHORT_CODE) if kind == CardKind.POSTER else ""
    contents = [CardContent(url=card_url(base_url, new_token()), short_code=SAMPLE_SHORT_CODE,
                            kind=CardKind(kind).value, typed_url=typed_url) for _i in range(count)]
    return contents, card_style(survey, card_language(survey, language), for_complaint=for_complaint)


def _withdraw(actor: Staff, cards: list[SurveyCard]) -> None:
    """Delete cards that were issued but never printed (none can have an answer yet)."""
    ids = [c.id for c in cards]
    with write_transaction():
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            SurveyCard.delete().where(SurveyCard.id.in_(chunk), SurveyCard.answered_at.is_null()).execute()
        audit.record(actor, "surveys.cards_withdrawn", entity="survey", entity_id=cards[0].survey_id,
                     detail={"count": len(ids)})
