"""``smallcs cards --language``: one language per card, run as a shop owner would."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pypdf
import pytest

from smallcs.models import Staff
from smallcs.models.connection import close_database, open_database
from smallcs.surveys.definitions import get_survey, list_surveys, update_survey
from tests.test_cli import assert_one_line_error, run

OWNER = ("--as", "owner")
PASSWORD = "demo-owner\n"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo shop whose survey is offered in English first, then Spanish."""
    path = tmp_path_factory.mktemp("shop") / "shop.db"
    loaded = run("demo", "--db", str(path), "--months", "1")
    assert loaded.returncode == 0, loaded.stderr
    open_database(str(path))
    try:
        [survey] = list_surveys()
        owner = Staff.get(Staff.username == "owner")
        update_survey(owner, survey.id, dataclasses.replace(get_survey(survey.id).definition, languages=("en", "es")))
    finally:
        close_database()
    return path


def _cards(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM survey_card").fetchone()[0])


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


@pytest.mark.parametrize("language", ["de", "xx", "español"])
def test_a_language_the_survey_lacks_is_refused_and_nothing_is_written(shop: Path, tmp_path: Path,
                                                                        language: str) -> None:
    before = _cards(shop)
    out = tmp_path / "cards.pdf"
    result = run("--db", str(shop), "cards", "--survey", "Customer feedback", "--count", "3", "-o", str(out),
                 "--language", language, *OWNER, stdin=PASSWORD)
    assert_one_line_error(result, 1, f"The survey 'Customer feedback' is not offered in '{language}'."
                                     " Its languages: en (English), es (Español).")
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert _cards(shop) == before


def test_cards_print_in_the_language_asked_for(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "cards.pdf"
    result = run("--db", str(shop), "cards", "--survey", "Customer feedback", "--count", "2", "-o", str(out),
                 "--layout", "receipt-80mm", "--language", "es", *OWNER, stdin=PASSWORD)
    assert result.returncode == 0, result.stderr
    assert "2 cards for 'Customer feedback' in Spanish written to" in result.stdout  # named in the reader's words
    text = _text(out)
    assert text.count("Cuéntenos su experiencia") == 2 and text.count("¿Cuál es su grado de satisfacción") == 2
    assert "Tell us how we did" not in text and "How satisfied" not in text


@pytest.mark.parametrize(("system", "printed", "headline"), [
    # The computer's language, which the survey has (the command speaks it too).
    ("es_ES.UTF-8", "1 tarjeta para «Customer feedback» en español, en el archivo", "Cuéntenos su experiencia"),
    # No German on this survey: its first language (the command speaks German).
    ("de_DE.UTF-8", "1 Karte für „Customer feedback“ auf Englisch in", "Tell us how we did"),
])
def test_without_language_cards_follow_the_computer_when_the_survey_has_its_language(
    shop: Path, tmp_path: Path, system: str, printed: str, headline: str,
) -> None:
    out = tmp_path / "cards.pdf"
    result = run("--db", str(shop), "cards", "--survey", "Customer feedback", "--count", "1", "-o", str(out),
                 *OWNER, stdin=PASSWORD, env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": system})
    assert result.returncode == 0, result.stderr
    assert printed in result.stdout
    assert headline in _text(out)
