"""How a time zone is named to people: its offset the way they say it, its place in their language."""

from __future__ import annotations

import datetime as dt

import pytest

from smallcs import clock, i18n, locale_format

WINTER = dt.datetime(2026, 1, 15, 12, 0)
SUMMER = dt.datetime(2026, 7, 15, 12, 0)


@pytest.mark.parametrize(
    ("zone", "moment", "expected"),
    [
        ("Europe/Madrid", WINTER, "UTC+01:00"),
        ("Europe/Madrid", SUMMER, "UTC+02:00"),  # summer time counts
        ("America/New_York", WINTER, "UTC-05:00"),
        ("Asia/Kathmandu", WINTER, "UTC+05:45"),
        ("America/St_Johns", WINTER, "UTC-03:30"),
        ("Etc/GMT+2", WINTER, "UTC-02:00"),  # POSIX sign: GMT+2 is two hours behind
        ("UTC", SUMMER, "UTC+00:00"),
    ],
)
def test_the_offset_reads_the_way_people_say_it(zone: str, moment: dt.datetime, expected: str) -> None:
    assert clock.utc_offset_text(clock.zone(zone), moment) == expected


@pytest.mark.parametrize(
    ("language", "zone", "expected"),
    [
        ("en", "Europe/Madrid", "Spain (Madrid)"),
        ("es", "Europe/Madrid", "España (Madrid)"),
        ("es", "America/New_York", "Estados Unidos (Nueva York)"),
        ("es", "US/Eastern", "Estados Unidos (Nueva York)"),  # an old alias names the same place
        ("es", "Asia/Kolkata", "India (Calcuta)"),
        ("en", "Etc/GMT+2", ""),
        ("es", "UTC", ""),
    ],
)
def test_a_zone_is_placed_in_the_users_language(language: str, zone: str, expected: str) -> None:
    i18n.set_language(language)
    assert locale_format.time_zone_place(zone) == expected


def test_every_listed_zone_has_a_label_without_failing() -> None:
    i18n.set_language("es")
    for name in clock.time_zone_names():
        offset = clock.utc_offset_text(clock.zone(name), WINTER)
        assert offset.startswith("UTC")
        place = locale_format.time_zone_place(name)
        assert "Región desconocida" not in place and "Unknown" not in place
