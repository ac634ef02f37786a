"""A month on a handful of survey answers or resolved complaints: the report says it is too few to compare,
in words, with no arrow.

Read back from the PDF the owner pins up. DESIGN.md marks a figure on fewer than 30 answers "few answers";
a change between two such months is chance, so it is neither "rose" nor "▲ better".
"""

from __future__ import annotations

import re
from pathlib import Path

from smallcs import i18n, metrics
from smallcs.models import Staff
from smallcs.reports.monthly import build_monthly_report
from tests.metrics.builders import add_complaints, complaint_row, local
from tests.reports.monthly_helpers import EARLY_NOVEMBER, add_answer, page_words, words

OCTOBER = "2026-10"


def _answers(month: int, *, nps: list[int], csat: int, ces: int) -> None:
    """One answer per NPS score in ``month`` of 2026, each with the same CSAT and effort score."""
    for score in nps:
        add_answer(local(2026, month, 12), nps=score, csat=csat, ces=ces)


def _first_page(owner: Staff, tmp_path: Path) -> str:
    return page_words(build_monthly_report(OCTOBER, tmp_path / "october.pdf", actor=owner, now=EARLY_NOVEMBER))[0]


def test_three_answers_against_three_are_too_few_to_compare(owner: Staff, tmp_path: Path) -> None:
    _answers(9, nps=[10, 9, 3], csat=2, ces=2)  # September: NPS +33 on 3 answers
    _answers(10, nps=[10, 10, 10], csat=5, ces=7)  # October: NPS +100 on 3 answers
    first = _first_page(owner, tmp_path)
    assert "NPS was +100 on 3 answers — too few to compare with September." in first
    assert "rose" not in first and "fell" not in first
    for label, value in (("NPS", "+100"), ("CSAT", "100%"), ("Customer effort", "7.0")):
        assert f"{label} FEW ANSWERS {value} ○ few answers, not compared last month" in first, label
    # No figure on the page moved: the complaint tiles are level, the survey ones not compared.
    assert "▲" not in first.replace("▲ and ▼ show", "") and "▼" not in first.replace("▲ and ▼ show", "")
    assert ("○ marks a figure resting on fewer than 30 answers or resolved complaints this month or last:"
            " too few to compare.") in first


def test_first_contact_resolution_on_a_handful_of_complaints_is_not_compared(owner: Staff, tmp_path: Path) -> None:
    """FCR 100 % on 3 resolved complaints against 0 % on 2 is not "+100 pts (better)"."""
    add_complaints(complaint_row(owner, local(2026, 9, 12), resolved_at=local(2026, 9, 12, 15),
                                 resolved_at_first_contact=False) for _ in range(2))
    add_complaints(complaint_row(owner, local(2026, 10, 12), resolved_at=local(2026, 10, 12, 15),
                                 resolved_at_first_contact=True) for _ in range(3))
    first = _first_page(owner, tmp_path)
    assert "First contact resolution 100% ○ few complaints, not compared last month 0% 3 resolved" in first
    assert re.search(r"Median resolution time \S+ h ○ few complaints, not compared", first)
    assert "Complaints received 3 ▲ +1 (worse) last month 2" in first  # a count is a fact: compared


def test_enough_answers_this_month_against_few_last_month(owner: Staff, tmp_path: Path) -> None:
    _answers(9, nps=[10, 9, 3], csat=2, ces=2)
    _answers(10, nps=[10] * 30 + [8] * 10, csat=5, ces=7)  # 40 answers: NPS +75
    first = _first_page(owner, tmp_path)
    assert "NPS was +75 on 40 answers; September had too few answers to compare with." in first
    assert "NPS +75 ○ few answers, not compared last month +33" in first  # October has enough: no flag


def test_enough_answers_in_both_months_are_compared(owner: Staff, tmp_path: Path) -> None:
    _answers(9, nps=[10] * 20 + [3] * 20, csat=3, ces=4)  # 40 answers: NPS 0
    _answers(10, nps=[10] * 30 + [8] * 10, csat=5, ces=7)  # 40 answers: NPS +75
    first = _first_page(owner, tmp_path)
    assert "NPS rose from 0 to +75 on 40 answers." in first
    assert "NPS +75 ▲ +75 (better) last month 0" in first
    assert "CSAT 100% ▲ +100 pts (better) last month 0%" in first
    assert "few answers, not compared" not in first
    assert metrics.FEW_ANSWERS == 30  # the threshold the words above were written for


def test_percentages_follow_the_language_everywhere(owner: Staff, tmp_path: Path) -> None:
    """English writes "83%", Spanish "83 %", on every page, with no figure written the other way."""
    _answers(9, nps=[10, 9, 3], csat=2, ces=2)
    _answers(10, nps=[10] * 30 + [8] * 10, csat=5, ces=7)
    english = words(build_monthly_report(OCTOBER, tmp_path / "en.pdf", actor=owner, now=EARLY_NOVEMBER))
    i18n.set_language("es")
    try:
        spanish = words(build_monthly_report(OCTOBER, tmp_path / "es.pdf", actor=owner, now=EARLY_NOVEMBER))
    finally:
        i18n.set_language("en")
    assert "100%" in english and "(95%)" in english and not re.findall(r"\d %", english)
    assert "100 %" in spanish and "(95 %)" in spanish and not re.findall(r"\d%", spanish)


def test_a_new_shops_first_month_is_not_compared_with_the_month_before_it_opened(
        owner: Staff, tmp_path: Path) -> None:
    """"10 complaints, ▲ +10 (worse)" would blame the shop for opening: nothing came before October."""
    add_complaints(complaint_row(owner, local(2026, 10, day)) for day in range(1, 11))
    first = _first_page(owner, tmp_path)
    assert "Complaints received 10 no figure last month" in first
    assert "Open at month end 10 no figure last month" in first
    assert "▲" not in first.replace("▲ and ▼ show", "") and "worse" not in first.replace("better or worse", "")
    assert "Other 10 — no figure last month" in first  # the most frequent complaints, not compared either
