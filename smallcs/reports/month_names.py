"""Month names as the shop reads them, translated (no locale settings involved, no reportlab)."""

from __future__ import annotations

from smallcs.i18n import N_, _

_MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
           N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))


def month_name(month: int) -> str:
    """The translated name of month 1–12."""
    return _(_MONTHS[month - 1])


def month_title(year: int, month: int) -> str:
    """E.g. "October 2026"."""
    return _("{month} {year}").format(month=month_name(month), year=year)
