"""The staff section: each person's month beside their CSAT after a complaint over twelve months.

Read back from the PDF and checked against ``smallcs.metrics`` for the same
periods (issue #6: a month gives a person a handful of answers, every cell said
"few answers").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from smallcs import demo, i18n, metrics, settings
from smallcs.metrics import MetricFilter, Period
from smallcs.metrics.display import format_value
from smallcs.models import Staff
from smallcs.models.connection import close_database, open_database
from smallcs.reports.monthly import build_monthly_report
from tests.reports.monthly_helpers import EARLY_NOVEMBER, page_words, words

GENERATED = dt.datetime(2026, 11, 20, 12)


def _staff_text(text: str) -> str:
    """The staff section's words, from its heading to the goals."""
    start = text.index("Staff ", text.index("Customer surveys"))
    return text[start:text.index("Goals", start)]


def _row(name: str, month: metrics.StaffFigures | metrics.ComplaintMetrics, year: metrics.CsatFigure) -> str:
    """A row as printed: the month's complaints, then the year's score, its interval and its answers."""
    assert year.interval is not None
    few = " few answers" if year.n < metrics.FEW_ANSWERS else ""
    return (f"{name} {month.received} {month.resolution.resolved} "
            f"{format_value(month.resolution.first_contact_pct, '%')} {format_value(year.pct, '%')} "
            f"{format_value(year.interval.low, '%')} to {format_value(year.interval.high, '%')} {year.n}{few}")


def _demo(folder: Path, *, months: int, today: dt.date) -> None:
    open_database(folder / "shop.db")
    demo.load_demo(months=months, scale=1, seed=2026, today=today)


def test_each_person_has_the_months_work_and_twelve_months_of_csat(tmp_path: Path) -> None:
    _demo(tmp_path, months=12, today=dt.date(2026, 11, 20))
    try:
        out = build_monthly_report("2026-10", tmp_path / "october.pdf", actor=None, now=GENERATED)
        october = Period.for_month(2026, 10)
        year = october.months_ending(12)
        people = metrics.staff_figures(october)
        years = {p.staff_id: metrics.post_resolution_csat(year, MetricFilter(staff_id=p.staff_id)) for p in people}
        shop_month, shop_year = metrics.complaint_metrics(october, now=GENERATED), metrics.post_resolution_csat(year)
    finally:
        close_database()
    staff = _staff_text(words(out))
    assert staff.startswith("Staff October 2026 November 2025 – October 2026 Staff member New Resolved First contact"
                            " CSAT after a complaint Answers ")
    assert len(people) >= 5
    for person in people:
        assert years[person.staff_id].n >= metrics.FEW_ANSWERS  # a year is enough to go by...
        assert person.post_resolution_csat.n < metrics.FEW_ANSWERS  # ...where the month was not
        assert _row(person.name, person, years[person.staff_id]) in staff
    assert _row("Whole shop", shop_month, shop_year) in staff
    assert "few answers" not in staff[:staff.index("CSAT after a complaint is over")]  # in the table
    assert ("CSAT after a complaint is over the 12 months up to the end of October 2026. A single month gives each"
            " person too few answers to go by." in staff)


def test_a_first_month_has_only_itself_to_go_by(tmp_path: Path) -> None:
    """No history before the month: the twelve months' figure is the month's, and says few answers."""
    _demo(tmp_path, months=1, today=dt.date(2026, 10, 31))
    try:
        out = build_monthly_report("2026-10", tmp_path / "first.pdf", actor=None, now=EARLY_NOVEMBER)
        october = Period.for_month(2026, 10)
        people = metrics.staff_figures(october)
        year = october.months_ending(12)
        years = {p.staff_id: metrics.post_resolution_csat(year, MetricFilter(staff_id=p.staff_id)) for p in people}
    finally:
        close_database()
    staff = _staff_text(words(out))
    answered = [p for p in people if p.post_resolution_csat.n]
    assert answered
    for person in answered:
        assert years[person.staff_id] == person.post_resolution_csat
        assert _row(person.name, person, person.post_resolution_csat) in staff
    for person in people:
        if not person.post_resolution_csat.n:  # nobody answered their cards: a dash, not 0 %
            fcr = format_value(person.resolution.first_contact_pct, "%")
            assert f"{person.name} {person.received} {person.resolution.resolved} {fcr} — —" in staff


def test_an_empty_month_after_a_year_says_nobody_handled_a_complaint(tmp_path: Path) -> None:
    _demo(tmp_path, months=12, today=dt.date(2026, 9, 30))
    try:
        out = build_monthly_report("2026-10", tmp_path / "quiet.pdf", actor=None, now=EARLY_NOVEMBER)
    finally:
        close_database()
    text = words(out)
    assert "Staff Nobody handled a complaint this month. Goals" in text


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_the_staff_table_in_spanish_names_both_periods(tmp_path: Path, page_size: str) -> None:
    _demo(tmp_path, months=12, today=dt.date(2026, 11, 20))
    owner = Staff.get(Staff.username == "owner")
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), page_size=page_size))
    i18n.set_language("es")
    try:
        out = build_monthly_report("2026-10", tmp_path / "octubre.pdf", actor=None, now=GENERATED)
    finally:
        i18n.set_language("en")
        close_database()
    pages = page_words(out)
    [staff_page] = [page for page in pages if "Empleado" in page]
    assert "octubre de 2026 noviembre de 2025 – octubre de 2026 Empleado" in staff_page
    # A column of counts: "Resueltas", not the status of one complaint ("Resuelta")
    assert "Empleado Nuevas Resueltas Primer contacto" in staff_page
