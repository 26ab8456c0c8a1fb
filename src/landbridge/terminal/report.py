"""Results of the station simulation: one replication (:class:`Run`) and the report over many.

A :class:`Run` holds what one seeded replication measured (per-train and per-ship times, time
averages of stock, queues and busy resources, the daily series, the tonne balance). A
:class:`SimReport` summarises several runs: each figure is an :class:`Estimate`, the mean over
replications with a 95% confidence interval (Student t over independent replications).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "Balance",
    "Dwell",
    "Estimate",
    "ResourceRun",
    "ResourceStats",
    "Run",
    "ShipRun",
    "ShipStats",
    "SimReport",
    "Stage",
    "StageDelay",
    "StoreRun",
    "StoreStats",
    "TrainRun",
    "TrainStats",
    "estimate",
    "port_dwell",
    "summarise",
    "t975",
]

FloatArray = NDArray[np.float64]


# ------------------------------------------------------------------------ one replication
#
# The records are frozen dataclasses without slots: a forked process sends its runs back
# pickled, and a frozen dataclass with slots pickles and unpickles through Python-level hooks
# (three times slower), besides costing a cold start more to define.


@dataclass(frozen=True, kw_only=True)
class TrainRun:
    """One train service in one run, counting trains that arrived after the warm-up: waits
    (``held_h``, ``wait_h``) of those whose wait ended, turnaround of those that finished."""

    name: str
    commodity: str
    wagons: int
    wagon_hire_usd_per_day: float
    arrived: int
    diverted: int
    diverted_t: float
    unloaded_t: float
    turnaround_h: FloatArray
    held_h: FloatArray
    wait_h: FloatArray
    wagon_demurrage_usd: float


@dataclass(frozen=True, kw_only=True)
class ShipRun:
    """One ship service in one run, counting ships that arrived after the warm-up: waits of
    those that berthed, port time and demurrage of those that sailed before the end."""

    name: str
    ship_class: str
    commodity: str
    demurrage_usd_per_day: float
    arrived: int
    loaded_t: float
    part_loaded: int
    wait_cargo_h: FloatArray
    wait_berth_h: FloatArray
    port_h: FloatArray
    demurrage_usd: float


@dataclass(frozen=True, kw_only=True)
class StoreRun:
    """A silo (one commodity) or the container yard: time-averaged stock after the warm-up."""

    name: str
    capacity_t: float
    mean_t: float
    peak_t: float
    full_share: float
    daily_t: FloatArray


@dataclass(frozen=True, kw_only=True)
class ResourceRun:
    """A group of unloading positions or berths: busy share and its queue (time averages)."""

    name: str
    kind: str
    count: int
    utilisation: float
    queue_mean: float
    queue_peak: float


@dataclass(frozen=True, kw_only=True)
class Balance:
    """Tonnes over the whole run: what came in against what went out and what is left."""

    initial_t: float
    unloaded_t: float
    loaded_t: float
    byproduct_t: float
    in_process_t: float
    stock_t: float

    @property
    def error_t(self) -> float:
        """In minus out minus stock; zero up to rounding when the model conserves mass."""
        return (self.initial_t + self.unloaded_t - self.loaded_t - self.byproduct_t
                - self.in_process_t - self.stock_t)


@dataclass(frozen=True, kw_only=True)
class Dwell:
    """Port dwell of cargo, from the arrival of its train to the sailing of its ship (FIFO
    within each store), as a tonne-weighted sample."""

    unit: str
    hours: FloatArray
    tonnes: FloatArray

    def mean(self) -> float:
        return float(np.average(self.hours, weights=self.tonnes)) if self.hours.size else math.nan

    def quantile(self, q: float) -> float:
        if not self.hours.size:
            return math.nan
        order = np.argsort(self.hours)
        cum = np.cumsum(self.tonnes[order])
        return float(self.hours[order][np.searchsorted(cum, q * cum[-1])])


@dataclass(frozen=True, kw_only=True)
class MillRun:
    """What the mill did after the warm-up: tonnes milled and made, hours busy against the
    hours it was open."""

    input: str
    output: str
    milled_t: float
    output_t: float
    busy_h: float
    open_h: float


@dataclass(frozen=True, kw_only=True)
class Run:
    """What one replication measured."""

    seed: int
    replication: int
    days: float
    warmup_days: float
    trains: tuple[TrainRun, ...]
    ships: tuple[ShipRun, ...]
    stores: tuple[StoreRun, ...]
    resources: tuple[ResourceRun, ...]
    balance: Balance
    dwell: tuple[Dwell, ...]
    trains_waiting_daily: FloatArray
    ships_waiting_daily: FloatArray
    mill: MillRun | None = None

    @property
    def years(self) -> float:
        """Length of the measured window (after the warm-up) in years of 365 days."""
        return (self.days - self.warmup_days) / 365.0


# ------------------------------------------------------------------------------ the report


@dataclass(frozen=True, slots=True)
class Estimate:
    """A mean over replications and the half-width of its 95% confidence interval.

    The interval is cut at the bounds the quantity cannot pass (``lowest``, ``highest``: 0 for
    hours, tonnes and dollars, 1 for a share): a Student t interval over a few skewed
    replications can reach below zero, and cutting it there loses no coverage.
    """

    mean: float
    half_width: float
    n: int
    lowest: float = -math.inf
    highest: float = math.inf

    @property
    def low(self) -> float:
        return max(self.mean - self.half_width, self.lowest)

    @property
    def high(self) -> float:
        return min(self.mean + self.half_width, self.highest)

    @property
    def cut(self) -> bool:
        """Whether a bound cuts the interval (it is then not ``mean`` ± ``half_width``)."""
        return (self.mean - self.half_width < self.lowest
                or self.mean + self.half_width > self.highest)

    def to_dict(self, digits: int = 3) -> dict[str, object]:
        def r(x: float) -> float | None:
            return None if not math.isfinite(x) else round(x, digits)

        return {"mean": r(self.mean), "ci95": [r(self.low), r(self.high)]}


def estimate(values: Sequence[float] | FloatArray, *, lowest: float = -math.inf,
             highest: float = math.inf) -> Estimate:
    """Mean and 95% confidence half-width (Student t) of independent replications, the
    interval cut at ``lowest`` and ``highest`` (what the quantity cannot pass).

    Replications without a value (NaN, e.g. no ship sailed) are left out.

    Examples
    --------
    >>> e = estimate([10.0, 12.0, 11.0, 13.0])
    >>> round(e.mean, 2), round(e.half_width, 2), e.n
    (11.5, 2.05, 4)
    >>> e = estimate([0.0, 0.0, 9.0], lowest=0.0)
    >>> e.low, round(e.high, 2), e.cut
    (0.0, 15.91, True)
    """
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return Estimate(math.nan, math.nan, 0, lowest, highest)
    if x.size == 1:
        return Estimate(float(x[0]), math.inf, 1, lowest, highest)
    half = float(t975(x.size - 1) * x.std(ddof=1) / math.sqrt(x.size))
    return Estimate(float(x.mean()), half, int(x.size), lowest, highest)


def _amount(values: Sequence[float]) -> Estimate:
    """:func:`estimate` of what cannot be negative (hours, tonnes, dollars, counts)."""
    return estimate(values, lowest=0.0)


def _share(values: Sequence[float]) -> Estimate:
    """:func:`estimate` of a share, between 0 and 1."""
    return estimate(values, lowest=0.0, highest=1.0)


#: The 97.5% quantile of Student's t with 1, 2, ... 30 degrees of freedom, as
#: ``scipy.special.stdtrit(df, 0.975)`` gives it to the last bit (a test holds them equal), so
#: that the usual replication counts need not import scipy (a sixth of a cold ``simulate``).
_T975 = (
    12.706204736174694, 4.302652729749462, 3.1824463052837078, 2.7764451051977934,
    2.5705818356363146, 2.4469118511449786, 2.364624251592784, 2.306004135204166,
    2.262157162798205, 2.228138851986274, 2.200985160091639, 2.1788128296672284,
    2.1603686564627913, 2.144786687917804, 2.131449545559776, 2.1199052992212546,
    2.1098155778333156, 2.1009220402410382, 2.0930240544083087, 2.085963447265864,
    2.0796138447276795, 2.0738730679040254, 2.0686576104190486, 2.0638985616280245,
    2.0595385527532972, 2.0555294386428735, 2.0518305164802846, 2.0484071417952454,
    2.045229642132703, 2.0422724563012378,
)


def t975(df: int) -> float:
    """The 97.5% quantile of Student's t with ``df`` degrees of freedom (``df`` >= 1).

    Examples
    --------
    >>> round(t975(9), 4)
    2.2622
    """
    if df <= len(_T975):
        return _T975[df - 1]
    from scipy.special import stdtrit  # the t quantile, without importing scipy.stats

    return float(stdtrit(df, 0.975))


def _mean(a: FloatArray) -> float:
    return float(a.mean()) if a.size else math.nan


def _p90(a: FloatArray) -> float:
    """``np.quantile(a, 0.9)`` to the last bit (a test holds them equal): NaN for no values
    or a NaN among them, else the planner's exact percentile, which does not import the
    numpy.ma that np.quantile costs a cold process."""
    from landbridge.reliability.montecarlo import percentiles

    if not a.size or math.isnan(a.max()):
        return float(a.max()) if a.size else math.nan
    return percentiles(a, [90.0])[0]


class Stage(enum.StrEnum):
    """Where the queue forms. A train waits for an unloading position while every position is
    busy, otherwise for storage room; a ship waits for a berth while every berth of its group
    is busy, otherwise for its cargo (rail supply)."""

    STORAGE = "storage"
    UNLOADING = "unloading"
    CARGO = "cargo"
    BERTH = "berth"


@dataclass(frozen=True)
class StageDelay:
    """Waiting at one stage per year: vehicle-hours, and their cost at the wagon-hire and
    demurrage rates of the waiting trains and ships."""

    stage: Stage
    hours_per_year: Estimate
    cost_usd_per_year: Estimate


@dataclass(frozen=True, kw_only=True)
class TrainStats:
    name: str
    commodity: str
    trains_per_year: Estimate
    tonnes_per_year: Estimate
    turnaround_h: Estimate
    turnaround_p90_h: Estimate
    held_h: Estimate
    wait_h: Estimate
    diverted_per_year: Estimate
    wagon_demurrage_usd_per_year: Estimate


@dataclass(frozen=True, kw_only=True)
class ShipStats:
    name: str
    ship_class: str
    commodity: str
    ships_per_year: Estimate
    loaded_t_per_year: Estimate
    wait_cargo_h: Estimate
    wait_berth_h: Estimate
    port_h: Estimate
    port_p90_h: Estimate
    part_loaded_per_year: Estimate
    demurrage_usd_per_year: Estimate


@dataclass(frozen=True, kw_only=True)
class StoreStats:
    name: str
    capacity_t: float
    mean_t: Estimate
    utilisation: Estimate
    peak_t: Estimate
    full_share: Estimate


@dataclass(frozen=True, kw_only=True)
class ResourceStats:
    name: str
    kind: str
    count: int
    utilisation: Estimate
    queue_mean: Estimate
    queue_peak: Estimate


@dataclass(frozen=True, kw_only=True)
class MillStats:
    """The mill per year: input milled, product made (input x yield), by-product, and the
    share of its working hours it was busy (the rest it waited for input or room)."""

    input: str
    output: str
    milled_t_per_year: Estimate
    output_t_per_year: Estimate
    byproduct_t_per_year: Estimate
    busy_share: Estimate


@dataclass(frozen=True, kw_only=True)
class SimReport:
    """The station over ``replications`` seeded runs of ``days`` days each.

    ``series`` holds, per replication, the daily store levels (t) and the numbers of trains and
    ships waiting, for plots. Per-year figures are over the window after the warm-up.
    """

    station: str
    days: float
    warmup_days: float
    replications: int
    seed: int
    throughput_t_per_year: Estimate
    received_t_per_year: Estimate
    demurrage_usd_per_year: Estimate
    wagon_demurrage_usd_per_year: Estimate
    trains: tuple[TrainStats, ...]
    ships: tuple[ShipStats, ...]
    stores: tuple[StoreStats, ...]
    resources: tuple[ResourceStats, ...]
    delays: tuple[StageDelay, ...]
    dwell_h: Mapping[str, tuple[Estimate, Estimate]]
    max_balance_error_t: float
    series_days: FloatArray
    series_stores: Mapping[str, NDArray[np.float64]]
    series_trains_waiting: NDArray[np.float64]
    series_ships_waiting: NDArray[np.float64]
    mill: MillStats | None = None

    @property
    def bottleneck(self) -> Stage:
        """The stage where waiting costs most (by hours when no rates are given)."""
        by_cost = any(d.cost_usd_per_year.mean > 0 for d in self.delays)

        def weight(d: StageDelay) -> float:
            value = d.cost_usd_per_year.mean if by_cost else d.hours_per_year.mean
            return value if math.isfinite(value) else 0.0

        return max(self.delays, key=weight).stage

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready values; every estimate as ``{"mean", "ci95": [low, high]}``."""

        def group(items: Sequence[object]) -> list[dict[str, object]]:
            out = []
            for item in items:
                row: dict[str, object] = {}
                for name in item.__dataclass_fields__:  # type: ignore[attr-defined]
                    value = getattr(item, name)
                    row[name] = value.to_dict() if isinstance(value, Estimate) else value
                out.append(row)
            return out

        return {
            "station": self.station,
            "days": self.days,
            "warmup_days": self.warmup_days,
            "replications": self.replications,
            "seed": self.seed,
            "throughput_t_per_year": self.throughput_t_per_year.to_dict(0),
            "received_t_per_year": self.received_t_per_year.to_dict(0),
            "demurrage_usd_per_year": self.demurrage_usd_per_year.to_dict(0),
            "wagon_demurrage_usd_per_year": self.wagon_demurrage_usd_per_year.to_dict(0),
            "bottleneck": self.bottleneck.value,
            "delays": [{"stage": d.stage.value, "hours_per_year": d.hours_per_year.to_dict(1),
                        "cost_usd_per_year": d.cost_usd_per_year.to_dict(0)}
                       for d in self.delays],
            "port_dwell_h": {unit: {"mean": mean.to_dict(2), "p90": p90.to_dict(2)}
                             for unit, (mean, p90) in self.dwell_h.items()},
            "trains": group(self.trains),
            "ships": group(self.ships),
            "stores": group(self.stores),
            "resources": group(self.resources),
            "max_balance_error_t": round(self.max_balance_error_t, 6),
            **({"mill": group([self.mill])[0]} if self.mill is not None else {}),
        }


def port_dwell(report: SimReport, unit: str = "bulk") -> tuple[float, float]:
    """Mean and 90th percentile (hours) of cargo dwell at the station for ``unit``.

    Dwell runs from a train's arrival to the sailing of the ship that carries its tonnes; the
    pair is what the planner's ``hub_operations`` table holds for a ``rail_to_ship`` operation
    (``hours_mean``, ``hours_p90``).

    Raises
    ------
    KeyError
        If the station moves no cargo of that unit (``bulk`` or ``container``).
    """
    mean, p90 = report.dwell_h[unit]
    return mean.mean, p90.mean


def _stage_delays(runs: Sequence[Run]) -> tuple[StageDelay, ...]:
    def per_year(values: list[tuple[float, float]]) -> tuple[Estimate, Estimate]:
        return (_amount([h for h, _ in values]), _amount([c for _, c in values]))

    rows: dict[Stage, list[tuple[float, float]]] = {s: [] for s in Stage}
    for run in runs:
        y = run.years
        t_rate = [(t, t.wagons * t.wagon_hire_usd_per_day / 24.0) for t in run.trains]
        s_rate = [(s, s.demurrage_usd_per_day / 24.0) for s in run.ships]
        for stage, flows, attr in ((Stage.STORAGE, t_rate, "held_h"),
                                   (Stage.UNLOADING, t_rate, "wait_h"),
                                   (Stage.CARGO, s_rate, "wait_cargo_h"),
                                   (Stage.BERTH, s_rate, "wait_berth_h")):
            hours = sum(float(getattr(f, attr).sum()) for f, _ in flows)
            cost = sum(float(getattr(f, attr).sum()) * rate for f, rate in flows)
            rows[stage].append((hours / y, cost / y))
    return tuple(StageDelay(s, *per_year(rows[s])) for s in Stage)


def summarise(runs: Sequence[Run], *, station: str, seed: int) -> SimReport:
    """The report over ``runs`` (replications of one station, same days and warm-up)."""
    first = runs[0]
    e = _amount

    trains = tuple(
        TrainStats(
            name=t0.name, commodity=t0.commodity,
            trains_per_year=e([r.trains[i].arrived / r.years for r in runs]),
            tonnes_per_year=e([r.trains[i].unloaded_t / r.years for r in runs]),
            turnaround_h=e([_mean(r.trains[i].turnaround_h) for r in runs]),
            turnaround_p90_h=e([_p90(r.trains[i].turnaround_h) for r in runs]),
            held_h=e([_mean(r.trains[i].held_h) for r in runs]),
            wait_h=e([_mean(r.trains[i].wait_h) for r in runs]),
            diverted_per_year=e([r.trains[i].diverted / r.years for r in runs]),
            wagon_demurrage_usd_per_year=e([r.trains[i].wagon_demurrage_usd / r.years
                                            for r in runs]))
        for i, t0 in enumerate(first.trains))
    ships = tuple(
        ShipStats(
            name=s0.name, ship_class=s0.ship_class, commodity=s0.commodity,
            ships_per_year=e([r.ships[i].arrived / r.years for r in runs]),
            loaded_t_per_year=e([r.ships[i].loaded_t / r.years for r in runs]),
            wait_cargo_h=e([_mean(r.ships[i].wait_cargo_h) for r in runs]),
            wait_berth_h=e([_mean(r.ships[i].wait_berth_h) for r in runs]),
            port_h=e([_mean(r.ships[i].port_h) for r in runs]),
            port_p90_h=e([_p90(r.ships[i].port_h) for r in runs]),
            part_loaded_per_year=e([r.ships[i].part_loaded / r.years for r in runs]),
            demurrage_usd_per_year=e([r.ships[i].demurrage_usd / r.years for r in runs]))
        for i, s0 in enumerate(first.ships))
    stores = tuple(
        StoreStats(name=s0.name, capacity_t=s0.capacity_t,
                   mean_t=e([r.stores[i].mean_t for r in runs]),
                   utilisation=_share([r.stores[i].mean_t / s0.capacity_t for r in runs]),
                   peak_t=e([r.stores[i].peak_t for r in runs]),
                   full_share=_share([r.stores[i].full_share for r in runs]))
        for i, s0 in enumerate(first.stores))
    resources = tuple(
        ResourceStats(name=g0.name, kind=g0.kind, count=g0.count,
                      utilisation=_share([r.resources[i].utilisation for r in runs]),
                      queue_mean=e([r.resources[i].queue_mean for r in runs]),
                      queue_peak=e([r.resources[i].queue_peak for r in runs]))
        for i, g0 in enumerate(first.resources))
    dwell = {}
    for i, d0 in enumerate(first.dwell):
        dwell[d0.unit] = (e([r.dwell[i].mean() for r in runs]),
                          e([r.dwell[i].quantile(0.9) for r in runs]))
    return SimReport(
        station=station, days=first.days, warmup_days=first.warmup_days,
        replications=len(runs), seed=seed,
        throughput_t_per_year=e([sum(s.loaded_t for s in r.ships) / r.years for r in runs]),
        received_t_per_year=e([sum(t.unloaded_t for t in r.trains) / r.years for r in runs]),
        demurrage_usd_per_year=e([sum(s.demurrage_usd for s in r.ships) / r.years
                                  for r in runs]),
        wagon_demurrage_usd_per_year=e([sum(t.wagon_demurrage_usd for t in r.trains) / r.years
                                        for r in runs]),
        trains=trains, ships=ships, stores=stores, resources=resources,
        delays=_stage_delays(runs), dwell_h=dwell,
        max_balance_error_t=max(abs(r.balance.error_t) for r in runs),
        series_days=np.arange(first.trains_waiting_daily.size, dtype=float),
        series_stores={s0.name: np.stack([r.stores[i].daily_t for r in runs])
                       for i, s0 in enumerate(first.stores)},
        series_trains_waiting=np.stack([r.trains_waiting_daily for r in runs]),
        series_ships_waiting=np.stack([r.ships_waiting_daily for r in runs]),
        mill=_mill_stats(runs),
    )


def _mill_stats(runs: Sequence[Run]) -> MillStats | None:
    mills = [(r, r.mill) for r in runs if r.mill is not None]
    if not mills:
        return None
    first = mills[0][1]
    return MillStats(
        input=first.input, output=first.output,
        milled_t_per_year=_amount([m.milled_t / r.years for r, m in mills]),
        output_t_per_year=_amount([m.output_t / r.years for r, m in mills]),
        byproduct_t_per_year=_amount([(m.milled_t - m.output_t) / r.years for r, m in mills]),
        busy_share=_share([m.busy_h / m.open_h if m.open_h > 0 else math.nan
                             for _, m in mills]))
