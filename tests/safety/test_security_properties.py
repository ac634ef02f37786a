"""The claims of docs/security.md that tests can check: private files, unguessable tokens.

SQLite only (file modes are a property of the local files); every test asks for
``db_path`` so the safety folder's PostgreSQL parametrisation leaves it alone.
The survey server's routes are checked in ``test_role_matrix.py``.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import logging.handlers
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smallcs import backup, log, paths
from smallcs.models import Staff, SurveyCard
from smallcs.models.connection import close_database, open_database
from smallcs.models.enums import CardKind
from smallcs.surveys import cards
from smallcs.surveys.cards import find_card, issue_cards, look_up_card, new_token
from smallcs.surveys.signing import form_secret

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_URL_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """The most common umask on Linux and macOS: new files readable by everyone."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


# --- files: database, WAL, backups, logs, folders ------------------------------------------------


def test_a_new_database_and_its_wal_files_are_readable_by_the_user_only(
    permissive_umask: None, tmp_path: Path,
) -> None:
    target = tmp_path / "new-shop.db"
    db = open_database(target)
    try:
        db.execute_sql("CREATE TABLE probe (x)")  # a write, so the WAL is in use
        db.execute_sql("INSERT INTO probe VALUES (1)")
        wal, shm = Path(f"{target}-wal"), Path(f"{target}-shm")
        assert wal.exists() and shm.exists()
        assert {p.name: _mode(p) for p in (target, wal, shm)} == {
            p.name: PRIVATE_FILE for p in (target, wal, shm)}
    finally:
        close_database()


def test_the_database_opened_through_a_sqlite_url_is_private(permissive_umask: None, tmp_path: Path) -> None:
    target = tmp_path / "by-url.db"
    open_database(f"sqlite:///{target}")
    close_database()
    assert _mode(target) == PRIVATE_FILE


def test_backups_scheduled_copies_and_restores_are_private(
    permissive_umask: None, owner: Staff, db_path: Path, tmp_path: Path,
) -> None:
    folder = tmp_path / "usb-stick"
    folder.mkdir()
    by_hand = backup.write_backup(folder / "by-hand.db", actor=owner)
    scheduled = backup.scheduled_backup(folder, keep=3, now=dt.datetime(2026, 3, 1, 12))
    close_database()
    kept = backup.restore_database(db_path, by_hand.path)
    fresh = tmp_path / "new-pc" / "restored.db"  # restoring onto a PC with no database yet
    fresh.parent.mkdir()
    backup.restore_database(fresh, scheduled.path)
    files = [by_hand.path, scheduled.path, kept, db_path, fresh]
    assert {p.name: _mode(p) for p in files} == {p.name: PRIVATE_FILE for p in files}
    assert not list(folder.glob("*.partial"))


@pytest.fixture
def file_logging() -> Iterator[None]:
    """Undo ``setup_logging``: its handler and level on the ``smallcs`` logger."""
    root = logging.getLogger("smallcs")
    before, level = list(root.handlers), root.level
    try:
        yield
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)


def test_survey_card_pdfs_are_private(permissive_umask: None, owner: Staff, db_path: Path, tmp_path: Path) -> None:
    """They carry the cards' tokens: another account on the PC must not read them and answer."""
    from dataclasses import replace

    from smallcs import settings
    from smallcs.models import Survey
    from smallcs.reports.print_run import print_cards

    settings.save_profile(owner, replace(settings.get_profile(), survey_base_url="http://192.168.1.20:8765"))
    survey = Survey.select().first()
    run = print_cards(owner, survey_id=survey.id, count=2, layout="a4", output=tmp_path / "cards.pdf")
    assert run.path.read_bytes().startswith(b"%PDF")
    assert _mode(run.path) == PRIVATE_FILE


def test_the_log_file_and_its_rotations_are_private(permissive_umask: None, file_logging: None) -> None:
    before = list(logging.getLogger("smallcs").handlers)
    path = log.setup_logging(logging.INFO)
    assert path is not None and path == log.log_file()
    handler = next(h for h in logging.getLogger("smallcs").handlers if h not in before)
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    logging.getLogger("smallcs.test").info("first line")
    assert _mode(path) == PRIVATE_FILE
    handler.doRollover()  # the file after a rotation is created afresh
    logging.getLogger("smallcs.test").info("after rotation")
    rotated = path.with_name(path.name + ".1")
    assert {p.name: _mode(p) for p in (path, rotated)} == {p.name: PRIVATE_FILE for p in (path, rotated)}
    assert "first line" in rotated.read_text(encoding="utf-8")
    assert "after rotation" in path.read_text(encoding="utf-8")
    assert log.setup_logging(logging.INFO) == path  # a second set-up adds no second handler
    assert len(logging.getLogger("smallcs").handlers) == len(before) + 1


def test_a_log_file_left_readable_by_an_older_version_is_made_private(
    permissive_umask: None, file_logging: None,
) -> None:
    path = log.log_file()
    path.write_text("old line\n", encoding="utf-8")
    path.chmod(0o644)
    log.setup_logging(logging.INFO)
    assert _mode(path) == PRIVATE_FILE
    assert path.read_text(encoding="utf-8").startswith("old line\n")  # appended to, not emptied


def test_the_per_user_folders_are_created_private(permissive_umask: None) -> None:
    assert _mode(paths.data_dir()) == PRIVATE_DIR
    assert _mode(paths.log_dir()) == PRIVATE_DIR


# --- survey card tokens ---------------------------------------------------------------------------


def test_issued_tokens_are_unique_url_safe_and_carry_128_random_bits(owner: Staff, db_path: Path) -> None:
    issued = issue_cards(owner, survey_id=1, count=1000)
    tokens = [card.token for card in issued]
    assert len(set(tokens)) == 1000
    assert len({t[:11] for t in tokens}) == 1000  # no shared prefix, not a counter
    for token in tokens:
        assert _URL_SAFE.match(token), token
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) * 8 >= 128
    # Fresh tokens beyond one batch: the generator itself, 1,000 more.
    more = [new_token() for _i in range(1000)]
    assert len(set(more) | set(tokens)) == 2000


def test_tokens_are_not_derived_from_the_card_or_the_time(owner: Staff, db_path: Path) -> None:
    first, second = issue_cards(owner, survey_id=1, count=2)
    assert first.id + 1 == second.id and first.created_at == second.created_at
    differing_bits = sum(
        (a ^ b).bit_count()
        for a, b in zip(base64.urlsafe_b64decode(first.token + "=="),
                        base64.urlsafe_b64decode(second.token + "=="), strict=True))
    assert differing_bits > 20  # two consecutive cards share nothing guessable


def test_token_lookup_compares_the_token_in_constant_time(
    owner: Staff, db_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    card = issue_cards(owner, survey_id=1, count=1)[0]
    seen: list[tuple[bytes, bytes]] = []
    real = cards.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(cards.hmac, "compare_digest", spy)
    found = find_card(card.token)
    assert found is not None and found.id == card.id
    assert seen == [(card.token.encode(), card.token.encode())]


def test_only_the_exact_token_finds_a_card(owner: Staff, db_path: Path) -> None:
    card = issue_cards(owner, survey_id=1, count=1, kind=CardKind.POSTER)[0]
    token = card.token
    swapped = token.swapcase()
    near_misses = [
        token[:-1], token + "A", token[1:], " " + token, token + "\n", token.upper(), token.lower(),
        swapped, token[:-1] + ("A" if token[-1] != "A" else "B"), token + "%", token.replace("-", "+"),
        token + "' OR '1'='1", "%" * 22, "_" * 22, "*", "", card.short_code,
    ]
    for attempt in near_misses:
        if attempt == token:
            continue
        assert find_card(attempt) is None, attempt
        assert look_up_card(attempt).state == cards.CardState.UNKNOWN, attempt
    assert find_card(token) is not None


def test_a_token_of_the_wrong_shape_is_refused_before_the_database_is_asked(
    owner: Staff, db_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_query(*_args: object) -> object:
        raise AssertionError("the database was asked")

    monkeypatch.setattr(SurveyCard, "raw", no_query)
    for attempt in ["", "short", "x" * 65, "a/b" * 8, "é" * 22, "tok en" * 4, "\x00" * 22]:
        assert find_card(attempt) is None


def test_the_form_signing_secret_is_256_random_bits_kept_in_the_database(owner: Staff, db_path: Path) -> None:
    secret = form_secret()
    assert len(secret) == 32
    close_database()
    open_database(db_path)  # a restarted server signs with the same secret
    assert form_secret() == secret
