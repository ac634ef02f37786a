"""A survey card speaks one language, and its paper part asks everything the phone page asks.

Cards are printed through the real print run (survey, settings, issued cards) and
read back with pdftotext, as a customer would read them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from smallcs import i18n, settings
from smallcs.errors import ValidationError
from smallcs.i18n import translation_for
from smallcs.models import Staff, Survey, SurveyCard
from smallcs.models.enums import Question
from smallcs.reports.cards import (
    CARD_TEXTS,
    LAYOUTS,
    RECEIPT_LAYOUTS,
    REUSABLE_LAYOUTS,
    SHEET_LAYOUTS,
)
from smallcs.reports.print_run import card_language, default_card_language, print_cards
from smallcs.surveys.definitions import get_survey, update_survey
from smallcs.surveys.wordings import SUPPORTED_LANGUAGES
from tests.reports import poppler
from tests.reports.readback import BASE_URL, decode_page, page_sizes
from tests.surveys.conftest import a_complaint

SINGLE_LAYOUTS = (*SHEET_LAYOUTS, *RECEIPT_LAYOUTS)
# What an English card prints around the questions; none of it may reach a Spanish card.
ENGLISH_FRAME = ("Tell us how we did", "Scan the code", "tick the boxes", "Code:", "Comment:", "Yes",
                 "It takes less than a minute", "or open", "Fold here")
ENGLISH_QUESTIONS = ("How satisfied", "recommend", "made it easy", "Very dissatisfied", "Very satisfied",
                     "Not at all likely", "Extremely likely", "Strongly disagree", "Strongly agree",
                     "You may contact me")


@pytest.fixture(scope="module", autouse=True)
def _poppler() -> None:
    poppler.ensure_poppler()


@pytest.fixture
def survey(owner: Staff) -> Survey:
    """The default survey (every question), offered in English first, then Spanish."""
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), survey_base_url=BASE_URL))
    survey = Survey.get()
    _change(owner, survey, languages=("en", "es"))
    return Survey.get_by_id(survey.id)


def _change(actor: Staff, survey: Survey, **changes: object) -> None:
    update_survey(actor, survey.id, dataclasses.replace(get_survey(survey.id).definition, **changes))


def _flat(text: str) -> str:
    """pdftotext's text with its line breaks and runs of spaces as single spaces."""
    return " ".join(text.split())


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_spanish_card_of_an_english_first_survey_is_spanish_throughout(
    manager: Staff, survey: Survey, tmp_path: Path, layout: str,
) -> None:
    assert i18n.current_language() == "en"  # the counter PC shows English
    # a single card printed for a complaint, so it asks every question, "may we contact you?" too
    complaint_id = None if layout in REUSABLE_LAYOUTS else a_complaint(manager)
    run = print_cards(manager, survey_id=survey.id, count=1, layout=layout, output=tmp_path / "es.pdf",
                      language="es", complaint_id=complaint_id)
    assert run.language == "es"
    text = _flat(poppler.text(run.path))

    if layout in REUSABLE_LAYOUTS:
        expected = ["Cuéntenos su experiencia", "Escanee el código", "o abra"]
    else:
        card = SurveyCard.get()
        expected = ["Cuéntenos su experiencia", "Escanee el código", "marque las casillas",
                    f"Código: {card.short_code[:4]}-{card.short_code[4:]}", "Comentario:",
                    "¿Cuál es su grado de satisfacción con Corner Shop?",
                    "¿Qué probabilidad hay de que recomiende Corner Shop a un amigo o colega?",
                    "Corner Shop me facilitó resolver mi problema.",
                    "1 = Muy insatisfecho", "5 = Muy satisfecho", "0 = Nada probable", "10 = Muy probable",
                    "1 = Totalmente en desacuerdo", "7 = Totalmente de acuerdo",
                    "Pueden contactarme sobre mis respuestas.", "Sí", "No"]
    if layout == "table-tent":
        expected.append("Doblar aquí")
    missing = [words for words in expected if words not in text]
    english = [words for words in (*ENGLISH_FRAME, *ENGLISH_QUESTIONS) if words in text]
    assert missing == [] and english == []
    codes = 2 if layout == "table-tent" else 1
    assert decode_page(run.path, 0, dpi=203 if layout in RECEIPT_LAYOUTS else 150) == \
        [f"{BASE_URL}/s/{run.cards[0].token}"] * codes


@pytest.mark.parametrize("layout", SINGLE_LAYOUTS)
def test_the_paper_part_asks_what_the_survey_asks(owner: Staff, manager: Staff, survey: Survey, tmp_path: Path,
                                                  layout: str) -> None:
    everything = _flat(poppler.text(print_cards(manager, survey_id=survey.id, count=1, layout=layout,
                                                output=tmp_path / "all.pdf", language="en",
                                                complaint_id=a_complaint(manager)).path))
    for words in ("How satisfied were you with Corner Shop?", "1 = Very dissatisfied", "5 = Very satisfied",
                  "0 = Not at all likely", "10 = Extremely likely", "1 = Strongly disagree", "7 = Strongly agree",
                  "You may contact me about my answers.", "Yes", "No", "Comment:"):
        assert words in everything

    # A card for no one in particular: the shop could not call back, so it does not ask.
    anyone = _flat(poppler.text(print_cards(manager, survey_id=survey.id, count=1, layout=layout,
                                            output=tmp_path / "anyone.pdf", language="en").path))
    assert "How satisfied were you with Corner Shop?" in anyone and "You may contact me" not in anyone

    # Without "may we contact you?" and NPS: no contact boxes, no 0-10 scale or its ends.
    _change(owner, survey, questions=(Question.CSAT, Question.CES, Question.COMMENT))
    fewer = _flat(poppler.text(print_cards(manager, survey_id=survey.id, count=1, layout=layout,
                                           output=tmp_path / "fewer.pdf", language="en",
                                           complaint_id=a_complaint(manager)).path))
    for words in ("1 = Very dissatisfied", "5 = Very satisfied", "1 = Strongly disagree", "7 = Strongly agree"):
        assert words in fewer
    for words in ("You may contact me", "Yes", "No", "recommend", "Not at all likely", "Extremely likely", " 10 "):
        assert words not in fewer


def test_an_english_app_on_a_german_pc_prints_german_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app follows a German PC; set to English (for whoever chose it), its cards still print in
    German, which the shop's customers read."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "de_AT.UTF-8")
    i18n.set_language(None)
    assert i18n.current_language() == "de"
    assert default_card_language(("en", "es", "de")) == "de"
    i18n.set_language("en")  # chosen in Settings
    assert default_card_language(("en", "es", "de")) == "de"
    assert default_card_language(("en", "es")) == "en"  # no German on this survey: the app's language
    i18n.set_language("es")  # chosen in Settings: the app's language, which the survey has
    assert default_card_language(("en", "es", "de")) == "es"


def test_without_a_choice_cards_follow_the_app_when_the_survey_has_its_language(
    owner: Staff, manager: Staff, survey: Survey, tmp_path: Path,
) -> None:
    assert default_card_language(("en", "es")) == "en"
    i18n.set_language("es")
    assert default_card_language(("en", "es")) == "es"
    spanish = print_cards(manager, survey_id=survey.id, count=1, layout="a4", output=tmp_path / "es.pdf")
    assert spanish.language == "es" and "Cuéntenos su experiencia" in poppler.text(spanish.path)

    # A survey without the app's language prints in its own first language.
    _change(owner, survey, languages=("fr", "en"))
    assert default_card_language(("fr", "en")) == "fr"
    french = print_cards(manager, survey_id=survey.id, count=1, layout="receipt-80mm", output=tmp_path / "fr.pdf")
    assert french.language == "fr"
    assert "satisfait(e) de Corner Shop" in _flat(poppler.text(french.path))


@pytest.mark.parametrize("asked", ["it", "ES-419", "", "<b>x</b>"])
def test_a_language_the_survey_lacks_is_refused_before_anything_is_issued(
    manager: Staff, survey: Survey, tmp_path: Path, asked: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValidationError) as refused:
        print_cards(manager, survey_id=survey.id, count=3, layout="a4", output=out / "cards.pdf", language=asked)
    assert str(refused.value).endswith("Its languages: en (English), es (Español).")
    assert SurveyCard.select().count() == 0
    assert list(out.iterdir()) == []
    assert card_language(survey, " ES ") == "es"  # typed loosely, still the survey's Spanish


@pytest.mark.parametrize("language", [code for code in SUPPORTED_LANGUAGES if code != "en"])
def test_every_text_a_card_prints_is_translated_into_each_survey_language(language: str) -> None:
    """Otherwise a card in that language falls back to English around its questions."""
    catalog = translation_for(language)
    # The few texts a language writes as English does.
    same = {("es", "No"), ("de", "Code: {code}")}
    untranslated = [text for text in CARD_TEXTS
                    if catalog.gettext(text) == text and (language, text) not in same]
    assert untranslated == []


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("layout", SINGLE_LAYOUTS)
def test_every_text_of_a_card_stays_in_its_room(manager: Staff, survey: Survey, owner: Staff, tmp_path: Path,
                                                language: str, layout: str) -> None:
    """No word runs off the card, over another word or over the comment line; none is cut short."""
    _change(owner, survey, languages=SUPPORTED_LANGUAGES)
    run = print_cards(manager, survey_id=survey.id, count=1, layout=layout, output=tmp_path / "c.pdf",
                      language=language)
    words = [word for word in poppler.words(run.path) if word.page == 0]
    [(width, _height)] = page_sizes(run.path)
    card_right = width / 2 if layout in SHEET_LAYOUTS else width  # a sheet's first card is its top left one
    assert [word.text for word in words if not 0 < word.left < word.right < card_right] == []
    assert [word.text for word in words if "…" in word.text] == [], "a text was shortened to fit"
    overlapping = [(a.text, b.text) for i, a in enumerate(words) for b in words[i + 1:] if _overlap(a, b)]
    assert overlapping == []
    # The comment line comes last: everything else is printed above it ("Commentaire :" is two words).
    [comment] = [word for word in words if word.text.lower().startswith(_COMMENT_WORDS)]
    below = [word.text for word in words if word.bottom > comment.top + 0.5 and abs(word.top - comment.top) > 1]
    assert below == []


_COMMENT_WORDS = ("comment", "comentario", "commentaire", "kommentar", "comentário")


def _overlap(a: poppler.Word, b: poppler.Word) -> bool:
    """Whether two words' ink overlaps (their boxes less the font's spare room above and below)."""
    def core(word: poppler.Word) -> tuple[float, float, float, float]:
        trim = (word.bottom - word.top) * 0.2
        return word.left + 0.2, word.top + trim, word.right - 0.2, word.bottom - trim
    a_left, a_top, a_right, a_bottom = core(a)
    b_left, b_top, b_right, b_bottom = core(b)
    return a_left < b_right and b_left < a_right and a_top < b_bottom and b_top < a_bottom
