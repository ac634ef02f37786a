"""Figures broken down by category and by staff member (the report's tables).

Every row is an ordinary figure of ``complaints`` or ``surveys`` computed with a
``MetricFilter`` for that category or person, so a breakdown never defines a
figure a second time: a row always equals the filtered figure.
"""

from __future__ import annotations

import dataclasses

from peewee import fn

from smallcs.metrics import complaints as cm
from smallcs.metrics import surveys as sm
from smallcs.metrics.periods import NO_FILTER, MetricFilter, Period
from smallcs.models import Category, Complaint, Staff


@dataclasses.dataclass(frozen=True)
class CategoryResolution:
    """Resolution figures of one category (its target is ``figures.target_hours``)."""

    category_id: int
    name: str
    figures: cm.ResolutionFigures


@dataclasses.dataclass(frozen=True)
class StaffFigures:
    """One staff member's month.

    Complaints are theirs when assigned to them, or taken by them while
    unassigned (as ``MetricFilter.staff_id``); the CSAT is over answers on
    cards printed for them about a complaint.
    """

    staff_id: int
    name: str
    received: int
    resolution: cm.ResolutionFigures
    post_resolution_csat: sm.CsatFigure


def resolution_by_category(period: Period, flt: MetricFilter = NO_FILTER) -> list[CategoryResolution]:
    """Resolution figures per category over the complaints resolved in ``period``.

    Args:
        period: the window (complaints count by ``resolved_at``).
        flt: optional channel / staff filter (a category filter keeps that one).

    Returns:
        One row per category with a complaint resolved in the period, most
        resolved first (ties in the categories' own order).
    """
    n = fn.COUNT(Complaint.id)
    rows = (cm.resolved_in(period, flt)
            .select(Category.id, Category.name, Category.sort_order, n.alias("n"))
            .join(Category)
            .group_by(Category.id, Category.name, Category.sort_order)
            .order_by(n.desc(), Category.sort_order, Category.name)
            .tuples())
    return [
        CategoryResolution(int(cid), str(name),
                           cm.resolution(period, dataclasses.replace(flt, category_id=int(cid))))
        for cid, name, _order, _count in rows
    ]


def staff_figures(period: Period) -> list[StaffFigures]:
    """Each staff member's complaints, resolutions and post-resolution CSAT in ``period``.

    Disabled accounts are included (someone who left mid-month still did the
    work); people with nothing in the period are left out.

    Returns:
        Rows sorted by display name.
    """
    found = []
    for person in Staff.select(Staff.id, Staff.display_name).order_by(Staff.display_name, Staff.id):
        flt = MetricFilter(staff_id=person.id)
        received = cm.count_received(period, flt)
        resolution = cm.resolution(period, flt)
        csat = sm.post_resolution_csat(period, flt)
        if received or resolution.resolved or csat.n:
            found.append(StaffFigures(int(person.id), person.display_name, received, resolution, csat))
    return found


def staff_post_resolution_csat(period: Period) -> dict[int, sm.CsatFigure]:
    """Each staff member's CSAT after a complaint over ``period``, by staff id.

    The same figure as ``StaffFigures.post_resolution_csat`` without the
    complaint figures beside it, so a long window (the report's twelve months)
    costs only its survey answers. People with no answer are left out.
    """
    found: dict[int, sm.CsatFigure] = {}
    for person in Staff.select(Staff.id).order_by(Staff.id):
        csat = sm.post_resolution_csat(period, MetricFilter(staff_id=person.id))
        if csat.n:
            found[int(person.id)] = csat
    return found
