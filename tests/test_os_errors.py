"""A refusal from the operating system reads in the user's language, not in the C library's English."""

from __future__ import annotations

import dataclasses
import errno
from collections.abc import Iterator
from pathlib import Path

import pytest

from smallcs import backup, i18n, settings
from smallcs.errors import DatabaseError, ValidationError
from smallcs.models import Staff, Survey, SurveyCard
from smallcs.models.connection import open_database
from smallcs.os_errors import os_error_reason
from smallcs.reports.print_run import print_cards
from smallcs.surveys.csv_import import preview_import


@pytest.fixture
def spanish() -> Iterator[None]:
    i18n.set_language("es")
    yield
    i18n.set_language("en")


def test_the_usual_causes_are_said_in_the_language(spanish: None) -> None:
    assert os_error_reason(FileNotFoundError(errno.ENOENT, "No such file or directory")) == \
        "no existe ese archivo o carpeta"
    assert os_error_reason(PermissionError(errno.EACCES, "Permission denied")) == "permiso denegado"
    assert os_error_reason(OSError(errno.ENOSPC, "No space left on device")) == "el disco está lleno"


def test_another_cause_keeps_the_systems_words() -> None:
    assert os_error_reason(OSError(errno.ELOOP, "Too many levels of symbolic links")) == \
        "Too many levels of symbolic links"
    assert os_error_reason(OSError("no errno at all")) == "no errno at all"


def test_a_missing_csv_is_refused_in_spanish(spanish: None, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as refused:
        preview_import(tmp_path / "respuestas.csv")
    assert str(refused.value) == "No se puede leer respuestas.csv: no existe ese archivo o carpeta."


def test_a_database_in_a_missing_folder_is_refused_in_spanish(spanish: None, tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as refused:
        open_database(tmp_path / "no-such-folder" / "tienda.db")
    assert str(refused.value) == f"La carpeta {tmp_path / 'no-such-folder'} no existe."
    assert not (tmp_path / "no-such-folder").exists()


def test_a_database_path_that_is_a_folder_is_refused_in_spanish(spanish: None, tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as refused:
        open_database(tmp_path)
    assert str(refused.value) == f"{tmp_path} es una carpeta, no un archivo de base de datos."


def test_a_backup_that_cannot_be_written_says_why_and_leaves_nothing(owner: Staff, tmp_path: Path) -> None:
    """As on a write-protected USB stick, where the half-written file cannot even be removed: a
    folder stands where it would go. The reason is told, not "unexpected error", and nothing changes."""
    blocked = tmp_path / "backup.db.partial"
    blocked.mkdir()
    with pytest.raises(ValidationError) as refused:
        backup.write_backup(tmp_path / "backup.db", actor=owner)
    assert str(refused.value) == (f"The backup could not be written to {tmp_path / 'backup.db'}: "
                                  "that is a folder, not a file")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("backup")) == ["backup.db.partial"]
    assert blocked.is_dir()


def test_cards_that_cannot_be_written_say_why_and_issue_none(owner: Staff, tmp_path: Path) -> None:
    (tmp_path / "cards.pdf.partial").mkdir()
    survey = Survey.get()
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), survey_base_url="http://192.168.1.20:8765"))
    with pytest.raises(ValidationError) as refused:
        print_cards(owner, survey_id=survey.id, count=3, layout="a4", output=tmp_path / "cards.pdf")
    assert str(refused.value).endswith(": that is a folder, not a file")
    assert not (tmp_path / "cards.pdf").exists()
    assert SurveyCard.select().count() == 0  # no card exists that was never printed
