"""First run: turn an empty database into a shop with an owner and a profile, its seeds in its language."""

from __future__ import annotations

from smallcs import accounts, audit, settings
from smallcs.errors import ValidationError
from smallcs.i18n import _, current_language
from smallcs.models import Staff, write_transaction


def is_first_run() -> bool:
    """True while the database has no account (the wizard should run)."""
    return not accounts.has_staff()


def initialise_shop(
    *,
    business_name: str,
    timezone: str,
    owner_username: str,
    owner_display_name: str,
    owner_password: str,
) -> Staff:
    """Create the owner and the business profile in one transaction.

    The seeded categories, their suggested steps and the default survey are renamed
    into the language the app shows now (``seeds.localise_seeds``).

    Raises:
        ValidationError: bad input, or the shop is already set up.
    """
    # Imported here: the app imports this module at every start, for is_first_run.
    from smallcs import seeds

    with write_transaction():
        if not is_first_run():
            raise ValidationError(_("This shop is already set up."))
        profile = settings.store_initial_profile(
            settings.BusinessProfile(name=business_name, timezone=timezone)
        )
        owner = accounts.create_first_owner(
            username=owner_username, display_name=owner_display_name, password=owner_password
        )
        seeds.localise_seeds()
        audit.record(owner, "setup", entity="setting",
                     detail={"business": profile.name, "language": current_language()})
    return owner
