"""QR codes: the matrix, the mask choice, the module size rules, and vector drawing a real reader decodes."""

from __future__ import annotations

import base64
import random
import re
import string
from pathlib import Path

import pypdf
import pytest
import qrcode
from hypothesis import given, settings
from hypothesis import strategies as st
from qrcode import util
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from smallcs.reports.qr import (
    QRFlowable,
    draw_qr,
    module_size_for,
    printer_dot,
    reserved_size,
)
from smallcs.reports.qr_masks import best_mask, penalty
from smallcs.reports.qr_symbol import QUIET_ZONE, qr_matrix, qr_symbol
from tests.reports.readback import card_url, decode_page, uses_images

# Card addresses as shops set them: LAN addresses, a public host, a short name.
BASE_URLS = ("http://192.168.1.20:8765", "http://10.0.0.7:8080", "https://survey.corner-shop.example",
             "http://shop.local")


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


def _sample_card_urls(count: int, *, seed: int) -> list[str]:
    """A reproducible sample of card URLs: 128-bit URL-safe tokens under several base URLs."""
    rng = random.Random(seed)
    return [f"{BASE_URLS[n % len(BASE_URLS)]}/s/{base64.urlsafe_b64encode(rng.randbytes(16)).rstrip(b'=').decode()}"
            for n in range(count)]


def _qrcode_encoder(data: str) -> tuple[qrcode.QRCode, int, list[int]]:
    """A qrcode encoder fitted to ``data``, its version and final codewords."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    version = code.best_fit()
    return code, version, util.create_data(version, code.error_correction, code.data_list)


def _qrcode_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The matrix qrcode makes on its own, its own mask search included."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def test_200_card_urls_get_the_mask_and_the_matrix_qrcode_would_make() -> None:
    chosen = set()
    for url in _sample_card_urls(200, seed=18004):
        code, version, codewords = _qrcode_encoder(url)
        mask = best_mask(version, codewords)
        assert mask == code.best_mask_pattern(), url
        symbol = qr_symbol(url)
        assert symbol.matrix == _qrcode_matrix(url), url
        assert all(type(cell) is bool for row in symbol.matrix for cell in row)
        chosen.add(mask)
    assert chosen == set(range(8)), "the sample exercises every mask"


@pytest.mark.parametrize("version", range(1, 41))
def test_every_masks_penalty_equals_qrcodes_at_every_version(version: int) -> None:
    # Random lower-case text (byte mode) filling most of the version, so the
    # data reaches every region: alignment patterns, version information.
    capacity = util.BIT_LIMIT_TABLE[ERROR_CORRECT_M][version] // 8
    rng = random.Random(version)
    text = "".join(rng.choice(string.ascii_lowercase) for _i in range(capacity - 4))
    code, fitted, codewords = _qrcode_encoder(text)
    assert fitted == version
    for mask in range(8):
        code.makeImpl(True, mask)
        assert penalty(version, codewords, mask) == util.lost_point(code.modules), f"mask {mask}"


@settings(deadline=None, max_examples=150)
@given(st.text(alphabet=st.sampled_from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:abcxyz_?=&é€😀"),
               min_size=1, max_size=180))
def test_any_text_gets_the_mask_qrcode_would_choose(text: str) -> None:
    # Digits and capitals switch qrcode to its numeric and alphanumeric modes.
    code, version, codewords = _qrcode_encoder(text)
    assert best_mask(version, codewords) == code.best_mask_pattern()


def test_a_symbol_of_every_mask_decodes(tmp_path: Path) -> None:
    by_mask: dict[int, str] = {}
    for url in _sample_card_urls(200, seed=18004):
        _code, version, codewords = _qrcode_encoder(url)
        by_mask.setdefault(best_mask(version, codewords), url)
    assert sorted(by_mask) == list(range(8))
    path = tmp_path / "masks.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    for index, url in enumerate(by_mask.values()):
        row, column = divmod(index, 2)
        draw_qr(canvas, 60 + column * 250, 40 + row * 195, data=url, module_size=0.8 * mm)
    canvas.showPage()
    canvas.save()
    assert sorted(decode_page(path, 0, dpi=200)) == sorted(by_mask.values())
