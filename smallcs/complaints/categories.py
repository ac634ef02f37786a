"""The shop's complaint categories: add one, rename it or change its targets, retire it.

A category is never deleted: complaints keep the one they were filed under, and
the reports still count them there. Retiring a category only stops it being
offered for new complaints (quick entry and the list's filters show active ones);
reinstating it offers it again. Names are unique whatever their case, retired
ones included, so "Waiting time" and "waiting time" never split a report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from peewee import IntegrityError, fn

from smallcs import audit
from smallcs.complaints.common import clean_text, parse_enum
from smallcs.errors import NotFound, ValidationError
from smallcs.i18n import _
from smallcs.models import Category, Staff, write_transaction
from smallcs.models.enums import Priority
from smallcs.permissions import require

MAX_NAME = 60  # Category.name's column
MAX_TARGET_HOURS = 24 * 365  # a year: anything longer is a typing slip


@dataclasses.dataclass(frozen=True)
class CategoryDraft:
    """A category as typed: its name, the priority new complaints start with, and its targets."""

    name: str
    default_priority: Priority | str = Priority.NORMAL
    response_target_hours: int = 4
    resolution_target_hours: int = 48

    @classmethod
    def of(cls, category: Category) -> CategoryDraft:
        """The stored category as a draft to edit."""
        return cls(category.name, Priority(category.default_priority), category.response_target_hours,
                   category.resolution_target_hours)


def all_categories() -> list[Category]:
    """Every category in display order, retired ones included (Settings lists them all)."""
    return list(Category.select().order_by(Category.sort_order, Category.name))


def _hours(value: object, *, field: str, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("{label} must be a whole number of hours.").format(label=label), field=field)
    if not 1 <= value <= MAX_TARGET_HOURS:
        raise ValidationError(_("{label} must be between 1 and {n} hours.").format(label=label, n=MAX_TARGET_HOURS),
                              field=field)
    return value


def _name_taken(name: str) -> ValidationError:
    """The refusal of a name in use, whatever its case (also when another counter stored it a moment ago)."""
    return ValidationError(_("There is already a category called “{name}” (perhaps retired).").format(name=name),
                           field="name")


def _clean(draft: CategoryDraft, *, other_names: Iterable[str]) -> dict[str, object]:
    """The draft's columns, checked; ``other_names`` are the names it may not repeat.

    Raises:
        ValidationError: empty, over-long or repeated name; unknown priority; a target
            not a whole number of hours from 1 to a year; resolution sooner than response.
    """
    name = " ".join(clean_text(draft.name, field="name", label=_("Category name"), max_length=MAX_NAME,
                               required=True).split())
    if name.casefold() in {other.casefold() for other in other_names}:
        raise _name_taken(name)
    priority = parse_enum(Priority, draft.default_priority, "default_priority", _("Choose a priority."))
    response = _hours(draft.response_target_hours, field="response_target_hours", label=_("The response target"))
    resolution = _hours(draft.resolution_target_hours, field="resolution_target_hours",
                        label=_("The resolution target"))
    if resolution < response:
        raise ValidationError(_("The resolution target cannot be sooner than the response target."),
                              field="resolution_target_hours")
    return {"name": name, "default_priority": priority.value, "response_target_hours": response,
            "resolution_target_hours": resolution}


def _names(excluding: int | None = None) -> list[str]:
    query = Category.select(Category.name)
    if excluding is not None:
        query = query.where(Category.id != excluding)
    return [category.name for category in query]


def _get(category_id: int) -> Category:
    category = Category.get_or_none(Category.id == category_id)
    if category is None:
        raise NotFound(_("There is no such category."))
    return category


def add_category(actor: Staff, draft: CategoryDraft) -> Category:
    """A new active category, listed after the others (manager or owner).

    Raises:
        PermissionDenied: the actor is counter staff.
        ValidationError: a check of ``_clean`` failed; nothing is stored.
    """
    require(actor, "categories.edit")
    try:
        with write_transaction():
            values = _clean(draft, other_names=_names())
            last = Category.select(fn.MAX(Category.sort_order)).scalar()
            category = Category.create(**values, sort_order=(last or 0) + 1)
            audit.record(actor, "category.create", entity="category", entity_id=category.id, detail=values)
    except IntegrityError as exc:
        raise _name_taken(" ".join(str(draft.name).split())) from exc
    return category


def update_category(actor: Staff, category_id: int, draft: CategoryDraft) -> Category:
    """Rename a category, change its default priority or its targets (manager or owner).

    Complaints already filed keep the due time they were given; the new targets
    apply to complaints logged from now on.

    Raises:
        PermissionDenied: the actor is counter staff.
        NotFound: no such category.
        ValidationError: a check of ``_clean`` failed; nothing changes.
    """
    require(actor, "categories.edit")
    try:
        with write_transaction():
            category = _get(category_id)
            values = _clean(draft, other_names=_names(excluding=category.id))
            before = {key: getattr(category, key) for key in values}
            changed = {key: value for key, value in values.items() if before[key] != value}
            if changed:
                Category.update(changed).where(Category.id == category.id).execute()
                audit.record(actor, "category.update", entity="category", entity_id=category.id,
                             detail={"before": {key: before[key] for key in changed}, "after": changed})
    except IntegrityError as exc:
        raise _name_taken(" ".join(str(draft.name).split())) from exc
    return _get(category_id)


def retire_category(actor: Staff, category_id: int) -> Category:
    """No longer offer a category for new complaints; those filed under it keep it (manager or owner).

    Raises:
        PermissionDenied: the actor is counter staff.
        NotFound: no such category.
        ValidationError: it is the last active category (a complaint needs one).
    """
    return _set_active(actor, category_id, active=False)


def reinstate_category(actor: Staff, category_id: int) -> Category:
    """Offer a retired category for new complaints again (manager or owner).

    Raises:
        PermissionDenied: the actor is counter staff.
        NotFound: no such category.
    """
    return _set_active(actor, category_id, active=True)


def _set_active(actor: Staff, category_id: int, *, active: bool) -> Category:
    require(actor, "categories.edit")
    with write_transaction():
        category = _get(category_id)
        if category.active == active:
            return category
        if not active and Category.select().where(Category.active == True).count() <= 1:
            raise ValidationError(_("Keep at least one category: every complaint needs one."), field="category")
        Category.update(active=active).where(Category.id == category.id).execute()
        audit.record(actor, "category.reinstate" if active else "category.retire", entity="category",
                     entity_id=category.id, detail={"name": category.name})
    return _get(category_id)
