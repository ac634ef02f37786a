"""The detail keeps the width it needs when a workflow action changes what it shows (counter review:
after Reopen on a 1366 px laptop at 12 pt in Spanish the detail stayed at the width it had for the
resolved complaint, and "More", the suggested steps and "Add step" were cut at its right)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from smallcs import complaints
from smallcs.models import Complaint, Staff
from smallcs.models.enums import Outcome
from tests.ui.complaint_desk.conftest import open_window

SMALL = (980, 700)  # a window that leaves the detail its minimum


@pytest.mark.usefixtures("twelve_points")
def test_reopening_gives_the_detail_the_width_it_now_needs(qtbot: QtBot, owner: Staff, db_path: Path,
                                                           shop: dict[str, Complaint]) -> None:
    complaints.resolve(owner, shop["parcel"].id, outcome=Outcome.REFUND)
    window = open_window(qtbot, owner, db_path, SMALL, language="es", complaint=shop["parcel"])
    detail = window.complaints_page.detail
    needed_before = detail.minimumSizeHint().width()
    assert detail.width() >= needed_before
    complaints.reopen(owner, shop["parcel"].id, reason="No llegó el reembolso")
    detail.show_complaint(shop["parcel"].id)  # as after the Reopen dialog
    assert detail.minimumSizeHint().width() > needed_before  # more buttons for an open complaint
    qtbot.waitUntil(lambda: detail.width() >= detail.minimumSizeHint().width())
    more = detail.workflow.more
    assert more.isVisible() and more.geometry().right() <= detail.workflow.width()
