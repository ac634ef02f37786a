"""An owner's month-end review of the PDF: the goals agree with page 1, nothing reads as a contradiction,
and the comments really come lowest score first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from smallcs import goals
from smallcs.models import Staff
from smallcs.reports.monthly import build_monthly_report
from tests.metrics.builders import add_complaints, complaint_row, local
from tests.reports.monthly_helpers import add_answer, page_words, words

H = dt.timedelta(hours=1)
EARLY_SEPTEMBER = dt.datetime(2026, 9, 3, 12)


def _fcr_half_in_august(owner: Staff) -> None:
    """FCR 50 % over August; over the 30 days to its end 0 %: the first-contact ones came on the 1st."""
    rows = [complaint_row(owner, local(2026, 8, 1, 10), resolved_at=local(2026, 8, 1, 11),
                          resolved_at_first_contact=True) for _n in range(2)]
    rows += [complaint_row(owner, local(2026, 8, 20, 10), resolved_at=local(2026, 8, 21, 10),
                           resolved_at_first_contact=False) for _n in range(2)]
    add_complaints(rows)


def test_the_goals_table_prints_the_months_figure_as_page_one_does(owner: Staff, tmp_path: Path) -> None:
    """August has 31 days: a 30-day window would miss the 1st and disagree with the month's own figure."""
    _fcr_half_in_august(owner)
    goals.create_goal(owner, metric="fcr", baseline=20, target=80, starts_on=dt.date(2026, 1, 1),
                      due_on=dt.date(2026, 12, 31))
    pages = page_words(build_monthly_report("2026-08", tmp_path / "august.pdf", actor=owner, now=EARLY_SEPTEMBER))
    assert "First contact resolution 50%" in pages[0]
    text = " ".join(pages)
    goals_part = text[text.index("Goals Goal This month Progress Status"):]
    assert "First contact resolution from 20% to 80% by December 2026 50% 50% of the way" in goals_part
    assert "Values are the figures for August 2026, as elsewhere in this report." in goals_part
    assert "30 days" not in goals_part


def test_todays_overdue_count_is_only_given_for_the_month_just_ended(owner: Staff, tmp_path: Path) -> None:
    """An old month's end beside today's overdue complaints read as a contradiction."""
    add_complaints([complaint_row(owner, local(2026, 10, 20), due_at=local(2026, 10, 21))])  # still open, overdue
    made = dt.datetime(2026, 11, 5, 12)
    today = "When this report was made (Nov 5, 2026), 1 open complaint was past its due time."
    june = words(build_monthly_report("2025-06", tmp_path / "june.pdf", actor=owner, now=made))
    assert "Nothing was open at the end of June 2025." in june and "When this report was made" not in june
    september = words(build_monthly_report("2026-09", tmp_path / "september.pdf", actor=owner, now=made))
    assert "When this report was made" not in september  # more than one month back
    october = words(build_monthly_report("2026-10", tmp_path / "october.pdf", actor=owner, now=made))
    assert "At the end of October 2026, 1 complaint was still open" in october and today in october


def test_comments_come_lowest_score_first_whichever_scale_it_is_on(owner: Staff, tmp_path: Path) -> None:
    """An NPS of 1 is unhappier than a CSAT of 3 with an NPS of 5; a comment with no score comes last."""
    add_answer(local(2026, 10, 2), csat=3, nps=5, comment="Middling.")
    add_answer(local(2026, 10, 3), nps=1, comment="Never again.")
    add_answer(local(2026, 10, 4), comment="No scores at all.")
    add_answer(local(2026, 10, 5), csat=5, nps=10, comment="Lovely.")
    add_answer(local(2026, 10, 6), csat=1, comment="Awful.")
    text = words(build_monthly_report("2026-10", tmp_path / "october.pdf", actor=owner,
                                      now=dt.datetime(2026, 11, 5, 12)))
    assert "All 5 comments written on survey cards in October 2026, lowest scores first." in text
    order = ["Awful.", "Never again.", "Middling.", "Lovely.", "No scores at all."]
    assert [text.index(f"“{comment}”") for comment in order] == sorted(text.index(f"“{c}”") for c in order)


def test_only_the_lowest_scores_are_printed_when_there_are_many(owner: Staff, tmp_path: Path) -> None:
    """Twelve comments at most: an NPS of 0 is among them even behind a dozen CSAT 3s."""
    for day in range(1, 14):
        add_answer(local(2026, 10, day), csat=3, nps=8, comment=f"So-so, day {day}.")
    add_answer(local(2026, 10, 20), nps=0, comment="Worst shop in town.")
    text = words(build_monthly_report("2026-10", tmp_path / "october.pdf", actor=owner,
                                      now=dt.datetime(2026, 11, 5, 12)))
    assert "12 of 14 comments" in text
    assert text.index("“Worst shop in town.”") < text.index("“So-so, day 13.”")  # first, then the newest


def test_an_unchanged_figure_does_not_say_last_month_twice(owner: Staff, tmp_path: Path) -> None:
    """"= same as last month  last month 50%" said it twice; now "= no change  last month 50%"."""
    for month in (9, 10):  # 30 resolved a month: enough to compare
        add_complaints(complaint_row(owner, local(2026, month, 10), resolved_at=local(2026, month, 10, 13),
                                     resolved_at_first_contact=n % 2 == 0) for n in range(30))
    first_page = page_words(build_monthly_report("2026-10", tmp_path / "october.pdf", actor=owner,
                                                 now=dt.datetime(2026, 11, 5, 12)))[0]
    assert "First contact resolution 50% = no change last month 50%" in first_page
    assert "same as last month" not in first_page
