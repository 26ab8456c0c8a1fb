"""Which routes a forwarder would list: rules that drop routes no one would offer a client.

The search returns every route that is optimal on some trade-off of time, cost and CO2e, and
the planner adds the best route through other gateways. Some of those are absurd however
cheap: a train that leaves Russia for Kazakhstan and re-enters Russia, a ship that sails round
Eurasia to a Chinese port the same cargo reaches by rail. These rules say what is dropped, and
the bounds are stated in every plan.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from landbridge.model.places import PlaceKind
from landbridge.network.network import Network
from landbridge.routing.graph import CompiledGraph, EdgeKind

__all__ = ["BOUNDS", "Bounds", "Totals", "Walk", "out_of_bounds", "revisit"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Bounds:
    """How far an alternative may be from the best route before it is not listed."""

    #: A route more than this many times as long (km) as the shortest route found is a detour:
    #: round Eurasia by sea to a port the train reaches, or half-way round the world to a
    #: crossing. 2.5 times the shortest keeps Black Sea and Caspian routes to Asia (1.6-2.1 times
    #: the China rail route to Vietnam) and drops a voyage via Suez to Lianyungang (3-4 times).
    max_detour: float = 2.5
    #: An alternative worse than the best on every criterion (days, cost, CO2e) by more than
    #: this fraction is not listed: no trade-off makes it worth a client's time.
    max_excess: float = 0.5

    def to_dict(self) -> dict[str, float]:
        return {"max_detour": self.max_detour, "max_excess": self.max_excess}

    def describe(self) -> str:
        return (f"routes over {self.max_detour:g}x the shortest distance, or over "
                f"{100 * self.max_excess:.0f}% worse than the best on days, cost and CO2e "
                "together, are not listed")


BOUNDS = Bounds()


class Totals(NamedTuple):
    """A route's totals that the bounds compare: km, hours, USD/t, kg CO2e/t. A named tuple:
    a question makes one per candidate route (speed, issue 14)."""

    km: float
    hours: float
    cost: float
    co2e: float


def revisit(network: Network, graph: CompiledGraph, edges: Sequence[int]) -> str | None:
    """Why the path visits a place twice, re-enters a country it left, sails between two ports
    of one country (a coastal voyage to a port the land network reaches, such as rail to Qingdao
    and a ship to Lianyungang) or takes more than one ocean voyage; None if it does none of
    these.

    Places are those where the path stops or changes vehicle or passes (every edge end);
    countries are those of these places in order, border crossings left out.

    Examples
    --------
    >>> from landbridge.network.load import load_network
    >>> from landbridge.routing.graph import GraphKey, compile_graph
    >>> from landbridge.model.cargo import Unit
    >>> from landbridge.model.places import CargoClass
    >>> graph = compile_graph(load_network(), GraphKey(cargo=CargoClass.BULK_GRAIN,
    ...                                                unit=Unit.BULK))
    >>> revisit(load_network(), graph, []) is None
    True
    """
    return Walk().walk(network, graph, edges)


class Walk:
    """What :func:`revisit` has seen of a path so far: the places visited, the place visited
    last, the countries entered, the country entered last and the ocean voyages. A walk along
    the start of many paths is made once and copied for each of their ends (the catchment
    kernel joins every head to many tails); a violation in the start is one in the whole."""

    __slots__ = ("country_now", "entered", "here", "seen", "voyages")

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.here: str | None = None
        self.entered: set[str] = set()
        self.country_now: str | None = None
        self.voyages = 0

    def copy(self) -> Walk:
        out = Walk()
        out.seen, out.here = set(self.seen), self.here
        out.entered, out.country_now = set(self.entered), self.country_now
        out.voyages = self.voyages
        return out

    def walk(self, network: Network, graph: CompiledGraph, edges: Sequence[int]) -> str | None:
        """Go on along ``edges``: why the path so far is not sensible (see :func:`revisit`),
        or None. The walk is left part-way after a violation."""
        seen, entered = self.seen, self.entered
        here, country_now, voyages = self.here, self.country_now, self.voyages
        reason = None
        for fact in _EdgeFacts.of(network, graph).path(edges):
            if fact.sea:
                voyages += 1
                if voyages > 1:
                    reason = ("takes a second ocean voyage (discharged, railed to another "
                              "port, reloaded)")
                    break
                if fact.coastal is not None:
                    reason = f"sails between two ports of {fact.coastal}"
                    break
            for pid, country in fact.ends:
                if pid == here:
                    continue
                if pid in seen:
                    reason = f"visits {pid} twice"
                    break
                here = pid
                seen.add(pid)
                # a crossing belongs to both sides (no country)
                if country is None or country == country_now:
                    continue
                if country in entered:
                    reason = f"re-enters {country}"
                    break
                entered.add(country)
                country_now = country
            if reason is not None:
                break
        self.here, self.country_now, self.voyages = here, country_now, voyages
        return reason


@dataclass(frozen=True, slots=True)
class _EdgeFact:
    """What :func:`revisit` reads of an edge: its ends with their countries (None for a
    border crossing), whether it is an ocean voyage, and the country of a coastal one."""

    ends: tuple[tuple[str, str | None], tuple[str, str | None]]
    sea: bool
    coastal: str | None


class _EdgeFacts:
    """The facts of a graph's edges, each made the first time it is read (a graph has an ocean
    voyage from every port to every other; a route reads a dozen edges)."""

    __slots__ = ("_graph", "_made", "_places")

    def __init__(self, network: Network, graph: CompiledGraph) -> None:
        self._places = network.places
        self._graph = graph
        self._made: dict[int, _EdgeFact] = {}

    @staticmethod
    @functools.lru_cache(maxsize=64)
    def of(network: Network, graph: CompiledGraph) -> _EdgeFacts:
        """The facts of ``graph``'s edges, one instance per graph."""
        return _EdgeFacts(network, graph)

    def path(self, indices: Sequence[int]) -> list[_EdgeFact]:
        """The facts of the edges ``indices``, in their order: a path's, in one call."""
        made = self._made
        return [made.get(i) or self[i] for i in indices]

    def __getitem__(self, index: int) -> _EdgeFact:
        fact = self._made.get(index)
        if fact is None:
            edge = self._graph.edges[index]
            sea = edge.kind is EdgeKind.SEA
            a, b = self._places[edge.a], self._places[edge.b]
            fact = self._made[index] = _EdgeFact(
                (self._end(edge.a), self._end(edge.b)), sea,
                a.country if sea and a.country == b.country else None)
        return fact

    def _end(self, pid: str) -> tuple[str, str | None]:
        place = self._places[pid]
        return pid, None if place.kind is PlaceKind.BORDER else place.country


def out_of_bounds(route: Totals, shortest_km: float, best: Totals,
                  bounds: Bounds = BOUNDS) -> str | None:
    """Why ``route`` is beyond ``bounds`` of the best totals (``best`` holds the least of each
    criterion over the routes found); None if it is within them.

    Examples
    --------
    >>> best = Totals(km=5000, hours=300, cost=100, co2e=150)
    >>> out_of_bounds(Totals(km=19000, hours=900, cost=90, co2e=300), 5000, best)
    'a detour: 3.8x the shortest route'
    >>> out_of_bounds(Totals(km=6000, hours=500, cost=140, co2e=240), 5000, best) is None
    True
    """
    if shortest_km > 0 and route.km > bounds.max_detour * shortest_km:
        return f"a detour: {route.km / shortest_km:.1f}x the shortest route"
    k = 1.0 + bounds.max_excess
    if route.hours > k * best.hours and route.cost > k * best.cost and route.co2e > k * best.co2e:
        return "worse than the best on days, cost and CO2e together"
    return None
