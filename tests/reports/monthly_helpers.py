"""Reading a monthly report back: its words with pypdf, its pixels with pypdfium2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
from PIL import Image

from smallcs.models import SurveyResponse
from tests.metrics.builders import survey_id

# Early November 2026: October is over, in every time zone.
EARLY_NOVEMBER = dt.datetime(2026, 11, 5, 12)


def words(path: Path) -> str:
    """All the text pypdf extracts, page after page, with runs of white space made one space."""
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages)


def page_words(path: Path) -> list[str]:
    """Each page's text, white space made single spaces."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def render(path: Path, index: int, *, dpi: float = 72) -> Image.Image:
    """One page as an RGB image."""
    document = pdfium.PdfDocument(str(path))
    try:
        return document[index].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def add_answer(at: dt.datetime, *, csat: int | None = None, nps: int | None = None, ces: int | None = None,
               comment: str = "", card_id: int | None = None) -> None:
    """One survey answer, stored as the survey server stores it."""
    SurveyResponse.insert(card=card_id, survey=survey_id(), submitted_at=at, csat=csat, nps=nps, ces=ces,
                          comment=comment, source="qr").execute()
