"""Batches of one device, within one app process, stored one at a time. Layer: sync.server.

A device may send its next batch before the answer to the last one (sync.drain keeps two
in flight): the second batch's checks that need no database (device, signature, payload
head) overlap the first one's storing. Its place in the device's chain can only be judged
once the first batch is committed, so the part of intake that reads the chain and stores
(its *turn*) is taken by one batch of a device at a time.

A batch whose first bundle would come too early (a ``sequence_gap``) while another batch of
its device is in progress in this process most likely overtook it on the way: it gives its
turn away and waits until another batch of its device ends its turn, then judges again on
fresh rows — waiting at most ``wait_s`` in all. Nothing here is needed for correctness:
the database's unique keys settle races, and a batch of a device that reached another
process (several app processes behind one load balancer) is judged at once and answered
``sequence_gap`` when it came too early; the device sends it again alone.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from time import monotonic

__all__ = ["DeviceTurns", "Ticket"]


class Ticket:
    """One batch's place among the batches of its device in progress in this process."""

    def __init__(self, turns: DeviceTurns | None, device: str) -> None:
        self._turns = turns  # None: a batch of several devices (a relay), not ordered here
        self.device = device

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Judge the chain and store, no other batch of this device doing so meanwhile."""
        if self._turns is None:
            yield
            return
        self._turns.take(self.device)
        try:
            yield
        finally:
            self._turns.give(self.device)

    def wait_for_another(self, deadline: float) -> bool:
        """Inside :meth:`turn`: when another batch of this device is in progress here, let it
        have the turn and wait until one ends its turn; False (nothing waited) otherwise or
        past ``deadline`` (time.monotonic)."""
        return self._turns is not None and self._turns.wait_for_another(self.device, deadline)


class DeviceTurns:
    """The batches in progress in this process, per device, and whose turn it is."""

    def __init__(self, wait_s: float = 5.0) -> None:
        self.wait_s = wait_s  # at most this long waiting for an overtaken batch
        self._cond = threading.Condition()
        self._in_progress: Counter[str] = Counter()
        self._busy: set[str] = set()
        self._turns_ended: Counter[str] = Counter()

    @contextmanager
    def batch(self, device: str | None) -> Iterator[Ticket]:
        """A batch of ``device``'s bundles is in progress (None: of several devices, or none)."""
        if device is None:
            yield Ticket(None, "")
            return
        with self._cond:
            self._in_progress[device] += 1
        try:
            yield Ticket(self, device)
        finally:
            with self._cond:
                self._in_progress[device] -= 1
                if not self._in_progress[device]:
                    del self._in_progress[device]
                    self._turns_ended.pop(device, None)
                self._cond.notify_all()

    def deadline(self) -> float:
        return monotonic() + self.wait_s

    def take(self, device: str) -> None:
        with self._cond:
            while device in self._busy:
                self._cond.wait()
            self._busy.add(device)

    def give(self, device: str) -> None:
        with self._cond:
            self._busy.discard(device)
            self._turns_ended[device] += 1
            self._cond.notify_all()

    def wait_for_another(self, device: str, deadline: float) -> bool:
        with self._cond:
            if self._in_progress[device] < 2 or monotonic() >= deadline:
                return False
            ended = self._turns_ended[device]
            self._busy.discard(device)  # our turn, handed over (not counted as one ended)
            self._cond.notify_all()
            while self._turns_ended[device] == ended and self._in_progress[device] > 1:
                left = deadline - monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            while device in self._busy:
                self._cond.wait()
            self._busy.add(device)
            return True
