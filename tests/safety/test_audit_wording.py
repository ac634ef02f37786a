"""Every audit event reads as a sentence to the owner, in English and in Spanish, never as its code."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from smallcs import (
    accounts,
    audit_wording,
    complaints,
    customers,
    goals,
    i18n,
    settings,
)
from smallcs.audit_log import AuditFilter, fetch_events
from smallcs.audit_wording import (
    ACTION_NAMES,
    PERMISSION_NAMES,
    Event,
    action_name,
    describe,
)
from smallcs.errors import AuthenticationFailed, PermissionDenied
from smallcs.models import Category, Staff
from smallcs.models.enums import Channel, Outcome, Status, StepKind
from smallcs.permissions import MINIMUM_ROLE

PACKAGE = Path(audit_wording.__file__).parent
# ``accounts.authenticate(purpose=...)`` names its events after the purpose; these are all there are.
PURPOSES = ("login", "unlock", "switch")
# Calls that pass an action code on, and the position of the code among their arguments.
WRITERS = {"record": 1, "_write": 2}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _codes(node: ast.expr, module: str, where: str) -> set[str]:
    """The action codes an argument can hold; fails the test on one it cannot work out."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _codes(node.body, module, where) | _codes(node.orelse, module, where)
    if isinstance(node, ast.JoinedStr) and ast.unparse(node) == "f'{purpose}.failed'":
        return {f"{purpose}.failed" for purpose in PURPOSES}
    if isinstance(node, ast.Name) and node.id in ("purpose", "action"):
        return set()  # passed through: its callers' codes are collected where they are written
    if isinstance(node, ast.Name | ast.Attribute):
        source = importlib.import_module(module)
        value: object = source
        for part in ast.unparse(node).split("."):
            value = getattr(value, part)
        if isinstance(value, str):
            return {value}
    raise AssertionError(f"{where}: cannot tell which audit action {ast.unparse(node)!r} writes; "
                         "teach this test (and give the code a wording in smallcs/audit_wording.py)")


def written_codes() -> dict[str, str]:
    """Every action code the package can write, with one place that writes it."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = _module_name(path)
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            receiver = ast.unparse(call.func.value) if isinstance(call.func, ast.Attribute) else ""
            position = WRITERS.get(name)
            if position is None or (name == "record" and receiver not in ("audit", "")) \
                    or len(call.args) <= position:
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{call.lineno}"
            for code in _codes(call.args[position], module, where):
                found.setdefault(code, where)
    found.setdefault("login", "accounts.authenticate")
    for purpose in PURPOSES:
        found.setdefault(purpose, "accounts.authenticate")
    return found


@pytest.fixture
def spanish() -> Iterator[None]:
    i18n.set_language("es")
    yield
    i18n.set_language("en")


def test_the_walk_finds_the_codes_written_in_every_corner() -> None:
    codes = written_codes()
    for code in ("complaint.resolve", "permission.denied", "login.failed", "switch", "report.automatic_declined",
                 "database.survey_role", "receipt.export", "surveys.cards_withdrawn", "backup.restore"):
        assert code in codes


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_code_written_has_a_wording(language: str) -> None:
    i18n.set_language(language)
    try:
        missing = {code: where for code, where in written_codes().items() if code not in ACTION_NAMES}
        assert missing == {}, "audit actions without a wording in smallcs/audit_wording.py"
        for code in written_codes():
            assert action_name(code) != code and "." not in action_name(code)
            sentence = describe(Event(code, "", "1", {}))  # facts missing: the short name, never an error
            assert sentence and sentence != code
        for permission in MINIMUM_ROLE:
            assert permission in PERMISSION_NAMES
            refused = describe(Event("permission.denied", "staff", "1", {"action": permission, "role": "staff"}))
            assert permission not in refused
    finally:
        i18n.set_language("en")


def _sentences(owner: Staff) -> list[tuple[str, str]]:
    return [(row.action, row.sentence) for row in fetch_events(owner, AuditFilter(), limit=1000)]


def test_a_day_at_the_counter_reads_as_sentences(owner: Staff, manager: Staff, clerk: Staff,
                                                allow_warnings: None) -> None:
    other = Category.get(Category.name == "Other").id
    made = complaints.create_complaint(clerk, channel=Channel.PHONE, category_id=other, summary="Cold coffee")
    complaints.assign(clerk, made.id, manager.id)
    complaints.set_status(manager, made.id, Status.IN_PROGRESS)
    complaints.add_step(manager, made.id, kind=StepKind.APOLOGISED, text="Said sorry")
    complaints.set_follow_up(manager, made.id, dt.datetime(2030, 5, 17, 10, 0))
    complaints.resolve(manager, made.id, outcome=Outcome.REFUND, compensation=Decimal("4.50"))
    complaints.reopen(clerk, made.id, reason="Still cold")
    complaints.escalate(clerk, made.id, to_staff_id=owner.id, reason="Regular customer")
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate("maria", "guess")
    for _attempt in range(2):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate("sam", "wrong password")
    ana = customers.create_customer(manager, name="Ana Gómez")
    with pytest.raises(PermissionDenied):
        customers.anonymise_customer(clerk, ana.id)
    goal = goals.create_goal(manager, metric="fcr", target=80, due_on=dt.date(2030, 6, 30))
    goals.retire_goal(manager, goal.id)
    settings.save_profile(owner, settings.get_profile())

    shown = _sentences(owner)
    for action, sentence in shown:
        assert sentence != action_name(action), f"{action} fell back to its short name"
        assert action not in sentence
    said = [sentence for _action, sentence in shown]
    assert f"Logged complaint {made.reference}" in said
    assert f"Assigned complaint {made.reference} to Mario Manager" in said
    assert f"Set complaint {made.reference} to in progress" in said
    assert f"Added a step to complaint {made.reference}: Apologised" in said
    assert f"Planned a follow-up of complaint {made.reference} for Fri, May 17, 2030" in said
    assert f"Resolved complaint {made.reference} (Refund, €4.50)" in said
    assert f"Reopened complaint {made.reference}" in said
    assert f"Escalated complaint {made.reference} to Olivia Owner" in said
    assert "Failed log-in as 'maria'" in said
    assert "Failed log-in as 'sam'" in said and "Failed log-in as 'sam' (2 in a row)" in said
    assert f"Added customer #{ana.id}" in said
    assert "Refused: anonymising a customer (role: Staff)" in said
    assert "Set a goal: First contact resolution at 80 by Jun 30, 2030" in said
    assert "Retired the goal for First contact resolution" in said
    assert "Changed the business profile" in said
    assert "Added the account 'sam' (Staff)" in said
    assert "Set up SmallCS for Corner Shop" in said


def test_the_sentences_follow_the_language(owner: Staff, clerk: Staff, spanish: None) -> None:
    other = Category.get(Category.name == "Other").id
    made = complaints.create_complaint(clerk, channel=Channel.PHONE, category_id=other, summary="Cold coffee")
    complaints.resolve(clerk, made.id, outcome=Outcome.REFUND)
    said = [sentence for _action, sentence in _sentences(owner)]
    assert said[0] == f"Resolvió la queja {made.reference} (Reembolso)"
    assert said[1] == f"Registró la queja {made.reference}"
