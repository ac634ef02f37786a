"""The monthly report in Spanish: every heading from the catalog, accents intact when read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from smallcs import demo, i18n
from smallcs.models.connection import close_database, open_database
from smallcs.reports.monthly import build_monthly_report
from tests.reports.monthly_helpers import words

GENERATED = dt.datetime(2026, 11, 20, 12)


def test_a_spanish_report_reads_back_in_spanish_with_its_accents(tmp_path: Path) -> None:
    open_database(tmp_path / "shop.db")
    try:
        demo.load_demo(months=2, scale=1, seed=7, today=dt.date(2026, 11, 20))
        i18n.set_language("es")
        path = build_monthly_report("2026-10", tmp_path / "octubre.pdf", actor=None, now=GENERATED)
    finally:
        i18n.set_language("en")
        close_database()
    text = words(path)
    spanish = i18n.translation_for("es")
    for english in ("Monthly service report", "Complaints", "Customer surveys", "By category",
                    "Median time to resolve", "Compensation given"):
        translated = spanish.gettext(english)
        assert translated != english, english
        assert translated in text, translated
    assert "octubre de 2026" in text
    assert "Por categoría" in text and "Compensación concedida" in text  # accents survive the font and the reader
    assert "Monthly service report" not in text and "Complaints by" not in text
