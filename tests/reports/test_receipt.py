"""The complaint receipt: written through the services, read back with pypdf, looked at with pypdfium2."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import stat
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from smallcs import accounts, complaints, customers, settings
from smallcs.errors import NotFound, PermissionDenied, ValidationError
from smallcs.models import Category, Complaint, Staff
from smallcs.models.enums import Channel, Outcome, Role, StepKind
from smallcs.reports.receipt import STRIP, write_complaint_receipt
from tests.conftest import OWNER_PASSWORD
from tests.reports.monthly_helpers import render, words
from tests.reports.readback import page_sizes
from tests.test_cli import assert_one_line_error, run

HOSTILE = "<b>x</b> & <script>alert(1)</script>"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the PDFs (the database lives beside it)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


pytestmark = pytest.mark.usefixtures("cheap_password_hashes")  # accounts are only actors here


def _logo() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (31, 111, 178)).save(buffer, format="PNG")
    return settings.logo_to_base64(buffer.getvalue())


@pytest.fixture
def shop(owner: Staff) -> Staff:
    """The Corner Shop with an address, a logo and euros."""
    settings.save_profile(owner, dataclasses.replace(
        settings.get_profile(), address="Calle Mayor 12, 28013 Madrid\nTel. 910 000 000",
        logo_png_base64=_logo(), currency="EUR"))
    return owner


@pytest.fixture
def resolved(shop: Staff, clerk: Staff) -> Complaint:
    """A kettle complaint taken by Sam, a remedy offered, then resolved with a refund."""
    ana = customers.create_customer(shop, name="Ana Lucía Pérez", phone="612 345 678")
    complaint = complaints.create_complaint(
        clerk, channel=Channel.IN_PERSON, category_id=Category.get(Category.name == "Product defect").id,
        summary="Kettle stopped working after a week", customer_id=ana.id, order_reference="INV-2231",
        description="It clicks off after ten seconds.\nThe light flickers.",
        desired_outcome="A new kettle or my money back")
    complaints.add_step(clerk, complaint.id, kind=StepKind.NOTE, text="Internal: supplier batch 7 again")
    complaints.add_step(clerk, complaint.id, kind=StepKind.OFFERED_REMEDY,
                        text="Offered a full refund or a replacement kettle")
    complaints.resolve(clerk, complaint.id, outcome=Outcome.REFUND, compensation=Decimal("1234.50"),
                       note="Refunded to the card used")
    return complaints.get_complaint(complaint.id)


def test_the_receipt_says_what_was_agreed(resolved: Complaint, clerk: Staff, out: Path) -> None:
    path = write_complaint_receipt(clerk, resolved.id, out / "receipt.pdf")
    assert path == out / "receipt.pdf"
    assert len(pypdf.PdfReader(path).pages) == 1
    text = words(path)
    for expected in ("Corner Shop", "Calle Mayor 12, 28013 Madrid", "Your complaint", resolved.reference,
                     "Kettle stopped working after a week", "It clicks off after ten seconds.",
                     "A new kettle or my money back", "Offered a full refund or a replacement kettle",
                     "Refunded to the card used", "Refund", "€1,234.50", "Sam Staff", "Ana Lucía Pérez",
                     "INV-2231", "In person", "Resolved",
                     f"quote the reference {resolved.reference} when you contact us"):
        assert expected in text, expected
    assert "supplier batch 7" not in text  # notes stay inside the shop
    assert "1234.50" not in text and "1234.5" not in text  # money in the reader's format only
    local = resolved.received_at.replace(tzinfo=dt.UTC).astimezone(settings.get_profile().zone)
    assert local.strftime("%-I:%M") in text  # received time in Madrid, not UTC
    assert page_sizes(path) == [pytest.approx((595.2756, 841.8898), abs=0.01)]


def test_the_file_is_private_and_replaced_whole(resolved: Complaint, clerk: Staff, out: Path) -> None:
    target = out / "receipt.pdf"
    target.write_bytes(b"old")
    write_complaint_receipt(clerk, resolved.id, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in out.iterdir()) == ["receipt.pdf"]  # no partial file left


def test_typed_markup_prints_as_typed(shop: Staff, out: Path) -> None:
    complaint = complaints.create_complaint(
        shop, channel=Channel.PHONE, category_id=Category.get(Category.name == "Other").id, summary=HOSTILE,
        description="Ünïcödé 😀 &amp; <br/>", desired_outcome="<i>refund</i> or <b>credit</b> שלום")
    path = write_complaint_receipt(shop, complaint.id, out / "hostile.pdf")
    text = words(path)
    assert HOSTILE in text
    assert "Ünïcödé" in text and "&amp; <br/>" in text
    assert "What you would like: <i>refund</i> or <b>credit</b> שלום" in text  # Hebrew in reading order
    assert "Nothing has been agreed yet" in text
    assert len(pypdf.PdfReader(path).pages) == 1


def test_long_texts_stay_on_one_page(shop: Staff, out: Path) -> None:
    complaint = complaints.create_complaint(
        shop, channel=Channel.EMAIL, category_id=Category.get(Category.name == "Other").id,
        summary="S" * 200, description="word " * 2000, desired_outcome="more " * 1000)
    for kind in (StepKind.OFFERED_REMEDY, StepKind.REFUNDED, StepKind.REPLACED) * 3:
        complaints.add_step(shop, complaint.id, kind=kind, text="agreed " * 200)
    complaints.set_follow_up(shop, complaint.id, dt.datetime(2030, 1, 2, 9, tzinfo=dt.UTC))
    for layout in ("sheet", STRIP):
        path = write_complaint_receipt(shop, complaint.id, out / f"{layout}.pdf", layout=layout)
        assert len(pypdf.PdfReader(path).pages) == 1
        assert "We will contact you again on Wed, Jan 2, 2030." in words(path)  # the day, not a time


def test_letter_paper_and_the_receipt_printer_strip(resolved: Complaint, shop: Staff, out: Path) -> None:
    settings.save_profile(shop, dataclasses.replace(settings.get_profile(), page_size="Letter"))
    letter = write_complaint_receipt(shop, resolved.id, out / "letter.pdf")
    assert page_sizes(letter) == [pytest.approx((612, 792))]
    strip = write_complaint_receipt(shop, resolved.id, out / "strip.pdf", layout=STRIP)
    [(width, height)] = page_sizes(strip)
    assert width == pytest.approx(226.77, abs=0.01) and 300 < height < 1400  # 80 mm, as tall as needed
    assert resolved.reference in words(strip) and "€1,234.50" in words(strip)


def test_a_missing_complaint_writes_nothing(shop: Staff, out: Path) -> None:
    with pytest.raises(NotFound):
        write_complaint_receipt(shop, 9999, out / "none.pdf")
    with pytest.raises(ValidationError):
        write_complaint_receipt(shop, 1, out / "no-such-folder" / "x.pdf")
    with pytest.raises(ValidationError):
        write_complaint_receipt(shop, 1, out / "x.pdf", layout="poster")
    assert list(out.iterdir()) == []


def test_a_disabled_account_may_not_print(resolved: Complaint, shop: Staff, out: Path) -> None:
    former = accounts.create_staff(shop, username="former", display_name="Former", role=Role.STAFF, password=None)
    accounts.disable_staff(shop, "former")
    with pytest.raises(PermissionDenied):
        write_complaint_receipt(Staff.get_by_id(former.id), resolved.id, out / "x.pdf")
    assert list(out.iterdir()) == []


def test_the_receipt_looks_right(resolved: Complaint, clerk: Staff, out: Path) -> None:
    """Rasterised for a person to look at (/tmp/receipt.png); and the reference is printed large."""
    path = write_complaint_receipt(clerk, resolved.id, out / "receipt.pdf")
    image = render(path, 0, dpi=100)
    image.save(Path("/tmp") / "receipt.png")
    strip = write_complaint_receipt(clerk, resolved.id, out / "strip.pdf", layout=STRIP)
    render(strip, 0, dpi=150).save(Path("/tmp") / "receipt-strip.png")
    # The top of the page carries the shop's colour band; the rest is white paper.
    assert image.getpixel((image.width // 2, 3)) == (31, 111, 178)
    assert image.getpixel((image.width // 2, image.height - 5)) == (255, 255, 255)


def test_the_command_line_writes_a_receipt(resolved: Complaint, db_target: str, out: Path) -> None:
    target = out / "cli.pdf"
    args = ("--db", db_target, "receipt", resolved.reference.lower(), "-o", str(target), "--as", "olivia")
    result = run(*args, stdin=f"{OWNER_PASSWORD}\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Receipt for {resolved.reference} written to {target}."
    assert resolved.reference in words(target) and stat.S_IMODE(target.stat().st_mode) == 0o600
    missing = run("--db", db_target, "receipt", "C-1999-0001", "-o", str(out / "none.pdf"), "--as", "olivia",
                  stdin=f"{OWNER_PASSWORD}\n")
    assert_one_line_error(missing, 1, "There is no complaint C-1999-0001.")
    assert not (out / "none.pdf").exists()
