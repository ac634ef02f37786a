"""The standard survey wordings, shipped in English, Spanish, French, German and Portuguese.

The English texts below are the source; the other languages are in the app's
gettext catalog under the context ``"survey page"`` (``resources/locale/``).
The customer's page is in the customer's language, chosen per request, so it
asks :func:`smallcs.i18n.translation_for` rather than following the counter PC's
language. ``{shop}`` stands for the business name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from smallcs.i18n import NC_, translation_for

CONTEXT = "survey page"
DEFAULT_LANGUAGE = "en"

# Each language's own name, for the switcher on the survey page.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "de": "Deutsch",
    "pt": "Português",
}

SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(LANGUAGE_NAMES)

_ENGLISH: dict[str, str] = {
    "title": NC_("survey page", "Your opinion"),
    "csat": NC_("survey page", "How satisfied were you with {shop}?"),
    "csat_low": NC_("survey page", "Very dissatisfied"),
    "csat_high": NC_("survey page", "Very satisfied"),
    "nps": NC_("survey page", "How likely are you to recommend {shop} to a friend or colleague?"),
    "nps_low": NC_("survey page", "Not at all likely"),
    "nps_high": NC_("survey page", "Extremely likely"),
    "ces": NC_("survey page", "{shop} made it easy to handle my issue."),
    "ces_low": NC_("survey page", "Strongly disagree"),
    "ces_high": NC_("survey page", "Strongly agree"),
    "comment": NC_("survey page", "Anything else you would like to tell us?"),
    "comment_hint": NC_("survey page", "Optional"),
    "contact": NC_("survey page", "You may contact me about my answers."),
    "submit": NC_("survey page", "Send"),
    "thank_you": NC_("survey page", "Thank you! Your answer has been received."),
    "already_answered": NC_("survey page", "This card has already been answered. Thank you!"),
    "not_found": NC_("survey page", "We could not find this survey. Please check the address on your card."),
    "expired": NC_("survey page", "This survey card has expired. Thank you for your interest."),
    "rate_limited": NC_("survey page", "Too many answers came from this device just now."
                         " Yours are kept below: please tap Send again in a few minutes."),
    "too_large": NC_("survey page", "That is more than we can receive. Please shorten your comment."),
    "bad_form": NC_("survey page", "This form is out of date. Please open the survey again."),
    "stale_form": NC_("survey page", "This page was open for a long time, so your answers were not sent."
                       " They are kept below: please tap Send again."),
    "page_not_found": NC_("survey page", "There is nothing here."),
    "server_error": NC_("survey page", "Something went wrong on our side. Please try again in a moment."),
    "error_intro": NC_("survey page", "Please check your answers:"),
    "error_csat": NC_("survey page", "Choose a score from 1 to 5."),
    "error_nps": NC_("survey page", "Choose a score from 0 to 10."),
    "error_ces": NC_("survey page", "Choose a score from 1 to 7."),
    "error_comment": NC_("survey page", "Your comment is too long (2,000 characters at most)."),
    "error_empty": NC_("survey page", "Please answer at least one question or write a comment."),
    "back": NC_("survey page", "Back to the survey"),
    "shop_fallback": NC_("survey page", "our shop"),
    "language": NC_("survey page", "Language"),
}


KEYS: tuple[str, ...] = tuple(_ENGLISH)

_LANGUAGE_RANGE = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$|^\*$")


def text(language: str, key: str, *, shop: str = "") -> str:
    """One wording in ``language`` (English when unknown) with the shop's name filled in.

    Args:
        language: a code from :data:`SUPPORTED_LANGUAGES`.
        key: a key of :data:`KEYS`, e.g. ``"csat"``.
        shop: the business name put in place of ``{shop}``.
    """
    return _translate(language, _ENGLISH[key]).format(shop=shop)


def wordings(language: str, *, shop: str = "") -> dict[str, str]:
    """Every wording of one language with the shop's name filled in."""
    return {key: _translate(language, english).format(shop=shop) for key, english in _ENGLISH.items()}


def _translate(language: str, english: str) -> str:
    if language not in SUPPORTED_LANGUAGES:
        language = DEFAULT_LANGUAGE
    return translation_for(language).pgettext(CONTEXT, english)


def _ranges(header: str) -> list[tuple[str, float]]:
    """Language ranges of an Accept-Language header, best first (ties keep their order)."""
    ranges: list[tuple[str, float, int]] = []
    for position, part in enumerate(header.split(",")[:32]):
        pieces = [p.strip() for p in part.split(";")]
        tag = pieces[0]
        if not tag or not _LANGUAGE_RANGE.match(tag):
            continue
        quality = 1.0
        for param in pieces[1:]:
            name, _sep, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if 0.0 < quality <= 1.0:
            ranges.append((tag.lower(), quality, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(tag, q) for tag, q, _pos in ranges]


def pick_language(accept_language_header: str | None, available: Sequence[str]) -> str:
    """The best of ``available`` for a browser's Accept-Language header.

    Matching is on the primary subtag (``pt-BR`` picks ``pt``). With no match,
    the first available language wins (English when none is available).

    Args:
        accept_language_header: the raw header, or None when absent.
        available: language codes the survey offers, in the shop's order.

    Returns:
        One code of ``available`` (or ``"en"`` when ``available`` is empty).
    """
    offered = [code for code in available if code in SUPPORTED_LANGUAGES]
    if not offered:
        return DEFAULT_LANGUAGE
    for tag, _quality in _ranges(accept_language_header or ""):
        if tag == "*":
            return offered[0]
        primary = tag.split("-", 1)[0]
        if primary in offered:
            return primary
    return offered[0]
