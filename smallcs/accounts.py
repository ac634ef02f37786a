"""Staff accounts: argon2id passwords, log-in with lockout, roles, lock screen."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from smallcs import audit, clock
from smallcs.errors import (
    AccountLocked,
    AuthenticationFailed,
    NotFound,
    ValidationError,
)
from smallcs.i18n import _
from smallcs.models import Staff, write_transaction
from smallcs.models.enums import Role
from smallcs.permissions import require
from smallcs.typed_text import check_storable, is_storable, printable

log = logging.getLogger(__name__)

# OWASP's recommended argon2id configuration (Password Storage Cheat Sheet: 19 MiB,
# 2 passes, 1 lane). The library's default, RFC 9106's low-memory profile (64 MiB,
# 3 passes, 4 lanes), costs 5x the work: about 0.15 s per check on a two-core
# counter PC, paid at every log-in, unlock and user switch, with four lanes
# fighting the window for two cores. Hashes made with other parameters still
# verify and are rehashed with these at the next log-in (``check_needs_rehash``).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
FREE_ATTEMPTS = 5
FIRST_LOCKOUT = dt.timedelta(seconds=30)
MAX_LOCKOUT = dt.timedelta(minutes=15)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def normalise_username(username: str) -> str:
    """User names are compared case-insensitively and without outer spaces."""
    return username.strip().lower()


def validate_username(username: str) -> str:
    """Return the normalised name or raise ValidationError."""
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise ValidationError(
            _("A user name is 2 to 40 characters: letters a to z without accents, digits, dots, dashes"
              " or underscores."),
            field="username",
        )
    return name


# Letters that Unicode does not decompose into a plain letter and an accent.
_PLAIN_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "þ": "th"})


def suggest_username(full_name: str) -> str:
    """A user name to offer for ``full_name``: its first word in plain letters and digits
    ("María López" → "maria"), or "" when too little of it is written in such letters."""
    words = full_name.split()
    first = words[0].lower().translate(_PLAIN_LETTERS) if words else ""
    plain = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode("ascii")
    name = "".join(c for c in plain if c.isalnum())[:40]
    return name if _USERNAME.match(name) else ""


def validate_password(password: str, *, username: str = "") -> None:
    """Raise ValidationError unless the password is acceptable."""
    check_storable(password, field="password", label=_("The password"))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            _("The password needs at least {n} characters.").format(n=MIN_PASSWORD_LENGTH),
            field="password",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(_("The password is too long."), field="password")
    if username and password.strip().lower() == normalise_username(username):
        raise ValidationError(_("The password must not be the user name."), field="password")


def lockout_for(failed_logins: int) -> dt.timedelta:
    """How long an account waits after ``failed_logins`` consecutive failures."""
    if failed_logins < FREE_ATTEMPTS:
        return dt.timedelta(0)
    doublings = min(failed_logins - FREE_ATTEMPTS, 10)
    return min(FIRST_LOCKOUT * (2**doublings), MAX_LOCKOUT)


def has_staff() -> bool:
    """False on a brand-new database (the first-run wizard's cue)."""
    return Staff.select().exists()


def get_staff(username: str) -> Staff:
    """The account with this user name, or NotFound."""
    staff = Staff.get_or_none(Staff.username == normalise_username(username))
    if staff is None:
        raise NotFound(_("There is no user named {name}.").format(name=username))
    return staff


def list_staff(*, include_disabled: bool = False) -> list[Staff]:
    """Accounts ordered by display name."""
    query = Staff.select().order_by(Staff.display_name)
    if not include_disabled:
        query = query.where(Staff.active == True)
    return list(query)


def _insert_staff(
    actor: Staff | None, username: str, display_name: str, role: Role, password: str | None
) -> Staff:
    name = validate_username(username)
    display = display_name.strip() or name
    check_storable(display, field="display_name", label=_("The display name"))
    if len(display) > 80:
        raise ValidationError(_("The display name is too long (80 characters at most)."))
    if password is not None:
        validate_password(password, username=name)
    if Staff.select().where(Staff.username == name).exists():
        raise ValidationError(
            _("The user name {name} is taken.").format(name=name), field="username"
        )
    staff = Staff.create(
        username=name,
        display_name=display,
        role=role.value,
        password_hash=hash_password(password) if password is not None else None,
        created_at=clock.utcnow(),
    )
    audit.record(
        actor or staff, "staff.create", entity="staff", entity_id=staff.id,
        detail={"username": name, "role": role.value},
    )
    return staff


def create_first_owner(*, username: str, display_name: str, password: str) -> Staff:
    """Create the owner of a brand-new database (first run or command line).

    Raises:
        ValidationError: bad input, or the database already has accounts.
    """
    with write_transaction():
        if has_staff():
            raise ValidationError(_("This database already has an owner."))
        return _insert_staff(None, username, display_name, Role.OWNER, password)


def create_staff(
    actor: Staff, *, username: str, display_name: str, role: Role, password: str | None
) -> Staff:
    """Add an account (owner only). ``password=None`` makes one that cannot log in yet."""
    require(actor, "staff.manage")
    with write_transaction():
        return _insert_staff(actor, username, display_name, Role(role), password)


def change_password(
    actor: Staff, username: str, new_password: str, *, current_password: str | None = None
) -> None:
    """Set a password: your own with the current one, anyone's as the owner."""
    target = get_staff(username)
    if target.id == actor.id and actor.role != Role.OWNER:
        if current_password is None or not _verify(target, current_password):
            raise AuthenticationFailed(_("The current password is wrong."))
    elif target.id != actor.id:
        require(actor, "staff.manage")
    validate_password(new_password, username=target.username)
    with write_transaction():
        Staff.update(
            password_hash=hash_password(new_password), failed_logins=0, locked_until=None
        ).where(Staff.id == target.id).execute()
        audit.record(actor, "staff.password", entity="staff", entity_id=target.id)


def disable_staff(actor: Staff, username: str) -> None:
    """Stop an account from logging in (owner only); its history stays."""
    require(actor, "staff.manage")
    target = get_staff(username)
    if target.id == actor.id:
        raise ValidationError(_("You cannot disable your own account."))
    with write_transaction():
        if target.role == Role.OWNER:
            owners = Staff.select().where(
                (Staff.role == Role.OWNER.value) & (Staff.active == True)
            )
            if owners.count() <= 1:
                raise ValidationError(_("The last owner cannot be disabled."))
        Staff.update(active=False).where(Staff.id == target.id).execute()
        audit.record(actor, "staff.disable", entity="staff", entity_id=target.id)


def _verify(staff: Staff, password: str) -> bool:
    if not staff.password_hash:
        return False
    try:
        secret = password.encode("utf-8")
    except UnicodeEncodeError:  # broken Unicode: validate_password never lets one be set
        return False
    try:
        return _hasher.verify(staff.password_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(username: str, password: str, *, purpose: str = "login") -> Staff:
    """Check a user name and password, with lockout and back-off.

    Args:
        username: as typed (case and outer spaces do not matter).
        password: as typed.
        purpose: ``login``, ``unlock`` or ``switch``; names the audit event.

    Returns:
        The authenticated, active staff member.

    Raises:
        AuthenticationFailed: unknown name, wrong password or disabled account.
        AccountLocked: too many failures; try again after ``until``.
    """
    now = clock.utcnow()
    # A name no account can have (a NUL, broken Unicode) is not even looked up.
    wanted = normalise_username(username)
    staff = Staff.get_or_none(Staff.username == wanted) if is_storable(wanted) else None
    if staff is None or not staff.active:
        _hasher_dummy_verify(password)
        with write_transaction():
            audit.record(
                staff, f"{purpose}.failed", entity="staff",
                entity_id=staff.id if staff else "", detail={"username": printable(username, limit=40)},
            )
        raise AuthenticationFailed(_("Wrong user name or password."))
    if staff.locked_until is not None and staff.locked_until > now:
        raise _locked(staff.locked_until, now)
    if not _verify(staff, password):
        failures = staff.failed_logins + 1
        wait = lockout_for(failures)
        locked_until = now + wait if wait else None
        with write_transaction():
            Staff.update(failed_logins=failures, locked_until=locked_until).where(
                Staff.id == staff.id
            ).execute()
            audit.record(
                staff, f"{purpose}.failed", entity="staff", entity_id=staff.id,
                detail={"failed_logins": failures},
            )
        log.warning("failed %s for staff id %s (%d in a row)", purpose, staff.id, failures)
        if locked_until is not None:
            raise _locked(locked_until, now)
        raise AuthenticationFailed(_("Wrong user name or password."))
    with write_transaction():
        changes: dict[str, object] = {"failed_logins": 0, "locked_until": None, "last_login_at": now}
        if _hasher.check_needs_rehash(staff.password_hash):
            changes["password_hash"] = hash_password(password)
        Staff.update(**changes).where(Staff.id == staff.id).execute()
        audit.record(staff, purpose, entity="staff", entity_id=staff.id)
    return Staff.get_by_id(staff.id)


@functools.cache
def _dummy_hash() -> str:
    # Made on first need, not at import: hashing costs as much as a log-in.
    return _hasher.hash("not a real password")


def _hasher_dummy_verify(password: str) -> None:
    """Spend a verification on unknown names so they cost as long as wrong passwords."""
    try:
        _hasher.verify(_dummy_hash(), password.encode("utf-8", "replace"))
    except VerificationError:
        pass


def _locked(until: dt.datetime, now: dt.datetime) -> AccountLocked:
    seconds = max(1, int((until - now).total_seconds()))
    return AccountLocked(
        _("Too many failed attempts. Try again in {seconds} seconds.").format(seconds=seconds),
        until=until,
    )


def lock_session(actor: Staff, *, idle_minutes: int | None = None) -> None:
    """Record that the counter PC was locked by ``actor``, or by itself after
    ``idle_minutes`` without use while ``actor`` was logged in."""
    with write_transaction():
        audit.record(actor, "lock", entity="staff", entity_id=actor.id,
                     detail={"idle_minutes": idle_minutes} if idle_minutes is not None else None)
