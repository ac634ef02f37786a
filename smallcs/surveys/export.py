"""Export customers' survey answers to CSV, newest first, a page at a time.

Each export leaves one ``surveys.export`` event with the number of answers
(smallcs.audit_exports).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from peewee import JOIN, Tuple

from smallcs import audit, clock, settings
from smallcs.audit_exports import SURVEY_ANSWERS
from smallcs.csv_export import write_csv
from smallcs.i18n import _
from smallcs.models import Complaint, Staff, Survey, SurveyCard, SurveyResponse

log = logging.getLogger(__name__)

PAGE_SIZE = 500


def _headers() -> list[str]:
    return [_("Submitted"), _("Survey"), _("Card code"), _("Complaint"), _("Staff"),
            _("CSAT (1-5)"), _("NPS (0-10)"), _("CES (1-7)"), _("Comment"),
            _("May contact"), _("Language"), _("Source")]


def _rows(zone: ZoneInfo) -> Iterator[list[object]]:
    query = (
        SurveyResponse.select(
            SurveyResponse, Survey.name.alias("survey_name"), SurveyCard.short_code,
            Complaint.reference, Staff.display_name.alias("staff_name"),
        )
        .join_from(SurveyResponse, Survey)
        .join_from(SurveyResponse, SurveyCard, JOIN.LEFT_OUTER)
        .join_from(SurveyCard, Complaint, JOIN.LEFT_OUTER)
        .join_from(SurveyCard, Staff, JOIN.LEFT_OUTER)
    )
    last: tuple[dt.datetime, int] | None = None
    while True:
        page = query
        if last is not None:
            page = page.where(Tuple(SurveyResponse.submitted_at, SurveyResponse.id) < Tuple(*last))
        rows = list(page.order_by(SurveyResponse.submitted_at.desc(), SurveyResponse.id.desc())
                    .limit(PAGE_SIZE).dicts())
        for r in rows:
            yield [
                clock.to_local(r["submitted_at"], zone).strftime("%Y-%m-%d %H:%M"), r["survey_name"],
                r["short_code"], r["reference"], r["staff_name"], r["csat"], r["nps"], r["ces"],
                r["comment"], _("yes") if r["contact_requested"] else "", r["language"], r["source"],
            ]
        if len(rows) < PAGE_SIZE:
            return
        last = (rows[-1]["submitted_at"], rows[-1]["id"])


def export_responses_csv(path: str | os.PathLike[str], *, actor: Staff | None) -> int:
    """Write every survey answer to ``path`` as CSV (times in the shop's zone).

    Args:
        path: the CSV file to write (replaced if it exists).
        actor: who exports, for the audit log; None for the command line.

    Returns:
        The number of answers written.

    Raises:
        ValidationError: the file cannot be written there.
    """
    written = write_csv(path, _headers(), _rows(settings.get_profile().zone), record=lambda n: audit.record(
        actor, SURVEY_ANSWERS, entity="survey_response", detail={"answers": n}))
    log.info("exported %d survey answers to CSV", written)
    return written
