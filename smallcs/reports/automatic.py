"""The monthly report after a month ends: offered at the first start, or just written.

A shop chooses what happens when a month is over: the app offers to write its
report (the default), writes it into a chosen folder by itself, or does nothing.
The last month dealt with (written or declined) is remembered, so each month is
offered once, and a month before the shop had any complaint or answer is never
offered at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import os
from pathlib import Path
from typing import TYPE_CHECKING

from smallcs import audit, clock, settings
from smallcs.errors import ValidationError
from smallcs.i18n import _
from smallcs.metrics import Period
from smallcs.models import Complaint, Staff, SurveyResponse, write_transaction
from smallcs.permissions import allowed, require

if TYPE_CHECKING:
    from smallcs.reports.monthly import Progress

SETTINGS_KEY = "reports.automatic"


class AutoMode(enum.StrEnum):
    """What the app does at the first start after a month ends."""

    OFFER = "offer"
    WRITE = "write"
    OFF = "off"


@dataclasses.dataclass(frozen=True)
class AutoReportSettings:
    """The shop's choice, the folder the reports go into and the last month dealt with."""

    mode: AutoMode = AutoMode.OFFER
    folder: str = ""
    last_month: str = ""  # "YYYY-MM"


def get_settings() -> AutoReportSettings:
    """The stored choice (defaults for anything never set or no longer understood)."""
    stored = settings.get_value(SETTINGS_KEY, {})
    try:
        mode = AutoMode(stored.get("mode", AutoMode.OFFER))
    except ValueError:
        mode = AutoMode.OFFER
    return AutoReportSettings(mode=mode, folder=str(stored.get("folder", "")),
                              last_month=str(stored.get("last_month", "")))


def _store(new: AutoReportSettings) -> None:
    settings.put_value(SETTINGS_KEY, {"mode": new.mode.value, "folder": new.folder,
                                      "last_month": new.last_month})


def save_settings(actor: Staff, *, mode: AutoMode, folder: str) -> AutoReportSettings:
    """Store what happens after a month ends (manager or owner).

    Raises:
        PermissionDenied: the actor may not make reports.
        ValidationError: writing by itself needs a folder that exists and can be written.
    """
    require(actor, "report.generate")
    folder = folder.strip()
    if mode == AutoMode.WRITE and not folder:
        raise ValidationError(_("Choose the folder the monthly reports go into."), field="folder")
    if folder and not (Path(folder).is_dir() and os.access(folder, os.W_OK)):
        raise ValidationError(
            _("The folder {path} does not exist or cannot be written.").format(path=folder), field="folder")
    new = dataclasses.replace(get_settings(), mode=AutoMode(mode), folder=folder)
    with write_transaction():
        _store(new)
        audit.record(actor, "settings.automatic_report", entity="setting", entity_id=SETTINGS_KEY,
                     detail={"mode": new.mode.value, "folder": bool(folder)})
    return new


def _last_complete_month(now: dt.datetime) -> Period:
    return Period.month_so_far(now).previous()


def _shop_was_open(period: Period) -> bool:
    """True when the shop had a complaint or an answer before ``period`` ended."""
    return (Complaint.select().where(Complaint.received_at < period.end).exists()
            or SurveyResponse.select().where(SurveyResponse.submitted_at < period.end).exists())


def due_month(actor: Staff, *, now: dt.datetime | None = None) -> dt.date | None:
    """The first day of the month whose report is due for ``actor``, or None.

    Due: the last complete month, not yet written or declined, the shop was open
    in it, the shop has not switched this off, and ``actor`` may make reports.
    """
    choice = get_settings()
    if choice.mode == AutoMode.OFF or not allowed(actor, "report.generate"):
        return None
    period = _last_complete_month(now or clock.utcnow())
    if choice.last_month >= period.label or not _shop_was_open(period):
        return None
    assert period.year is not None and period.month is not None
    return dt.date(period.year, period.month, 1)


def mark_done(actor: Staff, month: dt.date, *, declined: bool = False) -> None:
    """Remember that ``month`` was dealt with, so it is not offered again."""
    require(actor, "report.generate")
    label = f"{month:%Y-%m}"
    with write_transaction():
        current = get_settings()
        if current.last_month < label:
            _store(dataclasses.replace(current, last_month=label))
        audit.record(actor, "report.automatic_declined" if declined else "report.automatic",
                     entity="report", entity_id=label)


def report_path(folder: Path, month: dt.date) -> Path:
    """``smallcs-report-YYYY-MM.pdf`` in ``folder``, numbered so a report already there is kept."""
    path = folder / f"smallcs-report-{month:%Y-%m}.pdf"
    number = 2
    while path.exists():
        path = folder / f"smallcs-report-{month:%Y-%m} ({number}).pdf"
        number += 1
    return path


def write_due_report(actor: Staff, month: dt.date, folder: Path, *,
                     progress: Progress | None = None) -> Path:
    """Write ``month``'s report into ``folder`` and remember the month as done.

    The audit log gets the report's one ``report.export`` event, as for a report
    made by hand, and then ``report.automatic`` for the month marked done.

    Raises:
        PermissionDenied: the actor may not make reports.
        ValidationError: the month is not over, or the folder cannot be written.
    """
    from smallcs.reports.monthly import (
        build_monthly_report,  # reportlab: only when a report is written
    )

    if not folder.is_dir():
        raise ValidationError(_("The folder {path} does not exist.").format(path=folder), field="folder")
    written = build_monthly_report(month, report_path(folder, month), actor=actor, progress=progress)
    mark_done(actor, month)
    return written
