"""CSV export of the current view: formulas neutralised, accents kept, paged."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from smallcs import complaints
from smallcs.complaints import ComplaintFilter, export
from smallcs.errors import ValidationError
from smallcs.models import AuditEvent, Category, Customer, Staff
from smallcs.models.enums import Outcome, Status
from tests.complaints.conftest import MakeComplaint, bulk_complaints


def _read(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_formulas_are_neutralised_and_accents_kept(make: MakeComplaint, owner: Staff,
                                                   ana: Customer, tmp_path: Path) -> None:
    complaint = make(summary='=HYPERLINK("http://evil.example","click")',
                     description="+1 crème brûlée", desired_outcome="@SUM(A1)",
                     order_reference="-42", customer_id=ana.id,
                     received_at=dt.datetime(2025, 7, 1, 8, 0))
    complaints.resolve(owner, complaint.id, outcome=Outcome.REFUND, compensation=Decimal("9.5"))
    target = tmp_path / "complaints.csv"
    assert complaints.export_complaints_csv(ComplaintFilter(), target, actor=owner) == 1
    header, row = _read(target)
    cell = dict(zip(header, row, strict=True))
    assert cell["Summary"] == '\'=HYPERLINK("http://evil.example","click")'
    assert cell["Description"] == "'+1 crème brûlée"
    assert cell["Desired outcome"] == "'@SUM(A1)"
    assert cell["Order reference"] == "'-42"
    assert cell["Customer"] == "Ana Lucía Pérez"
    assert cell["Received"] == "2025-07-01 10:00"  # the shop's time (Madrid, summer)
    assert cell["Compensation"] == "9.50"
    assert cell["Status"] == Status.RESOLVED


def test_export_pages_through_the_filtered_view(owner: Staff, delivery: Category,
                                                defect: Category, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "PAGE_SIZE", 7)
    start = dt.datetime(2025, 1, 1, 9, 0)
    bulk_complaints(30, actor=owner, category=delivery, start=start)
    bulk_complaints(5, actor=owner, category=defect, start=start)  # same times: ties on id
    target = tmp_path / "view.csv"
    assert complaints.export_complaints_csv(ComplaintFilter(), target, actor=owner) == 35
    rows = _read(target)[1:]
    assert len({r[0] for r in rows}) == 35
    assert complaints.export_complaints_csv(ComplaintFilter(category_ids=(defect.id,)),
                                            target, actor=owner) == 5


def test_a_failed_export_leaves_no_half_file_and_no_event(make: MakeComplaint, owner: Staff,
                                                         tmp_path: Path) -> None:
    make()
    events = AuditEvent.select().count()
    with pytest.raises(ValidationError):
        complaints.export_complaints_csv(ComplaintFilter(), tmp_path / "missing" / "x.csv", actor=owner)
    out = tmp_path / "out"
    (out / "taken.csv").mkdir(parents=True)  # the rename at the end fails
    with pytest.raises(ValidationError):
        complaints.export_complaints_csv(ComplaintFilter(), out / "taken.csv", actor=owner)
    assert [p.name for p in out.iterdir()] == ["taken.csv"]
    assert AuditEvent.select().count() == events  # the event went with the failed rename
