"""Small, exact data sets for metric tests: rows written with insert_many."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from smallcs import clock
from smallcs.models import (
    BaseModel,
    Category,
    Complaint,
    ResolutionStep,
    Staff,
    Survey,
    SurveyCard,
    SurveyResponse,
)

MADRID = ZoneInfo("Europe/Madrid")
_numbers = itertools.count(1)


def local(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    """A Madrid wall-clock time as the naive UTC the database stores."""
    return clock.to_utc(dt.datetime(year, month, day, hour, minute), MADRID)


def category_id(name: str) -> int:
    return int(Category.get(Category.name == name).id)


def complaint_row(staff: Staff, received_at: dt.datetime, **fields: Any) -> dict[str, Any]:
    n = next(_numbers)
    row: dict[str, Any] = {
        "reference": f"C-T-{n:06d}", "channel": "in_person",
        "priority": "normal", "status": "open", "summary": f"complaint {n}",
        "received_at": received_at, "created_by": staff.id, "updated_at": received_at,
    }
    if "category" not in fields:
        row["category"] = category_id("Other")
    if fields.get("resolved_at") is not None and "status" not in fields:
        row["status"] = "resolved"
    row.update(fields)
    return row


def _same_keys(model: type[BaseModel], rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """insert_many takes its columns from the first row: give every row every key."""
    rows = list(rows)
    keys = {k for row in rows for k in row}
    fields = model._meta.fields
    return [{k: row.get(k, fields[k].default) for k in keys} for row in rows]


def add_complaints(rows: Iterable[dict[str, Any]]) -> list[int]:
    """Insert complaint rows; return their ids in order."""
    rows = _same_keys(Complaint, rows)
    Complaint.insert_many(rows).execute()
    refs = [r["reference"] for r in rows]
    ids: dict[str, int] = dict(Complaint.select(Complaint.reference, Complaint.id)
                                 .where(Complaint.reference.in_(refs)).tuples())  # type: ignore[arg-type]
    return [ids[r] for r in refs]


def add_step(complaint_id: int, staff: Staff, at: dt.datetime, kind: str) -> None:
    ResolutionStep.insert(complaint=complaint_id, at=at, staff=staff.id, kind=kind, text="").execute()


def survey_id() -> int:
    return int(Survey.select(Survey.id).order_by(Survey.id).scalar())


def add_card(*, kind: str = "single", printed_at: dt.datetime | None = None,
             complaint_id: int | None = None, staff: Staff | None = None) -> int:
    n = next(_numbers)
    return int(SurveyCard.insert(
        survey=survey_id(), token=f"tok-{n:08d}", short_code=f"S{n:07d}", kind=kind,
        complaint=complaint_id, staff=staff.id if staff else None,
        created_at=printed_at or dt.datetime(2026, 1, 1), printed_at=printed_at,
    ).execute())


def add_responses(at: dt.datetime, *, nps: Sequence[int | None] = (), csat: Sequence[int | None] = (),
                  ces: Sequence[int | None] = (), card_id: int | None = None) -> None:
    """One response per position of the longest list (missing answers are None)."""
    count = max(len(nps), len(csat), len(ces))

    def pick(values: Sequence[int | None], i: int) -> int | None:
        return values[i] if i < len(values) else None

    SurveyResponse.insert_many([
        {"card": card_id, "survey": survey_id(), "submitted_at": at, "nps": pick(nps, i),
         "csat": pick(csat, i), "ces": pick(ces, i), "source": "qr"}
        for i in range(count)
    ]).execute()
