"""Labels and field names as the counter reads them, in German too (whose nouns keep their capitals)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smallcs import i18n
from smallcs.complaints import labels
from smallcs.complaints.common import clean_text
from smallcs.errors import ValidationError
from smallcs.models.enums import Status


@pytest.fixture
def german() -> Iterator[None]:
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def test_a_status_label_starts_with_a_capital_and_keeps_the_rest_as_written(german: None) -> None:
    """German nouns keep their capitals ("In Bearbeitung", not "In bearbeitung")."""
    assert labels.status(Status.IN_PROGRESS) == "In Bearbeitung"
    assert labels.status(Status.WAITING_ON_CUSTOMER) == "Wartet auf Kunden"


def test_english_status_labels_read_as_sentences() -> None:
    assert labels.status(Status.IN_PROGRESS) == "In progress"


def test_a_missing_text_is_named_as_the_form_shows_it(german: None) -> None:
    """The catalogs quote the field's name: German keeps its capital („Begründung“)."""
    with pytest.raises(ValidationError) as caught:
        clean_text("  ", field="reason", label=i18n._("Reason"), required=True)
    assert str(caught.value) == f"Füllen Sie das Feld „{i18n._('Reason')}“ aus."
    assert i18n._("Reason")[0].isupper()


def test_in_english_a_missing_text_reads_as_a_sentence() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_text("", field="reason", label=i18n._("Reason"), required=True)
    assert str(caught.value) == "Enter the reason."
