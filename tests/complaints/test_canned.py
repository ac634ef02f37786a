"""Canned note texts: the shop's own list, edited by managers, offered on every step note."""

from __future__ import annotations

import pytest

from smallcs.complaints.canned import MAX_TEXTS, canned_texts, set_canned_texts
from smallcs.errors import PermissionDenied, ValidationError
from smallcs.models import AuditEvent, Staff


def test_a_new_shop_starts_with_good_practice_texts(owner: Staff) -> None:
    texts = canned_texts()
    assert "Apologised to the customer for the trouble." in texts and len(texts) == len(set(texts))


def test_a_manager_replaces_the_list_cleaned_and_audited(manager: Staff) -> None:
    stored = set_canned_texts(manager, ["  Rang back   within the hour. ", "", "Rang back within the hour.",
                                        "Offered a 10 % voucher 🎟"])
    assert stored == ["Rang back within the hour.", "Offered a 10 % voucher 🎟"]
    assert canned_texts() == stored
    event = AuditEvent.select().where(AuditEvent.action == "settings.canned_notes").get()
    assert event.staff_id == manager.id and "voucher" in event.detail
    set_canned_texts(manager, stored)  # no change: no second event
    assert AuditEvent.select().where(AuditEvent.action == "settings.canned_notes").count() == 1


def test_an_empty_list_is_kept_empty(manager: Staff) -> None:
    assert set_canned_texts(manager, ["", "   "]) == [] and canned_texts() == []


@pytest.mark.parametrize("texts", [["x" * 301], ["ok", "bad\x00byte"], [f"text {n}" for n in range(MAX_TEXTS + 1)]])
def test_refused_lists_change_nothing(manager: Staff, texts: list[str]) -> None:
    before = canned_texts()
    with pytest.raises(ValidationError):
        set_canned_texts(manager, texts)
    assert canned_texts() == before


def test_counter_staff_cannot_change_them(clerk: Staff) -> None:
    with pytest.raises(PermissionDenied):
        set_canned_texts(clerk, ["Mine"])
