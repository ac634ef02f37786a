"""Reading the survey form's POST body strictly: UTF-8 only, few fields, scores as numbers."""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import parse_qsl

MAX_FIELDS = 16
# "switch": a language button of the page's switcher, which sends the form as it stands
# so the page comes back in that language with everything already ticked and typed.
FIELDS = ("csat", "nps", "ces", "comment", "contact", "lang", "nonce", "switch")
SCORE_FIELDS = ("csat", "nps", "ces")
_NUMBER = re.compile(r"^\d{1,2}$")


class BadForm(Exception):
    """The body is not a form this page could have sent (encoding, shape, size)."""


@dataclasses.dataclass
class Submission:
    """What the customer sent, as typed, plus the scores that parsed as numbers."""

    raw: dict[str, str]
    scores: dict[str, int | None]
    unreadable: list[str]  # score fields whose value is not a number

    @property
    def comment(self) -> str:
        return self.raw.get("comment", "")

    @property
    def language_switch(self) -> str:
        """The language asked for by the switcher's button ("" for an answer being sent)."""
        return self.raw.get("switch", "")

    @property
    def contact(self) -> bool:
        return self.raw.get("contact", "") not in ("", "0")


def parse_body(body: bytes) -> Submission:
    """Decode an ``application/x-www-form-urlencoded`` body.

    Werkzeug would replace broken UTF-8 with U+FFFD silently; a customer's
    comment must arrive exactly as typed or be refused, so the body is parsed
    here with strict decoding. The first value of a repeated field wins;
    unknown fields are ignored.

    Raises:
        BadForm: broken UTF-8 or too many fields.
    """
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict",
                          max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadForm(str(exc)) from exc
    raw: dict[str, str] = {}
    for name, value in pairs:
        if name in FIELDS and name not in raw:
            raw[name] = value
    scores: dict[str, int | None] = {}
    unreadable: list[str] = []
    for name in SCORE_FIELDS:
        value = raw.get(name, "").strip()
        if not value:
            scores[name] = None
        elif _NUMBER.match(value):
            scores[name] = int(value)
        else:
            scores[name] = None
            unreadable.append(name)
    return Submission(raw=raw, scores=scores, unreadable=unreadable)
