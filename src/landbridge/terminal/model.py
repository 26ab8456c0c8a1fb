"""The transfer station as a discrete-event simulation (SimPy).

Processes, all in hours:

* **Trains** arrive (random with a monthly profile, or by timetable). A train first reserves
  room for its whole load in its store (silo cells of its commodity, or the container yard); if
  there is none it is *held* (FIFO) until ships make room, or diverted after ``max_hold_hours``.
  It then queues for an unloading position and unloads as one timed step: ``setup_hours +
  load / rate``, the rate varying from train to train (gamma, coefficient ``rate_cv``).
* **Ships** arrive by class. Each waits at anchorage, in arrival order per store and commodity,
  until ``min_parcel`` not promised to earlier ships is in store (or ``sail_after_days`` pass),
  then queues for a berth and loads in parcels of four hours' loading, waiting at the berth
  whenever the store runs dry; with ``sail_after_days`` set it sails part-loaded at that time.
* A **mill** (optional) takes batches of its input from the silo, holds them for
  ``batch_hours``, and puts ``yield`` of them into its output store.

Where the queue forms: a train is *held* (waiting for storage room) until its room is granted,
then waits for a position. A ship at anchorage waits *for a berth* while every berth of its
group is busy and the stock beyond what the ships at berth still need would already cover its
parcel; otherwise it waits *for cargo* (rail supply).

Stores are fluid (tonnes; the yard converts TEU at ``tonnes_per_teu``), so a year costs a few
thousand events, never one per tonne. Events that could change nothing are not made: a server
granted when nothing else is due at the instant is taken without one
(:class:`~landbridge.terminal._stores.Servers`), and a train that waits for nothing until its
unloading ends runs without a process of its own (:meth:`_Station.train_arrives`); everything
happens in the order SimPy would give it, so the numbers are those of the plain processes.
The same seed gives the same run: each traffic stream
draws from its own generator, keyed by (seed, replication, stream), so a sizing sweep sees the
same trains and ships in every variant (common random numbers).
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from landbridge._fork import fork_map
from landbridge.errors import InvalidOptionError
from landbridge.terminal._stores import Level, Lot, Servers, Store
from landbridge.terminal.config import (
    ArrivalPattern,
    Arrivals,
    Handles,
    MillOutput,
    StationConfig,
)
from landbridge.terminal.report import (
    Balance,
    Dwell,
    MillRun,
    ResourceRun,
    Run,
    ShipRun,
    SimReport,
    StoreRun,
    TrainRun,
    summarise,
)

__all__ = ["run_once", "simulate"]

log = logging.getLogger(__name__)

HOURS_PER_YEAR = 365 * 24.0
#: Shortest and longest run, days: a run shorter than a day measures nothing; ten years is
#: longer than any planning horizon the station answers.
MIN_DAYS, MAX_DAYS = 1.0, 3650.0
#: Most replications of one simulation.
MAX_REPLICATIONS = 1_000
#: Seeds are whole numbers from 0 to 2**63 - 1 (numpy takes no negative seed).
MAX_SEED = 2**63 - 1
#: Fewest train and ship arrivals (over all replications) for which :func:`simulate` shares the
#: replications among processes: a forked process costs about 20 ms of CPU (its start, the
#: memory pages it copies, its runs sent back), and half of the model's time for 2,000 arrivals
#: (about 25 ms) is what a second core saves.
MIN_ARRIVALS_TO_FORK = 2_000
CHUNK_HOURS = 4.0
_EPS = 1e-6
_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=float)
_MONTH_END = np.cumsum(_MONTH_DAYS)

Proc = Generator[Any, Any, None]


# ------------------------------------------------------------------------------ randomness


def _month_index(hours: NDArray[np.float64], start_month: int) -> NDArray[np.intp]:
    start_day = float(_MONTH_END[start_month - 2]) if start_month > 1 else 0.0
    day = (hours / 24.0 + start_day) % 365.0
    return np.minimum(np.searchsorted(_MONTH_END, day, side="right"), 11)


def arrival_times(arrivals: Arrivals, horizon_h: float, start_month: int,
                  rng: np.random.Generator) -> NDArray[np.float64]:
    """Sorted arrival hours in ``[0, horizon_h)``.

    Random arrivals are a non-homogeneous Poisson process drawn by thinning: candidates at the
    peak monthly rate, each kept with probability (its month's rate / peak rate). A timetable
    with seasonal factors runs on seasonal time: its headway shrinks in busy months and
    stretches in slack ones, keeping the yearly count.

    Examples
    --------
    >>> from landbridge.terminal.config import ArrivalPattern, Arrivals
    >>> flat = Arrivals(pattern=ArrivalPattern.TIMETABLE, every_hours=12.0, first_hour=6.0)
    >>> arrival_times(flat, 48.0, 1, np.random.default_rng(0)).tolist()
    [6.0, 18.0, 30.0, 42.0]
    """
    if arrivals.pattern is ArrivalPattern.TIMETABLE:
        times = _timetable(arrivals, horizon_h, start_month)
        if arrivals.late_hours_mean <= 0:
            return times.copy()  # the caller's own array
        times = times + rng.exponential(arrivals.late_hours_mean, times.size)
        return np.sort(times[times < horizon_h])
    factors = _seasonal(arrivals)
    peak = float(factors.max())
    rate = arrivals.per_year / HOURS_PER_YEAR
    n = int(rng.poisson(rate * peak * horizon_h))
    times = np.sort(rng.uniform(0.0, horizon_h, n))
    keep = rng.uniform(0.0, peak, n) < factors[_month_index(times, start_month)]
    kept: NDArray[np.float64] = times[keep]
    return kept


def _seasonal(arrivals: Arrivals) -> NDArray[np.float64]:
    """The twelve monthly factors, scaled to a mean of one over the year."""
    factors = np.asarray(arrivals.seasonal, dtype=float)
    scaled: NDArray[np.float64] = factors / (factors @ _MONTH_DAYS / 365.0)
    return scaled


@functools.lru_cache(maxsize=64)
def _timetable(arrivals: Arrivals, horizon_h: float, start_month: int) -> NDArray[np.float64]:
    """A timetable's hours in ``[0, horizon_h)`` before any lateness, on seasonal time if it
    has seasonal factors (read-only): the same in every replication, so worked out once."""
    factors = _seasonal(arrivals)
    times = np.arange(arrivals.first_hour, horizon_h, arrivals.every_hours, dtype=float)
    if np.ptp(factors) > 0:
        grid = np.arange(0.0, horizon_h + 1.0)
        busy = np.concatenate(([0.0], np.cumsum(factors[_month_index(grid[:-1], start_month)])))
        times = np.interp(times[times < busy[-1]], busy, grid)
    times.flags.writeable = False
    return times


def _factors(cv: float, n: int, rng: np.random.Generator) -> NDArray[np.float64]:
    """``n`` multipliers of mean one and coefficient of variation ``cv`` (gamma; 1 is
    exponential, 0 is constant)."""
    if cv < 1e-4:  # no spread worth drawing (and cv**2 would underflow)
        return np.ones(n)
    return rng.gamma(1.0 / cv**2, cv**2, n)


def _rng(seed: int, replication: int, kind: int, index: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replication, kind,
                                                                         index)))


# ------------------------------------------------------------------------------ resources


@dataclass(eq=False)
class _Group:
    """Identical servers (unloading positions or berths) with busy and queue counters."""

    name: str
    kind: str
    count: int
    rate_t_h: float
    rate_cv: float
    servers: Servers
    busy: Level = field(default_factory=Level)
    queue: Level = field(default_factory=Level)
    #: Every server is busy (kept by :meth:`_Station._occupy`, read by every re-tally).
    saturated: bool = False


@dataclass(eq=False)
class _TrainFlow:
    name: str
    commodity: str
    store: Store
    group: _Group
    wagons: int
    load_t: float
    setup_h: float
    hire_usd_h: float
    free_h: float
    max_hold_h: float | None
    arrived: int = 0
    diverted: int = 0
    diverted_t: float = 0.0
    unloaded_t: float = 0.0
    demurrage: float = 0.0
    turnaround: list[float] = field(default_factory=list)
    held: list[float] = field(default_factory=list)
    wait: list[float] = field(default_factory=list)


@dataclass(eq=False)
class _ShipFlow:
    name: str
    ship_class: str
    commodity: str
    store: Store
    group: _Group
    gate: Servers
    parcel_t: float
    min_parcel_t: float
    sail_after_h: float
    laytime_h: float
    demurrage_usd_h: float
    arrived: int = 0
    loaded_t: float = 0.0
    part_loaded: int = 0
    demurrage: float = 0.0
    wait_cargo: list[float] = field(default_factory=list)
    wait_berth: list[float] = field(default_factory=list)
    port: list[float] = field(default_factory=list)


@dataclass(eq=False)
class _Tally:
    """A ship at anchorage: hours so far during which it waited for a berth (every berth busy
    while the stock beyond what ships at berth still need would already cover its parcel)."""

    flow: _ShipFlow
    since: float
    for_berth: bool = False
    berth_h: float = 0.0


# ----------------------------------------------------------------------------- the station


class _Station:
    """The SimPy environment, stores, resources and processes of one replication."""

    def __init__(self, config: StationConfig, *, warmup_h: float) -> None:
        import simpy

        self.env = env = simpy.Environment()
        self.warmup_h = warmup_h
        self.anchorage: list[_Tally] = []  # ships waiting, for the cargo/berth attribution
        yard = config.container_yard
        self.tpt = yard.tonnes_per_teu if yard is not None else 1.0
        self.silos = {s.commodity: Store(env, f"silo {s.commodity}", s.capacity_t,
                                          {s.commodity: s.initial_t}) for s in config.silos}
        self.yard = None if yard is None else Store(
            env, "container yard", yard.slots_teu * self.tpt,
            {c: q * self.tpt for c, q in yard.initial_teu.items()})
        for store in (*self.silos.values(), *([self.yard] if self.yard else [])):
            store.on_change = self.retally
        self.groups: dict[tuple[str, str], _Group] = {}
        for kind, items, size in (("unloading", config.unloading, "positions"),
                                  ("berth", config.berths, "count")):
            for g in items:
                n = getattr(g, size)
                scale = self.tpt if g.handles is Handles.CONTAINER else 1.0
                self.groups[kind, g.name] = _Group(g.name, kind, n, g.rate_per_hour * scale,
                                                   g.rate_cv, Servers(env, n))
        # Trains and ships waiting (for room or a position; at anchorage): only their daily
        # counts are reported.
        self.trains_waiting = 0
        self.ships_waiting = 0
        self.daily_trains: list[float] = []
        self.daily_ships: list[float] = []
        self.loaded_total = 0.0
        self.unloaded_total = 0.0
        self.byproduct = 0.0
        self.in_process = 0.0
        self.mill_batches: list[tuple[float, float]] = []  # (hour finished, tonnes in)
        self.train_flows = [self._train_flow(config, i) for i in range(len(config.trains))]
        gates: dict[tuple[str, str], Servers] = {}
        self.ship_flows = []
        for s in config.ships:
            store = self._store(s.commodity, s.ship_class.handles)
            gate = gates.setdefault((store.name, s.commodity), Servers(env, 1))
            scale = self.tpt if s.ship_class.handles is Handles.CONTAINER else 1.0
            self.ship_flows.append(_ShipFlow(
                name=s.name, ship_class=s.ship_class.value, commodity=s.commodity, store=store,
                group=self.groups["berth", s.berth], gate=gate, parcel_t=s.parcel * scale,
                min_parcel_t=s.min_parcel * scale,
                sail_after_h=math.inf if s.sail_after_days is None else s.sail_after_days * 24,
                laytime_h=s.allowed_hours, demurrage_usd_h=s.demurrage_usd_per_day / 24.0))

    def _store(self, commodity: str, handles: Handles) -> Store:
        store = self.silos.get(commodity) if handles is Handles.BULK else self.yard
        assert store is not None  # the config checks guarantee it
        return store

    def _train_flow(self, config: StationConfig, i: int) -> _TrainFlow:
        t = config.trains[i]
        handles = t.kind.handles
        group = self.groups["unloading", t.unloading]
        scale = self.tpt if handles is Handles.CONTAINER else 1.0
        setup = next(g.setup_hours for g in config.unloading if g.name == t.unloading)
        return _TrainFlow(
            name=t.name, commodity=t.commodity, store=self._store(t.commodity, handles),
            group=group, wagons=t.wagons, load_t=t.wagons * t.load_per_wagon * scale,
            setup_h=setup, hire_usd_h=t.wagons * t.wagon_hire_usd_per_day / 24.0,
            free_h=t.free_hours, max_hold_h=t.max_hold_hours)

    # -- helpers

    def retally(self) -> None:
        """Bring every anchorage tally up to now and re-judge what each ship waits for; called
        whenever stock, berth occupancy or promised cargo changes."""
        if not self.anchorage:
            return
        now = self.env.now
        for t in self.anchorage:
            if t.for_berth:
                t.berth_h += now - t.since
            t.since = now
            f = t.flow
            t.for_berth = f.group.saturated and (
                f.store.level[f.commodity] - f.store.loading[f.commodity]
                >= f.min_parcel_t - _EPS)

    def _occupy(self, group: _Group, now: float, delta: int) -> None:
        group.busy.add(now, delta)
        group.saturated = group.busy.value >= group.count
        if group.kind == "berth":
            self.retally()

    def _until(self, event: Any, deadline: float) -> Generator[Any, Any, bool]:
        """Wait for ``event`` but not past ``deadline``; True if the event came first (or at
        the deadline's instant, before the wait ended).

        This is ``yield event | env.timeout(...)``, SimPy's any-of condition, with its events
        in their order: the timer, then, when the first of the two is processed, one event
        that ends the wait. It leaves out the condition's bookkeeping (its value, the
        callbacks it takes back), which the answer does not need."""
        env = self.env
        if math.isinf(deadline):
            yield event
            return True
        if env.now >= deadline:
            return False
        timer = env.timeout(deadline - env.now)
        ended = env.event()

        def end(_: Any) -> None:
            if not ended.triggered:
                ended.succeed()

        for waited in (event, timer):
            if waited.processed:
                end(waited)
            else:
                waited.callbacks.append(end)
        yield ended
        return bool(event.processed)

    # -- processes

    def arrivals(self, times: NDArray[np.float64], factors: NDArray[np.float64],
                 arrive: Callable[[float], None]) -> None:
        """Schedule one traffic stream: at each time, ``arrive(factor)``, after the next arrival
        is scheduled (as when each vehicle started a process, which SimPy runs after). Each
        arrival is a timeout whose callback schedules the next: the events, and their order,
        of a process stepping through the times, without the cost of resuming one."""
        env = self.env
        hours, draws = times.tolist(), factors.tolist()
        k = 0  # the arrival due next

        def arrived(_: Any) -> None:
            nonlocal k
            k += 1
            if k < len(hours):
                env.timeout(hours[k] - env.now).callbacks.append(arrived)
            arrive(draws[k - 1])

        if hours:
            env.timeout(hours[0] - env.now).callbacks.append(arrived)

    def train_arrives(self, flow: _TrainFlow, factor: float) -> None:
        """A train arrives and runs :meth:`train`. Most find room for their load and a free
        position at once: when, besides, nothing else is due at this instant, the train needs
        no process of its own (two events fewer). Its steps run here up to the unloading, and
        the end of the unloading runs the rest: the same steps in the same order as its
        process would take them."""
        env = self.env
        if not (env.peek() > env.now and flow.group.servers.free
                and flow.store.has_room(flow.load_t)):
            env.process(self.train(flow, factor))
            return
        steps = self.train(flow, factor)
        unloading = next(steps)  # nothing to wait for before it

        def unloaded(_: Any) -> None:
            rest = next(steps, None)  # the train's steps after the unloading
            assert rest is None, "a train waits for nothing once it has unloaded"

        unloading.callbacks.append(unloaded)

    def ship_arrives(self, flow: _ShipFlow, factor: float) -> None:
        self.env.process(self.ship(flow, factor))

    def train(self, flow: _TrainFlow, factor: float) -> Proc:
        env = self.env
        t0 = env.now
        measured = t0 >= self.warmup_h
        flow.arrived += measured
        self.trains_waiting += 1
        t_room = t0  # when room for the load was granted
        grant = flow.store.reserve(flow.load_t)
        if grant is not None:
            if flow.max_hold_h is None:
                yield grant
            elif not ((yield from self._until(grant, t0 + flow.max_hold_h)) or grant.triggered):
                flow.store.withdraw(grant)
                self.trains_waiting -= 1
                flow.diverted += measured
                flow.diverted_t += flow.load_t * measured
                return
            t_room = env.now
        group = flow.group
        now = t_room  # when a position was granted
        request = group.servers.request()
        group.queue.add(now, 1)
        if request is not None:
            yield request
            now = env.now
        group.queue.add(now, -1)
        self._occupy(group, now, 1)
        self.trains_waiting -= 1
        if measured:  # waits are recorded when they end, so a train still unloading counts
            flow.held.append(t_room - t0)
            flow.wait.append(now - t_room)
        yield env.timeout(flow.setup_h + flow.load_t / group.rate_t_h * factor)
        now = env.now
        flow.store.put(flow.commodity, Lot(flow.load_t, t0))
        self.unloaded_total += flow.load_t
        group.servers.release()
        self._occupy(group, now, -1)
        if now >= self.warmup_h:
            flow.unloaded_t += flow.load_t
        if measured:
            turnaround = now - t0
            flow.turnaround.append(turnaround)
            flow.demurrage += max(0.0, turnaround - flow.free_h) * flow.hire_usd_h

    def ship(self, flow: _ShipFlow, factor: float) -> Proc:
        env = self.env
        store, commodity = flow.store, flow.commodity
        t0 = env.now
        measured = t0 >= self.warmup_h
        flow.arrived += measured
        deadline = t0 + flow.sail_after_h
        self.ships_waiting += 1
        tally = _Tally(flow, t0)
        self.anchorage.append(tally)
        self.retally()
        turn = flow.gate.request()
        if turn is None or (yield from self._until(turn, deadline)) or turn.triggered:
            need = flow.min_parcel_t - _EPS
            ready = store.when(
                lambda: store.level[commodity] - store.committed[commodity] >= need)
            if ready is not None and not (yield from self._until(ready, deadline)):
                store.forget(ready)
            flow.gate.release()
        else:
            flow.gate.cancel(turn)
        store.committed[commodity] += flow.parcel_t
        group = flow.group
        berth = group.servers.request()
        group.queue.add(env.now, 1)
        if berth is not None:
            yield berth
        now = env.now
        group.queue.add(now, -1)
        self.retally()
        self.anchorage.remove(tally)
        store.loading[commodity] += flow.parcel_t
        self._occupy(group, now, 1)
        self.ships_waiting -= 1
        if measured:
            flow.wait_cargo.append(now - t0 - tally.berth_h)
            flow.wait_berth.append(tally.berth_h)
        rate = group.rate_t_h / factor
        remaining = flow.parcel_t
        lots: list[Lot] = []
        while remaining > _EPS:
            available = store.level[commodity]
            if available <= _EPS:
                if env.now >= deadline:
                    break
                stocked = store.when(lambda: store.level[commodity] > _EPS)
                if stocked is not None and not (yield from self._until(stocked, deadline)):
                    store.forget(stocked)
                continue
            lot = Lot(min(available, remaining, rate * CHUNK_HOURS))
            store.committed[commodity] -= lot.tonnes
            store.loading[commodity] -= lot.tonnes
            store.take(commodity, lot)
            lots.append(lot)
            remaining -= lot.tonnes
            self.loaded_total += lot.tonnes
            if env.now >= self.warmup_h:
                flow.loaded_t += lot.tonnes
            yield env.timeout(lot.tonnes / rate)
        now = env.now
        store.committed[commodity] -= remaining
        store.loading[commodity] -= remaining
        group.servers.release()
        self._occupy(group, now, -1)
        for lot in lots:
            lot.time = now
        if measured:
            port = now - t0
            flow.port.append(port)
            flow.part_loaded += remaining > _EPS
            flow.demurrage += max(0.0, port - flow.laytime_h) * flow.demurrage_usd_h

    def mill(self, config: StationConfig) -> Proc:
        mill = config.mill
        assert mill is not None
        env = self.env
        source = self.silos[mill.input]
        target = (self.silos[mill.output] if mill.output_to is MillOutput.SILO else self.yard)
        assert target is not None
        batch = mill.rate_t_per_hour * mill.batch_hours
        out = batch * mill.yield_
        while True:
            ready = source.when(lambda: source.level[mill.input] >= batch - _EPS)
            if ready is not None:
                yield ready
            closed = mill.hours_to_shift(env.now)
            if closed > 0:
                yield env.timeout(closed)
                continue  # the silo may have been drawn down meanwhile: look again
            source.take(mill.input, Lot(batch))
            self.in_process += batch
            grant = target.reserve(out)
            if grant is not None:
                yield grant
            yield env.timeout(mill.batch_hours)
            target.put(mill.output, Lot(out))
            self.in_process -= batch
            self.byproduct += batch - out
            self.mill_batches.append((env.now, batch))

    def monitor(self, stores: list[Store]) -> Proc:
        while True:
            for store in stores:
                store.daily.append(store.stock.value)
            self.daily_trains.append(self.trains_waiting)
            self.daily_ships.append(self.ships_waiting)
            yield self.env.timeout(24.0)

    def warmup(self, levels: list[Level]) -> Proc:
        yield self.env.timeout(self.warmup_h)
        for level in levels:
            level.reset(self.env.now)


def check_run(*, days: float, seed: int, warmup_days: float = 0.0,
              replications: int | None = None) -> None:
    """Refuse a run length, seed or replication count that is out of bounds.

    Raises
    ------
    InvalidOptionError
        Naming the bad value and the range it must be in.
    """
    if not MIN_DAYS <= days <= MAX_DAYS:  # False for NaN too
        raise InvalidOptionError("days", f"{days:g}", [], message=(
            f"days must be from {MIN_DAYS:g} to {MAX_DAYS:g}; got {days:g}"))
    if not 0 <= warmup_days < days:
        raise InvalidOptionError("warmup_days", f"{warmup_days:g}", [], message=(
            f"the warm-up must be at least 0 days and shorter than the run ({days:g} days); "
            f"got {warmup_days:g}"))
    if not 0 <= seed <= MAX_SEED:
        raise InvalidOptionError("seed", str(seed), [], message=(
            f"the seed must be a whole number from 0 to {MAX_SEED}; got {seed}"))
    if replications is not None and not 2 <= replications <= MAX_REPLICATIONS:
        raise InvalidOptionError("replications", str(replications), [], message=(
            f"replications must be from 2 (an interval needs two) to {MAX_REPLICATIONS:,}; "
            f"got {replications}"))


def expected_arrivals(config: StationConfig, *, days: float, replications: int) -> float:
    """Trains and ships expected to arrive over all replications: the measure of the work
    (and memory) a simulation takes, known before it runs."""
    per_year = (sum(t.arrivals.mean_per_year for t in config.trains)
                + sum(s.arrivals.mean_per_year for s in config.ships))
    return per_year * days / 365.0 * replications


def run_once(config: StationConfig, *, days: float = 365.0, seed: int = 0,
             replication: int = 0, warmup_days: float = 0.0) -> Run:
    """Simulate ``days`` of the station once; statistics cover the days after the warm-up.

    Raises
    ------
    InvalidOptionError
        If ``days`` or the seed is out of bounds, or the warm-up is not shorter than the run.

    Examples
    --------
    >>> from landbridge.terminal.config import load_station
    >>> run = run_once(load_station(), days=60, seed=1)
    >>> abs(run.balance.error_t) < 1e-3, run.balance.loaded_t > 0
    (True, True)
    """
    check_run(days=days, seed=seed, warmup_days=warmup_days)
    horizon = days * 24.0
    station = _Station(config, warmup_h=warmup_days * 24.0)
    env = station.env
    for i, (service, flow) in enumerate(zip(config.trains, station.train_flows, strict=True)):
        rng = _rng(seed, replication, 0, i)
        times = arrival_times(service.arrivals, horizon, config.start_month, rng)
        group = next(g for g in config.unloading if g.name == service.unloading)
        factors = _factors(group.rate_cv, times.size, rng)
        station.arrivals(times, factors, functools.partial(station.train_arrives, flow))
    for j, (ship_service, ship_flow) in enumerate(zip(config.ships, station.ship_flows,
                                                      strict=True)):
        rng = _rng(seed, replication, 1, j)
        times = arrival_times(ship_service.arrivals, horizon, config.start_month, rng)
        berths = next(b for b in config.berths if b.name == ship_service.berth)
        factors = _factors(berths.rate_cv, times.size, rng)
        station.arrivals(times, factors, functools.partial(station.ship_arrives, ship_flow))
    if config.mill is not None:
        env.process(station.mill(config))
    stores = [*station.silos.values(), *([station.yard] if station.yard is not None else [])]
    env.process(station.monitor(stores))
    levels = [*(s.stock for s in stores), *(s.full for s in stores),
              *(g.busy for g in station.groups.values()),
              *(g.queue for g in station.groups.values())]
    if warmup_days > 0:
        env.process(station.warmup(levels))
    env.run(until=horizon)
    return _collect(config, station, stores, days=days, warmup_days=warmup_days, seed=seed,
                    replication=replication)


def _collect(config: StationConfig, st: _Station, stores: list[Store], *, days: float,
             warmup_days: float, seed: int, replication: int) -> Run:
    now = st.env.now
    arr = np.asarray
    trains = tuple(TrainRun(
        name=f.name, commodity=f.commodity, wagons=f.wagons,
        wagon_hire_usd_per_day=f.hire_usd_h * 24.0 / f.wagons, arrived=f.arrived,
        diverted=f.diverted, diverted_t=f.diverted_t, unloaded_t=f.unloaded_t,
        turnaround_h=arr(f.turnaround, dtype=float), held_h=arr(f.held, dtype=float),
        wait_h=arr(f.wait, dtype=float), wagon_demurrage_usd=f.demurrage)
        for f in st.train_flows)
    ships = tuple(ShipRun(
        name=f.name, ship_class=f.ship_class, commodity=f.commodity,
        demurrage_usd_per_day=f.demurrage_usd_h * 24.0, arrived=f.arrived,
        loaded_t=f.loaded_t, part_loaded=f.part_loaded,
        wait_cargo_h=arr(f.wait_cargo, dtype=float), wait_berth_h=arr(f.wait_berth, dtype=float),
        port_h=arr(f.port, dtype=float), demurrage_usd=f.demurrage)
        for f in st.ship_flows)
    store_runs = tuple(StoreRun(
        name=s.name, capacity_t=s.capacity, mean_t=s.stock.mean(now), peak_t=s.stock.peak,
        full_share=s.full.mean(now), daily_t=arr(s.daily, dtype=float)) for s in stores)
    resources = tuple(ResourceRun(
        name=g.name, kind=g.kind, count=g.count, utilisation=g.busy.mean(now) / g.count,
        queue_mean=g.queue.mean(now), queue_peak=g.queue.peak) for g in st.groups.values())
    initial = sum(s.initial_t for s in config.silos)
    if config.container_yard is not None:
        initial += sum(config.container_yard.initial_teu.values()) * st.tpt
    balance = Balance(initial_t=initial, unloaded_t=st.unloaded_total,
                      loaded_t=st.loaded_total, byproduct_t=st.byproduct,
                      in_process_t=st.in_process,
                      stock_t=sum(sum(s.level.values()) for s in stores))
    dwell = []
    for unit, members in (("bulk", list(st.silos.values())),
                          ("container", [st.yard] if st.yard is not None else [])):
        parts = [s.dwell(c, warmup_days * 24.0) for s in members for c in s.lots_in]
        if any(f.store in members for f in st.train_flows):
            dwell.append(Dwell(unit=unit,
                               hours=np.concatenate([h for h, _ in parts] or [np.empty(0)]),
                               tonnes=np.concatenate([w for _, w in parts] or [np.empty(0)])))
    log.debug("run %d/%d: %.0f t loaded, balance error %.3g t", seed, replication,
              balance.loaded_t, balance.error_t)
    mill = None
    if config.mill is not None:
        after = [t for end, t in st.mill_batches if end >= warmup_days * 24.0]
        mill = MillRun(input=config.mill.input, output=config.mill.output,
                       milled_t=sum(after), output_t=sum(after) * config.mill.yield_,
                       busy_h=len(after) * config.mill.batch_hours,
                       open_h=(days - warmup_days) * config.mill.hours_per_day)
    return Run(seed=seed, replication=replication, days=days, warmup_days=warmup_days,
               trains=trains, ships=ships, stores=store_runs, resources=resources,
               balance=balance, dwell=tuple(dwell),
               trains_waiting_daily=arr(st.daily_trains, dtype=float),
               ships_waiting_daily=arr(st.daily_ships, dtype=float), mill=mill)


def _load_engine() -> None:
    """Import SimPy and numpy's random generators (a run's first ~20 ms) before the replications
    are shared among processes: the forked ones then find them loaded instead of each importing
    them again."""
    import numpy.random  # noqa: F401
    import simpy  # noqa: F401


def simulate(config: StationConfig, *, days: float = 365.0, replications: int = 10,
             seed: int = 0, warmup_days: float = 0.0, processes: int = 1) -> SimReport:
    """Run ``replications`` independent seeded runs and summarise them with 95% intervals.

    With ``processes`` above one, the replications are shared among that many processes
    forked from this one (at most one per usable core; see :func:`landbridge._fork.fork_map`),
    when the run is long enough to repay starting them (:data:`MIN_ARRIVALS_TO_FORK`). Each
    replication draws from its own seeded generators, so the report is the same whatever the
    number of processes.

    Raises
    ------
    InvalidOptionError
        If ``replications`` is below 2 (an interval needs two) or above
        :data:`MAX_REPLICATIONS`, or the run length or seed is out of bounds.

    Examples
    --------
    >>> from landbridge.terminal.config import load_station
    >>> report = simulate(load_station(), days=90, replications=3, seed=7)
    >>> report.replications, report.throughput_t_per_year.mean > 0
    (3, True)
    """
    check_run(days=days, seed=seed, warmup_days=warmup_days, replications=replications)
    if processes < 1:
        raise InvalidOptionError("processes", str(processes), [], message=(
            f"processes must be at least 1; got {processes}"))
    if expected_arrivals(config, days=days, replications=replications) < MIN_ARRIVALS_TO_FORK:
        processes = 1

    def replication(r: int) -> Run:
        return run_once(config, days=days, seed=seed, replication=r, warmup_days=warmup_days)

    _load_engine()
    runs = fork_map(replication, range(replications), processes=processes)
    return summarise(runs, station=config.name, seed=seed)
