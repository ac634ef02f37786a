"""A demo month's report, read back and checked figure by figure against smallcs.metrics."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from smallcs import demo, metrics, settings
from smallcs.metrics import Period
from smallcs.metrics.display import format_value
from smallcs.models import SurveyResponse
from smallcs.models.connection import close_database, open_database
from smallcs.reports.monthly import COVER_BAND, MARGIN, build_monthly_report
from smallcs.reports.report_styles import describe_change, format_money
from tests.reports.monthly_helpers import page_words, render, words

GENERATED = dt.datetime(2026, 11, 20, 12)


@dataclasses.dataclass(frozen=True)
class DemoReport:
    path: Path
    text: str
    pages: list[str]
    summary: metrics.MonthlySummary
    complaints: metrics.ComplaintMetrics
    surveys: metrics.SurveyMetrics
    staff: list[metrics.StaffFigures]
    currency: str


@pytest.fixture(scope="module")
def october(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoReport]:
    """A year of demo data, October's report from the command line, and October's figures."""
    folder = tmp_path_factory.mktemp("demo")
    open_database(folder / "shop.db")
    try:
        demo.load_demo(months=12, scale=1, seed=2026, today=dt.date(2026, 11, 20))
        path = build_monthly_report("2026-10", folder / "october.pdf", actor=None, now=GENERATED)
        period = Period.for_month(2026, 10)
        yield DemoReport(path=path, text=words(path), pages=page_words(path),
                         summary=metrics.monthly_summary(period),
                         complaints=metrics.complaint_metrics(period, now=GENERATED),
                         surveys=metrics.survey_metrics(period), staff=metrics.staff_figures(period),
                         currency=settings.get_profile().currency)
    finally:
        close_database()


def test_every_section_is_there_in_order(october: DemoReport) -> None:
    headings = ["Monthly service report", "October 2026", "The month at a glance", "Complaints", "Customer surveys",
                "Staff", "Goals", "In the customers' words"]
    assert october.pages[1].startswith("Complaints ") and october.pages[2].startswith("Customer surveys ")
    place = 0
    for heading in headings:
        place = october.text.index(heading, place)  # each one after the one before
    cover = october.pages[0]
    assert cover.startswith("Harbour Street Hardware ")
    assert "Generated on Nov 20, 2026 at 12:00 PM." in cover  # London is on UTC in November
    total = len(october.pages)
    for number, page in enumerate(october.pages, start=1):
        assert page.endswith(f"Harbour Street Hardware · service report October 2026 Page {number} of {total}")


def test_the_first_page_is_a_masthead_over_the_headline_figures(october: DemoReport) -> None:
    """What gets pinned up: the shop, the month and every headline figure on one page."""
    first = october.pages[0]
    assert first.index("Monthly service report October 2026") < first.index("The month at a glance")
    for headline in october.summary.headlines:
        assert f"{headline.label} {format_value(headline.value, headline.unit)}" in first
    assert "Most frequent complaints" in first


def test_the_summary_prints_each_headline_with_its_change(october: DemoReport) -> None:
    summary_page = october.pages[0]
    for sentence in metrics.headline_sentences(october.summary):
        assert sentence in summary_page
    assert len(october.summary.headlines) == 8
    for headline in october.summary.headlines:
        change = describe_change(headline.value, headline.previous, unit=headline.unit,
                                 higher_is_better=headline.higher_is_better, too_few=headline.too_few_to_compare,
                                 of_answers=headline.sample_is_answers)
        tile = (f"{headline.label} {format_value(headline.value, headline.unit)} {change.line} "
                f"last month {format_value(headline.previous, headline.unit)}")
        assert tile in summary_page
    nps = october.surveys.nps
    assert f"{nps.n} answers, ± {nps.interval.margin:.0f} (95%)" in summary_page


def test_the_complaint_figures_are_the_metrics(october: DemoReport) -> None:
    c, r = october.complaints, october.complaints.resolution
    assert f"{c.received} complaints were received in October 2026." in october.text
    assert f"{r.resolved} complaints were resolved in October 2026" in october.text
    for label, value in (("Median time to resolve", format_value(r.time.median_hours, "hours")),
                         ("9 in 10 resolved within", format_value(r.time.p90_hours, "hours")),
                         ("Resolved at first contact", format_value(r.first_contact_pct, "%")),
                         ("Escalated", str(c.escalations)),
                         ("Compensation given", format_money(r.compensation, october.currency))):
        assert f"{label} {value}" in october.text
    for category in c.by_category:
        assert f"{category.name} {category.count} (last month" in october.text
    assert f"At the end of October 2026, {c.backlog.total} complaints were still open" in october.text
    assert f"When this report was made (Nov 20, 2026), {c.overdue_now} open complaints were past their due time." \
        in october.text


def test_the_survey_figures_are_the_metrics(october: DemoReport) -> None:
    s = october.surveys
    low, high = (format_value(v, "points") for v in (s.nps.interval.low, s.nps.interval.high))
    assert f"NPS (−100 to +100) {format_value(s.nps.score, 'points')} {s.nps.n} {low} to {high}" in october.text
    assert f"CSAT (answered 4 or 5 of 5) {format_value(s.csat.pct, '%')} {s.csat.n}" in october.text
    rate = s.response_rate
    assert (f"{rate.answered} of the {rate.printed} single-use cards printed in October 2026 have been answered"
            f" ({format_value(rate.pct, '%')})") in october.text
    post = s.post_resolution_csat
    assert f"CSAT after a complaint {format_value(post.pct, '%')} {post.n}" in october.text
    assert "detractors passives promoters" in october.text


def test_the_staff_rows_are_each_persons_figures(october: DemoReport) -> None:
    assert october.staff
    for person in october.staff:
        assert (f"{person.name} {person.received} {person.resolution.resolved} "
                f"{format_value(person.resolution.first_contact_pct, '%')}") in october.text


def test_nothing_is_drawn_outside_the_margins(october: DemoReport) -> None:
    """Rasterised, every page is white beyond the side margins (no table or chart overflows).

    The first page's band of the shop's colour runs across the top, above the margin.
    """
    for index in range(len(october.pages)):
        page = render(october.path, index)
        width, height = page.size
        inner = round(MARGIN) - 2  # a point or two of anti-aliasing
        top = math.ceil(COVER_BAND) + 2 if index == 0 else 0
        for x in [*range(inner), *range(width - inner, width)]:
            column = [page.getpixel((x, y)) for y in range(top, height, 2)]
            assert all(min(pixel) > 245 for pixel in column), f"ink at x={x} on page {index + 1}"


def test_the_comments_line_counts_the_months_comments(october: DemoReport) -> None:
    period = Period.for_month(2026, 10)
    written = (SurveyResponse.select().where((SurveyResponse.submitted_at >= period.start)
                                             & (SurveyResponse.submitted_at < period.end)
                                             & (SurveyResponse.comment != "")).count())
    shown = min(written, 12)
    line = (f"{shown} of {written} comments written on survey cards in October 2026, lowest scores first."
            if shown < written else f"All {written} comments written on survey cards in October 2026")
    assert written > 0 and line in october.text


def test_the_goals_heading_titles_and_rows_share_a_page(october: DemoReport) -> None:
    page = next(p for p in october.pages if "Goals " in p)
    assert "Goal This month Progress Status" in page
    for goal in ("Win back the Saturday regulars.", "Second till at lunchtime"):
        assert goal in page
