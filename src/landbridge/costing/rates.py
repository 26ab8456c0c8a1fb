"""Turning the network's tables into time, cost and emissions per tonne for each graph edge.

Every figure comes from a cited table row (``tariffs.csv``, ``speeds.csv``, ``hub_operations.csv``,
``vessels.csv``, ``emission_factors.csv``, ``parameters.csv``); this module only combines them.
Ocean freight has its own module, :mod:`landbridge.costing.ocean`.

Emissions follow ISO 14083 / the GLEC Framework: a movement emits its mode's factor times
tonne-km; a hub operation that lifts the cargo emits the hub factor per tonne handled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from landbridge.costing.ocean import (
    KNOT_KM_PER_H,
    bulk_lane,
    container_lane_usd_per_teu,
    ocean_tables,
)
from landbridge.model.cargo import Commodity, Unit
from landbridge.model.costs import EmissionFactor, Speed, Tariff, Vessel
from landbridge.model.modes import Mode, Passage, RailService
from landbridge.model.operations import HubOperation, Operation
from landbridge.network.network import Network

__all__ = ["EdgeFigures", "Rates", "VoyageFigures", "carrying_cost_per_hour", "default_service",
           "rail_service"]

#: Hours of one edge, or of many voyages at once.
_Hours = TypeVar("_Hours", float, NDArray[np.float64])
#: A container voyage shorter than this sails on a feeder, a longer one on a large ship (the
#: emission factors of emission_factors.csv are per ship size).
_FEEDER_MAX_KM = 6000


@dataclass(frozen=True, slots=True)
class EdgeFigures:
    """Time (mean and p90, hours), cost (USD/t) and emissions (kg CO2e/t) of one graph edge."""

    hours_mean: float
    hours_p90: float
    cost: float
    ttw: float
    wtw: float


@dataclass(frozen=True, slots=True)
class VoyageFigures:
    """:class:`EdgeFigures` of many voyages on one lane, one array each."""

    hours_mean: NDArray[np.float64]
    hours_p90: NDArray[np.float64]
    cost: NDArray[np.float64]
    ttw: NDArray[np.float64]
    wtw: NDArray[np.float64]


def carrying_cost_per_hour(network: Network, commodity: Commodity) -> float:
    """USD per tonne per hour of capital tied up in the cargo while it travels."""
    return commodity.value_usd_per_t * network.parameter("carrying_cost_per_year") / 8760.0


def default_service(unit: Unit) -> RailService:
    """The train a unit rides when nothing else is said: boxes on a scheduled container block
    train, bulk in a block (route) train of hoppers."""
    return RailService.BLOCK if unit is Unit.BULK else RailService.CONTAINER_BLOCK


def rail_service(network: Network, unit: Unit, tonnes: float | None) -> RailService:
    """The train a consignment rides: containers go on scheduled container block trains; bulk
    fills a block (route) train from one train-load (``block_train_t``) up, and below that
    travels as wagonload, remarshalled in yards on the way.

    Examples
    --------
    >>> from landbridge.network.load import load_network
    >>> network = load_network()
    >>> rail_service(network, Unit.BULK, 500).value, rail_service(network, Unit.BULK, None).value
    ('wagonload', 'block')
    """
    if unit is not Unit.BULK or tonnes is None:
        return default_service(unit)
    if tonnes >= network.parameter("block_train_t"):
        return RailService.BLOCK
    return RailService.WAGONLOAD


class Rates:
    """Looks up and combines the rates for one handling unit (and rail service) on a network;
    ``charter_t``: a bulk lot of that many tonnes charters the ship of every ocean voyage (the
    smallest class that holds it, paid for by the lot alone, see
    :func:`~landbridge.costing.ocean.bulk_lane`); None: each lane's ships carry full parcels."""

    __slots__ = ("_network", "_ops", "_sailings", "_speeds", "_tariffs", "charter_t",
                 "service", "unit")

    def __init__(self, network: Network, unit: Unit, service: RailService | None = None, *,
                 charter_t: float | None = None) -> None:
        self._network = network
        self.unit = unit
        self.service = service or default_service(unit)
        self.charter_t = charter_t
        self._ops: dict[tuple[str | None, Operation], list[HubOperation]] = {}
        for op in network.operations:
            self._ops.setdefault((op.place, op.operation), []).append(op)
        self._tariffs = {(t.mode, t.country, t.unit): t for t in network.tariffs}
        self._speeds = {(s.mode, s.country, s.service): s for s in network.speeds}
        self._sailings: dict[tuple[str, str], float] = {}
        for sv in network.services:
            if sv.mode is Mode.SEA:
                key = (sv.a, sv.b)
                self._sailings[key] = self._sailings.get(key, 0.0) + sv.departures_per_week

    def parameter(self, key: str) -> float:
        return self._network.parameter(key)

    # --- look-ups --------------------------------------------------------------------------
    def operation(self, place: str, operation: Operation, *,
                  into: str | None = None) -> HubOperation:
        """The place's own row for the operation, unit and direction (the country entered, at a
        border), else a row for either direction, else the default row."""
        for key in ((place, operation), (None, operation)):
            rows = self._ops.get(key, [])
            for direction in ((into, None) if into else (None,)):
                for wanted in (self.unit, None):
                    for row in rows:
                        if row.unit is wanted and row.into == direction:
                            return row
        raise LookupError(f"no {operation.value} row for {self.unit.value}")  # checked on load

    def tariff(self, family: str, country: str) -> Tariff:
        hit = self._tariffs.get((family, country, self.unit))
        return hit or self._tariffs[(family, None, self.unit)]

    def speed(self, mode: Mode, country: str) -> Speed:
        """The speed row of this service on the country's network of this gauge: the country's
        own row for the service, else the default row for the service, else any service."""
        for key in ((mode, country, self.service), (mode, None, self.service),
                    (mode, country, None), (mode, None, None),
                    (Mode.RAIL_1520, None, self.service)):
            row = self._speeds.get(key)
            if row is not None:
                return row
        raise LookupError(f"no speed for {mode.value} {self.service.value}")  # checked on load

    def liner_wait_hours(self, origin: str | None, destination: str | None) -> tuple[float, float]:
        """Mean and 90th percentile of the wait for the next sailing on a liner lane: cargo
        arriving at random waits half the interval between sailings on average (the services
        of ``services.csv`` for the lane, else a weekly loop)."""
        per_week = self._sailings.get((origin or "", destination or "")) or self.parameter(
            "default_liner_departures_per_week")
        return self.departure_wait_hours(per_week)

    @staticmethod
    def departure_wait_hours(per_week: float) -> tuple[float, float]:
        """Mean and 90th percentile of the wait for the next of ``per_week`` evenly spaced
        departures, for cargo that arrives at random: half the interval, and 0.9 of it."""
        interval = 168.0 / per_week
        return interval / 2.0, 0.9 * interval

    def emission(self, key: str) -> EmissionFactor:
        return self._network.emission_factors[key]

    # --- figures per edge --------------------------------------------------------------------
    def _moving(self, hours: _Hours) -> tuple[_Hours, _Hours]:
        return hours, hours * self.parameter("moving_time_p90_ratio")

    def rail(self, mode: Mode, country: str, km: float) -> EdgeFigures:
        tariff = self.tariff("rail", country)
        factor = self.emission("rail_average")
        row = self.speed(mode, country)
        mean = km / (row.km_per_day / 24.0)
        p90 = mean * row.p90_ratio
        cost = tariff.fixed_usd_per_t + tariff.usd_per_tkm * km
        return EdgeFigures(mean, p90, cost, factor.ttw * km, factor.wtw * km)

    def ferry(self, km: float, hours: float | None) -> EdgeFigures:
        tariff = self.tariff("ferry", "")
        factor = self.emission("ferry_ropax")
        if hours is None:
            hours = km / (self._bulk_vessel("handysize").speed_knots * KNOT_KM_PER_H)
        mean, p90 = self._moving(hours)
        cost = tariff.fixed_usd_per_t + tariff.usd_per_tkm * km
        return EdgeFigures(mean, p90, cost, factor.ttw * km, factor.wtw * km)

    def caspian_sea(self, km: float) -> EdgeFigures:
        """A Caspian bulk voyage on a small (handysize-class) river-sea vessel."""
        tariff = self.tariff("sea", "")
        factor = self.emission("bulk_handysize")
        mean, p90 = self._moving(km / (self._sailing_knots("handysize") * KNOT_KM_PER_H))
        cost = tariff.fixed_usd_per_t + tariff.usd_per_tkm * km
        return EdgeFigures(mean, p90, cost, factor.ttw * km, factor.wtw * km)

    def ocean(self, km: float, *, origin: str | None = None, destination: str | None = None,
              passages: Iterable[Passage] = ()) -> EdgeFigures:
        """An ocean voyage between two ports: a chartered bulk carrier, or a container liner.

        The ports (ids) choose the bulk carrier's class (and ``charter_t`` its lot) and
        the container lane's published rate; ``passages`` add canal and strait tolls to a bulk
        voyage (see :mod:`.ocean`).
        """
        lane = self.ocean_lane(np.array([km]), origin=origin, destination=destination,
                               passages=passages)
        return EdgeFigures(float(lane.hours_mean[0]), float(lane.hours_p90[0]),
                           float(lane.cost[0]), float(lane.ttw[0]), float(lane.wtw[0]))

    def ocean_lane(self, km: NDArray[np.float64], *, origin: str | None = None,
                   destination: str | None = None,
                   passages: Iterable[Passage] = ()) -> VoyageFigures:
        """:meth:`ocean` of voyages of each distance in ``km`` between the same two ports,
        each figure exactly as :meth:`ocean` gives it alone.

        Examples
        --------
        >>> from landbridge.network.load import load_network
        >>> rates = Rates(load_network(), Unit.BULK)
        >>> lane = rates.ocean_lane(np.array([3000.0, 8029.0]), origin="USKAM",
        ...                         destination="JPYOK")
        >>> float(lane.cost[1]) == rates.ocean(8029.0, origin="USKAM", destination="JPYOK").cost
        True
        """
        if self.unit is Unit.BULK:
            lane = bulk_lane(self._network, origin=origin, destination=destination,
                             passages=passages, lot_t=self.charter_t)
            vessel_class = lane.vessel.vessel_class
            factor = self.emission(f"bulk_{vessel_class}")
            mean, p90 = self._moving(km / (self._sailing_knots(vessel_class) * KNOT_KM_PER_H))
            return VoyageFigures(mean, p90, lane.usd_per_t(km), factor.ttw * km,
                                 factor.wtw * km)
        per_teu = container_lane_usd_per_teu(self._network, km, origin=origin,
                                             destination=destination)
        if self.unit is Unit.REEFER:
            per_teu = per_teu * self.parameter("reefer_sea_factor")
        hours = (km / (self.parameter("liner_knots") * KNOT_KM_PER_H)
                 * self.parameter("liner_detour_factor"))
        feeder, large = self.emission("container_feeder"), self.emission("container_large")
        feeds = km < _FEEDER_MAX_KM
        mean, p90 = self._moving(hours)
        wait_mean, wait_p90 = self.liner_wait_hours(origin, destination)
        mean, p90 = mean + wait_mean, p90 + wait_p90
        cost = per_teu / self.parameter("container_t_per_teu")
        return VoyageFigures(mean, p90, cost, np.where(feeds, feeder.ttw, large.ttw) * km,
                             np.where(feeds, feeder.wtw, large.wtw) * km)

    def lane_profiles(self, ports: tuple[str, ...]) -> NDArray[np.int64]:
        """A number for each voyage between ``ports`` (origin by row, destination by column)
        such that voyages of one number, of equal distance and passages, have equal figures:
        what of its two ports :meth:`ocean_lane` reads, numbered, so that one call costs
        every voyage of a number.

        Examples
        --------
        >>> from landbridge.network.load import load_network
        >>> profiles = Rates(load_network(), Unit.BULK).lane_profiles(("CNLYG", "VNHPH", "USKAM"))
        >>> profiles.shape, bool(profiles[0, 1] != profiles[0, 2])
        ((3, 3), True)
        """
        n = len(ports)
        if self.unit is Unit.BULK:
            # a bulk lane reads the class, the parcel limit and the war-risk share of each port
            tables = ocean_tables()
            limits: dict[tuple[str | None, float | None, float | None], int] = {}
            port = np.array([limits.setdefault((tables.port_class.get(p),
                                                tables.port_parcel_t.get(p),
                                                tables.war_risk_share.get(p)), len(limits))
                             for p in ports], dtype=np.int64)
            return port[:, None] * (len(limits) + 1) + port[None, :]
        # a liner lane reads the pair: its published rate and its sailings, else neither
        profiles = np.zeros((n, n), dtype=np.int64)
        index = {p: i for i, p in enumerate(ports)}
        own = sorted({*ocean_tables().container_lanes, *self._sailings})
        for number, (origin, destination) in enumerate(own, start=1):
            if origin in index and destination in index:
                profiles[index[origin], index[destination]] = number
        return profiles

    def hub(self, place: str, operation: Operation, *, lifts: bool,
            into: str | None = None) -> EdgeFigures:
        row = self.operation(place, operation, into=into)
        ttw = wtw = 0.0
        if lifts:
            key = "transshipment_bulk" if self.unit is Unit.BULK else "transshipment_container"
            factor = self.emission(key)
            ttw, wtw = factor.ttw, factor.wtw
        return EdgeFigures(row.hours_mean, row.hours_p90, row.cost_usd_per_t, ttw, wtw)

    def _bulk_vessel(self, vessel_class: str) -> Vessel:
        return next(v for v in self._network.vessels if v.vessel_class == vessel_class)

    def _sailing_knots(self, vessel_class: str) -> float:
        """The speed a bulk carrier of the class sails at: the fleet's operating speed
        (``bulk_operating_knots``), or the class's own speed where that is slower. The class's
        ``speed_knots`` (the index or design speed its hire and fuel are quoted at) prices the
        voyage in :mod:`.ocean`; it does not time it."""
        return min(self._bulk_vessel(vessel_class).speed_knots,
                   self.parameter("bulk_operating_knots"))
