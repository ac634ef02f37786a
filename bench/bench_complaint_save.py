"""Saving a complaint with a step at 100,000 complaints, against the same writes on plain sqlite3.

Issue #4's target: saving a complaint with a step takes at most 20 ms. On a
database holding a ``--scale 10`` demo year plus generated complaints up to
``--complaints`` (built by ``bench_complaint_list.build_database``, or reused
with ``--db``; a copy is written to, never the file given), it times, ``--runs``
times each and alternating so machine noise hits both alike:

* SmallCS: the real service calls ``create_complaint(...)`` (a phone
  complaint: reference, complaint row, search-index trigger, audit event) then
  ``add_step(...)`` (a customer-facing step: status update, step row, search
  trigger, audit event), each in its own write transaction as in the app;
* floor: the INSERT and UPDATE statements that save ran, captured from peewee's
  DEBUG log, replayed on a plain ``sqlite3`` connection with the same pragmas
  in one ``BEGIN IMMEDIATE ... COMMIT`` (new reference and ids, the same
  triggers fire);
* floor with reads: as the floor, plus the SELECTs the save ran (category,
  customer, settings, next reference, reloading the complaint).

    .venv/bin/python bench/bench_complaint_save.py [--runs 200] [--db EXISTING.db] \
        [--complaints 100000] [--keep PATH]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from bench_complaint_list import prepare_database  # the same database as the list bench

from smallcs import complaints
from smallcs.models import (
    AuditEvent,
    Category,
    Complaint,
    Customer,
    ResolutionStep,
    Staff,
)
from smallcs.models.connection import SQLITE_PRAGMAS, close_database, open_database
from smallcs.models.enums import Channel, StepKind

TARGET_MS = 20.0
DESCRIPTION = ("Ordered a kettle on the website on Monday with next-day delivery. The tracking page "
               "said delivered at 14:02 but nothing arrived; the neighbours have not seen it either. "
               "Second time this month a parcel went missing.")
STEP_TEXT = "Called the customer back, apologised and checked the courier's photo of the drop-off."
WARM_UP = 10

Statement = tuple[str, tuple[Any, ...]]


# --- the SmallCS save --------------------------------------------------------
class Save:
    """One save as the quick-entry form and the timeline make it."""

    def __init__(self, actor: Staff, category_id: int, customer_id: int) -> None:
        self.actor, self.category_id, self.customer_id = actor, category_id, customer_id
        self.count = 0

    def __call__(self) -> tuple[float, float, Complaint, ResolutionStep]:
        """Seconds in ``create_complaint`` and in ``add_step``, and what they saved."""
        self.count += 1
        start = time.perf_counter()
        complaint = complaints.create_complaint(
            self.actor, channel=Channel.PHONE, category_id=self.category_id,
            summary=f"Parcel marked delivered but never arrived ({self.count})",
            description=DESCRIPTION, desired_outcome="Refund or a new kettle",
            order_reference=f"WEB-{400000 + self.count}", customer_id=self.customer_id,
            call_duration_seconds=240)
        middle = time.perf_counter()
        step = complaints.add_step(self.actor, complaint.id, kind=StepKind.CONTACTED_CUSTOMER,
                                   text=STEP_TEXT)
        return middle - start, time.perf_counter() - middle, complaint, step


class StatementLog(logging.Handler):
    """Every (sql, params) peewee runs; BEGIN and COMMIT are not logged by peewee."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[Statement] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            sql, params = record.msg
            self.statements.append((sql, tuple(params or ())))


def recorded(action: Callable[[], Any]) -> tuple[Any, list[Statement]]:
    """What ``action`` returns and the statements it ran (logged only here, never while timing)."""
    handler = StatementLog()
    logger = logging.getLogger("peewee")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        result = action()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return result, handler.statements


# --- the floor ------------------------------------------------------------------
REFERENCE, COMPLAINT_ID, COMPLAINT_ID_TEXT = object(), object(), object()


class Floor:
    """The captured statements, replayed on plain sqlite3 with a fresh reference and ids.

    In the captured parameters the complaint's reference, its id (as a number,
    and as text in the audit event) are replaced by markers; the replay fills
    them with a new reference and the id sqlite3 just gave the new row, and the
    audit details get the new reference and step id, so every statement writes
    a new, valid row and the same triggers fire.
    """

    def __init__(self, raw: sqlite3.Connection, statements: list[Statement],
                 complaint: Complaint, step: ResolutionStep, *, reads: bool) -> None:
        self.raw = raw
        self.tag = "R" if reads else "F"
        self.reference, self.step_id = complaint.reference, step.id
        self.count = 0
        exact: dict[Any, object] = {complaint.reference: REFERENCE, str(complaint.id): COMPLAINT_ID_TEXT}
        self.statements: list[Statement] = []
        for sql, params in statements:
            verb = sql.lstrip().split(None, 1)[0].upper()
            if verb in ("SAVEPOINT", "RELEASE") or (verb == "SELECT" and not reads):
                continue  # one plain transaction instead of the service's two and its savepoint
            if verb not in ("SELECT", "INSERT", "UPDATE"):
                raise SystemExit(f"unexpected statement in a save: {sql}")
            self.statements.append((sql, tuple(
                COMPLAINT_ID if type(p) is int and p == complaint.id else exact.get(p, p)
                if isinstance(p, str) else p for p in params)))
        self.writes = sum(not sql.lstrip().upper().startswith("SELECT") for sql, _ in self.statements)

    def __call__(self) -> int:
        """One replay in one write transaction; returns the new complaint's id."""
        self.count += 1
        reference = f"{self.tag}-{self.count:010d}"  # as long as C-2026-NNNNN, outside SmallCS's numbering
        filled: dict[object, Any] = {REFERENCE: reference}
        step_id: int | None = None
        execute = self.raw.execute
        execute("BEGIN IMMEDIATE")
        try:
            for sql, template in self.statements:
                params = tuple(filled[p] if p in filled
                               else self._detail(p, reference, step_id) if type(p) is str and p[:1] == "{"
                               else p for p in template)
                cursor = execute(sql, params)
                if sql.startswith('INSERT INTO "complaint"'):
                    filled[COMPLAINT_ID] = cursor.lastrowid
                    filled[COMPLAINT_ID_TEXT] = str(cursor.lastrowid)
                elif sql.startswith('INSERT INTO "resolution_step"'):
                    step_id = cursor.lastrowid
                else:
                    cursor.fetchall()
            execute("COMMIT")
        except BaseException:
            execute("ROLLBACK")
            raise
        return filled[COMPLAINT_ID]

    def _detail(self, text: str, reference: str, step_id: int | None) -> str:
        """An audit event's JSON detail with this replay's reference and step id."""
        return (text.replace(f'"{self.reference}"', f'"{reference}"')
                .replace(f'"step": {self.step_id}}}', f'"step": {step_id}}}'))


def plain_connection(path: Path) -> sqlite3.Connection:
    """sqlite3 in autocommit (transactions by hand) with the pragmas SmallCS sets."""
    raw = sqlite3.connect(str(path), isolation_level=None)
    for name, value in SQLITE_PRAGMAS.items():
        raw.execute(f"PRAGMA {name} = {value}").fetchall()
    return raw


# --- running ----------------------------------------------------------------------
def milliseconds(values: list[float]) -> tuple[float, float]:
    """Median and 90th percentile, in ms."""
    return statistics.median(values) * 1000, statistics.quantiles(values, n=10)[-1] * 1000


def check(raw: sqlite3.Connection, smallcs_ids: list[int], *floors: list[int]) -> str:
    """All paths wrote the same rows: one step, two audit events and an index entry each."""
    def counts(ids: list[int]) -> tuple[int, ...]:
        marks = ",".join("?" * len(ids))
        text_ids = [str(i) for i in ids]
        return (
            raw.execute(f"SELECT count(*) FROM complaint WHERE id IN ({marks})"
                        " AND status = 'in_progress'", ids).fetchone()[0],
            raw.execute(f"SELECT count(*) FROM resolution_step WHERE complaint_id IN ({marks})",
                        ids).fetchone()[0],
            raw.execute(f"SELECT count(*) FROM audit_event WHERE entity = 'complaint'"
                        f" AND entity_id IN ({marks})", text_ids).fetchone()[0],
            raw.execute(f"SELECT count(*) FROM complaint_search WHERE rowid IN ({marks})"
                        " AND body LIKE '%courier%'", ids).fetchone()[0],
        )
    n = len(smallcs_ids)
    found = [counts(ids) for ids in (smallcs_ids, *floors)]
    if any(counts_ != (n, n, 2 * n, n) for counts_ in found):
        raise SystemExit(f"the paths wrote different rows (complaints in progress, steps, audit"
                         f" events, index documents with the step's text): {found}")
    return (f"Checked: each path saved {n} complaints, in progress, with {n} steps, {2 * n} audit "
            f"events and {n} search-index documents holding the step's text.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="saves timed on each path")
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="an existing database made by bench_complaint_list"
                        " (copied; the copy is written to)")
    parser.add_argument("--keep", type=Path, help="copy the database built here (before any save)"
                        " to this path")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-save-"))
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    raw: sqlite3.Connection | None = None
    try:
        path = prepare_database(folder, db=args.db, complaints=args.complaints, keep=args.keep,
                                name="save.db")
        if args.db is not None:  # never write to the file given
            path = folder / "save.db"
            with closing(sqlite3.connect(str(args.db))) as source, \
                    closing(sqlite3.connect(str(path))) as target:
                source.backup(target)
        open_database(path)
        raw = plain_connection(path)
        total = Complaint.select().count()
        steps = ResolutionStep.select().count()
        events = AuditEvent.select().count()
        actor = Staff.get(Staff.role == "owner")
        category = Category.select().where(Category.active).order_by(Category.sort_order).first()
        customer = (Customer.select().where(Customer.merged_into.is_null(),
                                            Customer.anonymised_at.is_null())
                    .order_by(Customer.id).first())
        save = Save(actor, category.id, customer.id)
        for _n in range(WARM_UP):
            save()
        (_c, _s, complaint, step), statements = recorded(save)
        floor = Floor(raw, statements, complaint, step, reads=False)
        floor_reads = Floor(raw, statements, complaint, step, reads=True)
        for _n in range(WARM_UP):
            floor()
            floor_reads()

        times: dict[str, list[float]] = {"save": [], "create": [], "step": [], "floor": [],
                                         "floor_reads": []}
        smallcs_ids: list[int] = []
        floor_ids: list[int] = []
        floor_reads_ids: list[int] = []

        def smallcs_once() -> None:
            create, add, saved, _step = save()
            times["create"].append(create)
            times["step"].append(add)
            times["save"].append(create + add)
            smallcs_ids.append(saved.id)

        def floor_once() -> None:
            start = time.perf_counter()
            floor_ids.append(floor())
            times["floor"].append(time.perf_counter() - start)

        def floor_reads_once() -> None:
            start = time.perf_counter()
            floor_reads_ids.append(floor_reads())
            times["floor_reads"].append(time.perf_counter() - start)

        order = [smallcs_once, floor_once, floor_reads_once]
        for run in range(args.runs):
            for action in order if run % 2 == 0 else reversed(order):
                action()

        verdict = check(raw, smallcs_ids, floor_ids, floor_reads_ids)
        save_ms, save_p90 = milliseconds(times["save"])
        print(f"\n{total:,} complaints, {steps:,} steps and {events:,} audit events before the bench;"
              f" {args.runs} saves on each path, in turn (order reversed every other round), after {WARM_UP} warm-up saves each."
              " SmallCS: create_complaint + add_step (two write transactions, as in the app);"
              f" floor: the {floor.writes} INSERT/UPDATE statements that save ran, replayed on plain"
              " sqlite3 (same pragmas) in one transaction; floor with reads: the same plus its"
              f" {len(floor_reads.statements) - floor_reads.writes} SELECTs.\n")
        print("| path | median | p90 | SmallCS ÷ path (median) | SmallCS ÷ path (p90) |")
        print("| --- | ---: | ---: | ---: | ---: |")
        rows = (("SmallCS: create_complaint + add_step", "save"),
                ("… of which create_complaint", "create"), ("… of which add_step", "step"),
                (f"floor: the {floor.writes} writes on sqlite3, one transaction", "floor"),
                (f"floor with reads: all {len(floor_reads.statements)} statements, one transaction",
                 "floor_reads"))
        for label, key in rows:
            median, p90 = milliseconds(times[key])
            ratios = (f"{save_ms / median:.1f}x | {save_p90 / p90:.1f}x" if key.startswith("floor")
                      else "|")
            print(f"| {label} | {median:.2f} ms | {p90:.2f} ms | {ratios} |")
        met = "met" if save_ms <= TARGET_MS else "NOT met"
        print(f"\nTarget (issue #4) save with a step ≤ {TARGET_MS:.0f} ms: {met} "
              f"(median {save_ms:.2f} ms, p90 {save_p90:.2f} ms).")
        print(verdict)
    finally:
        if raw is not None:
            raw.close()
        close_database()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
