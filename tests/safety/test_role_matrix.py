"""Who may do what: every action in ``smallcs.permissions`` × staff, manager, owner (and a
disabled account), through the services, the command line and the survey server, on a
SQLite file and on a PostgreSQL database alike (the whole matrix on both).

The expected matrix is written out here, not read from ``permissions.py``: a change
to a rule must change this table too. A service call that is allowed succeeds; one
that is denied raises PermissionDenied and writes nothing but its one audit event.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import itertools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from smallcs import accounts, backup, customers, goals, permissions, settings
from smallcs.audit import DENIED
from smallcs.audit_log import AuditFilter, count_events, fetch_events
from smallcs.complaints import (
    ComplaintFilter,
    create_complaint,
    export_complaints_csv,
    reopen,
    set_suggested_steps,
)
from smallcs.complaints.canned import set_canned_texts
from smallcs.complaints.timeline import SuggestedStep
from smallcs.demo import load_demo
from smallcs.errors import PermissionDenied
from smallcs.models import (
    AuditEvent,
    Complaint,
    Customer,
    Staff,
    Survey,
    SurveyCard,
    SurveyResponse,
)
from smallcs.models.enums import Channel, Outcome, Question, Role, StepKind
from smallcs.permissions import role_name
from smallcs.reports import automatic
from smallcs.reports.monthly import build_monthly_report
from smallcs.reports.print_run import print_cards
from smallcs.reports.receipt import receipt_for
from smallcs.surveys import import_responses, issue_cards, record_paper_response
from smallcs.surveys.definitions import (
    SurveyDefinition,
    create_survey,
    get_survey,
    update_survey,
)
from smallcs.ui.complaint_desk.page import ComplaintsPage
from smallcs.web.app import create_app
from tests.conftest import OWNER_PASSWORD, STAFF_PASSWORD
from tests.metrics.builders import category_id
from tests.safety.dbstate import Contents, contents

_files_made = itertools.count(1)
SMALLCS = shutil.which("smallcs", path=str(Path(sys.executable).parent)) or "smallcs"

# The policy, one line per action: the least role that may do it.
LEAST_ROLE: dict[str, Role] = {
    "staff.manage": Role.OWNER,
    "settings.edit": Role.MANAGER,
    "demo.load": Role.OWNER,
    "goals.edit": Role.MANAGER,
    "report.generate": Role.MANAGER,
    "report.staff": Role.OWNER,
    "audit.view": Role.OWNER,
    "surveys.cards": Role.MANAGER,
    "surveys.card_for_complaint": Role.STAFF,
    "surveys.paper_entry": Role.STAFF,
    "surveys.import": Role.MANAGER,
    "complaint.reopen": Role.STAFF,
    "complaint.receipt": Role.STAFF,
    "complaint.export": Role.MANAGER,
    "categories.edit": Role.MANAGER,
    "customer.merge": Role.MANAGER,
    "customer.anonymise": Role.MANAGER,
    "customer.export": Role.MANAGER,
}
RANK = {Role.STAFF: 0, Role.MANAGER: 1, Role.OWNER: 2}
ROLES = ("disabled", "staff", "manager", "owner")  # denials first: an allowed call changes the shop


def may(role: str, action: str) -> bool:
    """What the policy above says (a disabled account may do nothing)."""
    return role != "disabled" and RANK[Role(role)] >= RANK[LEAST_ROLE[action]]


@dataclasses.dataclass
class World:
    """A small shop with one account per role, and a folder for files."""

    owner: Staff
    manager: Staff
    clerk: Staff
    disabled: Staff
    folder: Path

    def actor(self, role: str) -> Staff:
        return {"disabled": self.disabled, "staff": self.clerk, "manager": self.manager,
                "owner": self.owner}[role]

    @property
    def survey_id(self) -> int:
        return int(Survey.get(Survey.name == "Customer feedback").id)

    def complaint(self, **fields: object) -> int:
        values: dict[str, object] = {"channel": Channel.PHONE, "summary": "Parcel arrived late",
                                     "category_id": category_id("Delivery delay")}
        values.update(fields)
        return int(create_complaint(self.owner, **values).id)  # type: ignore[arg-type]

    def account(self) -> str:
        """A fresh staff account (no password: cheap), its user name."""
        name = f"target{Staff.select().count()}"
        accounts.create_staff(self.owner, username=name, display_name=name, role=Role.STAFF, password=None)
        return name

    def file(self, name: str) -> Path:
        """A path in the folder that nothing has used yet."""
        return self.folder / f"{next(_files_made)}-{name}"


# A door: given the world, set up what the call needs (outside the check) and return the call.
Door = Callable[[World], Callable[[Staff], object]]


def _create_staff(w: World) -> Callable[[Staff], object]:
    name = f"new{Staff.select().count()}"
    return lambda a: accounts.create_staff(a, username=name, display_name="New", role=Role.STAFF, password=None)


def _reset_password(w: World) -> Callable[[Staff], object]:
    name = w.account()
    return lambda a: accounts.change_password(a, name, "a-new-password-1")


def _disable_staff(w: World) -> Callable[[Staff], object]:
    name = w.account()
    return lambda a: accounts.disable_staff(a, name)


def _restore_backup(w: World) -> Callable[[Staff], object]:
    target = w.file("backup.db")
    backup.write_backup(target, actor=w.owner)
    return lambda a: backup.restore_open_database(a, target)


def _save_profile(w: World) -> Callable[[Staff], object]:
    profile = dataclasses.replace(settings.get_profile(), address=f"Calle Mayor {AuditEvent.select().count()}")
    return lambda a: settings.save_profile(a, profile)


def _backup_settings(w: World) -> Callable[[Staff], object]:
    keep = 3 + AuditEvent.select().count() % 300
    return lambda a: backup.save_settings(a, folder=str(w.folder), keep=keep, daily=True)


def _canned_texts(w: World) -> Callable[[Staff], object]:
    texts = [f"Called the customer back ({AuditEvent.select().count()})."]
    return lambda a: set_canned_texts(a, texts)


def _create_survey(w: World) -> Callable[[Staff], object]:
    definition = SurveyDefinition(name=f"Survey {AuditEvent.select().count()}", questions=(Question.NPS,),
                                  languages=("en",))
    return lambda a: create_survey(a, definition)


def _update_survey(w: World) -> Callable[[Staff], object]:
    current = get_survey(w.survey_id).definition
    changed = dataclasses.replace(current, thank_you_text=f"Thanks! ({AuditEvent.select().count()})")
    return lambda a: update_survey(a, w.survey_id, changed)


def _load_demo(w: World) -> Callable[[Staff], object]:
    return lambda a: load_demo(months=1, scale=0.2, seed=7, owner=a)


def _create_goal(w: World) -> Callable[[Staff], object]:
    return lambda a: goals.create_goal(a, metric="nps", target=40, due_on=dt.date(2031, 1, 1), baseline=0)


def _existing_goal(w: World) -> int:
    return int(goals.create_goal(w.owner, metric="fcr", target=80, due_on=dt.date(2031, 1, 1), baseline=50).id)


def _update_goal(w: World) -> Callable[[Staff], object]:
    goal = _existing_goal(w)
    return lambda a: goals.update_goal(a, goal, target=90, due_on=dt.date(2031, 6, 1), baseline=50,
                                       starts_on=dt.date(2026, 1, 1))


def _retire_goal(w: World) -> Callable[[Staff], object]:
    goal = _existing_goal(w)
    return lambda a: goals.retire_goal(a, goal)


LAST_MONTH = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _monthly_report(w: World, *, include_staff: bool | None = None) -> Callable[[Staff], object]:
    target = w.file("report.pdf")
    return lambda a: build_monthly_report(LAST_MONTH, target, actor=a, include_staff=include_staff)


def _automatic_settings(w: World) -> Callable[[Staff], object]:
    mode = automatic.AutoMode.OFF if automatic.get_settings().mode != automatic.AutoMode.OFF \
        else automatic.AutoMode.WRITE
    return lambda a: automatic.save_settings(a, mode=mode, folder=str(w.folder))


def _mark_done(w: World) -> Callable[[Staff], object]:
    return lambda a: automatic.mark_done(a, LAST_MONTH, declined=True)


def _write_due_report(w: World) -> Callable[[Staff], object]:
    folder = w.file("reports")
    folder.mkdir()
    return lambda a: automatic.write_due_report(a, LAST_MONTH, folder)


def _issue_cards(w: World) -> Callable[[Staff], object]:
    return lambda a: issue_cards(a, survey_id=w.survey_id, count=3)


def _print_cards(w: World) -> Callable[[Staff], object]:
    target = w.file("cards.pdf")
    return lambda a: print_cards(a, survey_id=w.survey_id, count=2, layout="a4", output=target)


def _card_for_complaint(w: World) -> Callable[[Staff], object]:
    complaint = w.complaint()
    return lambda a: issue_cards(a, survey_id=w.survey_id, count=1, complaint_id=complaint)


def _paper_entry(w: World) -> Callable[[Staff], object]:
    card = issue_cards(w.owner, survey_id=w.survey_id, count=1)[0]
    return lambda a: record_paper_response(a, short_code=card.short_code, csat=5, nps=None, ces=None,
                                           comment="Quick and kind", contact_requested=False)


def _import(w: World) -> Callable[[Staff], object]:
    card = issue_cards(w.owner, survey_id=w.survey_id, count=1)[0]
    source = w.file("answers.csv")
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["token", "csat"], [card.token, "4"]])
    return lambda a: import_responses(a, source, mapping={"token": "token", "csat": "csat"})


def _reopen(w: World) -> Callable[[Staff], object]:
    complaint = w.complaint(resolved_on_the_spot=True, outcome=Outcome.APOLOGY)
    return lambda a: reopen(a, complaint, reason="The parcel was the wrong one after all.")


def _receipt(w: World) -> Callable[[Staff], object]:
    complaint = w.complaint()
    return lambda a: receipt_for(a, complaint)


def _export_complaints(w: World) -> Callable[[Staff], object]:
    w.complaint()
    target = w.file("complaints.csv")
    return lambda a: export_complaints_csv(ComplaintFilter(), target, actor=a)


def _suggested_steps(w: World) -> Callable[[Staff], object]:
    steps = [SuggestedStep(StepKind.CONTACTED_CUSTOMER, f"Call the courier ({AuditEvent.select().count()}).")]
    return lambda a: set_suggested_steps(a, category_id("Delivery delay"), steps)


def _merge(w: World) -> Callable[[Staff], object]:
    keep = customers.create_customer(w.owner, name="Ana Gómez", phone="612 345 678").id
    dupe = customers.create_customer(w.owner, name="Ana Gomez", email="ana@example.com").id
    return lambda a: customers.merge_customers(a, keep_id=keep, merge_id=dupe)


def _anonymise(w: World) -> Callable[[Staff], object]:
    customer = customers.create_customer(w.owner, name="Ana Gómez", phone="612 345 678").id
    return lambda a: customers.anonymise_customer(a, customer)


def _export_customer(w: World) -> Callable[[Staff], object]:
    customer = customers.create_customer(w.owner, name="Ana Gómez", phone="612 345 678").id
    return lambda a: customers.export_customer_data(a, customer, w.file("customer.json"))


def _audit_count(w: World) -> Callable[[Staff], object]:
    return lambda a: count_events(a, AuditFilter())


def _audit_fetch(w: World) -> Callable[[Staff], object]:
    return lambda a: fetch_events(a, AuditFilter())


# Every service call that checks each action. Reads (the audit log, a receipt) write no row;
# exports (a report, the complaint list) write their audit event.
DOORS: dict[str, dict[str, Door]] = {
    "staff.manage": {"create_staff": _create_staff, "reset_password": _reset_password,
                     "disable_staff": _disable_staff, "restore_open_database": _restore_backup},
    "settings.edit": {"save_profile": _save_profile, "backup_settings": _backup_settings,
                      "set_canned_texts": _canned_texts, "create_survey": _create_survey,
                      "update_survey": _update_survey},
    "demo.load": {"load_demo": _load_demo},
    "goals.edit": {"create_goal": _create_goal, "update_goal": _update_goal, "retire_goal": _retire_goal},
    "report.generate": {"monthly_report": _monthly_report, "automatic_settings": _automatic_settings,
                        "mark_done": _mark_done, "write_due_report": _write_due_report},
    "report.staff": {"report_with_staff": lambda w: _monthly_report(w, include_staff=True)},
    "audit.view": {"count_events": _audit_count, "fetch_events": _audit_fetch},
    "surveys.cards": {"issue_cards": _issue_cards, "print_cards": _print_cards},
    "surveys.card_for_complaint": {"card_for_complaint": _card_for_complaint},
    "surveys.paper_entry": {"record_paper_response": _paper_entry},
    "surveys.import": {"import_responses": _import},
    "complaint.reopen": {"reopen": _reopen},
    "complaint.receipt": {"receipt_for": _receipt},
    "complaint.export": {"export_complaints_csv": _export_complaints},
    "categories.edit": {"set_suggested_steps": _suggested_steps},
    "customer.merge": {"merge_customers": _merge},
    "customer.anonymise": {"anonymise_customer": _anonymise},
    "customer.export": {"export_customer_data": _export_customer},
}
READS = {"count_events", "fetch_events", "receipt_for"}
# The audit events each allowed call leaves, in order: exactly these, by the actor.
EVENTS: dict[str, tuple[str, ...]] = {
    "create_staff": ("staff.create",), "reset_password": ("staff.password",),
    "disable_staff": ("staff.disable",), "restore_open_database": ("backup.restore",),
    "save_profile": ("settings.profile",), "backup_settings": ("settings.backup",),
    "set_canned_texts": ("settings.canned_notes",), "create_survey": ("survey.create",),
    "update_survey": ("survey.update",),
    "load_demo": ("staff.create",) * 5 + ("demo.load",),  # the demo shop's staff, then the load
    "create_goal": ("goal.create",), "update_goal": ("goal.update",), "retire_goal": ("goal.retire",),
    "monthly_report": ("report.export",), "automatic_settings": ("settings.automatic_report",),
    "mark_done": ("report.automatic_declined",), "write_due_report": ("report.export", "report.automatic"),
    "report_with_staff": ("report.export",),
    "count_events": (), "fetch_events": (), "receipt_for": (),  # READS (a receipt is audited when saved)
    "issue_cards": ("surveys.cards_issued",), "print_cards": ("surveys.cards_issued",),
    "card_for_complaint": ("surveys.cards_issued",), "record_paper_response": ("surveys.paper_entry",),
    "import_responses": ("surveys.import",), "reopen": ("complaint.reopen",),
    "export_complaints_csv": ("complaint.export",), "set_suggested_steps": ("category.suggested_steps",),
    "merge_customers": ("customer.merge",), "anonymise_customer": ("customer.anonymise",),
    "export_customer_data": ("customer.export",),
}
# Recorded with no actor and the person's user name in the detail: the restored database's
# accounts are the backup's, where the id may be someone else's.
BY_NAME = {"restore_open_database"}
SQLITE_ONLY = {"restore_open_database"}  # PostgreSQL shops restore with pg_restore


def test_the_matrix_covers_every_action() -> None:
    assert set(permissions.MINIMUM_ROLE) == set(LEAST_ROLE), "a new action needs a row in LEAST_ROLE"
    assert set(DOORS) == set(LEAST_ROLE), "every action needs at least one service call in DOORS"
    assert all(DOORS.values())
    assert set(EVENTS) == {door for doors in DOORS.values() for door in doors}, "every door needs its events"
    assert {door for door, events in EVENTS.items() if not events} == READS


def test_permissions_agree_with_the_policy() -> None:
    for action in LEAST_ROLE:
        for role in ROLES:
            actor = Staff(username=role, display_name=role, role="owner" if role == "disabled" else role,
                          active=role != "disabled")
            assert permissions.allowed(actor, action) == may(role, action), (role, action)


@pytest.fixture
def world(owner: Staff, manager: Staff, clerk: Staff, tmp_path: Path) -> World:
    accounts.create_staff(owner, username="former", display_name="Former Owner", role=Role.OWNER, password=None)
    accounts.disable_staff(owner, "former")
    # Cards need the address their QR codes lead to.
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(),
                                                     survey_base_url="http://192.168.1.20:8765"))
    return World(owner=owner, manager=manager, clerk=clerk, disabled=Staff.get(Staff.username == "former"),
                 folder=tmp_path)


def _files(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@pytest.mark.parametrize(("action", "door"), [
    pytest.param(action, name, id=f"{action}:{name}") for action, doors in DOORS.items() for name in doors
])
def test_each_role_through_the_service(world: World, db_target: str, action: str, door: str) -> None:
    if door in SQLITE_ONLY and "://" in db_target:
        pytest.skip("restoring the open database is for the built-in SQLite file")
    for role in ROLES:
        call = DOORS[action][door](world)
        actor = world.actor(role)
        before, files = contents(), _files(world.folder)
        if may(role, action):
            call(actor)
            after = contents()
            if door not in READS:
                assert after != before, f"{role}: allowed, but nothing was written"
            _assert_audited(before, after, actor, door, role)
        else:
            with pytest.raises(PermissionDenied) as denied:
                call(actor)
            assert f"{actor.display_name} ({role_name(actor.role)}) is not allowed" in str(denied.value)
            _assert_only_the_denial_was_written(before, contents(), actor, role)
            assert _files(world.folder) == files, f"{role}: denied, yet a file was written"


def _assert_audited(before: Contents, after: Contents, actor: Staff, door: str, role: str) -> None:
    """An allowed call leaves exactly its events (``EVENTS``), each by ``actor``."""
    new = [row for row in after["audit_event"] if row not in before["audit_event"]]
    assert [row[_AUDIT_ACTION] for row in new] == list(EVENTS[door]), f"{role}: allowed, but audited otherwise"
    if door in BY_NAME:
        assert all(row[_AUDIT_STAFF] is None and json.loads(row[_AUDIT_DETAIL])["by"] == actor.username
                   for row in new), role
    else:
        assert {row[_AUDIT_STAFF] for row in new} <= {actor.id}, f"{role}: audited under someone else"


def _assert_only_the_denial_was_written(before: Contents, after: Contents, actor: Staff, role: str) -> None:
    """A refused call leaves exactly one event, its refusal by ``actor``, and no other change."""
    new = [row for row in after["audit_event"] if row not in before["audit_event"]]
    assert [(row[_AUDIT_STAFF], row[_AUDIT_ACTION]) for row in new] == [(actor.id, DENIED)], role
    assert not may(role, json.loads(new[0][_AUDIT_DETAIL])["action"])
    assert {**after, "audit_event": before["audit_event"]} == before, f"{role}: denied, yet the database changed"


# --- the command line --------------------------------------------------------------------------


def run_cli(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SMALLCS, *args], input=stdin, capture_output=True, text=True, timeout=120,
                          env={**os.environ}, check=False)


def _without_log_ins(snapshot: Contents) -> Contents:
    """The database minus what a log-in records (the audit event, the last log-in time)."""
    staff_columns = [field.column_name for field in Staff._meta.sorted_fields]
    last_login = staff_columns.index("last_login_at")
    return {**snapshot,
            "staff": [row[:last_login] + row[last_login + 1:] for row in snapshot["staff"]],
            "audit_event": [row for row in snapshot["audit_event"] if row[_AUDIT_ACTION] != "login"]}


_AUDIT_FIELDS = [field.name for field in AuditEvent._meta.sorted_fields]
_AUDIT_ACTION, _AUDIT_STAFF, _AUDIT_DETAIL = (_AUDIT_FIELDS.index(name) for name in ("action", "staff", "detail"))
PASSWORDS = {"staff": STAFF_PASSWORD, "manager": STAFF_PASSWORD, "owner": OWNER_PASSWORD}
USERNAMES = {"staff": "sam", "manager": "mario", "owner": "olivia"}


@pytest.mark.parametrize("role", ["staff", "manager", "owner"])
def test_each_role_through_the_command_line(world: World, db_target: str, role: str) -> None:
    """The commands that act as someone (``--as``) apply the same rules as the services.

    The whole matrix on both databases: six commands by three roles, 18 runs of
    ``smallcs`` a database (about 0.3 s each on SQLite, 0.55 s on PostgreSQL).
    """
    me, password = USERNAMES[role], PASSWORDS[role]
    card = issue_cards(world.owner, survey_id=world.survey_id, count=1)[0]
    answers = world.folder / "answers.csv"
    answers.write_text(f"token,csat\n{card.token},5\n", encoding="utf-8")
    commands = {
        "staff.manage": [
            (["user", "add", "newbie", "--as", me], f"{password}\nnewbie-password-1\n"),
            (["user", "passwd", world.account(), "--as", me], f"{password}\nreset-password-1\n"),
            (["user", "disable", world.account(), "--as", me], f"{password}\n"),
        ],
        "surveys.cards": [(["cards", "--survey", "Customer feedback", "--count", "2", "-o",
                            str(world.folder / "cards.pdf"), "--as", me], f"{password}\n")],
        "surveys.import": [(["import-responses", str(answers), "--as", me], f"{password}\n")],
        "complaint.export": [(["export", "complaints", "-o", str(world.folder / "complaints.csv"), "--as", me],
                              f"{password}\n")],
    }
    for action, runs in commands.items():
        for args, stdin in runs:
            before = contents()
            result = run_cli("--db", db_target, *args, stdin=stdin)
            assert "Traceback" not in result.stderr
            if may(role, action):
                assert result.returncode == 0, (args, result.stderr)
                assert _without_log_ins(contents()) != _without_log_ins(before), args
            else:
                assert result.returncode == 1, (args, result.stdout)
                actor = world.actor(role)
                named = role_name(role)  # as people read it: "Staff", "Manager"
                assert result.stderr == f"smallcs: error: {actor.display_name} ({named}) is not allowed to do this.\n"
                _assert_only_the_denial_was_written(_without_log_ins(before), _without_log_ins(contents()),
                                                    actor, role)
    assert (world.folder / "cards.pdf").exists() == may(role, "surveys.cards")
    assert (world.folder / "complaints.csv").exists() == may(role, "complaint.export")


def test_a_disabled_or_wrong_acting_user_is_refused_on_the_command_line(world: World, db_target: str) -> None:
    before = contents()
    for acting, stdin in (("former", "anything-at-all\n"), ("olivia", "not-her-password\n"),
                          ("nobody", "whatever-it-is\n")):
        result = run_cli("--db", db_target, "user", "add", "sneaky", "--role", "owner", "--as", acting,
                         stdin=stdin + "sneaky-password-1\n")
        assert result.returncode == 1 and result.stderr == "smallcs: error: Wrong user name or password.\n"
    after = contents()
    assert after["staff"][1:] == before["staff"][1:]  # only olivia's failed log-in is counted
    new_events = [row for row in after["audit_event"] if row not in before["audit_event"]]
    assert [row[_AUDIT_ACTION] for row in new_events] == ["login.failed"] * 3


# --- the desktop app ---------------------------------------------------------------------------

WHY_NO_EXPORT = ("Only a manager or the owner can export the complaint list:"
                 " it holds every customer's name and complaint.")


def test_each_role_at_the_export_button(qtbot: QtBot, world: World) -> None:
    """Staff find the complaint list's export greyed out, saying why; managers and owners export it."""
    world.complaint()
    page = ComplaintsPage()
    qtbot.add_widget(page)
    page.show()
    try:
        for role in ROLES[1:]:  # a disabled account never gets past the log-in
            actor = world.actor(role)
            page.set_actor(actor)  # as after a user switch: the same page, another person
            page.refresh()
            qtbot.waitUntil(lambda: not page.model.is_loading(), timeout=5000)
            button, target, before = page.export_button, world.file("view.csv"), contents()
            if may(role, "complaint.export"):
                assert button.isEnabled() and button.toolTip() == button.accessibleDescription() == ""
                with qtbot.waitSignal(page.exported, timeout=5000):
                    page.export_view(str(target))
                new = [row for row in contents()["audit_event"] if row not in before["audit_event"]]
                assert [(row[_AUDIT_STAFF], row[_AUDIT_ACTION]) for row in new] == [(actor.id, "complaint.export")]
                assert target.exists() and button.isEnabled()
            else:
                assert not button.isEnabled(), role
                assert button.toolTip() == button.accessibleDescription() == WHY_NO_EXPORT
                page.export_view(str(target))  # the door behind the button is locked too
                qtbot.waitUntil(lambda: page.findChild(QMessageBox, "refusal") is not None, timeout=5000)
                box = page.findChild(QMessageBox, "refusal")
                assert box.text() == f"{actor.display_name} (Staff) is not allowed to do this."
                box.close()
                assert not target.exists() and not button.isEnabled()
                _assert_only_the_denial_was_written(before, contents(), actor, role)
    finally:
        QThreadPool.globalInstance().waitForDone(10_000)


# --- the survey server -------------------------------------------------------------------------

SECRETS = ("SECRET-SUMMARY", "SECRET-CUSTOMER", "Mario Manager", "Sam Staff", "secret-note")


def test_the_survey_server_has_only_survey_routes(world: World, db_target: str) -> None:
    app = create_app(db_target=db_target)
    routes = {(rule.rule, tuple(sorted(rule.methods - {"HEAD"}))) for rule in app.url_map.iter_rules()}
    assert routes == {("/s/<token>", ("GET",)), ("/s/<token>", ("POST",)), ("/s/<token>/thanks", ("GET",)),
                      ("/healthz", ("GET",))}


def test_nothing_but_the_survey_is_reachable(world: World, db_target: str) -> None:
    customer = customers.create_customer(world.owner, name="SECRET-CUSTOMER", notes="secret-note")
    complaint = world.complaint(summary="SECRET-SUMMARY", customer_id=customer.id,
                                assigned_to_id=world.manager.id)
    card = issue_cards(world.owner, survey_id=world.survey_id, count=1, complaint_id=complaint,
                       staff_id=world.clerk.id)[0]
    client = create_app(db_target=db_target).test_client()
    page = client.get(f"/s/{card.token}").get_data(as_text=True)
    assert not any(secret in page for secret in SECRETS)  # the card's complaint stays private
    paths = ["/", "/admin", "/admin/", "/login", "/complaints", f"/complaints/{complaint}", "/customers",
             "/api", "/api/complaints", "/api/v1/staff", "/export", "/report", "/audit", "/settings",
             "/backup", "/static/app.css", "/static/../smallcs.db", "/smallcs.db", "/.env", "/.git/config",
             "/s", "/s/", f"/s/{card.token}/admin", f"/s/{card.token}/../../admin", "/%2e%2e/%2e%2e/etc/passwd",
             "/healthz/../admin", "/s/..%2f..%2fsmallcs.db", "/cgi-bin/test", "/wp-login.php", "/server-status",
             f"/s/{card.short_code}", f"/p/{card.short_code}", "/p/", "/p/..%2fsmallcs.db"]  # no poster
    for path in paths:
        for method in ("GET", "POST", "PUT", "DELETE", "PATCH"):
            response = client.open(path, method=method)
            assert response.status_code in (404, 405), (method, path, response.status_code)
            body = response.get_data(as_text=True)
            assert not any(secret in body for secret in SECRETS), (method, path)
    assert SurveyResponse.select().count() == 0 and Complaint.select().count() == 1
    assert Customer.get_by_id(customer.id).name == "SECRET-CUSTOMER"
    assert SurveyCard.get_by_id(card.id).answered_at is None
