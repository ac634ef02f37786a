"""The seeded random source behind the demo data, with the draws it needs."""

from __future__ import annotations

import base64
import math
import random
from collections.abc import Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")

# No 0/O, 1/I/L: easy to read off a paper card and type in.
SHORT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SHORT_CODE_LENGTH = 8


class Dice(random.Random):
    """``random.Random`` plus the few draws the demo generators share.

    One instance, seeded once, is threaded through every generator so the same
    seed always gives the same shop.
    """

    def chance(self, probability: float) -> bool:
        """True with the given probability."""
        return self.random() < probability

    def pick(self, weights: Mapping[T, float]) -> T:
        """A key of ``weights`` drawn in proportion to its weight (insertion order)."""
        keys = list(weights)
        return self.choices(keys, weights=[weights[k] for k in keys])[0]

    def pick_from(self, options: Sequence[tuple[T, float]]) -> T:
        """The first item of one ``(item, weight)`` pair, drawn by weight."""
        return self.choices([o[0] for o in options], weights=[o[1] for o in options])[0]

    def poisson(self, mean: float) -> int:
        """A Poisson count; the normal approximation above a mean of 30."""
        if mean <= 0:
            return 0
        if mean > 30:
            return max(0, round(self.gauss(mean, math.sqrt(mean))))
        limit, count, product = math.exp(-mean), 0, self.random()
        while product > limit:
            count += 1
            product *= self.random()
        return count

    def lognormal_around(self, median: float, sigma: float) -> float:
        """A log-normal draw with the given median (a long right tail)."""
        return median * math.exp(self.gauss(0.0, sigma))

    def token(self) -> str:
        """A card token shaped like ``secrets.token_urlsafe(16)`` (22 URL-safe chars).

        Deliberately drawn from the seeded generator: demo data must be
        reproducible. Real cards get their tokens from ``secrets``.
        """
        raw = self.getrandbits(128).to_bytes(16, "big")
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")

    def short_code(self) -> str:
        """An 8-character code from the unambiguous alphabet."""
        return "".join(self.choices(SHORT_CODE_ALPHABET, k=SHORT_CODE_LENGTH))
