"""A month with 10,000 complaints: the report stays a few pages, prints the metrics' figures and is quick."""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path
from typing import Any

import pypdf

from smallcs import locale_format, metrics
from smallcs.demo.store import insert_rows
from smallcs.metrics import Period
from smallcs.metrics.display import format_value
from smallcs.models import Complaint, Staff, SurveyResponse, write_transaction
from smallcs.models.enums import Channel
from smallcs.reports.monthly import build_monthly_report
from tests.metrics.builders import MADRID, category_id, local, survey_id
from tests.reports.monthly_helpers import EARLY_NOVEMBER, page_words, words

COMPLAINTS = 10_000
ANSWERS = 1_500
CATEGORIES = ("Delivery delay", "Product defect", "Staff behaviour", "Billing error", "Waiting time", "Other")


def _complaint(n: int, dice: random.Random, staff: list[Staff], categories: list[int]) -> dict[str, Any]:
    """One October complaint with every column set (insert_many takes its columns from the first row)."""
    received = local(2026, 10, dice.randint(1, 31), dice.randint(8, 19), dice.randint(0, 59))
    resolved = received + dt.timedelta(minutes=dice.randint(0, 9000)) if dice.random() < 0.85 else None
    first_contact = resolved is not None and dice.random() < 0.3
    return {
        "reference": f"C-2026-{n:05d}", "channel": dice.choice(list(Channel)).value, "customer": None,
        "category": dice.choice(categories), "priority": "normal",
        "status": "resolved" if resolved else dice.choice(["open", "in_progress", "waiting_on_customer"]),
        "summary": f"complaint {n}", "received_at": received,
        "first_response_at": None if first_contact else received + dt.timedelta(minutes=dice.randint(1, 600)),
        "resolved_at": resolved, "due_at": received + dt.timedelta(hours=48),
        "created_by": dice.choice(staff).id, "resolved_at_first_contact": first_contact,
        "reopen_count": int(dice.random() < 0.05), "compensation_cents": dice.choice([0, 0, 0, 500, 1250]),
        "updated_at": resolved or received,
    }


def _answer(dice: random.Random) -> dict[str, Any]:
    return {"card": None, "survey": survey_id(), "submitted_at": local(2026, 10, dice.randint(1, 31)),
            "csat": dice.randint(1, 5), "nps": dice.randint(0, 10), "ces": dice.randint(1, 7),
            "comment": dice.choice(["", "", "", "Quick and kind", "Took too long"]), "source": "qr"}


def test_a_month_of_ten_thousand_complaints(owner: Staff, clerk: Staff, tmp_path: Path) -> None:
    dice = random.Random(10_000)
    categories = [category_id(name) for name in CATEGORIES]
    with write_transaction():  # as the demo writes a month: chunked multi-row inserts, one transaction
        insert_rows(Complaint, [_complaint(n, dice, [owner, clerk], categories) for n in range(1, COMPLAINTS + 1)])
        answers = [_answer(dice) for _n in range(ANSWERS)]
        insert_rows(SurveyResponse, answers)

    started = time.perf_counter()
    out = build_monthly_report("2026-10", tmp_path / "busy.pdf", actor=owner, now=EARLY_NOVEMBER)
    seconds = time.perf_counter() - started
    assert seconds < 8, f"the report took {seconds:.1f} s"  # about 0.6 s on the benchmark's machine

    assert 3 <= len(pypdf.PdfReader(out).pages) <= 6  # the month's figures, not a page per complaint
    text, first_page = words(out), page_words(out)[0]
    period = Period.for_month(2026, 10, zone=MADRID)
    summary, c = metrics.monthly_summary(period), metrics.complaint_metrics(period, now=EARLY_NOVEMBER)
    assert c.received == COMPLAINTS
    assert "10,000 complaints were received in October 2026." in text
    resolved = locale_format.number(c.resolution.resolved)
    assert c.resolution.resolved > COMPLAINTS // 2 and f"{resolved} complaints were resolved in October 2026" in text
    for headline in summary.headlines:
        assert f"{headline.label} {format_value(headline.value, headline.unit)}" in first_page
    assert summary.headline("complaints").value == COMPLAINTS
    assert f"Median time to resolve {format_value(c.resolution.time.median_hours, 'hours')}" in text
    assert f"9 in 10 resolved within {format_value(c.resolution.time.p90_hours, 'hours')}" in text
    nps = metrics.survey_metrics(period).nps
    # Counts over a thousand are written as everywhere else in the report: "1,500 answers", not "1500 answers".
    assert nps.n == ANSWERS and f"1,500 answers, ± {nps.interval.margin:.0f} (95%)" in first_page
    assert "on 1,500 answers" in text  # the summary's sentence too ("NPS was … on 1,500 answers.")
    top = summary.top_categories[0]
    assert f"was the most frequent complaint ({locale_format.number(top.count)})." in text and top.count > 999
    comments = locale_format.number(sum(bool(a["comment"]) for a in answers))
    assert f"12 of {comments} comments written on survey cards in October 2026, lowest scores first." in text
