"""Standard wordings and language negotiation."""

from __future__ import annotations

import pytest

from smallcs.surveys import SUPPORTED_LANGUAGES, pick_language
from smallcs.surveys.wordings import KEYS, text


def test_every_language_translates_every_wording() -> None:
    """The catalogs hold each wording; a missing one would show English on a Spanish phone."""
    assert SUPPORTED_LANGUAGES == ("en", "es", "fr", "de", "pt")
    for language in SUPPORTED_LANGUAGES[1:]:
        for key in KEYS:
            assert text(language, key, shop="Zapatería") != text("en", key, shop="Zapatería"), (language, key)
        for key in ("csat", "nps", "ces"):
            assert "Zapatería" in text(language, key, shop="Zapatería")


def test_standard_questions() -> None:
    assert text("en", "csat", shop="Corner Shop") == "How satisfied were you with Corner Shop?"
    assert text("en", "nps", shop="X") == "How likely are you to recommend X to a friend or colleague?"
    assert text("en", "ces", shop="X") == "X made it easy to handle my issue."
    assert text("es", "nps", shop="X").startswith("¿Qué probabilidad")
    assert "ê" in text("fr", "csat", shop="X") and "ü" in text("de", "contact")
    assert "ã" in text("pt", "csat", shop="X")
    assert text("xx", "submit") == "Send"


@pytest.mark.parametrize(("header", "expected"), [
    ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr"),
    ("pt-BR,pt;q=0.9", "pt"),
    ("it-IT, it;q=0.9, es;q=0.5", "es"),
    ("en;q=0.1, de", "de"),
    ("de;q=0, es", "es"),
    ("ja", "en"),
    ("*", "en"),
    ("", "en"),
    (None, "en"),
    ("garbage;;;,,q=x", "en"),
])
def test_pick_language(header: str | None, expected: str) -> None:
    assert pick_language(header, SUPPORTED_LANGUAGES) == expected


def test_pick_language_stays_within_the_surveys_languages() -> None:
    assert pick_language("fr", ["es", "en"]) == "es"
    assert pick_language("fr", []) == "en"
