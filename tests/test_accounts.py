"""Accounts: argon2id hashes, log-in, lockout with back-off, roles, audit."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from argon2 import PasswordHasher, Type, extract_parameters

from smallcs import accounts, setup
from smallcs.errors import (
    AccountLocked,
    AuthenticationFailed,
    PermissionDenied,
    ValidationError,
)
from smallcs.models import AuditEvent, Staff
from smallcs.models.enums import Role
from tests.conftest import OWNER_PASSWORD, STAFF_PASSWORD


def _actions() -> list[str]:
    return [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]


def test_passwords_are_stored_as_argon2id_hashes(owner: Staff) -> None:
    stored = Staff.get_by_id(owner.id).password_hash
    assert stored.startswith("$argon2id$")
    assert OWNER_PASSWORD not in stored


def test_hashes_meet_owasps_argon2id_minimum(owner: Staff) -> None:
    params = extract_parameters(Staff.get_by_id(owner.id).password_hash)
    assert params.type is Type.ID
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2


def test_a_hash_made_with_other_parameters_still_logs_in_and_is_upgraded(owner: Staff) -> None:
    # As in a database from a version that used argon2-cffi's RFC 9106 profile.
    old_hash = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4).hash(OWNER_PASSWORD)
    Staff.update(password_hash=old_hash).where(Staff.id == owner.id).execute()
    accounts.authenticate("olivia", OWNER_PASSWORD)
    upgraded = Staff.get_by_id(owner.id).password_hash
    assert upgraded != old_hash
    assert extract_parameters(upgraded) == extract_parameters(accounts.hash_password("x"))
    assert accounts.authenticate("olivia", OWNER_PASSWORD).id == owner.id


def test_log_in_is_case_insensitive_on_the_name_and_audited(owner: Staff) -> None:
    staff = accounts.authenticate("  Olivia ", OWNER_PASSWORD)
    assert staff.id == owner.id
    assert staff.last_login_at is not None
    assert _actions()[-1] == "login"


@pytest.mark.usefixtures("allow_warnings")
def test_wrong_password_and_unknown_user_look_the_same(owner: Staff) -> None:
    with pytest.raises(AuthenticationFailed) as wrong:
        accounts.authenticate("olivia", "not-it-at-all")
    with pytest.raises(AuthenticationFailed) as unknown:
        accounts.authenticate("nobody", "not-it-at-all")
    assert str(wrong.value) == str(unknown.value)
    assert _actions()[-2:] == ["login.failed", "login.failed"]


@pytest.mark.usefixtures("allow_warnings")
def test_lockout_after_five_failures_even_for_the_right_password(owner: Staff) -> None:
    for _ in range(accounts.FREE_ATTEMPTS - 1):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate("olivia", "wrong-password")
    with pytest.raises(AccountLocked) as locked:
        accounts.authenticate("olivia", "wrong-password")
    assert "Try again in 30 seconds" in str(locked.value)
    with pytest.raises(AccountLocked):
        accounts.authenticate("olivia", OWNER_PASSWORD)


@pytest.mark.usefixtures("allow_warnings")
def test_lock_expires_and_a_good_login_resets_the_counter(owner: Staff) -> None:
    Staff.update(failed_logins=7, locked_until=dt.datetime(2000, 1, 1)).where(
        Staff.id == owner.id).execute()
    accounts.authenticate("olivia", OWNER_PASSWORD)
    fresh = Staff.get_by_id(owner.id)
    assert (fresh.failed_logins, fresh.locked_until) == (0, None)


def test_back_off_doubles_and_is_capped() -> None:
    waits = [accounts.lockout_for(n).total_seconds() for n in range(4, 12)]
    assert waits[:4] == [0, 30, 60, 120]
    assert all(b >= a for a, b in itertools.pairwise(waits))
    assert accounts.lockout_for(50) == accounts.MAX_LOCKOUT


def test_only_the_owner_manages_accounts(owner: Staff, manager: Staff, clerk: Staff) -> None:
    for actor in (manager, clerk):
        with pytest.raises(PermissionDenied):
            accounts.create_staff(actor, username="eve", display_name="Eve",
                                  role=Role.OWNER, password="whatever-123")
        with pytest.raises(PermissionDenied):
            accounts.disable_staff(actor, "olivia")
    assert not Staff.select().where(Staff.username == "eve").exists()


@pytest.mark.usefixtures("allow_warnings")
def test_disabled_staff_cannot_log_in(owner: Staff, clerk: Staff) -> None:
    accounts.disable_staff(owner, "sam")
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate("sam", STAFF_PASSWORD)
    assert "staff.disable" in _actions()


def test_the_last_owner_and_yourself_cannot_be_disabled(owner: Staff) -> None:
    second = accounts.create_staff(owner, username="otto", display_name="Otto",
                                   role=Role.OWNER, password="otto-password")
    with pytest.raises(ValidationError, match="your own"):
        accounts.disable_staff(owner, "olivia")
    accounts.disable_staff(second, "olivia")
    with pytest.raises(ValidationError):
        accounts.disable_staff(second, "otto")


@pytest.mark.usefixtures("allow_warnings")
def test_changing_your_own_password_needs_the_current_one(clerk: Staff) -> None:
    with pytest.raises(AuthenticationFailed):
        accounts.change_password(clerk, "sam", "brand-new-pass", current_password="guess-1234")
    accounts.change_password(clerk, "sam", "brand-new-pass", current_password=STAFF_PASSWORD)
    assert accounts.authenticate("sam", "brand-new-pass").id == clerk.id


def test_staff_cannot_reset_someone_elses_password(owner: Staff, clerk: Staff, manager: Staff) -> None:
    with pytest.raises(PermissionDenied):
        accounts.change_password(clerk, "mario", "taken-over-1")
    accounts.change_password(owner, "sam", "reset-by-owner")
    assert accounts.authenticate("sam", "reset-by-owner").id == clerk.id


@pytest.mark.parametrize("username, password, field", [
    ("a", "long-enough-pw", "username"),
    ("has space", "long-enough-pw", "username"),
    ("ok_name", "short", "password"),
    ("ok_name", "ok_name", "password"),
])
def test_bad_account_input_is_refused(owner: Staff, username: str, password: str, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        accounts.create_staff(owner, username=username, display_name="X",
                              role=Role.STAFF, password=password)
    assert refused.value.field == field
    assert Staff.select().count() == 1


def test_first_owner_only_once(owner: Staff) -> None:
    with pytest.raises(ValidationError):
        accounts.create_first_owner(username="mallory", display_name="M", password="mallory-pass")
    with pytest.raises(ValidationError):
        setup.initialise_shop(business_name="Other", timezone="UTC", owner_username="x2",
                              owner_display_name="X", owner_password="another-pass")
    assert Staff.select().count() == 1


@pytest.mark.parametrize(("full_name", "suggested"), [
    ("María José López", "maria"), ("  Ñandú  ", "nandu"), ("Jürgen Strauß", "jurgen"), ("Strauß", "strauss"),
    ("Łukasz", "lukasz"), ("O'Brien", "obrien"), ("李小龙", ""), ("J", ""), ("", ""),
])
def test_the_suggested_user_name_is_one_the_rules_accept(full_name: str, suggested: str) -> None:
    assert accounts.suggest_username(full_name) == suggested
    if suggested:
        assert accounts.validate_username(suggested) == suggested
