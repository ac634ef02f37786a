"""Months with nothing, with one answer, with hostile text and with a few hundred complaints."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pypdf

from smallcs import accounts, goals, metrics
from smallcs.metrics import Period
from smallcs.metrics.display import format_value
from smallcs.models import Staff
from smallcs.models.enums import Role
from smallcs.reports.monthly import build_monthly_report
from smallcs.reports.report_styles import format_money
from tests.metrics.builders import (
    MADRID,
    add_card,
    add_complaints,
    category_id,
    complaint_row,
    local,
)
from tests.reports.monthly_helpers import EARLY_NOVEMBER, add_answer, page_words, words

OCTOBER = "2026-10"
HOSTILE = '<font size=40>x</font> & <b>bold?</b> <img src="y"/> &amp; é'
ARABIC_NAME = "مريم الحسن"


def _drawn_rectangles(path: Path, page: int) -> int:
    """How many rectangles (``re`` operators) one page's content draws."""
    content = pypdf.PdfReader(path).pages[page].get_contents()
    operations = pypdf.generic.ContentStream(content, None).operations if content is not None else []
    return sum(1 for _operands, operator in operations if operator == b"re")


def test_an_empty_month_says_so_and_draws_no_charts(owner: Staff, tmp_path: Path) -> None:
    out = build_monthly_report(OCTOBER, tmp_path / "empty.pdf", actor=owner, now=EARLY_NOVEMBER)
    text = words(out)
    for sentence in ("No complaints and no survey answers this month.",
                     "No complaints were received in October 2026.",
                     "No complaints were resolved in October 2026.",
                     "Nothing was open at the end of October 2026.",
                     "When this report was made (Nov 5, 2026), 0 open complaints were past their due time.",
                     "No answers this month.", "Nobody handled a complaint this month.",
                     "No written comments this month.", "Complaints received 0 no figure last month"):
        assert sentence in text
    for chart_title in ("By channel", "By category", "Time to resolve", "How likely to recommend",
                        "Most frequent complaints", "days old"):
        assert chart_title not in text
    assert "NPS — no figure this month" in text
    # Sections of a sentence or two follow on the summary's page instead of each leaving a
    # page nearly blank; the page after it draws no rectangle: no bars, tracks or empty frames.
    pages = page_words(out)
    assert len(pages) == 2
    glance = pages[0]
    assert glance.index("The month at a glance") < glance.index("Complaints No complaints were received") \
        < glance.index("Customer surveys No answers this month.")
    assert _drawn_rectangles(out, 1) == 0


def test_one_answer_and_hostile_text_print_literally(owner: Staff, tmp_path: Path) -> None:
    mariam = accounts.create_staff(owner, username="mariam", display_name=ARABIC_NAME, role=Role.STAFF,
                                   password="staff-secret-1")
    [complaint] = add_complaints([complaint_row(mariam, local(2026, 10, 10), resolved_at=local(2026, 10, 10, 15),
                                                category=category_id("Delivery delay"))])
    card = add_card(printed_at=local(2026, 10, 10), complaint_id=complaint, staff=mariam)
    add_answer(local(2026, 10, 11), csat=2, nps=3, ces=2, comment=HOSTILE, card_id=card)
    out = build_monthly_report(OCTOBER, tmp_path / "one.pdf", actor=owner, now=EARLY_NOVEMBER)
    text = words(out)
    assert f"“{HOSTILE}”" in text
    # The staff row prints the name's Arabic letters (DejaVu has them). They are stored in typing
    # order; PDF readers expect right-to-left text in display order (see the report to the lead).
    staff_row = text[text.index("Staff member"):text.index("Whole shop")]
    assert all(letter in staff_row for letter in ARABIC_NAME if not letter.isspace())
    assert "1 customer answered a survey in October 2026." in text
    assert "1 of the 1 single-use card printed in October 2026 has been answered (100%)." in text
    assert "NPS (−100 to +100) −100 1 " in text and "FEW ANSWERS" in text and "few answers" in text
    assert "NPS was −100 on 1 answer — too few to go by." in text
    assert "1 complaint was received in October 2026." in text
    assert "Delivery delay was the most frequent complaint (1)." in text


def test_a_few_hundred_complaints(owner: Staff, clerk: Staff, tmp_path: Path) -> None:
    dice = random.Random(6)
    channels = ["in_person", "phone", "email", "chat", "social", "web", "other"]
    categories = [category_id(name) for name in ("Delivery delay", "Product defect", "Billing error", "Other")]
    rows = []
    for _n in range(400):
        received = local(2026, 10, dice.randint(1, 31), dice.randint(8, 19))
        resolved = received + dt.timedelta(hours=dice.randint(0, 120)) if dice.random() < 0.8 else None
        rows.append(complaint_row(dice.choice([owner, clerk]), received, channel=dice.choice(channels),
                                  category=dice.choice(categories), resolved_at=resolved,
                                  due_at=received + dt.timedelta(hours=48),
                                  compensation_cents=dice.choice([0, 0, 0, 250, 1999])))
    add_complaints(rows)
    for _n in range(300):
        add_answer(local(2026, 10, dice.randint(1, 31)), csat=dice.randint(1, 5), nps=dice.randint(0, 10),
                   ces=dice.randint(1, 7), comment=dice.choice(["", "", "Fine", "Too slow"]))
    out = build_monthly_report(OCTOBER, tmp_path / "busy.pdf", actor=owner, now=EARLY_NOVEMBER)
    text = words(out)
    period = Period.for_month(2026, 10, zone=MADRID)
    c, s = metrics.complaint_metrics(period), metrics.survey_metrics(period)
    assert c.received == 400 and "400 complaints were received in October 2026." in text
    assert f"{c.resolution.resolved} complaints were resolved in October 2026" in text
    money = format_money(c.resolution.compensation, "EUR")
    assert money.startswith("€") and f"Compensation given {money}" in text
    assert f"NPS (−100 to +100) {format_value(s.nps.score, 'points')} 300 " in text
    assert "Too slow” " in text and "said by" in text  # repeated comments are printed once, counted
    assert "Sam Staff" in text and "Olivia Owner" in text


def test_a_long_goals_table_keeps_its_header_with_its_rows(owner: Staff, tmp_path: Path) -> None:
    """Thirty goals run over a page: each page of them starts with the column titles, the first with the heading."""
    metric_keys = ["fcr", "on_time", "csat", "nps", "complaints", "backlog"]
    for n in range(30):
        goals.create_goal(owner, metric=metric_keys[n % len(metric_keys)], target=1, baseline=0,
                          starts_on=dt.date(2026, 9, 1), due_on=dt.date(2027, 6, 30),
                          note=f"Goal number {n + 1:02d} of the year, a note long enough to wrap onto two lines")
    out = build_monthly_report(OCTOBER, tmp_path / "goals.pdf", actor=owner, now=EARLY_NOVEMBER)
    header = "Goal This month Progress Status"
    pages_with_goals = []
    for number, page in enumerate(page_words(out), start=1):
        rows = [page.index(f"Goal number {n:02d}") for n in range(1, 31) if f"Goal number {n:02d}" in page]
        if rows:
            pages_with_goals.append(number)
            assert header in page and page.index(header) < min(rows), f"page {number} has goals but no header"
            if "Goal number 01" in page:
                assert page.index("Goals ") < page.index(header)
    assert len(pages_with_goals) >= 2  # the table did run over a page
    assert all(f"Goal number {n:02d}" in words(out) for n in range(1, 31))


def test_the_comments_line_counts_every_comment_of_the_month(owner: Staff, tmp_path: Path) -> None:
    """Twenty comments, twelve printed (the lowest scores); the line says so, and repeats add up."""
    for n in range(20):
        add_answer(local(2026, 10, 1 + n), csat=1 + n % 5, comment="Too slow" if n % 5 == 0 else f"Comment {n}")
    add_answer(local(2026, 10, 30), csat=5)  # no comment: not counted
    add_answer(local(2026, 11, 1), csat=1, comment="November's")  # another month
    out = build_monthly_report(OCTOBER, tmp_path / "comments.pdf", actor=owner, now=EARLY_NOVEMBER)
    text = words(out)
    assert "12 of 20 comments written on survey cards in October 2026, lowest scores first." in text
    section = text[text.index("In the customers' words"):]
    assert "said by 4 customers" in section and "November's" not in section
    printed = section.count("“")
    assert printed + 3 == 12  # "Too slow" four times, printed once


def test_when_every_comment_is_printed_the_line_says_all(owner: Staff, tmp_path: Path) -> None:
    for n in range(3):
        add_answer(local(2026, 10, 5 + n), csat=4, comment=f"Fine {n}")
    text = words(build_monthly_report(OCTOBER, tmp_path / "few.pdf", actor=owner, now=EARLY_NOVEMBER))
    assert "All 3 comments written on survey cards in October 2026, lowest scores first." in text


def test_a_month_before_the_goals_start_does_not_say_none_were_set(owner: Staff, tmp_path: Path) -> None:
    goals.create_goal(owner, metric="fcr", target=80, due_on=dt.date(2027, 6, 30), starts_on=dt.date(2026, 12, 1))
    text = words(build_monthly_report(OCTOBER, tmp_path / "october.pdf", actor=owner, now=EARLY_NOVEMBER))
    assert "None of the goals had started by the end of October 2026." in text
    assert "No goals were set" not in text
