"""The report after a month ends: offered once per month, written into the chosen folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from smallcs.errors import PermissionDenied, ValidationError
from smallcs.models import AuditEvent, Staff
from smallcs.reports import automatic
from smallcs.reports.automatic import AutoMode
from tests.metrics.builders import add_complaints, complaint_row, local
from tests.reports.monthly_helpers import EARLY_NOVEMBER, words

OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture
def open_in_october(owner: Staff) -> None:
    add_complaints([complaint_row(owner, local(2026, 10, 14))])


def test_the_last_month_is_due_once_the_shop_was_open(owner: Staff, clerk: Staff, open_in_october: None) -> None:
    assert automatic.get_settings().mode == AutoMode.OFFER  # offered by default
    assert automatic.due_month(owner, now=EARLY_NOVEMBER) == OCTOBER
    assert automatic.due_month(clerk, now=EARLY_NOVEMBER) is None  # staff do not make reports
    # Months are cut in the shop's zone: 22:30 UTC on the 31st is still October in Madrid
    # (and September, before the shop opened, is not offered); an hour later October is over.
    assert automatic.due_month(owner, now=dt.datetime(2026, 10, 31, 22, 30)) is None
    assert automatic.due_month(owner, now=dt.datetime(2026, 10, 31, 23, 30)) == OCTOBER


def test_a_shop_with_nothing_before_the_month_ended_is_not_offered(owner: Staff) -> None:
    assert automatic.due_month(owner, now=EARLY_NOVEMBER) is None
    add_complaints([complaint_row(owner, local(2026, 11, 2))])  # the first complaint is in November
    assert automatic.due_month(owner, now=EARLY_NOVEMBER) is None


def test_declining_remembers_the_month(owner: Staff, open_in_october: None) -> None:
    automatic.mark_done(owner, OCTOBER, declined=True)
    assert automatic.due_month(owner, now=EARLY_NOVEMBER) is None
    assert automatic.due_month(owner, now=dt.datetime(2026, 12, 3, 9)) == dt.date(2026, 11, 1)
    assert AuditEvent.select().where(AuditEvent.action == "report.automatic_declined").count() == 1


def test_the_report_is_written_beside_an_earlier_one_and_the_month_done(
    owner: Staff, open_in_october: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smallcs import clock

    monkeypatch.setattr(clock, "utcnow", lambda: EARLY_NOVEMBER)
    earlier = tmp_path / "smallcs-report-2026-10.pdf"
    earlier.write_bytes(b"the owner's annotated copy")
    written = automatic.write_due_report(owner, OCTOBER, tmp_path)
    assert written == tmp_path / "smallcs-report-2026-10 (2).pdf"
    assert earlier.read_bytes() == b"the owner's annotated copy"
    assert "October 2026" in words(written)
    assert automatic.get_settings().last_month == "2026-10"
    assert automatic.due_month(owner, now=EARLY_NOVEMBER) is None


def test_choices_are_checked_and_only_for_managers(owner: Staff, clerk: Staff, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="folder"):
        automatic.save_settings(owner, mode=AutoMode.WRITE, folder="")
    with pytest.raises(ValidationError, match="does not exist"):
        automatic.save_settings(owner, mode=AutoMode.OFFER, folder=str(tmp_path / "missing"))
    with pytest.raises(PermissionDenied):
        automatic.save_settings(clerk, mode=AutoMode.OFF, folder="")
    assert automatic.get_settings() == automatic.AutoReportSettings()  # nothing stored by a refusal
    saved = automatic.save_settings(owner, mode=AutoMode.WRITE, folder=str(tmp_path))
    assert automatic.get_settings() == saved and saved.folder == str(tmp_path)
    automatic.save_settings(owner, mode=AutoMode.OFF, folder=str(tmp_path))
    assert automatic.due_month(owner, now=EARLY_NOVEMBER) is None
