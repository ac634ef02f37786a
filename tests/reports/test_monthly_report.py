"""The monthly report, read back with a real PDF reader and checked against the metrics."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pypdf
import pytest

from smallcs import complaints, customers, demo, metrics, settings
from smallcs.errors import ValidationError
from smallcs.metrics import Period
from smallcs.models import Category, Staff, Survey
from smallcs.models.enums import Channel
from smallcs.reports.monthly import build_monthly_report, format_value
from smallcs.surveys import issue_cards, record_response

OCTOBER = dt.date(2026, 10, 1)


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, object]]:
    """A year of demo data, the October report as text, and October's figures from the metrics."""
    from smallcs.models.connection import close_database, open_database

    folder = tmp_path_factory.mktemp("demo")
    open_database(folder / "shop.db")
    try:
        demo.load_demo(months=12, scale=1, seed=2026, today=dt.date(2026, 11, 20))
        out = build_monthly_report(OCTOBER, folder / "r.pdf", actor=None, now=dt.datetime(2026, 11, 20, 12))
        period = Period.for_month(2026, 10)
        figures: dict[str, object] = {
            "complaints": metrics.complaint_metrics(period), "surveys": metrics.survey_metrics(period),
            "summary": metrics.monthly_summary(period),
        }
        return _text(out), figures
    finally:
        close_database()


def test_the_demo_month_has_every_section_with_the_metrics_figures(demo_report: tuple[str, dict]) -> None:
    text, figures = demo_report
    for heading in ("Monthly service report", "October 2026", "Summary", "Complaints", "Customer surveys",
                    "Staff", "Goals", "In the customers' words"):
        assert heading in text
    c, s = figures["complaints"], figures["surveys"]
    assert f"{c.received} complaints were received this month." in text
    assert f"NPS (−100 to +100)\n{format_value(s.nps.score, 'points')}\n{s.nps.n}\n" in text
    assert f"CSAT (satisfied, 4–5 of 5)\n{format_value(s.csat.pct, '%')}\n{s.csat.n}\n" in text
    for sentence in metrics.headline_sentences(figures["summary"]):
        assert sentence in text.replace("\n", " ")
    assert "Page 5" in text


def test_an_empty_month_says_so_without_empty_charts(owner: Staff, tmp_path: Path) -> None:
    out = build_monthly_report(OCTOBER, tmp_path / "empty.pdf", actor=owner)
    text = _text(out)
    assert "No complaints were received this month." in text
    assert "No answers this month." in text
    assert "Nothing was open at the end of the month." in text
    assert "By channel" not in text


def _one_answer(owner: Staff, comment: str) -> None:
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), survey_base_url="http://x"))
    category = Category.get(Category.name == "Delivery delay")
    customer = customers.create_customer(owner, name="مريم الحسن")
    complaints.create_complaint(owner, channel=Channel.PHONE, category_id=category.id,
                                summary="Late", customer_id=customer.id,
                                received_at=dt.datetime(2026, 10, 10, 10))
    [card] = issue_cards(owner, survey_id=Survey.get().id, count=1)
    record_response(token=card.token, csat=2, nps=3, ces=2, comment=comment, contact_requested=False,
                    language="en")


def test_one_answer_and_hostile_text_print_literally(owner: Staff, tmp_path: Path) -> None:
    hostile = "<font size=40>x</font> & <b>bold?</b>"
    _one_answer(owner, hostile)
    out = build_monthly_report(dt.date.today(), tmp_path / "one.pdf", actor=owner)
    text = _text(out)
    assert hostile in text.replace("\n", " ")
    assert "few answers" in text


def test_the_staff_section_is_for_owners_only(owner: Staff, manager: Staff, tmp_path: Path) -> None:
    assert "\nStaff\n" in _text(build_monthly_report(OCTOBER, tmp_path / "o.pdf", actor=owner))
    assert "\nStaff\n" not in _text(build_monthly_report(OCTOBER, tmp_path / "m.pdf", actor=manager))


def test_comments_can_be_left_out(owner: Staff, tmp_path: Path) -> None:
    _one_answer(owner, "Please call me back")
    out = build_monthly_report(dt.date.today(), tmp_path / "n.pdf", actor=owner, include_comments=False)
    assert "Please call me back" not in _text(out)


def test_page_size_follows_the_settings(owner: Staff, tmp_path: Path) -> None:
    a4 = pypdf.PdfReader(build_monthly_report(OCTOBER, tmp_path / "a4.pdf", actor=owner)).pages[0].mediabox
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), page_size="Letter"))
    letter = pypdf.PdfReader(build_monthly_report(OCTOBER, tmp_path / "l.pdf", actor=owner)).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_a_missing_folder_is_a_message_and_nothing_is_written(owner: Staff, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        build_monthly_report(OCTOBER, tmp_path / "nowhere" / "r.pdf", actor=owner)
    assert not (tmp_path / "nowhere").exists()
