"""The model's value for an observation: what the planner's best route says about the quantity.

Whole route: days is the simulated mean (``route.days.mean``), distance ``route.distance_km``,
freight ``route.freight_usd_per_t`` (per TEU or FEU: times ``container_t_per_teu`` and 1 or 2).

A segment ``(A, B)`` measures part of the route: from the first movement that leaves ``A`` to
the last movement that arrives at ``B``, summing the movements and the hub operations at the
places in between (a border, a gauge change on the way) but not the operations at ``A`` or
``B`` themselves. "Dostyk to Lianyungang" is then the Chinese rail run, without the gauge
change at Dostyk and the port dwell at Lianyungang. A segment from a place to itself, ``(A, A)``,
measures the hub operations at ``A`` (a border crossing's or a port's dwell). An end named as
the observation's origin or destination that the route does not touch by that id (a market area
or a country, where the planner picked a terminal) is the route's own first or last place.
Segment days are
the sum of the stages' mean hours / 24 (the simulated mean is for the whole route only), from
the departure of the segment's first movement: when that is a liner's sailing, the wait for the
sailing (half the interval between sailings, which the leg's hours hold) is left out, as the
operations at ``A`` are; waits further on are part of the run. Where
``A`` or ``B`` is a place the train passes without stopping (inside a merged rail leg), the leg
is split in proportion to the links' distances.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, replace

from landbridge.costing.rates import Rates
from landbridge.errors import NoRouteError, UnknownPlaceError
from landbridge.model.cargo import Unit
from landbridge.model.places import Waters
from landbridge.network.network import Network
from landbridge.planning.results import Leg, Route
from landbridge.validation.observations import Observation, Quantity

__all__ = ["Piece", "model_value", "pieces_of"]

_CONTAINERS_PER_UNIT = {Quantity.FREIGHT_USD_PER_TEU: 1.0, Quantity.FREIGHT_USD_PER_FEU: 2.0}


@dataclass(frozen=True, slots=True)
class Piece:
    """A movement between two consecutive places of a route, or a hub operation at one."""

    start: str
    end: str
    moving: bool
    distance_km: float
    hours: float
    cost_usd_per_t: float
    departure_wait_hours: float = 0.0  # of ``hours``: a liner's wait for its sailing


def model_value(route: Route, observation: Observation, network: Network) -> float:
    """The model's value of ``observation.quantity`` on ``route`` (see the module docstring).

    Raises
    ------
    NoRouteError
        If the route does not pass the segment's places in order.
    """
    quantity = observation.quantity
    if observation.segment is None:
        if quantity is Quantity.DAYS:
            return route.days.mean
        if quantity is Quantity.DISTANCE_KM:
            return route.distance_km
        per_t = route.freight_usd_per_t
    else:
        part = _segment(route, observation, network)
        if quantity is Quantity.DAYS:
            return (sum(p.hours for p in part) - part[0].departure_wait_hours) / 24.0
        if quantity is Quantity.DISTANCE_KM:
            return sum(p.distance_km for p in part)
        per_t = sum(p.cost_usd_per_t for p in part)
    containers = _CONTAINERS_PER_UNIT.get(quantity)
    if containers is None:
        return per_t
    return per_t * network.parameter("container_t_per_teu") * containers


def _segment(route: Route, observation: Observation, network: Network) -> list[Piece]:
    assert observation.segment is not None
    pieces = pieces_of(route, network)
    moves = [p for p in pieces if p.moving]
    if not moves:
        raise NoRouteError(f"the best route ({route.summary}) has no movement to measure")
    named_from, named_to = observation.segment
    start = _place_id(named_from, observation.origin, moves[0].start, pieces, network)
    end = _place_id(named_to, observation.destination, moves[-1].end, pieces, network)
    if start == end:
        part = [p for p in pieces if not p.moving and p.start == start]
        if not part:
            raise NoRouteError(f"the best route has no hub operation at "
                               f"{network.places[start].name}")
        return part
    first = next((i for i, p in enumerate(pieces) if p.moving and p.start == start), None)
    last = next((i for i in range(len(pieces) - 1, -1, -1)
                 if pieces[i].moving and pieces[i].end == end), None)
    if first is None or last is None or last < first:
        raise NoRouteError(f"the best route ({route.summary}) does not run from "
                           f"{network.places[start].name} to {network.places[end].name}")
    return pieces[first:last + 1]


def _place_id(name: str, route_end: str, default: str, pieces: list[Piece],
              network: Network) -> str:
    """The id of the segment end ``name``; ``default`` (the route's own end) when ``name`` is
    the request's origin or destination (``route_end``) but not a place the route touches."""
    is_route_end = name.casefold() == route_end.casefold()
    try:
        place = network.place(name).id
    except UnknownPlaceError:
        if is_route_end:
            return default
        raise
    if is_route_end and not any(place in (p.start, p.end) for p in pieces):
        return default
    return place


def pieces_of(route: Route, network: Network) -> list[Piece]:
    """The route's legs split at every place they pass (``route.via``), each merged rail leg
    shared among its links in proportion to their distances."""
    visited = [p.id for p in route.via]
    cursor = 0
    out: list[Piece] = []
    for leg in route.legs:
        if leg.mode == "transfer":
            out.append(Piece(leg.start.id, leg.end.id, False, 0.0, leg.hours,
                             leg.cost_usd_per_t))
            continue
        stops = _stops(visited, cursor, leg)
        if stops is None:
            pieces = [Piece(leg.start.id, leg.end.id, True, leg.distance_km, leg.hours,
                            leg.cost_usd_per_t)]
        else:
            cursor += len(stops) - 1
            pieces = _split(leg, stops, network)
        wait = _departure_wait_hours(network, route.unit, leg)
        if wait:
            pieces[0] = replace(pieces[0], departure_wait_hours=wait)
        out.extend(pieces)
    return out


def _departure_wait_hours(network: Network, unit: str, leg: Leg) -> float:
    """The wait for its departure that ``leg``'s hours hold: on an ocean liner sailing, the
    mean wait for the next sailing (:meth:`~landbridge.costing.rates.Rates.liner_wait_hours`);
    none on any other movement."""
    if leg.mode != "sea" or unit == Unit.BULK or leg.start.waters is not Waters.OCEAN:
        return 0.0
    return _rates(network, Unit(unit)).liner_wait_hours(leg.start.id, leg.end.id)[0]


@functools.lru_cache(maxsize=8)
def _rates(network: Network, unit: Unit) -> Rates:
    return Rates(network, unit)


def _stops(visited: list[str], cursor: int, leg: Leg) -> list[str] | None:
    """The places ``leg`` passes, from ``route.via`` at or after ``cursor``."""
    try:
        begin = visited.index(leg.start.id, cursor)
        finish = visited.index(leg.end.id, begin + 1)
    except ValueError:
        return None
    return visited[begin:finish + 1]


def _split(leg: Leg, stops: list[str], network: Network) -> list[Piece]:
    if len(stops) == 2:
        return [Piece(stops[0], stops[1], True, leg.distance_km, leg.hours,
                      leg.cost_usd_per_t)]
    lengths = [_link_km(network, a, b) for a, b in itertools.pairwise(stops)]
    total = sum(lengths)
    if total <= 0:
        return [Piece(leg.start.id, leg.end.id, True, leg.distance_km, leg.hours,
                      leg.cost_usd_per_t)]
    return [Piece(a, b, True, leg.distance_km * km / total, leg.hours * km / total,
                  leg.cost_usd_per_t * km / total)
            for (a, b), km in zip(itertools.pairwise(stops), lengths, strict=True)]


def _link_km(network: Network, a: str, b: str) -> float:
    return _link_lengths(network).get(frozenset((a, b)), 0.0)


@functools.lru_cache(maxsize=8)
def _link_lengths(network: Network) -> dict[frozenset[str], float]:
    lengths: dict[frozenset[str], float] = {}
    for link in network.links:
        key = frozenset((link.a, link.b))
        lengths[key] = min(lengths.get(key, link.distance_km), link.distance_km)
    return lengths
