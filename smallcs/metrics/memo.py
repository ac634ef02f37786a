"""Read each figure once while one report or snapshot is gathered.

A report asks for the same figure more than once: a headline for this month
and last month, then again for the twelve-month sparkline; first contact and
on-time rate from the same aggregate. Inside ``with memo():`` the functions
marked ``@memoised`` keep their results (keyed by their arguments), so the
repeat costs nothing and the tile and its sparkline can never disagree.
Outside a ``memo()`` block nothing is kept: figures are always read fresh.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Hashable, Iterator
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_figures: contextvars.ContextVar[dict[Hashable, object] | None] = contextvars.ContextVar(
    "smallcs_metrics_memo", default=None)


@contextlib.contextmanager
def memo() -> Iterator[None]:
    """Within the block, each ``@memoised`` figure is computed once per set of arguments.

    Meant for one short read (a report, a dashboard snapshot) on one thread; a
    nested block shares the outer one's figures.
    """
    if _figures.get() is not None:
        yield
        return
    token = _figures.set({})
    try:
        yield
    finally:
        _figures.reset(token)


def memoised(function: Callable[P, R]) -> Callable[P, R]:
    """Keep ``function``'s results inside a ``memo()`` block; its arguments must be hashable."""
    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        figures = _figures.get()
        if figures is None:
            return function(*args, **kwargs)
        key = (function, args, tuple(sorted(kwargs.items())))
        if key not in figures:
            figures[key] = function(*args, **kwargs)
        return figures[key]  # type: ignore[return-value]
    return wrapper
