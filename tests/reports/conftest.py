"""Card data for the report tests: a shop style and cards with real-looking URLs."""

from __future__ import annotations

import secrets
from collections.abc import Callable

import pytest
from argon2 import PasswordHasher

from smallcs import accounts
from smallcs.reports.cards import CardContent, CardKind, CardStyle
from tests.reports.readback import card_url

QUESTIONS = (
    ("csat", "How satisfied were you with Corner Shop?"),
    ("nps", "How likely are you to recommend Corner Shop to a friend or colleague?"),
    ("ces", "Corner Shop made it easy to handle my issue."),
)


@pytest.fixture
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A weak argon2id, for tests whose accounts are only actors: it keeps each test's setup fast."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def style() -> CardStyle:
    return CardStyle(shop_name="Corner Shop", accent_colour="#1F6FB2", questions=QUESTIONS)


@pytest.fixture
def make_cards() -> Callable[..., list[CardContent]]:
    """``make_cards(n, kind=...)``: n cards, each with its own URL and short code."""
    def make(count: int, *, kind: CardKind = "single") -> list[CardContent]:
        return [CardContent(url=card_url(), short_code=f"{secrets.token_hex(4).upper()}", kind=kind)
                for _i in range(count)]
    return make
