"""Properties of the service layer for any input hypothesis can think of.

Each test draws its examples inside one database (hypothesis runs an inner
function, so the function-scoped fixtures stay valid) and asserts relative to
what was there before each example. PostgreSQL gets fewer examples: the same
code, slower round trips.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smallcs import clock
from smallcs.complaints import (
    add_step,
    create_complaint,
    from_cents,
    resolve,
    steps_of,
    to_cents,
)
from smallcs.csv_export import write_csv
from smallcs.errors import ValidationError
from smallcs.models import (
    Complaint,
    ResolutionStep,
    Staff,
    Survey,
    SurveyCard,
    SurveyResponse,
)
from smallcs.models.enums import Channel, Outcome, StepKind
from smallcs.surveys import ImportResult, import_responses, issue_cards, record_response
from tests.metrics.builders import category_id
from tests.safety.hostile import FORMULA_STARTS, comment_kept, kept, neutralised

# Every code point, lone surrogates and NUL included: what a bad paste can hold.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=300)
# What a stored field can hold (services refuse the rest): no surrogates.
STORED_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
SCORE = st.none() | st.booleans() | st.integers(min_value=-3, max_value=13)
SCALES = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}


def examples(db_target: str, count: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Hypothesis settings for a test on this database: fewer examples on PostgreSQL."""
    on_server = "://" in db_target
    return settings(max_examples=max(10, count // 3) if on_server else count, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _category() -> int:
    return category_id("Delivery delay")


def _survey() -> int:
    return int(Survey.get(Survey.name == "Customer feedback").id)


def test_a_complaint_is_stored_as_typed_or_refused_whole(owner: Staff, db_target: str) -> None:
    @examples(db_target, 80)
    @given(summary=ANY_TEXT, description=ANY_TEXT, reference=ANY_TEXT)
    def check(summary: str, description: str, reference: str) -> None:
        want = (kept(200, required=True)(summary), kept(10_000)(description), kept(80)(reference))
        before = Complaint.select().count()
        try:
            complaint = create_complaint(owner, channel=Channel.IN_PERSON, category_id=_category(),
                                         summary=summary, description=description, order_reference=reference)
        except ValidationError as exc:
            assert None in want, f"refused: {exc}"
            assert Complaint.select().count() == before
            return
        stored = Complaint.get_by_id(complaint.id)
        assert (stored.summary, stored.description, stored.order_reference) == want
    check()


def test_scores_in_range_are_stored_and_others_refused(owner: Staff, db_target: str) -> None:
    @examples(db_target, 80)
    @given(csat=SCORE, nps=SCORE, ces=SCORE, comment=ANY_TEXT)
    def check(csat: Any, nps: Any, ces: Any, comment: str) -> None:
        card = issue_cards(owner, survey_id=_survey(), count=1)[0]
        scores = {"csat": csat, "nps": nps, "ces": ces}
        valid_scores = all(v is None or (type(v) is int and SCALES[k][0] <= v <= SCALES[k][1])
                           for k, v in scores.items())
        text = comment_kept(comment)
        answered = any(v is not None for v in scores.values()) or bool(text)
        before = SurveyResponse.select().count()
        try:
            record_response(token=card.token, csat=csat, nps=nps, ces=ces, comment=comment,
                            contact_requested=False, language="en")
        except ValidationError:
            assert not (valid_scores and text is not None and answered)
            assert SurveyResponse.select().count() == before
            assert SurveyCard.get_by_id(card.id).answered_at is None
            return
        assert valid_scores and text is not None and answered
        row = SurveyResponse.get(SurveyResponse.card == card.id)
        assert (row.csat, row.nps, row.ces, row.comment) == (csat, nps, ces, text)
    check()


MONEY = (st.decimals(allow_nan=True, allow_infinity=True)
         | st.decimals(min_value=-10, max_value=2_000_000, places=2)
         | st.decimals(min_value=0, max_value=100, places=3)
         | st.integers(min_value=-5, max_value=2_000_000))


@settings(max_examples=500, database=None)
@given(amount=MONEY)
def test_money_is_exact_cents_or_refused(amount: Decimal | int) -> None:
    value = Decimal(amount)
    sensible = value.is_finite() and 0 <= value <= 1_000_000 and value == value.quantize(Decimal("0.01"))
    if not sensible:
        with pytest.raises(ValidationError):
            to_cents(amount)
        return
    cents = to_cents(amount)
    assert isinstance(cents, int) and from_cents(cents) == value


def test_compensation_lands_exactly_or_the_complaint_is_untouched(owner: Staff, db_target: str) -> None:
    @examples(db_target, 40)
    @given(amount=MONEY)
    def check(amount: Decimal | int) -> None:
        complaint = create_complaint(owner, channel=Channel.PHONE, category_id=_category(), summary="Broken lamp")
        before = Complaint.get_by_id(complaint.id)
        try:
            resolve(owner, complaint.id, outcome=Outcome.REFUND, compensation=amount)
        except ValidationError:
            after = Complaint.get_by_id(complaint.id)
            assert (after.status, after.compensation_cents) == (before.status, before.compensation_cents)
            assert ResolutionStep.select().where(ResolutionStep.complaint == complaint.id).count() == 0
            return
        assert from_cents(Complaint.get_by_id(complaint.id).compensation_cents) == Decimal(amount)
    check()


MOMENTS = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1),
                       timezones=st.none() | st.timezones())


def test_received_times_are_stored_in_utc_to_the_second(owner: Staff, db_target: str) -> None:
    @examples(db_target, 60)
    @given(moment=MOMENTS)
    def check(moment: dt.datetime) -> None:
        utc = moment if moment.tzinfo is None else moment.astimezone(dt.UTC).replace(tzinfo=None)
        utc = utc.replace(microsecond=0)
        before = Complaint.select().count()
        future = utc > clock.utcnow() + dt.timedelta(minutes=5)
        if future:
            with pytest.raises(ValidationError, match="future"):
                create_complaint(owner, channel=Channel.EMAIL, category_id=_category(), summary="Late",
                                 received_at=moment)
            assert Complaint.select().count() == before
            return
        complaint = create_complaint(owner, channel=Channel.EMAIL, category_id=_category(), summary="Late",
                                     received_at=moment)
        stored = Complaint.get_by_id(complaint.id)
        assert stored.received_at == utc
        year = clock.to_local(utc, clock.zone("Europe/Madrid")).year
        assert stored.reference.startswith(f"C-{year}-")
        assert stored.due_at > stored.received_at
    check()


def test_the_timeline_only_grows_in_order(owner: Staff, db_target: str) -> None:
    @examples(db_target, 30)
    @given(texts=st.lists(ANY_TEXT, min_size=1, max_size=6))
    def check(texts: list[str]) -> None:
        complaint = create_complaint(owner, channel=Channel.PHONE, category_id=_category(), summary="Late")
        timeline: list[tuple[int, str]] = []
        for text in texts:
            try:
                step = add_step(owner, complaint.id, kind=StepKind.NOTE, text=text)
            except ValidationError:
                assert kept(10_000, required=True)(text) is None
            else:
                timeline.append((step.id, kept(10_000, required=True)(text) or ""))
            assert [(s.id, s.text) for s in steps_of(complaint.id)] == timeline
    check()


@settings(max_examples=150, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(STORED_TEXT, min_size=1, max_size=4), max_size=5))
def test_csv_export_keeps_every_cell_and_neutralises_formulas(tmp_path: Path, rows: list[list[str]]) -> None:
    target = tmp_path / "export.csv"
    headers = [f"column {n}" for n in range(4)]
    rows = [row + [""] * (4 - len(row)) for row in rows]
    assert write_csv(target, headers, rows) == len(rows)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        back = list(csv.reader(handle))
    assert back[0] == headers
    assert back[1:] == [[neutralised(cell) for cell in row] for row in rows]
    assert not any(cell.startswith(FORMULA_STARTS) for row in back for cell in row)


def test_a_comment_imported_from_csv_is_the_comment_stored(owner: Staff, db_target: str, tmp_path: Path) -> None:
    @examples(db_target, 30)
    @given(comment=STORED_TEXT, csat=st.integers(min_value=1, max_value=5))
    def check(comment: str, csat: int) -> None:
        card = issue_cards(owner, survey_id=_survey(), count=1)[0]
        buffer = io.StringIO(newline="")
        csv.writer(buffer).writerows([["token", "csat", "comment"], [card.token, str(csat), comment]])
        source = tmp_path / "answers.csv"
        source.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        report = import_responses(owner, source, mapping={"token": "token", "csat": "csat", "comment": "comment"})
        [row] = report.rows
        want = comment_kept(comment)
        if want is None:
            assert row.result == ImportResult.INVALID
            assert not SurveyResponse.select().where(SurveyResponse.card == card.id).exists()
        else:
            assert row.result == ImportResult.RECORDED, row.reason
            assert SurveyResponse.get(SurveyResponse.card == card.id).comment == want
    check()
