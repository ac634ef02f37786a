"""The shop's logo on the report's masthead: embedded as an image on the first page and drawn where it belongs."""

from __future__ import annotations

import dataclasses
import io
import subprocess
from pathlib import Path

import pypdf
import pytest
from PIL import Image, ImageChops, ImageDraw

from smallcs import settings
from smallcs.models import Staff
from smallcs.reports.monthly import MARGIN, build_monthly_report
from smallcs.reports.report_summary import LOGO_HEIGHT, LOGO_WIDTH
from tests.reports import poppler
from tests.reports.monthly_helpers import EARLY_NOVEMBER, page_words

DPI = 100
ORANGE = (255, 120, 0)


def _logo(kind: str) -> bytes:
    """A 400 × 200 px orange logo with a white disc; the PNG's corners transparent, as shops' logos often are."""
    mode = "RGBA" if kind == "PNG" else "RGB"
    image = Image.new(mode, (400, 200), (*ORANGE, 255) if mode == "RGBA" else ORANGE)
    draw = ImageDraw.Draw(image)
    draw.ellipse((150, 50, 250, 150), fill="white")
    if mode == "RGBA":
        for corner in ((0, 0), (390, 0), (0, 190), (390, 190)):
            draw.rectangle((*corner, corner[0] + 9, corner[1] + 9), fill=(0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


def _images(page: pypdf.PageObject) -> list[pypdf.generic.DictionaryObject]:
    """The image XObjects a page draws, directly or inside a form it draws."""
    found = []

    def walk(resources: object) -> None:
        xobjects = resources.get("/XObject", {}) if isinstance(resources, dict) else {}
        for ref in xobjects.values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                found.append(xobject)
            walk(xobject.get("/Resources", {}))
    walk(page.get("/Resources", {}))
    return found


def _orange_box(path: Path) -> tuple[int, int, int, int] | None:
    """The box of the logo's orange on the first page, rasterised in colour by pdftoppm, in pixels."""
    stem = path.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", "-f", "1", "-l", "1", str(path), str(stem)],
                   check=True, capture_output=True)
    with Image.open(stem.with_suffix(".png")) as image:
        page = image.convert("RGB")
    red, green, blue = page.split()
    mask = ImageChops.multiply(ImageChops.multiply(red.point(lambda v: 255 if v > 215 else 0),
                                                   green.point(lambda v: 255 if 80 < v < 160 else 0)),
                               blue.point(lambda v: 255 if v < 60 else 0))
    return mask.getbbox()


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_the_logo_is_drawn_on_the_masthead(owner: Staff, tmp_path: Path, kind: str) -> None:
    poppler.ensure_poppler()
    profile = settings.get_profile()
    settings.save_profile(owner, dataclasses.replace(profile, logo_png_base64=settings.logo_to_base64(_logo(kind))))
    out = build_monthly_report("2026-10", tmp_path / "logo.pdf", actor=owner, now=EARLY_NOVEMBER)

    reader = pypdf.PdfReader(out)
    [logo] = _images(reader.pages[0])
    assert (logo["/Width"], logo["/Height"]) == (400, 200)  # the shop's own pixels, not a thumbnail
    assert all(_images(page) == [] for page in reader.pages[1:])  # the masthead is on the first page only
    assert page_words(out)[0].startswith("Corner Shop Monthly service report October 2026")

    box = _orange_box(out)
    assert box is not None, "no orange on the first page: the logo was not drawn"
    left, top, right, bottom = (v * 72 / DPI for v in box)
    # 400 × 200 px fills the 40 × 20 mm room at the masthead's left, under the shop's colour band.
    assert right - left == pytest.approx(LOGO_WIDTH, abs=2)
    assert bottom - top == pytest.approx(LOGO_HEIGHT, abs=2)
    assert left == pytest.approx(MARGIN + 6, abs=2)
    assert MARGIN - 2 < top < MARGIN + 30


def test_an_unreadable_logo_leaves_the_report_without_one(owner: Staff, tmp_path: Path, allow_warnings: None,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    """A PNG that passes the profile's header check but is broken: the report is still written, logo-less."""
    broken = _logo("PNG")[:60]
    profile = settings.get_profile()
    settings.save_profile(owner, dataclasses.replace(profile, logo_png_base64=settings.logo_to_base64(broken)))
    out = build_monthly_report("2026-10", tmp_path / "broken.pdf", actor=owner, now=EARLY_NOVEMBER)
    assert "the shop's logo could not be read" in caplog.text
    assert _images(pypdf.PdfReader(out).pages[0]) == []
    assert page_words(out)[0].startswith("Corner Shop Monthly service report October 2026")
