"""The Complaints page at 100,000 complaints: first rows, sort, search, scroll.

Builds (once, or reuses with ``--db``) a SQLite file holding a ``--scale 10``
demo year plus generated complaints up to ``--complaints`` (inserted in bulk,
with the search index kept by its triggers as in real use). Then, alternating
in the same run so machine noise hits all alike, it times the real
``ComplaintsPage`` (offscreen Qt) and two references:

* naive: what a list that loads everything would pay, i.e. the same view's
  rows fetched with one plain peewee select into a list;
* floor: the SQL statements the page itself ran for that step, replayed on a
  plain ``sqlite3`` connection (the database's share of the page's time).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_complaint_list.py \
        [--runs 7] [--complaints 100000] [--db EXISTING.db] [--keep PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from peewee import JOIN

from smallcs import demo
from smallcs.models import Category, Complaint, Customer, Staff, database
from smallcs.models.connection import close_database, open_database
from smallcs.models.enums import Channel, Priority, Status

TODAY = dt.date(2026, 11, 24)
SCROLL_TO = 5_000
SEARCH = "wilson"  # a demo surname: matches customers' names and text in steps
SUMMARIES = ("Parcel late", "Item arrived broken", "Charged twice", "Rude reply on the phone",
             "Queue at the till far too long", "Wrong size sent", "Refund not received",
             "Missing part in the box", "Voucher refused at the counter", "Delivery to wrong address")


# --- data -----------------------------------------------------------------
def build_database(path: Path, total: int) -> None:
    """A demo year at scale 10, then generated complaints up to ``total``."""
    open_database(path)
    try:
        demo.load_demo(scale=10, today=TODAY)
        have = Complaint.select().count()
        rng = random.Random(2026)
        customers = [c.id for c in Customer.select(Customer.id)]
        categories = [(c.id, c.resolution_target_hours) for c in Category.select()]
        staff = [s.id for s in Staff.select(Staff.id)]
        start = dt.datetime(2021, 11, 24, 8, 0)
        span = (dt.datetime(2025, 11, 24) - start).total_seconds()
        done = [Status.CLOSED.value] * 8 + [Status.RESOLVED.value] * 2 + [Status.OPEN.value]
        rows: list[dict[str, Any]] = []
        for n in range(total - have):
            received = start + dt.timedelta(seconds=rng.random() * span)
            category, hours = rng.choice(categories)
            status = rng.choice(done)
            rows.append({
                "reference": f"G-{n + 1:06d}", "channel": rng.choice(list(Channel)).value,
                "customer": rng.choice(customers) if rng.random() < 0.8 else None,
                "category": category, "priority": rng.choice(list(Priority)).value, "status": status,
                "summary": f"{rng.choice(SUMMARIES)} ({n})", "received_at": received,
                "due_at": received + dt.timedelta(hours=hours),
                "resolved_at": received + dt.timedelta(hours=rng.randint(1, 96))
                if status != Status.OPEN.value else None,
                "assigned_to": rng.choice(staff), "created_by": rng.choice(staff), "updated_at": received,
            })
        with database.atomic():
            for chunk in range(0, len(rows), 2_000):
                Complaint.insert_many(rows[chunk:chunk + 2_000]).execute()
        database.execute_sql("ANALYZE")
    finally:
        close_database()


def prepare_database(folder: Path, *, db: Path | None, complaints: int, keep: Path | None,
                     name: str = "list.db") -> Path:
    """``db`` as given, or a new database built in ``folder`` (copied to ``keep`` if set)."""
    if db is not None:
        return db
    path = folder / name
    print(f"building {complaints:,} complaints ...", flush=True)
    print(f"  built in {seconds(lambda: build_database(path, complaints)):.1f} s", flush=True)
    if keep:
        shutil.copy(path, keep)
    return path


# --- measuring --------------------------------------------------------------
class StatementLog(logging.Handler):
    """Collects the (sql, params) peewee runs, to replay them on plain sqlite3."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[tuple[str, tuple[Any, ...]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            sql, params = record.msg
            if sql.lstrip().upper().startswith("SELECT"):
                self.statements.append((sql, tuple(params or ())))


def recorded(action: Callable[[], None]) -> list[tuple[str, tuple[Any, ...]]]:
    """The SELECT statements ``action`` runs."""
    handler = StatementLog()
    logger = logging.getLogger("peewee")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        action()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return handler.statements


def replay(connection: sqlite3.Connection, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
    for sql, params in statements:
        connection.execute(sql, params).fetchall()


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def naive_rows(*, order: Any = None, search: str | None = None) -> list[Complaint]:
    """Every row of a view, the way a list without paging would load it."""
    from smallcs.complaints.search import search_condition

    assigned = Staff.alias()
    query = (Complaint.select(Complaint, Customer.name, Category.name, assigned.display_name)
             .join_from(Complaint, Customer, JOIN.LEFT_OUTER)
             .join_from(Complaint, Category)
             .join_from(Complaint, assigned, JOIN.LEFT_OUTER, on=(Complaint.assigned_to == assigned.id))
             .order_by(order if order is not None else Complaint.received_at.desc()))
    if search:
        query = query.where(search_condition(search))
    return list(query)


class Bench:
    """One Qt application and page; each step timed until its rows are on screen."""

    def __init__(self, owner: Staff, raw: sqlite3.Connection) -> None:
        from smallcs.ui.app import create_application

        self.app = create_application([])
        self.owner = owner
        self.raw = raw
        self.results: dict[str, dict[str, list[float]]] = {}
        self.longest_block = 0.0  # the longest the UI thread went without handling events

    def settle(self) -> None:
        """Run the event loop until the list's reads are in and shown."""
        from PySide6.QtCore import QThreadPool

        pool = QThreadPool.globalInstance()
        while True:
            started = time.perf_counter()
            self.app.processEvents()
            self.longest_block = max(self.longest_block, time.perf_counter() - started)
            if pool.activeThreadCount() == 0 and not self.page.model.is_loading():
                self.app.processEvents()
                return
            time.sleep(0.0005)

    def step(self, name: str, action: Callable[[], None], naive: Callable[[], object]) -> None:
        """Time ``action`` until settled; replay its SQL on sqlite3; time the naive way."""
        self.longest_block = 0.0
        start = time.perf_counter()
        statements = recorded(lambda: (action(), self.settle()))
        self._note(name, "page", time.perf_counter() - start)
        self._note(name, "blocked", self.longest_block)
        self._note(name, "floor", seconds(lambda: replay(self.raw, statements)))
        self._note(name, "naive", seconds(naive))

    def _note(self, step: str, kind: str, value: float) -> None:
        self.results.setdefault(step, {}).setdefault(kind, []).append(value)

    def open_page(self) -> None:
        from smallcs.ui.complaint_desk.page import ComplaintsPage

        self.page = ComplaintsPage()
        self.page.set_actor(self.owner)
        self.page.resize(1100, 700)
        self.page.show()
        self.page.refresh()

    def sort(self, key: str, *, descending: bool = False) -> None:
        from PySide6.QtCore import Qt

        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.page.table.sortByColumn(self.page.model.column_of(key), order)

    def search(self, text: str) -> None:
        """As after typing: the debounce (a deliberate pause for the typist) is not counted."""
        self.page.filters.search.setText(text)
        self.page.apply_filter()

    def scroll_to(self, row: int) -> None:
        """Down to ``row`` as a user dragging to the bottom does: Qt asks for more each time."""
        while self.page.model.rowCount() <= row:
            self.page.table.scrollToBottom()
            self.settle()
        self.page.table.scrollTo(self.page.model.index(row, 0))

    def run_once(self) -> None:
        self.step("open: first rows shown", self.open_page, naive_rows)
        self.page.filters.choose_view("all")
        self.settle()
        for key, order in (("customer", Customer.name_norm.asc(nulls="LAST")),
                           ("due_at", Complaint.due_at.asc(nulls="LAST"))):
            self.sort("received_at", descending=True)  # from the default order each time
            self.settle()
            self.step(f"sort by {key}", lambda k=key: self.sort(k), lambda o=order: naive_rows(order=o))
        self.sort("received_at", descending=True)
        self.settle()
        self.step(f"search '{SEARCH}'", lambda: self.search(SEARCH), lambda: naive_rows(search=SEARCH))
        self.search("")
        self.settle()
        self.step(f"scroll to row {SCROLL_TO:,}", lambda: self.scroll_to(SCROLL_TO), naive_rows)
        self.page.close()
        self.page.deleteLater()
        self.app.processEvents()

    def table(self) -> Iterator[str]:
        yield ("| step | SmallCS page | UI thread blocked (longest) | floor (sqlite3) | page ÷ floor "
               "| naive (all rows) | naive ÷ page |")
        yield "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
        for step, kinds in self.results.items():
            page, blocked, floor, naive = (statistics.median(kinds[k]) * 1000
                                           for k in ("page", "blocked", "floor", "naive"))
            yield (f"| {step} | {page:.1f} ms | {blocked:.1f} ms | {floor:.1f} ms | {page / floor:.1f}x "
                   f"| {naive:.0f} ms | {naive / page:.0f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="an existing database made by this script")
    parser.add_argument("--keep", type=Path, help="copy the database made here to this path")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-list-"))
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    path = prepare_database(folder, db=args.db, complaints=args.complaints, keep=args.keep)
    open_database(path)
    raw = sqlite3.connect(str(path))
    try:
        bench = Bench(Staff.get(Staff.role == "owner"), raw)
        total = Complaint.select().count()
        for _run in range(args.runs):
            bench.run_once()
        print(f"\n{total:,} complaints, median of {args.runs} runs. SmallCS page: until the rows are on"
              " screen; floor: the SQL the page ran for that step, replayed on plain sqlite3; naive: all"
              " rows of the view with one plain peewee select into a list.\n")
        print("\n".join(bench.table()))
    finally:
        raw.close()
        close_database()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
