"""The report's table column titles wrap only between words, in every language and on both paper sizes.

Read back from the PDF: every word of every column title is printed whole,
never split across lines ("Puntua / ción", "Respuest- / as").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gettext
from collections.abc import Iterator
from pathlib import Path

import pytest

from smallcs import demo, i18n, locale_format, settings
from smallcs.models import Staff
from smallcs.models.connection import close_database, open_database
from smallcs.reports.monthly import build_monthly_report
from tests.reports.monthly_helpers import words

GENERATED = dt.datetime(2026, 11, 20, 12)

# The column titles of the report's tables: most frequent complaints, survey scores, staff, goals.
TITLES = ("Category", "This month", "Last month", "Change",
          "Measure", "Score", "Answers", "{level} interval", "Note",
          "Staff member", "New", "Resolved", "First contact", "CSAT after a complaint",
          "Goal", "Progress", "Status")  # the goals' "This month" is the first table's

# A goal's status, printed in a narrow column.
GOAL_STATUSES = ("✓ Achieved", "On track", "Behind", "No data yet")


def _title(title: str) -> str:
    """A column title as printed (the interval's level is a percentage in the reader's locale)."""
    return i18n._(title).format(level=locale_format.percent(95))

# German is the longest of the usual languages, and makes long compound words.
GERMAN = {"Category": "Beschwerdekategorie", "This month": "Dieser Monat", "Last month": "Vormonat",
          "Change": "Veränderung", "Measure": "Kennzahl", "Score": "Punktzahl", "Answers": "Antworten",
          "{level} interval": "{level}-Konfidenzintervall", "Note": "Anmerkung", "Staff member": "Mitarbeitende",
          "New": "Neueingänge", "Resolved": "Erledigte", "First contact": "Erstkontaktlösungsquote",
          "CSAT after a complaint": "CSAT nach Beschwerdebearbeitung", "Goal": "Zielvorgabe",
          "Progress": "Fortschritt", "Status": "Bearbeitungsstatus"}


class _German(gettext.NullTranslations):
    """The column titles in German; every other text stays English."""

    def gettext(self, message: str) -> str:
        return GERMAN.get(message, message)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)


@pytest.fixture
def demo_shop(tmp_path: Path) -> Iterator[Path]:
    """Two months of the demo shop (complaints, answers, staff and goals), in a real SQLite file."""
    open_database(tmp_path / "shop.db")
    try:
        demo.load_demo(months=2, scale=1, seed=7, today=dt.date(2026, 11, 20))
        yield tmp_path
    finally:
        close_database()


def _use_paper(page_size: str) -> None:
    owner = Staff.get(Staff.username == "owner")
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), page_size=page_size))


def split_words(text: str, titles: list[str], *, printed: bool = True) -> list[str]:
    """The title words printed in pieces on consecutive lines in ``text`` (or, if ``printed``, never whole)."""
    tokens = text.split()
    problems = []
    for word in {word for title in titles for word in title.split() if len(word) > 1}:
        if printed and word not in tokens:
            problems.append(f"{word!r} is never printed whole")
        for start in range(len(tokens)):
            joined = tokens[start]
            for end in range(start + 1, min(start + 6, len(tokens))):
                joined = joined.rstrip("-\u2010\u00ad") + tokens[end]
                if joined == word:
                    problems.append(f"{word!r} printed as {' / '.join(tokens[start:end + 1])}")
                if not word.startswith(joined):
                    break
    return sorted(problems)


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_spanish_column_titles_wrap_only_between_words(demo_shop: Path, page_size: str) -> None:
    _use_paper(page_size)
    i18n.set_language("es")
    try:
        path = build_monthly_report("2026-10", demo_shop / "octubre.pdf", actor=None, now=GENERATED)
        spanish = [_title(title) for title in TITLES]
        statuses = [i18n._(status) for status in GOAL_STATUSES]
    finally:
        i18n.set_language("en")
    assert "Puntuación" in spanish and "Respuestas" in spanish  # the titles really are Spanish
    text = words(path)
    assert split_words(text, spanish) == []
    assert split_words(text, statuses, printed=False) == []


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_english_column_titles_wrap_only_between_words(demo_shop: Path, page_size: str) -> None:
    _use_paper(page_size)
    path = build_monthly_report("2026-10", demo_shop / "october.pdf", actor=None, now=GENERATED)
    assert split_words(words(path), [_title(title) for title in TITLES]) == []


def test_long_german_compound_titles_are_never_split(demo_shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Words too long for the columns together: the titles get smaller rather than broken."""
    monkeypatch.setattr(i18n, "_translation", _German())
    path = build_monthly_report("2026-10", demo_shop / "oktober.pdf", actor=None, now=GENERATED)
    text = words(path)
    assert "Erstkontaktlösungsquote" in text and "Bearbeitungsstatus" in text
    assert split_words(text, [_title(title) for title in GERMAN]) == []
