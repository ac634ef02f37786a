"""Shop settings kept in the Setting table: the business profile, the idle lock and friends."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from smallcs import audit, clock
from smallcs.errors import ValidationError
from smallcs.i18n import N_, _
from smallcs.models import Setting, Staff, write_transaction
from smallcs.permissions import require
from smallcs.typed_text import check_storable

MAX_LOGO_BYTES = 512 * 1024
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
PAGE_SIZES = (N_("A4"), N_("Letter"))


@dataclasses.dataclass(frozen=True)
class BusinessProfile:
    """What the shop tells the app about itself."""

    name: str = ""
    address: str = ""
    logo_png_base64: str = ""  # PNG or JPEG bytes, base64: the database travels with it
    timezone: str = "UTC"
    accent_colour: str = "#1F6FB2"
    survey_base_url: str = ""
    currency: str = "EUR"
    page_size: str = "A4"

    @property
    def logo_bytes(self) -> bytes:
        return base64.b64decode(self.logo_png_base64) if self.logo_png_base64 else b""

    @property
    def zone(self) -> ZoneInfo:
        return clock.zone(self.timezone)


_PROFILE_KEY = "business_profile"


def get_value(key: str, default: Any = None) -> Any:
    """A setting's decoded JSON value, or ``default``."""
    row = Setting.get_or_none(Setting.key == key)
    return default if row is None else json.loads(row.value)


def put_value(key: str, value: Any) -> None:
    """Store a JSON-serialisable setting (callers check roles and audit)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    Setting.insert(key=key, value=text).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: text}
    ).execute()


def put_value_if_absent(key: str, value: Any) -> Any:
    """Store ``value`` unless the setting exists; the stored value either way.

    One statement, so of several processes storing at once (survey servers
    starting side by side) exactly one value lands and every one reads it back.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    Setting.insert(key=key, value=text).on_conflict_ignore().execute()
    return get_value(key)


def get_profile() -> BusinessProfile:
    """The business profile (defaults for anything never set)."""
    stored = get_value(_PROFILE_KEY, {})
    known = {f.name for f in dataclasses.fields(BusinessProfile)}
    return BusinessProfile(**{k: v for k, v in stored.items() if k in known})


def validate_profile(profile: BusinessProfile) -> BusinessProfile:
    """Return a cleaned copy of ``profile`` or raise ValidationError."""
    name = profile.name.strip()
    check_storable(name, field="name", label=_("The business name"))
    check_storable(profile.address, field="address", label=_("The address"))
    check_storable(profile.survey_base_url, field="survey_base_url", label=_("The survey address"))
    if not name:
        raise ValidationError(_("Enter the business name."), field="name")
    if len(name) > 120:
        raise ValidationError(_("The business name is too long (120 characters at most)."), field="name")
    if len(profile.address) > 500:
        raise ValidationError(_("The address is too long (500 characters at most)."), field="address")
    clock.zone(profile.timezone)
    if not _COLOUR.match(profile.accent_colour):
        raise ValidationError(_("The accent colour must look like #1F6FB2."), field="accent_colour")
    url = profile.survey_base_url.strip().rstrip("/")
    if url:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValidationError(
                _("The survey address must start with http:// or https://."),
                field="survey_base_url",
            )
    if profile.logo_png_base64:
        try:
            logo = base64.b64decode(profile.logo_png_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationError(_("The logo could not be read."), field="logo") from exc
        if len(logo) > MAX_LOGO_BYTES:
            raise ValidationError(_("The logo is larger than 512 KB."), field="logo")
        if not logo.startswith((_PNG, _JPEG)):
            raise ValidationError(_("The logo must be a PNG or JPEG image."), field="logo")
    if not re.match(r"^[A-Z]{3}$", profile.currency):
        raise ValidationError(_("The currency must be a three-letter code such as EUR."), field="currency")
    if profile.page_size not in PAGE_SIZES:
        raise ValidationError(_("The page size must be A4 or Letter."), field="page_size")
    return dataclasses.replace(profile, name=name, address=profile.address.strip(), survey_base_url=url)


def logo_to_base64(data: bytes) -> str:
    """Encode logo bytes for the profile (validated when the profile is saved)."""
    return base64.b64encode(data).decode("ascii")


def save_profile(actor: Staff, profile: BusinessProfile) -> BusinessProfile:
    """Validate and store the business profile (manager or owner)."""
    require(actor, "settings.edit")
    clean = validate_profile(profile)
    with write_transaction():
        _store_profile(clean)
        changed = sorted(k for k, v in dataclasses.asdict(clean).items() if k != "logo_png_base64")
        audit.record(actor, "settings.profile", entity="setting", entity_id=_PROFILE_KEY,
                     detail={"fields": changed})
    return clean


def _store_profile(profile: BusinessProfile) -> None:
    put_value(_PROFILE_KEY, dataclasses.asdict(profile))


def store_initial_profile(profile: BusinessProfile) -> BusinessProfile:
    """First run only: store the profile before any account exists to act."""
    clean = validate_profile(profile)
    _store_profile(clean)
    return clean


# --- the idle lock --------------------------------------------------------------------------

_IDLE_LOCK_KEY = "idle_lock"
DEFAULT_IDLE_LOCK_MINUTES = 10
MAX_IDLE_LOCK_MINUTES = 8 * 60


def idle_lock_minutes() -> int | None:
    """After how many minutes without input the app locks itself; None for never.

    A value nobody could have saved (an edit by another tool) reads as the default:
    a counter PC had better lock than not.
    """
    stored = get_value(_IDLE_LOCK_KEY)
    if not isinstance(stored, dict) or "minutes" not in stored:
        return DEFAULT_IDLE_LOCK_MINUTES
    try:
        return _checked_idle_minutes(stored["minutes"])
    except ValidationError:
        return DEFAULT_IDLE_LOCK_MINUTES


def _checked_idle_minutes(minutes: object) -> int | None:
    if minutes is None:
        return None
    if isinstance(minutes, bool) or not isinstance(minutes, int) \
            or not 1 <= minutes <= MAX_IDLE_LOCK_MINUTES:
        raise ValidationError(
            _("Lock the screen after 1 to {n} minutes without use, or never.").format(
                n=MAX_IDLE_LOCK_MINUTES), field="idle_lock_minutes")
    return minutes


def save_idle_lock_minutes(actor: Staff, minutes: int | None) -> int | None:
    """Store after how many minutes without input every counter locks itself (manager
    or owner); None for never. Counters take it at their next log-in or unlock.

    Raises:
        PermissionDenied: the actor may not edit settings.
        ValidationError: not a whole number of minutes from 1 to 480 (nor None); nothing changes.
    """
    require(actor, "settings.edit")
    clean = _checked_idle_minutes(minutes)
    before = idle_lock_minutes()
    if clean == before:
        return clean
    with write_transaction():
        put_value(_IDLE_LOCK_KEY, {"minutes": clean})
        audit.record(actor, "settings.idle_lock", entity="setting", entity_id=_IDLE_LOCK_KEY,
                     detail={"before": before, "after": clean})
    return clean
