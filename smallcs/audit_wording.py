"""What an audit event says to the owner: one sentence per action code, through gettext.

The audit trail stores short codes (``complaint.resolve``) and JSON facts
(``{"outcome": "refund", ...}``) and keeps them for good; this module turns one
event into words at the moment it is read ("Resolved complaint C-2026-0012
(Refund)"), in the app's language. The raw code stays the record: the log
viewer shows it beside the sentence on demand.

Every code the code base writes has an entry in :data:`ACTION_NAMES` (its short
name, for the filter menu) and in ``_SENTENCES`` (tests/safety/test_audit_wording.py
walks the code base and holds every written code to that). An event whose facts
are not what its sentence expects (an older version wrote it) still gets its short
name, never a traceback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from smallcs import audit_exports, clock
from smallcs.audit import DENIED
from smallcs.i18n import N_, _, ngettext
from smallcs.permissions import role_name


@dataclasses.dataclass(frozen=True)
class Names:
    """The current names of the records a page of events points at (looked up once per page).

    A record missing here (deleted, or not looked up) is named by its number.
    """

    complaints: Mapping[int, str] = dataclasses.field(default_factory=dict)  # id -> reference
    staff: Mapping[int, str] = dataclasses.field(default_factory=dict)  # id -> display name
    usernames: Mapping[int, str] = dataclasses.field(default_factory=dict)  # id -> user name
    surveys: Mapping[int, str] = dataclasses.field(default_factory=dict)  # id -> survey name
    categories: Mapping[int, str] = dataclasses.field(default_factory=dict)  # id -> category name
    zone: ZoneInfo | None = None  # the shop's time zone, for dates in the facts


@dataclasses.dataclass(frozen=True)
class Event:
    """One event's stored parts: the action code, the record it touched, its facts."""

    action: str
    entity: str
    entity_id: str
    facts: Mapping[str, Any]


# The short name of every action code (the filter menu, and the sentence's fallback).
ACTION_NAMES: dict[str, str] = {
    "setup": N_("First set-up"),
    "login": N_("Log-in"),
    "login.failed": N_("Failed log-in"),
    "unlock": N_("Unlock"),
    "unlock.failed": N_("Failed unlock"),
    "switch": N_("User switch"),
    "switch.failed": N_("Failed user switch"),
    "lock": N_("Screen locked"),
    DENIED: N_("Action refused"),
    "staff.create": N_("Account added"),
    "staff.password": N_("Password changed"),
    "staff.disable": N_("Account disabled"),
    "settings.profile": N_("Business profile changed"),
    "settings.idle_lock": N_("Automatic screen lock changed"),
    "settings.backup": N_("Backup settings changed"),
    "settings.canned_notes": N_("Canned notes changed"),
    "settings.automatic_report": N_("Automatic monthly report changed"),
    "backup.create": N_("Backup made"),
    "backup.restore": N_("Backup restored"),
    "database.survey_role": N_("Survey server's database account set up"),
    "demo.load": N_("Demo data loaded"),
    "goal.create": N_("Goal set"),
    "goal.update": N_("Goal changed"),
    "goal.retire": N_("Goal retired"),
    "category.create": N_("Category added"),
    "category.update": N_("Category changed"),
    "category.retire": N_("Category retired"),
    "category.reinstate": N_("Category offered again"),
    "category.suggested_steps": N_("Suggested steps changed"),
    "complaint.create": N_("Complaint logged"),
    "complaint.assign": N_("Complaint assigned"),
    "complaint.status": N_("Complaint status changed"),
    "complaint.escalate": N_("Complaint escalated"),
    "complaint.resolve": N_("Complaint resolved"),
    "complaint.reopen": N_("Complaint reopened"),
    "complaint.close": N_("Complaint closed"),
    "complaint.follow_up": N_("Follow-up planned"),
    "complaint.step": N_("Step added to a complaint"),
    "customer.create": N_("Customer added"),
    "customer.update": N_("Customer changed"),
    "customer.merge": N_("Customers merged"),
    "customer.anonymise": N_("Customer anonymised"),
    "survey.create": N_("Survey created"),
    "survey.update": N_("Survey changed"),
    "surveys.cards_issued": N_("Survey cards issued"),
    "surveys.cards_withdrawn": N_("Survey cards withdrawn"),
    "surveys.paper_entry": N_("Paper card keyed in"),
    "surveys.import": N_("Survey answers imported"),
    "report.automatic": N_("Monthly report made after the month ended"),
    "report.automatic_declined": N_("Offered monthly report declined"),
    audit_exports.COMPLAINT_LIST: N_("Complaint list exported"),
    audit_exports.SURVEY_ANSWERS: N_("Survey answers exported"),
    audit_exports.CUSTOMER_DATA: N_("Customer's data exported"),
    audit_exports.MONTHLY_REPORT: N_("Monthly report written"),
    audit_exports.RECEIPT: N_("Complaint receipt saved or printed"),
}

# What a refused action was, for "Refused: ..." (the permissions of permissions.MINIMUM_ROLE).
PERMISSION_NAMES: dict[str, str] = {
    "staff.manage": N_("managing staff accounts"),
    "settings.edit": N_("changing the settings"),
    "demo.load": N_("loading demo data"),
    "goals.edit": N_("setting goals"),
    "report.generate": N_("making the monthly report"),
    "report.staff": N_("the staff section of the monthly report"),
    "audit.view": N_("reading the audit log"),
    "surveys.cards": N_("printing survey cards"),
    "surveys.card_for_complaint": N_("giving a survey card for a complaint"),
    "surveys.paper_entry": N_("keying in a paper survey card"),
    "surveys.import": N_("importing survey answers"),
    "complaint.reopen": N_("reopening a complaint"),
    "complaint.receipt": N_("a complaint's receipt"),
    "complaint.export": N_("exporting the complaint list"),
    "categories.edit": N_("changing the categories"),
    "customer.merge": N_("merging customers"),
    "customer.anonymise": N_("anonymising a customer"),
    "customer.export": N_("exporting a customer's data"),
}

_AUTO_REPORT = {"offer": N_("offer it after each month"), "write": N_("write it by itself"),
                "off": N_("off")}


def action_name(action: str) -> str:
    """The short name of an action code ("Complaint resolved"); an unknown code as recorded."""
    return _(ACTION_NAMES[action]) if action in ACTION_NAMES else action


def parse_facts(detail: str) -> dict[str, Any]:
    """The stored JSON facts as a dict (empty when they are not a JSON object)."""
    try:
        facts = json.loads(detail or "{}")
    except ValueError:
        return {}
    return facts if isinstance(facts, dict) else {}


def describe(event: Event, names: Names | None = None) -> str:
    """The event as one sentence in the app's language, e.g. "Resolved complaint C-2026-0012 (Refund)"."""
    sentence = _SENTENCES.get(event.action)
    if sentence is None:
        return action_name(event.action)
    try:
        return sentence(event, names or Names())
    except (KeyError, TypeError, ValueError, AttributeError):  # facts an older version wrote differently
        return action_name(event.action)


# --- the pieces sentences are made of ------------------------------------

def _number(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _complaint(event: Event, names: Names) -> str:
    number = _number(event.entity_id)
    if number is not None and number in names.complaints:
        return names.complaints[number]
    return _("#{number}").format(number=event.entity_id)


def _person(staff_id: object, names: Names) -> str:
    number = _number(staff_id)
    if number is not None and number in names.staff:
        return names.staff[number]
    return _("account #{number}").format(number=staff_id)


def _username(event: Event, names: Names) -> str:
    typed = event.facts.get("username")
    if typed:
        return str(typed)
    number = _number(event.entity_id)
    return names.usernames.get(number, "?") if number is not None else "?"


def _survey(event: Event, names: Names) -> str:
    number = _number(event.entity_id)
    if number is not None and number in names.surveys:
        return names.surveys[number]
    return _("survey #{number}").format(number=event.entity_id)


def _role(value: object) -> str:
    return role_name(str(value))


def _money(cents: object) -> str:
    from smallcs import locale_format, settings

    return locale_format.money(Decimal(int(str(cents))) / 100, settings.get_profile().currency)


def _month(label: str) -> str:
    """``YYYY-MM`` as the app writes a month ("November 2026"); as stored if it is not one."""
    from smallcs import locale_format

    try:
        return locale_format.month_year(dt.date.fromisoformat(f"{label}-01"))
    except ValueError:
        return label


def _metric(key: object) -> str:
    from smallcs.metrics.catalog import METRICS

    spec = METRICS.get(str(key))
    return _(spec.label) if spec is not None else str(key)


def _failed(message: str) -> Callable[[Event, Names], str]:
    def sentence(event: Event, names: Names) -> str:
        text = _(message).format(username=_username(event, names))
        failures = event.facts.get("failed_logins")
        if failures and int(failures) > 1:
            text += " " + ngettext("({n} in a row)", "({n} in a row)", int(failures)).format(n=int(failures))
        return text
    return sentence


def _fixed(message: str) -> Callable[[Event, Names], str]:
    return lambda _event, _names: _(message)


# --- one sentence per action ---------------------------------------------

def _setup(event: Event, _names: Names) -> str:
    return _("Set up SmallCS for {business}").format(business=event.facts["business"])


def _lock(event: Event, _names: Names) -> str:
    minutes = event.facts.get("idle_minutes")
    if minutes is None:
        return _("Locked the screen")
    return ngettext("The screen locked itself after {n} minute without use",
                    "The screen locked itself after {n} minutes without use", int(minutes)).format(n=int(minutes))


def _denied(event: Event, _names: Names) -> str:
    wanted = str(event.facts["action"])
    what = _(PERMISSION_NAMES[wanted]) if wanted in PERMISSION_NAMES else wanted
    if event.facts.get("disabled"):
        return _("Refused: {what} (the account is disabled)").format(what=what)
    return _("Refused: {what} (role: {role})").format(
        what=what, role=_role(event.facts.get("role", "")))


def _staff_create(event: Event, _names: Names) -> str:
    return _("Added the account '{username}' ({role})").format(
        username=event.facts["username"], role=_role(event.facts["role"]))


def _idle_lock(event: Event, _names: Names) -> str:
    after = event.facts.get("after")
    if after is None:
        return _("Turned the automatic screen lock off")
    return ngettext("Set the screen to lock itself after {n} minute without use",
                    "Set the screen to lock itself after {n} minutes without use", int(after)).format(n=int(after))


def _backup_settings(event: Event, _names: Names) -> str:
    keep = int(event.facts["keep"])
    if event.facts.get("daily"):
        return ngettext("Changed the backups: daily, keeping the last {n}",
                        "Changed the backups: daily, keeping the last {n}", keep).format(n=keep)
    return ngettext("Changed the backups: by hand only, keeping the last {n}",
                    "Changed the backups: by hand only, keeping the last {n}", keep).format(n=keep)


def _automatic_report(event: Event, _names: Names) -> str:
    mode = str(event.facts["mode"])
    return _("Changed the automatic monthly report: {choice}").format(
        choice=_(_AUTO_REPORT[mode]) if mode in _AUTO_REPORT else mode)


def _backup_create(event: Event, _names: Names) -> str:
    return _("Made a backup ({file})").format(file=event.facts["file"])


def _backup_restore(event: Event, _names: Names) -> str:
    if event.facts.get("reason"):
        return _("Restored the backup {file} after the start-up check found the database damaged").format(
            file=event.facts["file"])
    return _("Restored the database from the backup {file}").format(file=event.facts["file"])


def _survey_role(event: Event, _names: Names) -> str:
    if event.facts.get("created"):
        return _("Created the survey server's database account '{name}'").format(name=event.entity_id)
    if event.facts.get("password_changed"):
        return _("Gave the survey server's database account '{name}' a new password").format(name=event.entity_id)
    return _("Checked the rights of the survey server's database account '{name}'").format(name=event.entity_id)


def _demo(event: Event, _names: Names) -> str:
    months = int(event.facts["months"])
    return ngettext("Loaded demo data: {n} month of a sample shop", "Loaded demo data: {n} months of a sample shop",
                    months).format(n=months)


def _goal(message: str) -> Callable[[Event, Names], str]:
    return lambda event, _names: _(message).format(metric=_metric(event.facts["metric"]))


def _goal_create(event: Event, _names: Names) -> str:
    from smallcs import locale_format

    due, target = dt.date.fromisoformat(str(event.facts["due_on"])), float(event.facts["target"])
    return _("Set a goal: {metric} at {target} by {day}").format(
        metric=_metric(event.facts["metric"]), target=locale_format.number(target, 0 if target.is_integer() else 1),
        day=locale_format.date(due))


def _category(event: Event, names: Names) -> str:
    number = _number(event.entity_id)
    if number is not None and number in names.categories:
        return names.categories[number]
    return str(event.facts.get("name") or _("category #{number}").format(number=event.entity_id))


def _category_named(message: str) -> Callable[[Event, Names], str]:
    """A sentence naming the category as the event recorded it (its name then), else as it is now."""
    return lambda event, names: _(message).format(name=event.facts.get("name") or _category(event, names))


def _suggested_steps(event: Event, names: Names) -> str:
    category = _category(event, names)
    count = int(event.facts["count"])
    return ngettext("Changed the suggested steps for '{category}' ({n} step)",
                    "Changed the suggested steps for '{category}' ({n} steps)", count).format(
        category=category, n=count)


def _complaint_create(event: Event, names: Names) -> str:
    reference = event.facts.get("reference") or _complaint(event, names)
    if event.facts.get("resolved_on_the_spot"):
        return _("Logged complaint {reference}, resolved on the spot").format(reference=reference)
    return _("Logged complaint {reference}").format(reference=reference)


def _assign(event: Event, names: Names) -> str:
    return _("Assigned complaint {reference} to {name}").format(
        reference=_complaint(event, names), name=_person(event.facts["to"], names))


def _status(event: Event, names: Names) -> str:
    from smallcs.complaints.workflow import status_name
    from smallcs.models.enums import Status

    return _("Set complaint {reference} to {status}").format(
        reference=_complaint(event, names), status=status_name(Status(event.facts["to"])))


def _escalate(event: Event, names: Names) -> str:
    return _("Escalated complaint {reference} to {name}").format(
        reference=_complaint(event, names), name=_person(event.facts["to"], names))


def _resolve(event: Event, names: Names) -> str:
    from smallcs.complaints import labels

    reference, outcome = _complaint(event, names), labels.outcome(event.facts["outcome"])
    cents = event.facts.get("compensation_cents")
    if cents:
        return _("Resolved complaint {reference} ({outcome}, {amount})").format(
            reference=reference, outcome=outcome, amount=_money(cents))
    return _("Resolved complaint {reference} ({outcome})").format(reference=reference, outcome=outcome)


def _reopen(event: Event, names: Names) -> str:
    return _("Reopened complaint {reference}").format(reference=_complaint(event, names))


def _close(event: Event, names: Names) -> str:
    return _("Closed complaint {reference}").format(reference=_complaint(event, names))


def _follow_up(event: Event, names: Names) -> str:
    from smallcs import locale_format

    moment = event.facts["follow_up_at"]
    if moment is None:
        return _("Cancelled the follow-up of complaint {reference}").format(reference=_complaint(event, names))
    when = dt.datetime.fromisoformat(str(moment))
    day = clock.to_local(when, names.zone).date() if names.zone is not None else when.date()
    return _("Planned a follow-up of complaint {reference} for {day}").format(
        reference=_complaint(event, names), day=locale_format.day_with_weekday(day))


def _step(event: Event, names: Names) -> str:
    from smallcs.complaints import labels

    return _("Added a step to complaint {reference}: {kind}").format(
        reference=_complaint(event, names), kind=labels.step_kind(event.facts["kind"]))


def _customer(message: str) -> Callable[[Event, Names], str]:
    return lambda event, _names: _(message).format(number=event.entity_id)


def _customer_merge(event: Event, _names: Names) -> str:
    moved = int(event.facts["complaints_moved"])
    return ngettext("Merged customer #{merged} into #{number} ({n} complaint moved)",
                    "Merged customer #{merged} into #{number} ({n} complaints moved)", moved).format(
        merged=event.facts["merged_id"], number=event.entity_id, n=moved)


def _survey_create(event: Event, _names: Names) -> str:
    return _("Created the survey '{name}'").format(name=event.facts["name"])


def _survey_update(event: Event, names: Names) -> str:
    return _("Changed the survey '{name}'").format(name=_survey(event, names))


def _cards_issued(event: Event, names: Names) -> str:
    count = int(event.facts["count"])
    if event.facts.get("kind") == "poster":
        return ngettext("Issued {n} poster for '{survey}'", "Issued {n} posters for '{survey}'", count).format(
            n=count, survey=_survey(event, names))
    return ngettext("Issued {n} survey card for '{survey}'", "Issued {n} survey cards for '{survey}'", count).format(
        n=count, survey=_survey(event, names))


def _cards_withdrawn(event: Event, names: Names) -> str:
    count = int(event.facts["count"])
    return ngettext("Withdrew {n} unprinted card of '{survey}'", "Withdrew {n} unprinted cards of '{survey}'",
                    count).format(n=count, survey=_survey(event, names))


def _import(event: Event, _names: Names) -> str:
    recorded = int(event.facts.get("recorded", 0))
    return ngettext("Imported survey answers from {file} ({n} answer recorded)",
                    "Imported survey answers from {file} ({n} answers recorded)", recorded).format(
        file=event.facts["file"], n=recorded)


def _report_automatic(message: str) -> Callable[[Event, Names], str]:
    return lambda event, _names: _(message).format(month=_month(event.entity_id))


def _complaint_list(event: Event, _names: Names) -> str:
    count = int(event.facts["complaints"])
    if event.facts.get("filters"):
        return ngettext("Exported {n} complaint of a filtered list", "Exported {n} complaints of a filtered list",
                        count).format(n=count)
    return ngettext("Exported the complaint list ({n} complaint)", "Exported the complaint list ({n} complaints)",
                    count).format(n=count)


def _answers(event: Event, _names: Names) -> str:
    count = int(event.facts["answers"])
    return ngettext("Exported the survey answers ({n} answer)", "Exported the survey answers ({n} answers)",
                    count).format(n=count)


def _monthly_report(event: Event, _names: Names) -> str:
    if event.facts.get("staff_section"):
        return _("Wrote the monthly report for {month}, with the staff section").format(month=_month(event.entity_id))
    return _("Wrote the monthly report for {month}").format(month=_month(event.entity_id))


def _receipt(event: Event, names: Names) -> str:
    if event.facts.get("to") == "printer":
        return _("Printed the receipt of complaint {reference}").format(reference=_complaint(event, names))
    return _("Saved the receipt of complaint {reference} as a PDF").format(reference=_complaint(event, names))


_SENTENCES: dict[str, Callable[[Event, Names], str]] = {
    "setup": _setup,
    "login": _fixed(N_("Logged in")),
    "login.failed": _failed(N_("Failed log-in as '{username}'")),
    "unlock": _fixed(N_("Unlocked the screen")),
    "unlock.failed": _failed(N_("Failed unlock as '{username}'")),
    "switch": _fixed(N_("Took over the locked screen")),
    "switch.failed": _failed(N_("Failed to take over the locked screen as '{username}'")),
    "lock": _lock,
    DENIED: _denied,
    "staff.create": _staff_create,
    "staff.password": lambda event, names: _("Changed the password of {name}").format(
        name=_person(event.entity_id, names)),
    "staff.disable": lambda event, names: _("Disabled the account of {name}").format(
        name=_person(event.entity_id, names)),
    "settings.profile": _fixed(N_("Changed the business profile")),
    "settings.idle_lock": _idle_lock,
    "settings.backup": _backup_settings,
    "settings.canned_notes": _fixed(N_("Changed the canned note texts")),
    "settings.automatic_report": _automatic_report,
    "backup.create": _backup_create,
    "backup.restore": _backup_restore,
    "database.survey_role": _survey_role,
    "demo.load": _demo,
    "goal.create": _goal_create,
    "goal.update": _goal(N_("Changed the goal for {metric}")),
    "goal.retire": _goal(N_("Retired the goal for {metric}")),
    "category.create": _category_named(N_("Added the category '{name}'")),
    "category.update": lambda event, names: _("Changed the category '{name}'").format(name=_category(event, names)),
    "category.retire": _category_named(N_("Retired the category '{name}'")),
    "category.reinstate": _category_named(N_("Offered the category '{name}' again")),
    "category.suggested_steps": _suggested_steps,
    "complaint.create": _complaint_create,
    "complaint.assign": _assign,
    "complaint.status": _status,
    "complaint.escalate": _escalate,
    "complaint.resolve": _resolve,
    "complaint.reopen": _reopen,
    "complaint.close": _close,
    "complaint.follow_up": _follow_up,
    "complaint.step": _step,
    "customer.create": _customer(N_("Added customer #{number}")),
    "customer.update": _customer(N_("Changed the details of customer #{number}")),
    "customer.merge": _customer_merge,
    "customer.anonymise": _customer(N_("Anonymised customer #{number}")),
    "survey.create": _survey_create,
    "survey.update": _survey_update,
    "surveys.cards_issued": _cards_issued,
    "surveys.cards_withdrawn": _cards_withdrawn,
    "surveys.paper_entry": _fixed(N_("Keyed in the answers of a paper survey card")),
    "surveys.import": _import,
    "report.automatic": _report_automatic(N_("Made the monthly report for {month} after the month ended")),
    "report.automatic_declined": _report_automatic(N_("Declined the offered monthly report for {month}")),
    audit_exports.COMPLAINT_LIST: _complaint_list,
    audit_exports.SURVEY_ANSWERS: _answers,
    audit_exports.CUSTOMER_DATA: _customer(N_("Exported everything held on customer #{number}")),
    audit_exports.MONTHLY_REPORT: _monthly_report,
    audit_exports.RECEIPT: _receipt,
}
