"""The business profile: validation, roles, storage."""

from __future__ import annotations

import base64
import dataclasses

import pytest

from smallcs import settings
from smallcs.errors import PermissionDenied, ValidationError
from smallcs.models import AuditEvent, Staff

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def test_first_run_profile_is_stored(owner: Staff) -> None:
    profile = settings.get_profile()
    assert (profile.name, profile.timezone) == ("Corner Shop", "Europe/Madrid")


def test_manager_saves_the_profile_and_it_is_audited(manager: Staff) -> None:
    new = dataclasses.replace(
        settings.get_profile(), name="  Corner Shop Ltd ", address="1 High St",
        accent_colour="#AA3300", survey_base_url="http://192.168.1.5:8765/",
        logo_png_base64=settings.logo_to_base64(PNG_1PX),
    )
    saved = settings.save_profile(manager, new)
    assert saved.name == "Corner Shop Ltd"
    assert saved.survey_base_url == "http://192.168.1.5:8765"
    assert settings.get_profile() == saved
    assert settings.get_profile().logo_bytes == PNG_1PX
    assert AuditEvent.select().where(AuditEvent.action == "settings.profile").count() == 1


def test_staff_cannot_change_the_profile(clerk: Staff) -> None:
    with pytest.raises(PermissionDenied):
        settings.save_profile(clerk, dataclasses.replace(settings.get_profile(), name="Hijacked"))
    assert settings.get_profile().name == "Corner Shop"


@pytest.mark.parametrize("changes, field", [
    ({"name": "   "}, "name"),
    ({"name": "x" * 121}, "name"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"accent_colour": "blue"}, "accent_colour"),
    ({"survey_base_url": "javascript:alert(1)"}, "survey_base_url"),
    ({"logo_png_base64": base64.b64encode(b"GIF89a....").decode()}, "logo"),
    ({"logo_png_base64": "%%%not base64"}, "logo"),
    ({"currency": "euro"}, "currency"),
    ({"page_size": "A5"}, "page_size"),
])
def test_bad_profile_values_are_refused_and_nothing_changes(
    owner: Staff, changes: dict[str, str], field: str
) -> None:
    before = settings.get_profile()
    with pytest.raises(ValidationError) as refused:
        settings.save_profile(owner, dataclasses.replace(before, **changes))
    assert refused.value.field == field
    assert settings.get_profile() == before
