"""Demo customers: believable names, contact details and a few regulars."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from typing import Any

from smallcs.customers import normalise_name
from smallcs.demo.dice import Dice
from smallcs.demo.names import (
    CULTURES,
    CUSTOMER_NOTES,
    EMAIL_DOMAINS,
    SCRIPT_NAME_WEIGHT,
    SCRIPT_NAMES,
)
from smallcs.demo.period import Period

# complaints in the history -> share of customers (about two each on average)
COMPLAINTS_PER_CUSTOMER = {1: 50.0, 2: 24.0, 3: 11.0, 4: 7.0, 5: 4.0, 6: 4.0}

# Ofcom's ranges reserved for drama (never a real phone); mobiles listed twice as they are commoner.
_PHONE_RANGES = ("07700900", "07700900", "02079460", "01614960", "01134960", "01174960")
_ORIGINS = {**{key: culture.weight for key, culture in CULTURES.items()}, "script": SCRIPT_NAME_WEIGHT}
_ASCII = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "đ": "d"})


@dataclasses.dataclass(frozen=True)
class Person:
    """A generated customer's name and how an e-mail address would spell it."""

    name: str
    first: str  # how staff address them in notes ("" when unsure)
    email_local: str


def _ascii_word(text: str) -> str:
    """A name as it would appear in an e-mail address: ``Łukasz`` -> ``lukasz``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    kept = (c for c in decomposed if c.isascii() and c.isalnum())
    return "".join(kept).lower()


def _person(dice: Dice) -> Person:
    key = dice.pick(_ORIGINS)
    if key == "script":
        name, romanised = dice.choice(SCRIPT_NAMES)
        return Person(name, "", romanised)
    culture = CULTURES[key]
    woman = dice.chance(0.5)
    first = dice.choice(culture.women if woman else culture.men)
    surname = dice.choice(culture.surnames)
    if isinstance(surname, tuple):
        surname = surname[1] if woman else surname[0]
    name = f"{surname} {first}" if key == "chinese" else f"{first} {surname}"
    return Person(name, first, f"{_ascii_word(first)}.{_ascii_word(surname)}")


def _phone(dice: Dice) -> tuple[str, str]:
    """A phone number as typed at the counter, and its +44 normalised form."""
    national = dice.choice(_PHONE_RANGES) + f"{dice.randrange(1000):03d}"
    norm = "+44" + national[1:]
    if national.startswith("07"):
        spaced = f"{national[:5]} {national[5:]}"
        typed = dice.choice((spaced, national, f"+44 {spaced[1:]}", f"+44 (0){spaced[1:]}"))
    elif national.startswith("020"):
        typed = dice.choice((f"020 {national[3:7]} {national[7:]}", f"(020) {national[3:7]} {national[7:]}"))
    else:
        typed = dice.choice((f"{national[:4]} {national[4:7]} {national[7:]}", national))
    return typed, norm


def _email(dice: Dice, person: Person) -> str:
    first, _dot, last = person.email_local.partition(".")
    local = dice.pick_from((
        (person.email_local, 5), (f"{first}{last}", 2), (f"{first[:1]}.{last}", 2),
        (f"{first}_{last}{dice.randrange(10, 99)}", 1), (f"{first}{dice.randrange(60, 99)}", 1),
    ))
    if dice.chance(0.2):  # typed with capitals; the normalised copy is lower case
        local = ".".join(part.capitalize() for part in local.split("."))
    return f"{local}@{dice.choice(EMAIL_DOMAINS)}"


def _customer_row(
    dice: Dice, period: Period, *, customer_id: int, first_seen: dt.datetime
) -> tuple[dict[str, Any], str]:
    """One Customer row (created when first seen) and the first name staff would use."""
    person = _person(dice)
    phone, phone_norm = _phone(dice) if dice.chance(0.85) else ("", "")
    email = _email(dice, person) if dice.chance(0.65) or not phone else ""
    row = {
        "id": customer_id,
        "name": person.name,
        "name_norm": normalise_name(person.name),
        "phone": phone,
        "phone_norm": phone_norm,
        "email": email,
        "email_norm": email.lower(),
        "contact_consent": dice.chance(0.85),
        "notes": dice.choice(CUSTOMER_NOTES) if dice.chance(0.08) else "",
        "created_at": period.utc(first_seen),
    }
    return row, person.first


class CustomerBook:
    """Hands each named complaint, in time order, to its customer.

    How often each customer complains is drawn up front (most once or twice, a
    few regulars up to six times) and their complaints are scattered over the
    history; a customer is created at their first complaint.
    """

    def __init__(self, dice: Dice, period: Period, *, named_total: int, first_id: int) -> None:
        self._dice = dice
        self._period = period
        visits: list[int] = []
        remaining = named_total
        while remaining > 0:
            visits.append(min(dice.pick(COMPLAINTS_PER_CUSTOMER), remaining))
            remaining -= visits[-1]
        self._queue = [index for index, count in enumerate(visits) for _ in range(count)]
        dice.shuffle(self._queue)
        self._position = 0
        self._next_id = first_id
        self._known: dict[int, tuple[int, str]] = {}  # queue index -> customer id, first name
        self._rows: list[dict[str, Any]] = []

    def customer_for(self, moment: dt.datetime) -> tuple[int, str]:
        """The customer id for the next named complaint (received at ``moment``), and a first name."""
        index = self._queue[self._position]
        self._position += 1
        if index not in self._known:
            row, first = _customer_row(self._dice, self._period, customer_id=self._next_id, first_seen=moment)
            self._rows.append(row)
            self._known[index] = (self._next_id, first)
            self._next_id += 1
        return self._known[index]

    def take_rows(self) -> list[dict[str, Any]]:
        """The rows of customers created since the last call."""
        rows, self._rows = self._rows, []
        return rows
