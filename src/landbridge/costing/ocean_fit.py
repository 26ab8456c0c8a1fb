"""How well the ocean model reproduces published freight rates, lane by lane.

``freight_observations.csv`` holds published rates (USDA Grain Transportation Report, the
Shanghai Shipping Exchange's grain forward freight and container index, broker reports), each
with its lane, year, range and source. A lane end is a place id of ``places.csv`` or, for ends
the network does not need (Japan), of ``ocean_reference_ports.csv``. :func:`fit_ocean` sails
each lane over searoute's network, prices it with :mod:`landbridge.costing.ocean` and reports
the model against the published range.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from landbridge.costing.ocean import BulkVoyage, bulk_voyage, container_usd_per_teu
from landbridge.data import RowReader, read_table
from landbridge.errors import DataError, NetworkDataError, Problem
from landbridge.model.cargo import Unit
from landbridge.model.modes import Passage
from landbridge.model.places import CargoClass, Place, PlaceKind, Waters
from landbridge.network.network import Network
from landbridge.network.sea import sea_network

__all__ = ["FreightObservation", "LaneFit", "fit_ocean", "freight_observations",
           "share_within"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FreightObservation:
    """A published ocean freight rate on one lane and year (USD per tonne; boxes per TEU too)."""

    lane_from: str
    lane_to: str
    unit: Unit
    vessel_class: str
    usd_per_t: float
    usd_per_teu: float | None
    low: float
    high: float
    year: int
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class LaneFit:
    """The model's freight on an observed lane beside the published value and range."""

    observation: FreightObservation
    distance_km: float
    passages: frozenset[Passage]
    model_class: str
    model_usd_per_t: float
    voyage: BulkVoyage | None = None  # the cost breakdown of a bulk lane

    @property
    def within(self) -> bool:
        return self.observation.low <= self.model_usd_per_t <= self.observation.high

    @property
    def error(self) -> float:
        """Relative error of the model against the published value (0.1 = 10% above)."""
        return self.model_usd_per_t / self.observation.usd_per_t - 1.0


@functools.cache
def freight_observations() -> tuple[FreightObservation, ...]:
    """The bundled published freight rates, checked.

    Raises
    ------
    NetworkDataError
        If any row is malformed or its range does not hold its value (all problems listed).
    """
    out: list[FreightObservation] = []
    problems: list[Problem] = []
    for line, row in read_table("freight_observations.csv"):
        r = RowReader("freight_observations.csv", line, row)
        unit = r.choice("unit", Unit)
        teu = r.number("usd_per_teu", required=unit is Unit.CONTAINER)
        year = r.number("year", minimum=2000)
        obs = FreightObservation(
            lane_from=r.text("lane_from"), lane_to=r.text("lane_to"),
            unit=unit or Unit.BULK, vessel_class=r.text("vessel_class"),
            usd_per_t=r.number("usd_per_t"), usd_per_teu=None if math.isnan(teu) else teu,
            low=r.number("low"), high=r.number("high"),
            year=int(year) if math.isfinite(year) else 0,
            source=r.source(), note=r.text("note", required=False))
        if not obs.low <= obs.usd_per_t <= obs.high:
            r.problem("low", f"the range {obs.low:g}-{obs.high:g} does not hold {obs.usd_per_t:g}")
        problems.extend(r.problems)
        out.append(obs)
    if problems:
        raise NetworkDataError(problems)
    return tuple(out)


@functools.cache
def _reference_ports() -> dict[str, Place]:
    ports: dict[str, Place] = {}
    for line, row in read_table("ocean_reference_ports.csv"):
        r = RowReader("ocean_reference_ports.csv", line, row)
        ports[r.text("id")] = Place(
            id=r.text("id"), name=r.text("name"), kind=PlaceKind.PORT, country=r.text("country"),
            lat=r.number("lat", minimum=-90), lon=r.number("lon", minimum=-180),
            handles=frozenset({CargoClass.BULK_GRAIN, CargoClass.CONTAINER}),
            waters=Waters.OCEAN, source=r.source())
        if r.problems:
            raise DataError(r.problems[0])
    return ports


def fit_ocean(network: Network,
              observations: tuple[FreightObservation, ...] | None = None) -> list[LaneFit]:
    """The model's freight on every observed lane (searoute distance, all passages open)."""
    observations = freight_observations() if observations is None else observations
    places = {**_reference_ports(), **network.places}
    ends = sorted({p for o in observations for p in (o.lane_from, o.lane_to)})
    missing = [p for p in ends if p not in places]
    if missing:
        raise DataError(_unknown_end(missing[0]))
    ports = [places[p] for p in ends]
    sea = sea_network()
    fits: list[LaneFit] = []
    for obs in observations:
        leg = sea.leg(ports, places[obs.lane_from], places[obs.lane_to])
        if leg is None:  # every passage is open: searoute joins every pair of ocean ports
            raise DataError(_unknown_end(obs.lane_to))
        if obs.unit is Unit.BULK:
            voyage = bulk_voyage(network, leg.distance_km, origin=obs.lane_from,
                                 destination=obs.lane_to, passages=leg.passages)
            fits.append(LaneFit(obs, leg.distance_km, leg.passages, voyage.vessel_class,
                                voyage.usd_per_t, voyage))
        else:
            per_teu = container_usd_per_teu(network, leg.distance_km, origin=obs.lane_from,
                                            destination=obs.lane_to)
            fits.append(LaneFit(obs, leg.distance_km, leg.passages, "liner",
                                per_teu / network.parameter("container_t_per_teu")))
    return fits


def share_within(fits: list[LaneFit], unit: Unit) -> float:
    """Share of the observations of ``unit`` whose published range holds the model value."""
    chosen = [f for f in fits if f.observation.unit is unit]
    return sum(f.within for f in chosen) / len(chosen) if chosen else float("nan")


def _unknown_end(place: str) -> Problem:
    return Problem("freight_observations.csv", None, "lane_from",
                   f"{place!r} is neither in places.csv nor in ocean_reference_ports.csv")
