"""Bookkeeping for the station model: stepped levels, lots of cargo, fluid stores, servers.

A :class:`Store` is a silo (one commodity) or the container yard (several) holding tonnes: it
grants room to trains in arrival order, wakes processes waiting for stock, and keeps the lots
that came in and went out so that cargo dwell can be measured first in, first out.
:class:`Servers` are unloading positions, berths or a ship's turn at the anchorage, taken first
come, first served.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["FULL_SHARE", "Level", "Lot", "Servers", "Store"]

#: A store counts as full at this share of its capacity.
FULL_SHARE = 0.95
_EPS = 1e-6


class Level:
    """A quantity that steps over time: its time average since ``start`` and its peak."""

    __slots__ = ("area", "last", "peak", "start", "value")

    def __init__(self, value: float = 0.0) -> None:
        self.value = value
        self.area = 0.0
        self.last = 0.0
        self.start = 0.0
        self.peak = value

    def add(self, now: float, delta: float) -> None:
        self.area += self.value * (now - self.last)
        self.last = now
        self.value += delta
        if self.value > self.peak:
            self.peak = self.value

    def reset(self, now: float) -> None:
        self.area, self.last, self.start, self.peak = 0.0, now, now, self.value

    def mean(self, now: float) -> float:
        span = now - self.start
        return (self.area + self.value * (now - self.last)) / span if span > 0 else self.value

    def integral(self, now: float) -> float:
        """The time integral of the level since ``start`` (or the last reset)."""
        return self.area + self.value * (now - self.last)


@dataclass(eq=False, slots=True)
class Lot:
    """Tonnes entering or leaving a store, for FIFO dwell: ``time`` is the train's arrival
    (in) or the ship's sailing (out, filled in when it sails); NaN when not measured."""

    tonnes: float
    time: float = math.nan


class Store:
    """A silo (one commodity) or the yard (several): stock, reservations, waiters."""

    def __init__(self, env: Any, name: str, capacity: float, initial: dict[str, float]) -> None:
        self.env = env
        self.name = name
        self.capacity = capacity
        self.level: defaultdict[str, float] = defaultdict(float, initial)
        self.committed: defaultdict[str, float] = defaultdict(float)  # ships called
        self.loading: defaultdict[str, float] = defaultdict(float)  # ships at berth, still due
        self.on_change: Callable[[], None] = lambda: None
        self.reserved = 0.0
        self.stock = Level(sum(initial.values()))
        self._full_at = FULL_SHARE * capacity
        self.full = Level(self._is_full())
        self.daily: list[float] = []
        self.lots_in: dict[str, list[Lot]] = {c: [Lot(q)] for c, q in initial.items()}
        self.lots_out: dict[str, list[Lot]] = {c: [] for c in initial}
        self._space: deque[tuple[float, Any]] = deque()
        self._watchers: list[tuple[Callable[[], bool], Any]] = []

    def _is_full(self) -> float:
        return 1.0 if self.stock.value >= self._full_at else 0.0

    def _changed(self, delta: float) -> None:
        now = self.env.now
        self.stock.add(now, delta)
        full = self._is_full()
        if full != self.full.value:
            self.full.add(now, full - self.full.value)

    def has_room(self, amount: float) -> bool:
        """Whether :meth:`reserve` would grant ``amount`` at once."""
        return not self._space and self.capacity - self.stock.value - self.reserved >= amount - _EPS

    def reserve(self, amount: float) -> Any | None:
        """Reserve room (FIFO); None when granted at once, else an event to wait for."""
        if self.has_room(amount):
            self.reserved += amount
            return None
        event = self.env.event()
        self._space.append((amount, event))
        return event

    def withdraw(self, event: Any) -> None:
        """Give up a reservation still waiting (a diverted train)."""
        self._space = deque(item for item in self._space if item[1] is not event)
        self._grant()

    def _grant(self) -> None:
        while self._space:
            amount, event = self._space[0]
            if self.capacity - self.stock.value - self.reserved < amount - _EPS:
                return
            self._space.popleft()
            self.reserved += amount
            event.succeed()

    def put(self, commodity: str, lot: Lot, *, reserved: bool = True) -> None:
        if reserved:
            self.reserved -= lot.tonnes
        self.level[commodity] += lot.tonnes
        self.lots_in.setdefault(commodity, []).append(lot)
        self._changed(lot.tonnes)
        self._wake()
        self.on_change()

    def take(self, commodity: str, lot: Lot) -> None:
        self.level[commodity] -= lot.tonnes
        self.lots_out.setdefault(commodity, []).append(lot)
        self._changed(-lot.tonnes)
        self._grant()
        self._wake()
        self.on_change()

    def when(self, test: Callable[[], bool]) -> Any | None:
        """None if ``test()`` holds now, else an event that fires when the stock makes it
        hold."""
        if test():
            return None
        event = self.env.event()
        self._watchers.append((test, event))
        return event

    def forget(self, event: Any) -> None:
        self._watchers = [w for w in self._watchers if w[1] is not event]

    def _wake(self) -> None:
        if self._watchers:
            waiting = []
            for test, event in self._watchers:
                if test():
                    event.succeed()
                else:
                    waiting.append((test, event))
            self._watchers = waiting

    def dwell(self, commodity: str,
              since: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(hours, tonnes) of FIFO dwell for lots that came in after ``since``."""
        ins, outs = self.lots_in.get(commodity, []), self.lots_out.get(commodity, [])
        if not ins or not outs:
            return np.empty(0), np.empty(0)
        a = np.cumsum([lot.tonnes for lot in ins])
        d = np.cumsum([lot.tonnes for lot in outs])
        # The distinct cut points, as np.unique gives them (np.unique imports numpy.ma, a
        # cold process's cost).
        edges = np.sort(np.concatenate(([0.0], a, d)))
        edges = edges[np.concatenate(([True], edges[1:] != edges[:-1]))]
        edges = edges[edges <= min(a[-1], d[-1]) + _EPS]
        if edges.size < 2:
            return np.empty(0), np.empty(0)
        mids = (edges[:-1] + edges[1:]) / 2
        t_in = np.array([lot.time for lot in ins])[np.minimum(np.searchsorted(a, mids),
                                                              a.size - 1)]
        t_out = np.array([lot.time for lot in outs])[np.minimum(np.searchsorted(d, mids),
                                                                d.size - 1)]
        ok = np.isfinite(t_in) & np.isfinite(t_out) & (t_in >= since)
        return (t_out - t_in)[ok], np.diff(edges)[ok]


class Servers:
    """``count`` identical servers taken first come, first served, granted exactly as
    ``simpy.Resource`` grants them, with fewer events.

    SimPy schedules an event for each request and each release, and processes it later at the
    same instant: a release lets the first waiting request in only then. Here a request granted
    at once returns None (the caller goes on without waiting), and a release with nobody
    waiting schedules nothing, whenever no other event is due at this instant: then nothing
    could have run between SimPy's event being scheduled and processed, so everything happens
    in SimPy's order. Otherwise the events are SimPy's. This holds for callers that, after a
    release, request nothing more of the same servers before they next wait, and whose events
    no other process waits for, as in the station model.
    """

    __slots__ = ("_waiting", "count", "env", "users")

    def __init__(self, env: Any, count: int) -> None:
        self.env = env
        self.count = count
        self.users = 0
        self._waiting: deque[Any] = deque()

    def _alone(self) -> bool:
        """No other event is due at this instant."""
        now: float = self.env.now
        return bool(self.env.peek() > now)

    @property
    def free(self) -> bool:
        """A server is free and nobody is in line for it."""
        return not self._waiting and self.users < self.count

    def request(self) -> Any | None:
        """Take a server: None if taken at once, else an event to wait for (it fires when
        the server is granted)."""
        if self.free:
            self.users += 1
            if self._alone():
                return None
            event = self.env.event()
            event.succeed()
            return event
        event = self.env.event()
        self._waiting.append(event)
        self._grant()  # the first in line, if a release at this instant freed a server
        return event

    def cancel(self, event: Any) -> None:
        """Leave the queue: a request not granted yet is dropped."""
        if not event.triggered:
            self._waiting.remove(event)

    def release(self) -> None:
        """Free a server; the first request in line gets it once this instant's earlier
        events are done."""
        self.users -= 1
        if self._waiting or not self._alone():
            freed = self.env.event()
            freed.callbacks.append(self._grant)
            freed.succeed()

    def _grant(self, _: Any = None) -> None:
        if self._waiting and self.users < self.count:
            self.users += 1
            self._waiting.popleft().succeed()
