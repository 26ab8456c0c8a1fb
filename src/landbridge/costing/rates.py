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

from landbridge.costing.ocean import KNOT_KM_PER_H, bulk_voyage, container_usd_per_teu
from landbridge.model.cargo import Commodity, Unit
from landbridge.model.costs import EmissionFactor, Tariff, Vessel
from landbridge.model.modes import Mode, Passage
from landbridge.model.operations import HubOperation, Operation
from landbridge.network.network import Network

__all__ = ["EdgeFigures", "Rates", "carrying_cost_per_hour"]


@dataclass(frozen=True, slots=True)
class EdgeFigures:
    """Time (mean and p90, hours), cost (USD/t) and emissions (kg CO2e/t) of one graph edge."""

    hours_mean: float
    hours_p90: float
    cost: float
    ttw: float
    wtw: float


def carrying_cost_per_hour(network: Network, commodity: Commodity) -> float:
    """USD per tonne per hour of capital tied up in the cargo while it travels."""
    return commodity.value_usd_per_t * network.parameter("carrying_cost_per_year") / 8760.0


class Rates:
    """Looks up and combines the rates for one handling unit on one network."""

    __slots__ = ("_network", "_ops", "_speeds", "_tariffs", "unit")

    def __init__(self, network: Network, unit: Unit) -> None:
        self._network = network
        self.unit = unit
        self._ops: dict[tuple[str | None, Operation], list[HubOperation]] = {}
        for op in network.operations:
            self._ops.setdefault((op.place, op.operation), []).append(op)
        self._tariffs = {(t.mode, t.country, t.unit): t for t in network.tariffs}
        self._speeds = {(s.mode, s.country): s.km_per_day for s in network.speeds}

    def parameter(self, key: str) -> float:
        return self._network.parameter(key)

    # --- look-ups --------------------------------------------------------------------------
    def operation(self, place: str, operation: Operation) -> HubOperation:
        """The place's own row for the operation and unit, else the default row."""
        for key in ((place, operation), (None, operation)):
            rows = self._ops.get(key, [])
            for wanted in (self.unit, None):
                for row in rows:
                    if row.unit is wanted:
                        return row
        raise LookupError(f"no {operation.value} row for {self.unit.value}")  # checked on load

    def tariff(self, family: str, country: str) -> Tariff:
        hit = self._tariffs.get((family, country, self.unit))
        return hit or self._tariffs[(family, None, self.unit)]

    def speed_km_per_h(self, mode: Mode, country: str) -> float:
        per_day = self._speeds.get((mode, country)) or self._speeds.get((mode, None))
        if per_day is None:
            per_day = self._speeds[(Mode.RAIL_1520, None)]
        return per_day / 24.0

    def emission(self, key: str) -> EmissionFactor:
        return self._network.emission_factors[key]

    # --- figures per edge --------------------------------------------------------------------
    def _moving(self, hours: float) -> tuple[float, float]:
        return hours, hours * self.parameter("moving_time_p90_ratio")

    def rail(self, mode: Mode, country: str, km: float) -> EdgeFigures:
        tariff = self.tariff("rail", country)
        factor = self.emission("rail_average")
        mean, p90 = self._moving(km / self.speed_km_per_h(mode, country))
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
        vessel = self._bulk_vessel("handysize")
        mean, p90 = self._moving(km / (vessel.speed_knots * KNOT_KM_PER_H))
        cost = tariff.fixed_usd_per_t + tariff.usd_per_tkm * km
        return EdgeFigures(mean, p90, cost, factor.ttw * km, factor.wtw * km)

    def ocean(self, km: float, *, origin: str | None = None, destination: str | None = None,
              passages: Iterable[Passage] = ()) -> EdgeFigures:
        """An ocean voyage between two ports: a chartered bulk carrier, or a container liner.

        The ports (ids) choose the bulk carrier's class and the container lane's published rate;
        ``passages`` add canal and strait tolls to a bulk voyage (see :mod:`.ocean`).
        """
        if self.unit is Unit.BULK:
            voyage = bulk_voyage(self._network, km, origin=origin, destination=destination,
                                 passages=passages)
            vessel = self._bulk_vessel(voyage.vessel_class)
            factor = self.emission(f"bulk_{voyage.vessel_class}")
            mean, p90 = self._moving(km / (vessel.speed_knots * KNOT_KM_PER_H))
            return EdgeFigures(mean, p90, voyage.usd_per_t, factor.ttw * km, factor.wtw * km)
        per_teu = container_usd_per_teu(self._network, km, origin=origin, destination=destination)
        if self.unit is Unit.REEFER:
            per_teu *= self.parameter("reefer_sea_factor")
        hours = (km / (self.parameter("liner_knots") * KNOT_KM_PER_H)
                 * self.parameter("liner_detour_factor"))
        factor = self.emission("container_feeder" if km < 6000 else "container_large")
        mean, p90 = self._moving(hours)
        cost = per_teu / self.parameter("container_t_per_teu")
        return EdgeFigures(mean, p90, cost, factor.ttw * km, factor.wtw * km)

    def hub(self, place: str, operation: Operation, *, lifts: bool) -> EdgeFigures:
        row = self.operation(place, operation)
        ttw = wtw = 0.0
        if lifts:
            key = "transshipment_bulk" if self.unit is Unit.BULK else "transshipment_container"
            factor = self.emission(key)
            ttw, wtw = factor.ttw, factor.wtw
        return EdgeFigures(row.hours_mean, row.hours_p90, row.cost_usd_per_t, ttw, wtw)

    def _bulk_vessel(self, vessel_class: str) -> Vessel:
        return next(v for v in self._network.vessels if v.vessel_class == vessel_class)
