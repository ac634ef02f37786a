"""What a person typed into a page's boxes and has not saved yet, and keeping it aside for
them while someone else uses the shared counter PC.

A page names its boxes (how to read one and how to type a value back) and what the
database holds for each. A box holds an unsaved edit when its value differs both from
what was last read into it and from what is stored now: a box saved by its own button
(or changed to what another counter stored meanwhile) is no edit, and a box showing
an old value that another counter has since changed is no edit either, only stale.

When another person logs in, the page puts the last person's edits aside (in memory,
for this run of the app) and shows the stored values; when that person logs in again
their edits are typed back over whatever is stored then, box by box, so nobody's
saved change is overwritten by an old screenful.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from smallcs.models import Staff


@dataclasses.dataclass(frozen=True)
class Box:
    """One box: its value as the page reads it, and how to put such a value back into it."""

    read: Callable[[], Any]
    write: Callable[[Any], None]


class UnsavedEdits:
    """The unsaved edits in ``boxes``; ``stored`` gives each box's value as stored now."""

    def __init__(self, boxes: Mapping[str, Box], stored: Callable[[], Mapping[str, object]]) -> None:
        self._boxes = dict(boxes)
        self._stored = stored
        self._shown: dict[str, object] | None = None  # as last read from the database
        self._kept: dict[int, dict[str, object]] = {}  # staff id -> the edits they left

    def mark_read(self) -> None:
        """The boxes now show what is stored."""
        self._shown = self._values()

    def edits(self) -> dict[str, object]:
        """The boxes changed since they were last read and not saved (empty before the first read)."""
        if self._shown is None:
            return {}
        shown = self._shown
        changed = {name: value for name, value in self._values().items() if value != shown[name]}
        if not changed:
            return {}
        stored = self._stored()
        return {name: value for name, value in changed.items() if value != stored.get(name)}

    def reload(self, show_stored: Callable[[], None]) -> bool:
        """Show what is stored now (``show_stored``, which ends with :meth:`mark_read`) and type the
        unsaved edits back over it: no other box is left showing a value another counter has since
        changed, which a Save would put back. False when there were no edits."""
        edits = self.edits()
        show_stored()
        for name, value in edits.items():
            self._boxes[name].write(value)
        return bool(edits)

    def put_aside(self, person: Staff) -> None:
        """``person`` is leaving the page: keep their edits for their next log-in."""
        edits = self.edits()
        if edits:
            self._kept[person.id] = edits
        else:
            self._kept.pop(person.id, None)

    def take_back(self, person: Staff) -> bool:
        """Type ``person``'s kept edits back into the boxes; False when they left none."""
        edits = self._kept.pop(person.id, None)
        if not edits:
            return False
        for name, value in edits.items():
            self._boxes[name].write(value)
        return True

    def _values(self) -> dict[str, object]:
        return {name: box.read() for name, box in self._boxes.items()}
