"""The shop's own complaint categories: added, renamed, re-targeted, retired and brought back."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from smallcs import complaints
from smallcs.audit import DENIED
from smallcs.complaints.categories import (
    CategoryDraft,
    add_category,
    all_categories,
    reinstate_category,
    retire_category,
    update_category,
)
from smallcs.errors import NotFound, PermissionDenied, ValidationError
from smallcs.models import AuditEvent, Category, Staff
from smallcs.models.enums import Channel, Priority
from tests.complaints.conftest import MakeComplaint, actions, snapshot

RETURNS = CategoryDraft("Returns", Priority.HIGH, response_target_hours=2, resolution_target_hours=24)


def categories() -> list[dict[str, object]]:
    return list(Category.select().order_by(Category.id).dicts())


def last_event() -> AuditEvent:
    return AuditEvent.select().where(AuditEvent.action != DENIED).order_by(AuditEvent.id.desc()).get()


def test_a_manager_adds_a_category_that_new_complaints_can_use(manager: Staff) -> None:
    added = add_category(manager, CategoryDraft("  Gift   cards ", "urgent", 1, 8))
    stored = Category.get_by_id(added.id)
    assert (stored.name, stored.default_priority, stored.response_target_hours,
            stored.resolution_target_hours, stored.active) == ("Gift cards", "urgent", 1, 8, True)
    assert all_categories()[-1].id == added.id  # listed after the seeded ones
    event = last_event()
    assert (event.action, event.staff_id, event.entity, event.entity_id) == (
        "category.create", manager.id, "category", str(added.id))
    assert json.loads(event.detail)["name"] == "Gift cards"
    received = dt.datetime(2025, 3, 3, 9, 0)
    complaint = complaints.create_complaint(manager, channel=Channel.PHONE, summary="Card not loaded",
                                            category_id=added.id, received_at=received)
    assert complaint.due_at - received == dt.timedelta(hours=8)  # the new category's target


@pytest.mark.parametrize(("draft", "message"), [
    (CategoryDraft("   "), "Enter the category name"),
    (CategoryDraft("delivery DELAY"), "already a category called “delivery DELAY”"),
    (CategoryDraft("x" * 61), "too long"),
    (CategoryDraft("Returns", "soonish"), "Choose a priority"),
    (CategoryDraft("Returns", response_target_hours=0), "between 1 and"),
    (CategoryDraft("Returns", resolution_target_hours=-5), "between 1 and"),
    (CategoryDraft("Returns", response_target_hours=2.5), "whole number of hours"),  # type: ignore[arg-type]
    (CategoryDraft("Returns", response_target_hours=True), "whole number of hours"),
    (CategoryDraft("Returns", response_target_hours=48, resolution_target_hours=24),
     "cannot be sooner than the response target"),
    (CategoryDraft("Bad\x00name"), "Category name"),
])
def test_a_refused_category_is_explained_and_changes_nothing(
    manager: Staff, draft: CategoryDraft, message: str
) -> None:
    before = (categories(), snapshot())
    with pytest.raises(ValidationError, match=message):
        add_category(manager, draft)
    assert (categories(), snapshot()) == before


def test_a_retired_name_is_taken_too(manager: Staff) -> None:
    returns = add_category(manager, RETURNS)
    retire_category(manager, returns.id)
    before = categories()
    with pytest.raises(ValidationError, match="perhaps retired"):
        add_category(manager, CategoryDraft("RETURNS"))
    assert categories() == before


def test_renaming_and_new_targets_apply_to_new_complaints_only(
    owner: Staff, delivery: Category, make: MakeComplaint
) -> None:
    received = dt.datetime(2025, 3, 3, 9, 0)
    old = make(received_at=received)
    draft = CategoryDraft("Late delivery", Priority.HIGH, response_target_hours=2, resolution_target_hours=24)
    updated = update_category(owner, delivery.id, draft)
    assert (updated.name, updated.default_priority, updated.response_target_hours,
            updated.resolution_target_hours) == ("Late delivery", "high", 2, 24)
    event = last_event()
    assert (event.action, event.entity_id) == ("category.update", str(delivery.id))
    assert json.loads(event.detail) == {
        "before": {"name": "Delivery delay", "default_priority": "normal", "response_target_hours": 4,
                   "resolution_target_hours": 48},
        "after": {"name": "Late delivery", "default_priority": "high", "response_target_hours": 2,
                  "resolution_target_hours": 24}}
    assert complaints.get_complaint(old.id).due_at == received + dt.timedelta(hours=48)  # its promise stands
    assert complaints.get_complaint(old.id).category.name == "Late delivery"
    new = make(received_at=received)
    assert new.due_at == received + dt.timedelta(hours=24)


def test_a_category_may_change_the_case_of_its_own_name_but_not_take_another(
    manager: Staff, delivery: Category
) -> None:
    assert update_category(manager, delivery.id, CategoryDraft.of(delivery)).name == "Delivery delay"
    assert actions()[-1] != "category.update"  # nothing changed, nothing recorded
    recased = CategoryDraft("Delivery Delay", Priority.NORMAL, 4, 48)
    assert update_category(manager, delivery.id, recased).name == "Delivery Delay"
    before = (categories(), snapshot())
    with pytest.raises(ValidationError, match="already a category"):
        update_category(manager, delivery.id, CategoryDraft("product defect", Priority.NORMAL, 4, 48))
    with pytest.raises(ValidationError, match="sooner"):
        update_category(manager, delivery.id, CategoryDraft("Delivery", Priority.NORMAL, 10, 5))
    assert (categories(), snapshot()) == before


def test_a_retired_category_stays_on_its_complaints_but_takes_no_new_ones(
    manager: Staff, delivery: Category, make: MakeComplaint
) -> None:
    old = make()
    retired = retire_category(manager, delivery.id)
    assert not retired.active
    assert (last_event().action, last_event().entity_id) == ("category.retire", str(delivery.id))
    assert complaints.get_complaint(old.id).category.name == "Delivery delay"
    assert complaints.fetch_complaints(complaints.ComplaintFilter())[0].category_name == "Delivery delay"
    with pytest.raises(ValidationError, match="Choose a category"):
        make()
    retire_category(manager, delivery.id)  # already retired: nothing more happens
    assert actions().count("category.retire") == 1
    assert reinstate_category(manager, delivery.id).active
    assert actions()[-1] == "category.reinstate"
    assert make().category_id == delivery.id


def test_the_last_active_category_cannot_be_retired(manager: Staff) -> None:
    *others, last = [category.id for category in all_categories()]
    for category_id in others:
        retire_category(manager, category_id)
    before = (categories(), snapshot())
    with pytest.raises(ValidationError, match="at least one category"):
        retire_category(manager, last)
    assert (categories(), snapshot()) == before


def test_counter_staff_may_not_change_categories(clerk: Staff, delivery: Category) -> None:
    before = (categories(), snapshot())
    attempts = (
        lambda: add_category(clerk, RETURNS),
        lambda: update_category(clerk, delivery.id, RETURNS),
        lambda: retire_category(clerk, delivery.id),
        lambda: reinstate_category(clerk, delivery.id),
    )
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert (categories(), snapshot()) == before
    denials = AuditEvent.select().where(AuditEvent.action == DENIED, AuditEvent.staff == clerk.id)
    assert [json.loads(e.detail)["action"] for e in denials] == ["categories.edit"] * 4


def test_an_unknown_category_is_not_found(manager: Staff) -> None:
    with pytest.raises(NotFound):
        update_category(manager, 9999, RETURNS)
    with pytest.raises(NotFound):
        retire_category(manager, 9999)
