"""Deterministic, realistic demo data for a small shop (``smallcs demo``, first-run wizard)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Callable

from smallcs import accounts, audit, clock, seeds, settings
from smallcs.demo.complaints import ComplaintMaker, ComplaintRows
from smallcs.demo.dice import Dice
from smallcs.demo.goals import goal_rows
from smallcs.demo.names import DEMO_STAFF
from smallcs.demo.period import CLOSES, DAY, Period
from smallcs.demo.shop import CategoryInfo, Money, Roster, Shop
from smallcs.demo.store import insert_rows, next_id, sync_id_sequences
from smallcs.demo.surveys import SurveyDesk, SurveyRows
from smallcs.errors import ValidationError
from smallcs.i18n import _
from smallcs.models import (
    Complaint,
    Customer,
    Goal,
    ResolutionStep,
    Staff,
    Survey,
    SurveyCard,
    SurveyResponse,
    write_transaction,
)
from smallcs.models.enums import Role
from smallcs.permissions import require

log = logging.getLogger(__name__)

DEMO_OWNER_USERNAME = "owner"
DEMO_OWNER_PASSWORD = "demo-owner"
DEMO_OWNER_DISPLAY_NAME = "Olivia Owner"
DEMO_PROFILE = settings.BusinessProfile(
    name="Harbour Street Hardware",
    address="14 Harbour Street\nPortsmouth PO1 3AB",
    timezone="Europe/London",
    currency="GBP",
    survey_base_url="http://192.168.1.20:8765",
)
DEFAULT_SURVEY = "Customer feedback"
MAX_MONTHS = 60
MAX_SCALE = 100.0

Progress = Callable[[int, str], None]

__all__ = ["DEMO_OWNER_PASSWORD", "DEMO_OWNER_USERNAME", "DemoSummary", "load_demo"]


@dataclasses.dataclass(frozen=True)
class DemoSummary:
    """What :func:`load_demo` added, and who to log in as."""

    staff: int  # accounts the demo created (its manager and staff, and the owner if it made one)
    customers: int
    complaints: int
    steps: int
    cards: int
    responses: int
    goals: int
    owner_username: str
    owner_password: str | None  # DEMO_OWNER_PASSWORD when the demo created the owner


def _check_arguments(months: int, scale: float) -> None:
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        raise ValidationError(_("Demo data covers 1 to {n} months.").format(n=MAX_MONTHS), field="months")
    if not 0 < scale <= MAX_SCALE:  # also refuses NaN
        message = _("The demo scale must be above 0 and at most {n}.").format(n=int(MAX_SCALE))
        raise ValidationError(message, field="scale")


def _acting_owner(owner: Staff | None) -> tuple[Staff, str | None]:
    """The owner the demo acts as, and the password if the demo had to create one."""
    if owner is not None:
        require(owner, "demo.load")
        return owner, None
    if not accounts.has_staff():
        created = accounts.create_first_owner(
            username=DEMO_OWNER_USERNAME, display_name=DEMO_OWNER_DISPLAY_NAME, password=DEMO_OWNER_PASSWORD
        )
        seeds.localise_seeds()  # a new database, as the first-run wizard sets it up: seeds in the app's language
        return created, DEMO_OWNER_PASSWORD
    first = (Staff.select()
             .where((Staff.role == Role.OWNER.value) & (Staff.active == True))
             .order_by(Staff.created_at, Staff.username).first())
    if first is None:
        raise ValidationError(_("Demo data needs an active owner account to act as."))
    return first, None


def _profile() -> settings.BusinessProfile:
    """The shop's profile; a made-up hardware shop when it has none yet."""
    profile = settings.get_profile()
    return profile if profile.name else settings.store_initial_profile(DEMO_PROFILE)


def _free_username(wanted: str, taken: set[str]) -> str:
    name, n = wanted, 1
    while name in taken:
        n += 1
        name = f"{wanted}{n}"
    taken.add(name)
    return name


def _roster(owner: Staff, period: Period, *, backdate_owner: bool) -> Roster:
    """Create the demo manager and counter staff (no passwords: they cannot log in yet)."""
    taken = {s.username for s in Staff.select(Staff.username)}
    first_names = {owner.get_id(): (owner.display_name.split() or [owner.username])[0]}
    hired = [owner.username] if backdate_owner else []
    manager, clerks = 0, []
    for display, username, role in DEMO_STAFF:
        staff = accounts.create_staff(owner, username=_free_username(username, taken), display_name=display,
                                      role=Role(role), password=None)
        first_names[staff.get_id()] = display.split()[0]
        hired.append(staff.username)
        if role == Role.MANAGER:
            manager = staff.get_id()
        else:
            clerks.append(staff.get_id())
    # Everyone the demo made was "hired" before the history starts.
    Staff.update(created_at=period.utc(period.start)).where(Staff.username.in_(hired)).execute()
    return Roster(owner.get_id(), manager, tuple(clerks), first_names)


def _survey(period: Period) -> int:
    """The survey the demo cards lead to; dated back to the start when it has no cards yet."""
    active = Survey.select().where(Survey.active == True)
    survey = Survey.get_or_none(Survey.name == DEFAULT_SURVEY) or active.order_by(Survey.created_at).first()
    if survey is None:
        survey = Survey.create(name=DEFAULT_SURVEY, created_at=period.utc(period.start))
    if not SurveyCard.select().where(SurveyCard.survey == survey).exists():
        Survey.update(created_at=period.utc(period.start)).where(Survey.name == survey.name).execute()
    return int(survey.get_id())


def _period(today: dt.date | None, months: int, profile: settings.BusinessProfile) -> Period:
    """The history window: up to now by default, or to ``today``'s closing time."""
    tz = profile.zone
    if today is None:
        now = clock.to_local(clock.utcnow(), tz).replace(tzinfo=None)
        return Period.ending(today=now.date(), months=months, as_of=now, tz=tz)
    return Period.ending(today=today, months=months, as_of=dt.datetime.combine(today, CLOSES), tz=tz)


def _save(made: ComplaintRows, answers: SurveyRows, tally: Counter[str]) -> None:
    """Insert one stretch of history, parents before the rows that point at them."""
    batches = (
        ("customers", Customer, made.customers), ("complaints", Complaint, made.complaints),
        ("steps", ResolutionStep, made.steps), ("cards", SurveyCard, answers.cards),
        ("responses", SurveyResponse, answers.responses),
    )
    for name, model, rows in batches:
        insert_rows(model, rows)
        tally[name] += len(rows)


def _fill(dice: Dice, shop: Shop, *, scale: float, report: Progress) -> Counter[str]:
    """Generate and insert the history a month at a time; the number of rows of each kind."""
    period = shop.period
    maker = ComplaintMaker(dice, shop, scale=scale, first_complaint_id=next_id(Complaint),
                           first_customer_id=next_id(Customer))
    desk = SurveyDesk(dice, period, scale=scale, survey_id=_survey(period), first_card_id=next_id(SurveyCard))
    tally: Counter[str] = Counter()
    total = (period.today - period.first_day).days + 1
    for done, day in enumerate(period.days(), start=1):
        desk.open_day(day)
        if day == period.today or (day + DAY).day == 1:
            made = maker.make_until(day)
            desk.after_complaints(made.resolved)
            _save(made, desk.take_rows(), tally)
            message = _("Adding the demo shop's history: {month}…").format(month=day.strftime("%Y-%m"))
            report(5 + 90 * done // total, message)
    _save(ComplaintRows(), desk.close(), tally)
    sync_id_sequences((Customer, Complaint, SurveyCard))
    return tally


def load_demo(
    *,
    months: int = 12,
    scale: float = 1.0,
    seed: int = 2026,
    today: dt.date | None = None,
    owner: Staff | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill the open database with a made-up shop's history, in one transaction.

    The same ``seed``, ``months``, ``scale`` and ``today`` (and the same shop
    profile) always give the same data.

    Args:
        months: length of the history, 1 to 60 months ending ``today``.
        scale: volume multiplier, above 0 and at most 100 (1 is a few complaints a day).
        seed: the random seed.
        today: the last day of the history, which then ends at closing time;
            by default the shop's date today, and the history runs up to now.
        owner: the owner to act as; by default the first active owner, or a
            new ``owner`` / ``demo-owner`` account on a database without staff.
        progress: called now and then with a percentage and a message.

    Returns:
        What was added, and who to log in as.

    Raises:
        ValidationError: the database already has complaints, or months or
            scale are out of range. Nothing is changed.
        PermissionDenied: ``owner`` is not an active owner.
    """
    _check_arguments(months, scale)
    report: Progress = progress or (lambda _percent, _message: None)
    started = time.perf_counter()
    with write_transaction():
        if Complaint.select().exists():
            raise ValidationError(_("Demo data can only be loaded into a database without complaints."))
        report(2, _("Setting up the demo shop…"))
        actor, password = _acting_owner(owner)
        profile = _profile()
        period = _period(today, months, profile)
        roster = _roster(actor, period, backdate_owner=password is not None)
        categories = CategoryInfo.active()
        if not categories:
            raise ValidationError(_("Demo data needs at least one active complaint category."))
        shop = Shop(period, roster, categories, Money(profile.currency))
        tally = _fill(Dice(seed), shop, scale=scale, report=report)
        goals = goal_rows(period, owner_id=actor.get_id())
        insert_rows(Goal, goals)
        summary = DemoSummary(
            staff=len(DEMO_STAFF) + (password is not None), customers=tally["customers"],
            complaints=tally["complaints"], steps=tally["steps"], cards=tally["cards"],
            responses=tally["responses"], goals=len(goals), owner_username=actor.username,
            owner_password=password,
        )
        detail = {k: v for k, v in dataclasses.asdict(summary).items() if k != "owner_password"}
        audit.record(actor, "demo.load", entity="demo",
                     detail={**detail, "months": months, "scale": scale, "seed": seed})
    log.info("demo data loaded: %d complaints, %d survey answers in %.1f s",
             summary.complaints, summary.responses, time.perf_counter() - started)
    report(100, _("Demo data ready."))
    return summary
