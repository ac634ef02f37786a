"""Every text of the survey page and of the monthly report goes through the catalog (issue #8).

As ``test_translations.py`` does for the desktop: a pseudo-translation wraps
every catalog text in ⟪ ⟫, so a text that shows without them bypassed gettext.
What the shop and its customers typed (names, comments, the shop's own
thank-you text), numbers and CLDR's dates are data, not the app's words.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from flask.testing import FlaskClient

from smallcs import clock, demo, i18n, settings
from smallcs.models import Category, Goal, Staff, Survey, SurveyCard, SurveyResponse
from smallcs.models.enums import CardKind
from smallcs.reports.monthly import build_monthly_report
from smallcs.surveys import issue_cards
from smallcs.surveys import wordings as survey_wordings
from smallcs.surveys.definitions import SurveyDefinition, get_survey, update_survey
from smallcs.surveys.wordings import LANGUAGE_NAMES
from tests.reports import poppler
from tests.test_translations import (  # noqa: F401
    CLOSE,
    NOT_WORDS,
    OPEN,
    _pseudo_translation,
    template,
)
from tests.web.conftest import app, card, client, limiter, nonce_of, survey  # noqa: F401  (fixtures)

# Two letters of any alphabet: a word, where digits, signs and punctuation are not.
WORD = re.compile(r"[^\W\d_]{2,}")
PSEUDO = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")


def _left_over(text: str, data: Iterable[str]) -> str:
    """``text`` without its pseudo-translated parts (innermost first) and without the data in it."""
    text = " ".join(text.split())
    while True:
        shorter = PSEUDO.sub(" ", text)
        if shorter == text:
            break
        text = shorter
    for known in sorted(data, key=len, reverse=True):
        text = text.replace(" ".join(known.split()), " ")
    return text


def _untranslated(texts: Iterable[tuple[str, str]], data: set[str]) -> list[tuple[str, str]]:
    return [(where, text) for where, text in texts if WORD.search(_left_over(text, data))]


# --- The survey page ---------------------------------------------------------------------

SHOP = "Corner Shop"
THANK_YOU = "Thanks from all of us at the counter!"
PAGE_LANGUAGE = "es"
HEARD = ("aria-label", "title", "alt", "placeholder")


class _Texts(HTMLParser):
    """What a visitor sees or a screen reader says: text nodes (the style sheet aside) and labelling attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._tags: list[str] = []
        self.extra_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tags.append(tag)
        values = dict(attrs)
        self.found += [(f"<{tag} {name}>", values[name] or "") for name in HEARD if name in values]

    def handle_endtag(self, tag: str) -> None:
        while self._tags and self._tags.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if data.strip() and "style" not in self._tags:
            self.found.append((f"<{self._tags[-1] if self._tags else ''}>", data.strip()))


def _page_texts(html: str) -> list[tuple[str, str]]:
    parser = _Texts()
    parser.feed(html)
    return parser.found


@pytest.fixture
def pseudo_survey_page(template: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """The customer's Spanish is the pseudo-translation; the counter's language stays English, so a
    page text taken from the app's language instead of the customer's shows unwrapped too."""
    pseudo = _pseudo_translation(template)
    real = survey_wordings.translation_for
    monkeypatch.setattr(survey_wordings, "translation_for",
                        lambda language: pseudo if language == PAGE_LANGUAGE else real(language))


def _visit(client: FlaskClient, method: str, path: str, **kwargs: object) -> tuple[int, str]:  # noqa: F811
    response = client.open(path, method=method, headers={"Accept-Language": PAGE_LANGUAGE}, **kwargs)
    html = response.get_data(as_text=True)
    if response.status_code not in (303,):
        assert f'<html lang="{PAGE_LANGUAGE}">' in html, path
        assert response.headers["Content-Language"] == PAGE_LANGUAGE
    return response.status_code, html


def _answers(client: FlaskClient, token: str, **values: str) -> dict[str, str]:  # noqa: F811
    _status, html = _visit(client, "GET", f"/s/{token}")
    return {"nonce": nonce_of(html), "lang": PAGE_LANGUAGE, **values}


@pytest.mark.usefixtures("pseudo_survey_page")
def test_every_text_of_the_survey_pages_goes_through_the_catalog(
    client: FlaskClient, owner: Staff, survey: Survey, card: SurveyCard,  # noqa: F811
) -> None:
    info = get_survey(survey.id)
    update_survey(owner, survey.id, SurveyDefinition(name=info.definition.name, questions=info.definition.questions,
                                                     languages=info.definition.languages, thank_you_text=THANK_YOU))
    token = card.token
    pages: dict[str, tuple[int, str]] = {"form": _visit(client, "GET", f"/s/{token}")}
    for name, values in (("nothing answered", {"comment": "   "}), ("score out of range", {"nps": "11"}),
                         ("comment too long", {"comment": "x" * 2001})):
        pages[name] = _visit(client, "POST", f"/s/{token}", data=_answers(client, token, **values))
    pages["stale form"] = _visit(client, "POST", f"/s/{token}", data={"nonce": "1.x", "csat": "4"})
    pages["too large"] = _visit(client, "POST", f"/s/{token}",
                                data=_answers(client, token, comment="x" * (1024 * 1024)))
    sent, _html = _visit(client, "POST", f"/s/{token}",
                         data=_answers(client, token, csat="5", comment="Muy amables"))
    assert sent == 303
    pages["thank you"] = _visit(client, "GET", f"/s/{token}/thanks?lang={PAGE_LANGUAGE}")
    pages["already answered"] = _visit(client, "GET", f"/s/{token}")
    pages["unknown card"] = _visit(client, "GET", "/s/NoSuchTokenAnywhere12")
    pages["no such page"] = _visit(client, "GET", "/admin")
    pages["wrong method"] = _visit(client, "DELETE", f"/s/{token}")
    [expired] = issue_cards(owner, survey_id=survey.id, count=1)
    SurveyCard.update(expires_at=clock.utcnow() - dt.timedelta(days=1)).where(SurveyCard.id == expired.id).execute()
    pages["expired"] = _visit(client, "GET", f"/s/{expired.token}")
    [poster] = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)
    for _n in range(6):  # the test's limiter takes 5 answers from one device
        status, html = _visit(client, "POST", f"/s/{poster.token}", data=_answers(client, poster.token, csat="4"))
    pages["rate limited"] = (status, html)

    assert {name: status for name, (status, _html) in pages.items()} == {
        "form": 200, "nothing answered": 400, "score out of range": 400, "comment too long": 400,
        "stale form": 400, "too large": 413, "thank you": 200, "already answered": 200, "unknown card": 404,
        "no such page": 404, "wrong method": 405, "expired": 410, "rate limited": 429}
    data = {SHOP, THANK_YOU, "x" * 2001, *LANGUAGE_NAMES.values()} | NOT_WORDS
    problems = {name: _untranslated(_page_texts(html), data) for name, (_status, html) in pages.items()}
    assert {name: found for name, found in problems.items() if found} == {}
    # Every page's own words are the customer's language (wrapped), the shop's name inside them.
    assert all(OPEN in html for _status, html in pages.values())
    form = pages["form"][1]
    assert f"{OPEN}How satisfied were you with {SHOP}?{CLOSE}" in form
    # The shop's thank-you text is its own words, in the survey's first language, marked as such.
    assert f'<p lang="en">{THANK_YOU}</p>' in pages["thank you"][1]


# --- The monthly report ------------------------------------------------------------------

@pytest.fixture
def pseudo_app_language(template: Catalog, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # noqa: F811
    monkeypatch.setattr(i18n, "_translation", _pseudo_translation(template))
    yield


def _report_data(owner: Staff) -> set[str]:
    """What the shop and its customers typed, and names that are not words (CLDR's dates, time zones)."""
    from babel.dates import get_day_names, get_month_names, get_period_names

    profile = settings.get_profile()
    data = {profile.name, profile.address, profile.currency, *NOT_WORDS} | zoneinfo.available_timezones()
    data |= {s.display_name for s in Staff.select()} | {c.name for c in Category.select()}
    data |= {s.name for s in Survey.select()} | {g.note for g in Goal.select() if g.note}
    data |= {r.comment.strip() for r in SurveyResponse.select() if r.comment.strip()}
    language = i18n.current_language()
    for names in (get_month_names("abbreviated", locale=language), get_month_names("wide", locale=language),
                  get_day_names("abbreviated", locale=language), get_period_names(locale=language)):
        data |= set(names.values())
    return data


@pytest.mark.usefixtures("pseudo_app_language")
def test_every_text_of_the_monthly_report_goes_through_the_catalog(owner: Staff, tmp_path: Path) -> None:
    poppler.ensure_poppler()
    demo.load_demo(months=2, scale=1, today=dt.date(2026, 11, 30), owner=owner)
    out = build_monthly_report("2026-11", tmp_path / "report.pdf", actor=owner, now=dt.datetime(2026, 12, 2, 9))
    text = poppler.text(out)
    assert text.count(OPEN) > 100
    pages = text.split("\f")
    assert len(pages) >= 4 and all(OPEN in page for page in pages if page.strip())
    data = _report_data(owner)
    lines = [(f"page {number}", " ".join(page.split())) for number, page in enumerate(pages, start=1)]
    assert _untranslated(lines, data) == []
    # Line by line too, where a text cut short ("…") lost its closing mark and would hide what follows.
    cut = [(f"page {number}", line) for number, page in enumerate(pages, start=1) for line in page.splitlines()
           if OPEN in line and CLOSE not in line.split(OPEN)[-1] and "…" in line]
    assert cut == []
