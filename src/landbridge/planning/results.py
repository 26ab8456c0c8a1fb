"""Typed results of the planner: legs, routes and a plan, each with ``to_dict()``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple

from landbridge.model.areas import Area
from landbridge.model.operations import Operation
from landbridge.model.places import Place
from landbridge.planning.sensible import Bounds
from landbridge.reliability.montecarlo import TransitTime

__all__ = ["Leg", "Route", "RoutePlan"]


def _ref(place: Place) -> dict[str, str]:
    return {"id": place.id, "name": place.name}


@functools.lru_cache(maxsize=512)
def _rounded(track: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
    """A track's points to 4 decimals (11 m), once per track: a sea leg's track has hundreds of
    points and is the same object in every plan that sails it."""
    return tuple((round(lon, 4), round(lat, 4)) for lon, lat in track)


class Leg(NamedTuple):
    """A stretch by one mode between two places, or a hub operation (``mode`` ``transfer``).

    A named tuple, not a dataclass: a question makes some sixty legs, and a tuple is made in
    a sixth of the time a frozen dataclass takes (speed, issue 14). Read its fields by name.
    """

    mode: str
    start: Place
    end: Place
    distance_km: float
    hours: float
    cost_usd_per_t: float
    co2e_ttw: float
    co2e_wtw: float
    operation: Operation | None = None
    passages: tuple[str, ...] = ()
    track: tuple[tuple[float, float], ...] = ()  # (lon, lat) points for maps
    service: str | None = None  # the scheduled train the leg rides (or the operation is on)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "mode": self.mode,
            "from": self.start.id,
            "to": self.end.id,
            "distance_km": round(self.distance_km, 1),
            "hours": round(self.hours, 2),
            "cost_usd_per_t": round(self.cost_usd_per_t, 2),
            "co2e_kg_per_t": {"ttw": round(self.co2e_ttw, 3), "wtw": round(self.co2e_wtw, 3)},
        }
        if self.operation:
            out["operation"] = self.operation.value
        if self.passages:
            out["passages"] = list(self.passages)
        if self.service:
            out["service"] = self.service
        if self.track:
            out["track"] = [list(point) for point in _rounded(self.track)]
        return out


class Route(NamedTuple):
    """One route with its totals; ``cost_usd_per_t`` is freight and handling plus carrying
    cost; ``generalised_usd_per_t`` is freight and handling plus the value of the time in
    transit. ``start`` and ``end`` are the terminals chosen in the origin and market areas.
    A named tuple, as :class:`Leg` is (speed, issue 14): read its fields by name."""

    summary: str
    corridor: str
    unit: str
    service: str  # the train assumed on the rail legs, in words
    start: Place
    end: Place
    via: tuple[Place, ...]
    legs: tuple[Leg, ...]
    distance_km: float
    days: TransitTime
    freight_usd_per_t: float
    carrying_usd_per_t: float
    generalised_usd_per_t: float
    co2e_ttw: float
    co2e_wtw: float
    pareto: bool
    tonnes: float
    consignment: str
    landed_usd_per_t: float
    netback_usd_per_t: float | None

    @property
    def cost_usd_per_t(self) -> float:
        return self.freight_usd_per_t + self.carrying_usd_per_t

    def to_dict(self, *, within_days: float | None = None) -> dict[str, object]:
        out: dict[str, object] = {
            "summary": self.summary,
            "corridor": self.corridor,
            "unit": self.unit,
            "rail_service": self.service,
            "origin_terminal": _ref(self.start),
            "terminal": _ref(self.end),
            "via": [_ref(p) for p in self.via],
            "distance_km": round(self.distance_km, 1),
            "days": self.days.to_dict(),
            "within": None if within_days is None else {
                "days": within_days,
                "probability": round(self.days.probability_within(within_days), 4)},
            "cost_usd_per_t": round(self.cost_usd_per_t, 2),
            "freight_usd_per_t": round(self.freight_usd_per_t, 2),
            "carrying_usd_per_t": round(self.carrying_usd_per_t, 2),
            "generalised_usd_per_t": round(self.generalised_usd_per_t, 2),
            "consignment": {"tonnes": round(self.tonnes, 1), "label": self.consignment},
            "shipment_cost_usd": round(self.cost_usd_per_t * self.tonnes, 0),
            "landed_usd_per_t": round(self.landed_usd_per_t, 2),
            "co2e_kg_per_t": {"ttw": round(self.co2e_ttw, 2), "wtw": round(self.co2e_wtw, 2)},
            "pareto_optimal": self.pareto,
            "legs": [leg.to_dict() for leg in self.legs],
        }
        if self.netback_usd_per_t is not None:
            out["netback_usd_per_t"] = round(self.netback_usd_per_t, 2)
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutePlan:
    """The answer to a route request: the routes, best first by the objective (``order`` says
    it in words). ``unit`` is the unit asked for, None when the planner chose per route;
    ``tonnes`` None when each route is priced for one typical consignment of its unit."""

    origin: Area
    destination: Area
    commodity: str
    unit: str | None
    objective: str
    order: str
    value_of_time: float
    tonnes: float | None
    routes: tuple[Route, ...]
    bounds: Bounds
    within_days: float | None = None

    @property
    def best(self) -> Route:
        return self.routes[0]

    def to_dict(self) -> dict[str, object]:
        return {
            "origin": self.origin.to_dict(),
            "destination": self.destination.to_dict(),
            "cargo": {"commodity": self.commodity, "unit": self.unit, "tonnes": self.tonnes},
            "objective": self.objective,
            "order": self.order,
            "value_of_time_usd_per_t_day": round(self.value_of_time, 3),
            "bounds": self.bounds.to_dict(),
            "routes": [r.to_dict(within_days=self.within_days) for r in self.routes],
        }
