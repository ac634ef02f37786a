"""Fixtures for the survey-card UI: a shop with a survey address."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from smallcs import accounts, complaints, settings
from smallcs.models import Category, Complaint, Staff, Survey
from smallcs.models.enums import Channel, Outcome
from smallcs.ui.main_window import MainWindow
from tests.reports.readback import BASE_URL


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Accounts are only actors here: a weak argon2id keeps each test's setup fast."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture(autouse=True)
def _background_work_finishes() -> Iterator[None]:
    """Saving and printing run on the thread pool: none may outlive its test's database."""
    yield
    QThreadPool.globalInstance().waitForDone(20_000)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder to save or print into (the test's database lives in tmp_path itself)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def survey(owner: Staff) -> Survey:
    """The shop's default survey, with the survey address set so cards can be issued."""
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), survey_base_url=BASE_URL))
    return Survey.get()


@pytest.fixture
def resolved(clerk: Staff, survey: Survey) -> Complaint:
    """A complaint the clerk took and resolved at the counter."""
    complaint = complaints.create_complaint(
        clerk, channel=Channel.IN_PERSON, category_id=Category.get(Category.name == "Product defect").id,
        summary="Kettle stopped heating after a week")
    return complaints.resolve(clerk, complaint.id, outcome=Outcome.REPLACEMENT)


def open_main_window(qtbot: QtBot, staff: Staff, db_path: Path, *, width: int) -> Iterator[MainWindow]:
    """The main window for ``staff``, ``width`` x 760 on screen; its quick entry and survey
    server closed after the test (``yield from`` it in a fixture)."""
    win = MainWindow(staff, str(db_path))
    qtbot.add_widget(win)
    win.resize(width, 760)
    win.show()
    qtbot.wait_exposed(win)
    yield win
    if win.quick_entry is not None:
        win.quick_entry.close()
    win.survey_server.shutdown()
