"""The transfer-station configuration: typed, validated, read from YAML.

A station is a set of resources (silo cells by commodity, a container yard, an optional mill,
unloading positions, berths) and the traffic that uses them (train services, ship services).
:func:`load_station` reads a YAML file (the bundled ``default_station.yaml`` when no path is
given) and returns a :class:`StationConfig`; every problem raises
:class:`~landbridge.errors.StationConfigError` naming the file, the line and the field, e.g.
``station.yaml, line 31, field 'trains[0].tonnes_per_wagon': must be > 0; got -70``.

Quantities keep the unit the user wrote: tonnes for bulk (silos, hopper trains, bulk carriers),
TEU for containers (yard, container trains, feeders). ``docs/terminal.md`` lists every field.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from landbridge.errors import StationConfigError

__all__ = [
    "ArrivalPattern",
    "Arrivals",
    "BerthGroup",
    "ContainerYard",
    "Handles",
    "Mill",
    "MillOutput",
    "ShipClass",
    "ShipService",
    "Silo",
    "StationConfig",
    "TrainKind",
    "TrainService",
    "UnloadingGroup",
    "load_station",
    "parse_station",
]

DEFAULT_STATION = "default_station.yaml"
MONTHS = 12


class Handles(enum.StrEnum):
    """What a position or berth handles: loose grain (tonnes) or containers (TEU)."""

    BULK = "bulk"
    CONTAINER = "container"

    @property
    def unit(self) -> str:
        return "t" if self is Handles.BULK else "teu"


class TrainKind(enum.StrEnum):
    """A block train of hopper wagons (into silos) or of container flats (into the yard)."""

    HOPPER = "hopper"
    CONTAINER = "container"

    @property
    def handles(self) -> Handles:
        return Handles.BULK if self is TrainKind.HOPPER else Handles.CONTAINER


class ShipClass(enum.StrEnum):
    """Ship classes a grain station loads: three bulk carriers and the container feeder."""

    HANDYSIZE = "handysize"
    SUPRAMAX = "supramax"
    PANAMAX = "panamax"
    FEEDER = "feeder"

    @property
    def handles(self) -> Handles:
        return Handles.CONTAINER if self is ShipClass.FEEDER else Handles.BULK


class ArrivalPattern(enum.StrEnum):
    """Random (Poisson, with a monthly seasonal profile) or by timetable (fixed headway)."""

    RANDOM = "random"
    TIMETABLE = "timetable"


#: Rounding slack (hours) when a batch ends exactly at the close of the mill's working hours.
_SHIFT_SLACK_H = 1e-6


class MillOutput(enum.StrEnum):
    """Where the mill puts its product: silo cells of the output commodity, or the yard."""

    SILO = "silo"
    YARD = "yard"


@dataclass(frozen=True, kw_only=True)
class Arrivals:
    """When trains or ships arrive.

    ``random``: a Poisson process with ``per_year`` arrivals on average, its rate scaled month by
    month by ``seasonal`` (twelve factors, January first, normalised to a mean of one).
    ``timetable``: one arrival every ``every_hours`` from ``first_hour`` (on seasonal time when
    ``seasonal`` is given: shorter headways in busy months), each late by an exponential delay
    of mean ``late_hours_mean`` (0: on time).
    """

    pattern: ArrivalPattern
    per_year: float = 0.0
    seasonal: tuple[float, ...] = (1.0,) * MONTHS
    every_hours: float = 0.0
    first_hour: float = 0.0
    late_hours_mean: float = 0.0

    @property
    def mean_per_year(self) -> float:
        """Expected arrivals in 365 days."""
        if self.pattern is ArrivalPattern.RANDOM:
            return self.per_year
        return 365 * 24 / self.every_hours


@dataclass(frozen=True, kw_only=True)
class Silo:
    """The silo cells assigned to one commodity."""

    commodity: str
    cells: int
    cell_capacity_t: float
    initial_t: float = 0.0

    @property
    def capacity_t(self) -> float:
        return self.cells * self.cell_capacity_t


@dataclass(frozen=True, kw_only=True)
class ContainerYard:
    """Ground slots for loaded boxes, shared by every containerised commodity."""

    slots_teu: float
    tonnes_per_teu: float
    initial_teu: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, kw_only=True)
class Mill:
    """Processing between storage areas: ``rate_t_per_hour`` of ``input`` in, ``yield_`` of it
    out as ``output`` (the rest is by-product that leaves the station by road). It starts a
    batch only if the batch ends within its working hours: ``hours_per_day`` from
    ``start_hour`` each day (24 runs round the clock)."""

    input: str
    output: str
    rate_t_per_hour: float
    yield_: float
    output_to: MillOutput
    batch_hours: float = 8.0
    hours_per_day: float = 24.0  # the mill's working window, from start_hour, each day
    start_hour: float = 0.0  # hour of the simulated day (0 = the run's start) it opens

    def hours_to_shift(self, now: float) -> float:
        """Hours from ``now`` until the mill may start a batch that ends within its working
        hours (0 if it may start now); the simulated day starts at hour 0 of the run.

        Examples
        --------
        >>> m = Mill(input="wheat", output="flour", rate_t_per_hour=10, yield_=0.75,
        ...          output_to=MillOutput.YARD, batch_hours=8, hours_per_day=16, start_hour=6)
        >>> [m.hours_to_shift(t) for t in (0.0, 6.0, 14.0, 14.5, 23.0)]
        [6.0, 0.0, 0.0, 15.5, 7.0]
        """
        if self.hours_per_day >= 24.0:
            return 0.0
        into = (now - self.start_hour) % 24.0  # hours since the latest opening
        if into + self.batch_hours <= self.hours_per_day + _SHIFT_SLACK_H:
            return 0.0
        return 24.0 - into


@dataclass(frozen=True, kw_only=True)
class UnloadingGroup:
    """Identical unloading positions (hopper pits, container tracks under a crane).

    ``rate_per_hour`` is per position: tonnes for bulk, TEU for containers. Each train takes
    ``setup_hours`` (shunting, opening) plus its load over the rate, the rate itself varying
    from train to train with coefficient of variation ``rate_cv`` (0: fixed; 1: exponential).
    """

    name: str
    handles: Handles
    positions: int
    rate_per_hour: float
    setup_hours: float = 0.0
    rate_cv: float = 0.0


@dataclass(frozen=True, kw_only=True)
class TrainService:
    """A stream of block trains: ``wagons`` each carrying ``load_per_wagon`` (t or TEU)."""

    name: str
    kind: TrainKind
    commodity: str
    wagons: int
    load_per_wagon: float
    arrivals: Arrivals
    unloading: str
    wagon_hire_usd_per_day: float = 0.0
    free_hours: float = 0.0
    max_hold_hours: float | None = None


@dataclass(frozen=True, kw_only=True)
class BerthGroup:
    """Identical berths; ``rate_per_hour`` is the loading rate per berth (t or TEU)."""

    name: str
    handles: Handles
    count: int
    rate_per_hour: float
    rate_cv: float = 0.0


@dataclass(frozen=True, kw_only=True)
class ShipService:
    """A stream of ships of one class loading one commodity.

    A ship waits at anchorage until ``min_parcel`` (t or TEU) not promised to earlier ships is in
    store, then berths and loads its ``parcel``. With ``sail_after_days`` set, it stops waiting
    that many days after arrival and sails with what it has (part-loaded). Laytime is
    ``laytime_hours`` or ``parcel / laytime_per_day`` days; beyond it the station pays
    ``demurrage_usd_per_day``.
    """

    name: str
    ship_class: ShipClass
    commodity: str
    berth: str
    parcel: float
    min_parcel: float
    arrivals: Arrivals
    sail_after_days: float | None = None
    laytime_hours: float | None = None
    laytime_per_day: float | None = None
    demurrage_usd_per_day: float = 0.0

    @property
    def allowed_hours(self) -> float:
        """Laytime in hours."""
        if self.laytime_hours is not None:
            return self.laytime_hours
        if self.laytime_per_day:
            return self.parcel / self.laytime_per_day * 24.0
        return math.inf


@dataclass(frozen=True, kw_only=True)
class StationConfig:
    """A transfer station and its traffic; build it with :func:`load_station`."""

    name: str
    silos: tuple[Silo, ...]
    unloading: tuple[UnloadingGroup, ...]
    berths: tuple[BerthGroup, ...]
    trains: tuple[TrainService, ...]
    ships: tuple[ShipService, ...]
    container_yard: ContainerYard | None = None
    mill: Mill | None = None
    start_month: int = 1
    source: str = "<config>"

    def silo(self, commodity: str) -> Silo | None:
        """The silo cells of ``commodity``, if any."""
        return next((s for s in self.silos if s.commodity == commodity), None)

    def replace(self, **changes: Any) -> StationConfig:
        """A copy with ``changes``, validated again (as a file would be)."""
        from landbridge.terminal._parse import check

        new = dataclasses.replace(self, **changes)
        check(new)
        return new


# -------------------------------------------------------------------------------- public


def parse_station(text: str, *, file: str = "<station>") -> StationConfig:
    """Parse and validate a station from YAML ``text``; ``file`` names it in errors.

    Raises
    ------
    StationConfigError
        On a YAML syntax error or any bad field, naming the file, line and field.

    Examples
    --------
    >>> text = '''
    ... silos: [{commodity: wheat, cells: 2, cell_capacity_t: 5000}]
    ... unloading: [{name: pit, handles: bulk, positions: 1, rate_t_per_hour: 500}]
    ... berths: [{name: quay, handles: bulk, count: 1, rate_t_per_hour: 800}]
    ... trains:
    ...   - {kind: hopper, commodity: wheat, wagons: 40, tonnes_per_wagon: 70,
    ...      arrivals: {pattern: random, per_year: 300}}
    ... ships:
    ...   - {class: handysize, commodity: wheat, parcel_t: 8000,
    ...      arrivals: {pattern: random, per_year: 100}}
    ... '''
    >>> station = parse_station(text)
    >>> station.silo("wheat").capacity_t, station.ships[0].berth
    (10000.0, 'quay')
    >>> try:
    ...     parse_station(text.replace("hour: 500", "hour: -500"), file="s.yaml")
    ... except StationConfigError as exc:
    ...     print(exc)
    s.yaml, line 3, field 'unloading[0].rate_t_per_hour': must be > 0; got -500
    """
    from landbridge.terminal._parse import parse

    return parse(text, file=file)


def load_station(path: str | Path | None = None) -> StationConfig:
    """The station in the YAML file at ``path``, or the bundled default station.

    The default is a ~5 Mt/yr grain transfer station modelled on the China-Kazakhstan logistics
    base at Lianyungang; every figure in it is commented with its source.

    Raises
    ------
    StationConfigError
        If the file is missing, is not valid YAML, or has a bad field.

    Examples
    --------
    >>> station = load_station()
    >>> station.silo("wheat").capacity_t >= 100_000
    True
    """
    if path is None:
        from landbridge.terminal._parse import parse

        text = resources.files(__package__).joinpath(DEFAULT_STATION).read_text("utf-8")
        return parse(text, file=DEFAULT_STATION, bundled=True)
    from landbridge.userfile import read_text

    file = Path(path)
    text = read_text(file, kind=StationConfigError, name=file.name)
    return parse_station(text, file=file.name)
