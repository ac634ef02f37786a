"""QR codes: the matrix, the module size rules, and vector drawing a real reader decodes."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from smallcs.reports.qr import (
    QUIET_ZONE,
    QRFlowable,
    draw_qr,
    module_size_for,
    printer_dot,
    qr_matrix,
    qr_symbol,
    reserved_size,
)
from tests.reports.readback import card_url, decode_page, uses_images


def _runs(matrix: list[list[bool]]) -> int:
    return sum(len(re.findall("1+", "".join("1" if dark else "0" for dark in row))) for row in matrix)


def test_a_card_url_stays_at_a_low_version() -> None:
    url = card_url()
    symbol = qr_symbol(url)
    assert len(url) == 49
    assert symbol.version <= 4
    assert symbol.modules == 17 + 4 * symbol.version


def test_the_matrix_has_no_border_and_finder_patterns_in_three_corners() -> None:
    matrix = qr_matrix(card_url())
    size = len(matrix)
    assert all(len(row) == size for row in matrix)
    for top, left in ((0, 0), (0, size - 7), (size - 7, 0)):
        ring = [matrix[top][left + i] for i in range(7)] + [matrix[top + 6][left + i] for i in range(7)]
        assert all(ring), "a finder pattern's dark ring starts right at the edge"
        assert matrix[top + 3][left + 3]


@pytest.mark.parametrize("modules", [21, 33, 57])
def test_sheet_module_size_gives_at_least_two_centimetres(modules: int) -> None:
    size = module_size_for(modules, min_width=15 * mm)
    assert size * modules >= 20 * mm - 1e-9


@pytest.mark.parametrize("modules", [21, 33, 57])
def test_receipt_module_size_is_whole_printer_dots(modules: int) -> None:
    size = module_size_for(modules, min_width=25 * mm, dpi=203)
    dots = size / printer_dot(203)
    assert dots == pytest.approx(round(dots)) and round(dots) >= 1
    assert size * modules >= 25 * mm - 1e-9
    # The smallest whole number of dots that reaches the width: one dot less falls short.
    assert (round(dots) - 1) * printer_dot(203) * modules < 25 * mm


def test_draw_qr_writes_one_rectangle_per_run_and_decodes(tmp_path: Path) -> None:
    url = card_url()
    path = tmp_path / "qr.pdf"
    canvas = Canvas(str(path), pageCompression=0)
    module = module_size_for(qr_symbol(url).modules)
    reserved = draw_qr(canvas, 50, 400, data=url, module_size=module)
    canvas.showPage()
    canvas.save()
    assert reserved == pytest.approx(reserved_size(qr_symbol(url), module))
    assert reserved == pytest.approx((qr_symbol(url).modules + 2 * QUIET_ZONE) * module)
    stream = pypdf.PdfReader(path).pages[0].get_contents()
    assert stream is not None
    content = stream.get_data().decode("latin-1")
    assert content.count(" re") == _runs(qr_matrix(url))
    assert not uses_images(path)
    assert decode_page(path, 0, dpi=300) == [url]


def test_the_flowable_reserves_the_quiet_zone_and_decodes(tmp_path: Path) -> None:
    url = card_url()
    flowable = QRFlowable(url, module_size=0.8 * mm)
    width, height = flowable.wrap(500, 500)
    assert width == height == pytest.approx((qr_symbol(url).modules + 8) * 0.8 * mm)
    path = tmp_path / "flow.pdf"
    SimpleDocTemplate(str(path)).build([flowable])
    assert decode_page(path, 0, dpi=200) == [url]
