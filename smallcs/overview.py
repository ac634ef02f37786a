"""Plain record counts shown on pages whose full views have not landed yet."""

from __future__ import annotations

import dataclasses

from smallcs.models import Complaint, Customer, SurveyCard, SurveyResponse
from smallcs.models.enums import Status


@dataclasses.dataclass(frozen=True)
class RecordCounts:
    complaints: int
    open_complaints: int
    customers: int
    cards: int
    responses: int


def record_counts() -> RecordCounts:
    """How many records of each kind the shop's database holds (indexed counts)."""
    done = (Status.RESOLVED.value, Status.CLOSED.value)
    return RecordCounts(
        complaints=Complaint.select().count(),
        open_complaints=Complaint.select().where(Complaint.status.not_in(done)).count(),
        customers=Customer.select().count(),
        cards=SurveyCard.select().count(),
        responses=SurveyResponse.select().count(),
    )
