"""Compiling the network into an expanded graph for one cargo class and one set of closures.

Nodes are (place, mode, side, in|out): a train arriving at Dostyk on the 1520 mm gauge from the
Kazakh side is a different node from one leaving on the 1435 mm gauge on the Chinese side.
Edges are movements along links, sea voyages between ocean ports, and hub operations (loading,
border formalities, break of gauge, rail to ship ...) between the in- and out-nodes of a place,
so that a route is simply a path from an origin's source node to a market's sink node. A voyage
joins every ocean port to every other; they are costed and held as arrays (:mod:`.voyages`).

A border crossing is a place with two sides: links attach to the side of the country they come
from, passing from one side to the other pays the border (or gauge-change) operation, and
staying on one side is a free junction.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from landbridge.costing.rates import EdgeFigures, Rates
from landbridge.model.cargo import Unit
from landbridge.model.costs import Service
from landbridge.model.links import Link
from landbridge.model.modes import Mode, Passage, RailService
from landbridge.model.operations import Operation
from landbridge.model.places import CargoClass, Place, PlaceKind, Waters
from landbridge.network.network import Network
from landbridge.network.sea import SeaNetwork, ocean_ports, sea_network
from landbridge.network.transfers import transfer_handles_cargo, transfer_operation
from landbridge.routing.edges import Edge, EdgeKind, EdgeRecords
from landbridge.routing.scheduled import ScheduledRun, rail_path, retimed, timed_services
from landbridge.routing.voyages import Voyages, cost_voyages

__all__ = ["CompiledGraph", "Edge", "EdgeKind", "GraphKey", "compile_graph", "sea_ports"]


#: Modes whose vehicles do not carry the cargo on through a port: an ocean voyage or a ferry
#: crossing is port to port, so a route has at most one voyage per sea (a transshipment hub
#: would be a hub operation of its own, which the network does not have yet).
_NO_CALL_THROUGH = frozenset({Mode.SEA, Mode.FERRY})

#: The node layers of rail movements (a scheduled train's path keeps to them).
_RAIL_LAYERS = frozenset(m.value for m in Mode if m.is_rail)


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphKey:
    """What the expanded graph depends on: the cargo and the closures of a scenario."""

    cargo: CargoClass
    unit: Unit
    service: RailService | None = None  # None: the unit's usual train (see default_service)
    charter_t: float | None = None  # a bulk lot that charters its own ship; None: full parcels
    avoid_places: frozenset[str] = frozenset()
    avoid_countries: frozenset[str] = frozenset()
    closed_passages: frozenset[Passage] = frozenset()
    avoid_links: frozenset[str] = frozenset()
    multipliers: tuple[tuple[str, str, float], ...] = ()  # (tariff|speed, family[:CC], factor)


@dataclass(frozen=True, slots=True, eq=False)
class CompiledGraph:
    """The expanded graph as arrays (for kernels) and edge records (for reports).

    Compared and hashed by identity, so that kernels can keep what they derive from a graph.
    """

    key: GraphKey
    node_place: tuple[str, ...]
    edges: EdgeRecords
    src: NDArray[np.int32]
    dst: NDArray[np.int32]
    hours: NDArray[np.float64]
    cost: NDArray[np.float64]
    wtw: NDArray[np.float64]
    out_edges: tuple[tuple[int, ...], ...]
    sources: dict[str, int]
    sinks: dict[str, int]
    ocean_ports: tuple[str, ...]

    @property
    def node_count(self) -> int:
        return len(self.node_place)


class _Builder:
    def __init__(self, network: Network, key: GraphKey, sea: SeaNetwork) -> None:
        self.network = network
        self.key = key
        self.sea = sea
        self.rates = Rates(network, key.unit, key.service, charter_t=key.charter_t)
        self.nodes: dict[tuple[str, str, str, str], int] = {}
        self.node_place: list[str] = []
        self.edges: list[Edge] = []
        self.src: list[int] = []
        self.dst: list[int] = []
        self.sources: dict[str, int] = {}
        self.sinks: dict[str, int] = {}
        self.ocean_ports: tuple[str, ...] = ()
        # a service's own hours, the first listed for its (from, to, mode)
        self.service_hours: dict[tuple[str, str, Mode], float] = {}
        for service in network.services:
            if service.hours:
                self.service_hours.setdefault((service.a, service.b, service.mode),
                                              service.hours)
        self.places = {
            pid: p for pid, p in network.places.items()
            if pid not in key.avoid_places and not (p.countries & key.avoid_countries)
        }

    def node(self, place: str, layer: str, side: str, port: str) -> int:
        k = (place, layer, side, port)
        index = self.nodes.get(k)
        if index is None:
            index = len(self.node_place)
            self.nodes[k] = index
            self.node_place.append(place)
        return index

    def add(self, u: int, v: int, edge: Edge) -> None:
        self.src.append(u)
        self.dst.append(v)
        self.edges.append(edge)

    def side(self, place: Place, neighbour: Place) -> str:
        """Which side of a border crossing a link from ``neighbour`` attaches to."""
        if place.kind is not PlaceKind.BORDER:
            return ""
        for country in (neighbour.country, neighbour.other_country):
            if country in place.countries:
                return country
        return place.country

    def link_country(self, a: Place, b: Place) -> str:
        shared = a.countries & b.countries
        if len(shared) == 1:
            return next(iter(shared))
        if a.kind is PlaceKind.BORDER and b.country in a.countries:
            return b.country
        return a.country

    def build(self) -> CompiledGraph:
        cargo = self.key.cargo
        attached: dict[str, set[tuple[Mode, str]]] = {pid: set() for pid in self.places}
        for link in self.network.links:
            a, b = self.places.get(link.a), self.places.get(link.b)
            if a is None or b is None or link.id in self.key.avoid_links:
                continue
            self.move(link, a, b)
            self.move(link, b, a)
            attached[a.id].add((link.mode, self.side(a, b)))
            attached[b.id].add((link.mode, self.side(b, a)))
        ocean = [p for p in self.places.values()
                 if p.waters is Waters.OCEAN and cargo in p.handles]
        self.ocean_ports = tuple(p.id for p in ocean)
        for port in ocean:
            attached[port.id].add((Mode.SEA, ""))
        moves = len(self.edges)
        voyages, tails, heads = self.voyages(self.ocean_ports)
        for pid, layers in attached.items():
            self.hub(self.places[pid], layers)
        self.scheduled_trains()
        edges = EdgeRecords(self.edges[:moves], voyages, self.edges[moves:])
        src = _ends(self.src, moves, tails)
        hours, cost, wtw = _figures(edges)
        return CompiledGraph(
            key=self.key,
            node_place=tuple(self.node_place),
            edges=edges,
            src=src,
            dst=_ends(self.dst, moves, heads),
            hours=hours,
            cost=cost,
            wtw=wtw,
            out_edges=_adjacency(len(self.node_place), src),
            sources=self.sources,
            sinks=self.sinks,
            ocean_ports=self.ocean_ports,
        )

    def move(self, link: Link, a: Place, b: Place) -> None:
        country = self.link_country(a, b)
        km = link.distance_km
        if link.mode.is_rail or link.mode is Mode.ROAD:
            figures = self.rates.rail(link.mode, country, km)
        elif link.mode is Mode.FERRY:
            figures = self.rates.ferry(km, self.service_hours.get((a.id, b.id, link.mode)))
        else:
            figures = self.rates.caspian_sea(km)
        u = self.node(a.id, link.mode.value, self.side(a, b), "out")
        v = self.node(b.id, link.mode.value, self.side(b, a), "in")
        self.add(u, v, Edge(EdgeKind.MOVE, a.id, b.id, link.mode, None, km, country,
                            frozenset(), figures))

    def voyages(self, ports: tuple[str, ...]) -> tuple[Voyages, NDArray[np.int32],
                                                      NDArray[np.int32]]:
        """The voyages between ``ports`` and the node each leaves and reaches (their records
        stay arrays: :class:`~landbridge.routing.edges.EdgeRecords` makes one when it is
        read)."""
        if len(ports) < 2:
            ports = ()  # no voyage
        # one table over every ocean port of the network serves every cargo and avoid set
        table = (self.sea.table(sea_ports(self.network), closed=self.key.closed_passages)
                 if ports else None)

        def sea_node(port: int, end: str) -> int:
            return self.node(ports[port], Mode.SEA.value, "", end)

        return cost_voyages(self.rates, table, ports, sea_node)

    def scheduled_trains(self) -> None:
        """Each scheduled train with published hours that the cargo may ride, as a chain of
        nodes of its own over the rail path between its terminals: boarded at the origin
        terminal, left at the destination terminal, timed by the service (:mod:`.scheduled`)."""
        services = timed_services(self.network.services, self.key.unit)
        if not services:
            return
        key_of = dict(zip(self.nodes.values(), self.nodes.keys(), strict=True))
        out_edges: list[list[int]] = [[] for _ in self.node_place]
        for e, edge in enumerate(self.edges):
            u, v = self.src[e], self.dst[e]
            if (edge.kind in (EdgeKind.MOVE, EdgeKind.TRANSFER) and key_of[u][1] in _RAIL_LAYERS
                    and key_of[v][1] in _RAIL_LAYERS):
                out_edges[u].append(e)
        km = [e.distance_km for e in self.edges]
        cost = [e.figures.cost for e in self.edges]
        for number, service in enumerate(services):
            path = self._service_path(service, out_edges, km, cost)
            if path is None:
                continue  # a terminal or the crossing closed or avoided, or no rail between
            wait_mean, wait_p90 = self.rates.departure_wait_hours(service.departures_per_week)
            assert service.hours is not None  # timed_services keeps rows with hours
            run = ScheduledRun(name=service.service, origin=service.a, destination=service.b,
                               departures_per_week=service.departures_per_week,
                               hours=service.hours, wait_mean=wait_mean, wait_p90=wait_p90)
            figures = retimed([self.edges[e].figures for e in path], run)
            u = self.src[path[0]]
            for i, (e, f) in enumerate(zip(path, figures, strict=True)):
                if i == len(path) - 1:
                    v = self.dst[e]
                else:  # the train's own node: cargo neither joins nor leaves it on the way
                    place, layer, side, port = key_of[self.dst[e]]
                    v = self.node(place, f"{layer}/{number}", side, port)
                self.add(u, v, replace(self.edges[e], figures=f, service=run))
                u = v

    def _service_path(self, service: Service, out_edges: list[list[int]], km: list[float],
                      cost: list[float]) -> list[int] | None:
        """The rail edges a scheduled train runs, from its origin terminal through its named
        crossing (if any) to its destination terminal: each stretch the shortest by distance
        (then cost) that the closures leave, and the second not back over the first; None if
        a stretch has no rail."""
        starts = self._rail_nodes(service.a, "out")
        path: list[int] = []
        barred: frozenset[int] = frozenset()
        for stop in (service.via, service.b) if service.via else (service.b,):
            stretch = rail_path(out_edges, self.src, self.dst, km, cost, starts,
                                frozenset(self._rail_nodes(stop, "in")), barred)
            if not stretch:
                return None
            path += stretch
            starts = [self.dst[stretch[-1]]]
            passed = {self.edges[e].a for e in stretch} - {stop}
            barred = frozenset(i for k, i in self.nodes.items() if k[0] in passed)
        return path

    def _rail_nodes(self, place: str, port: str) -> list[int]:
        return [i for (pid, layer, _, p), i in self.nodes.items()
                if pid == place and p == port and layer in _RAIL_LAYERS]

    def hub(self, place: Place, layers: Iterable[tuple[Mode, str]]) -> None:
        cargo = self.key.cargo
        handles = cargo in place.handles
        layers = sorted(layers)
        for arrive, in_side in layers:
            u = self.node(place.id, arrive.value, in_side, "in")
            for leave, out_side in layers:
                operation = transfer_operation(place, arrive, leave)
                if arrive is leave and arrive in _NO_CALL_THROUGH:
                    continue  # a voyage ends at its port: ships do not pass through ports
                if arrive is leave and in_side == out_side:
                    operation = None  # a junction on one side of the border
                elif arrive is leave and operation is None:
                    continue
                lifts = transfer_handles_cargo(arrive, leave)
                if lifts and not handles:
                    continue
                v = self.node(place.id, leave.value, out_side, "out")
                into = out_side if out_side and out_side != in_side else None
                figures = (EdgeFigures(0.0, 0.0, 0.0, 0.0, 0.0) if operation is None
                           else self.rates.hub(place.id, operation, lifts=lifts, into=into))
                self.add(u, v, Edge(EdgeKind.TRANSFER, place.id, place.id, leave, operation, 0.0,
                                    place.country, frozenset(), figures))
        if not handles:
            return
        source = self.node(place.id, "source", "", "")
        sink = self.node(place.id, "sink", "", "")
        self.sources[place.id] = source
        self.sinks[place.id] = sink
        for mode, side in layers:
            load = Operation.RAIL_TO_SHIP if mode is Mode.SEA else Operation.ORIGIN_LOAD
            unload = Operation.SHIP_DISCHARGE if mode is Mode.SEA else Operation.RAIL_UNLOAD
            if mode is Mode.FERRY:
                continue  # cargo joins a ferry by rail, not directly
            out_node = self.node(place.id, mode.value, side, "out")
            in_node = self.node(place.id, mode.value, side, "in")
            self.add(source, out_node, Edge(EdgeKind.LOAD, place.id, place.id, mode, load, 0.0,
                                            place.country, frozenset(),
                                            self.rates.hub(place.id, load, lifts=True)))
            self.add(in_node, sink, Edge(EdgeKind.UNLOAD, place.id, place.id, mode, unload, 0.0,
                                         place.country, frozenset(),
                                         self.rates.hub(place.id, unload, lifts=True)))


@functools.lru_cache(maxsize=8)
def sea_ports(network: Network) -> tuple[Place, ...]:
    """Every ocean port of ``network``, in table order: the ports of its sea tables."""
    return ocean_ports(network.places.values())


def _adjacency(n: int, src: NDArray[np.int32]) -> tuple[tuple[int, ...], ...]:
    """Each node's out-edges, in edge order."""
    order = np.argsort(src, kind="stable").tolist()
    ends = np.cumsum(np.bincount(src, minlength=n)).tolist()
    starts = [0, *ends[:-1]]
    return tuple(tuple(order[a:b]) for a, b in zip(starts, ends, strict=True))


def _ends(nodes: list[int], moves: int, voyages: NDArray[np.int32]) -> NDArray[np.int32]:
    """One end of every edge: ``nodes`` holds the movements' (the first ``moves``) and the hub
    operations', ``voyages`` the voyages'."""
    return np.concatenate([np.asarray(nodes[:moves], dtype=np.int32), voyages,
                           np.asarray(nodes[moves:], dtype=np.int32)])


def _figures(edges: EdgeRecords) -> tuple[NDArray[np.float64], NDArray[np.float64],
                                          NDArray[np.float64]]:
    """Every edge's hours, cost and kg CO2e (WTW): the movements' and hub operations' from
    their records, the voyages' from their arrays."""
    before, voyages, after = edges.before_voyages, edges.voyages, edges.after_voyages
    hours = np.concatenate([[e.figures.hours_mean for e in before], voyages.hours_mean,
                            [e.figures.hours_mean for e in after]])
    cost = np.concatenate([[e.figures.cost for e in before], voyages.cost,
                           [e.figures.cost for e in after]])
    wtw = np.concatenate([[e.figures.wtw for e in before], voyages.wtw,
                          [e.figures.wtw for e in after]])
    return hours, cost, wtw


@functools.lru_cache(maxsize=64)
def _compile_cached(network: Network, key: GraphKey) -> CompiledGraph:
    return _Builder(network, key, sea_network()).build()


@functools.lru_cache(maxsize=8)
def _compile_lot_cached(network: Network, key: GraphKey) -> CompiledGraph:
    """A graph whose voyages a lot charters (one per lot size asked about): kept apart, so that
    questions about many lot sizes do not push the usual graphs out of their cache."""
    return _Builder(network, key, sea_network()).build()


def _compiled(network: Network, key: GraphKey) -> CompiledGraph:
    if key.charter_t is not None:
        return _compile_lot_cached(network, key)
    return _compile_cached(network, key)


def _scaled(base: CompiledGraph, key: GraphKey) -> CompiledGraph:
    """``base`` with a scenario's tariff and speed multipliers applied to its movements.

    A multiplier keyed ``family:CC`` wins over ``family``; hub operations are not scaled.
    Scaling a compiled graph avoids recompiling it for every value a sweep draws.
    """
    factors = {(kind, k): v for kind, k, v in key.multipliers}

    def factor(kind: str, family: str, country: str) -> float:
        hit = factors.get((kind, f"{family}:{country}"))
        return hit if hit is not None else factors.get((kind, family), 1.0)

    def scaled(edge: Edge) -> Edge:
        if edge.kind is not EdgeKind.MOVE or edge.mode is None:
            return edge
        cost = factor("tariff", edge.mode.family, edge.country)
        # a scheduled train keeps its timetable; its tariffs scale as the line's
        speed = 1.0 if edge.service is not None else factor("speed", edge.mode.family,
                                                              edge.country)
        if cost == 1.0 and speed == 1.0:
            return edge
        f = edge.figures
        return replace(edge, figures=EdgeFigures(
            f.hours_mean / speed, f.hours_p90 / speed, f.cost * cost, f.ttw, f.wtw))

    voyages = base.edges.voyages
    sea = Mode.SEA.family  # a voyage's country is ""
    tariff, speed = factor("tariff", sea, ""), factor("speed", sea, "")
    if tariff != 1.0 or speed != 1.0:
        voyages = voyages.scaled(speed=speed, cost=tariff)
    # movements come before the voyages; a scheduled train's come after them, with the hubs'
    edges = EdgeRecords([scaled(e) for e in base.edges.before_voyages], voyages,
                        [scaled(e) for e in base.edges.after_voyages])
    hours, cost, _ = _figures(edges)
    return replace(base, key=key, edges=edges, hours=hours, cost=cost)


@functools.lru_cache(maxsize=16)
def _scaled_cached(network: Network, key: GraphKey) -> CompiledGraph:
    return _scaled(_compiled(network, replace(key, multipliers=())), key)


def compile_graph(network: Network, key: GraphKey) -> CompiledGraph:
    """The expanded graph of ``network`` for ``key``; cached, so a repeat costs nothing.

    Examples
    --------
    >>> from landbridge.network.load import load_network
    >>> graph = compile_graph(load_network(),
    ...                       GraphKey(cargo=CargoClass.BULK_GRAIN, unit=Unit.BULK))
    >>> graph.node_count > 100
    True
    """
    if key.multipliers:
        return _scaled_cached(network, key)
    return _compiled(network, key)
