"""From a path in the expanded graph to what a person reads: legs, a summary, the corridor.

Shared by the planner (one route at a time) and the allocation (many flows at once).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from landbridge.model.modes import Mode
from landbridge.model.places import Place
from landbridge.network.network import Network
from landbridge.network.sea import SeaLeg, sea_network
from landbridge.planning.results import Leg
from landbridge.routing.graph import CompiledGraph, Edge, EdgeKind, sea_ports
from landbridge.routing.scheduled import ScheduledRun

__all__ = ["corridor_key", "legs_of", "stages_of", "summarize_legs"]

# the kinds of edge the loops below compare with, bound once (a member read off its class
# costs a lookup of its own on Python 3.11, and these loops run over every edge of a route)
_MOVE, _SEA, _TRANSFER = EdgeKind.MOVE, EdgeKind.SEA, EdgeKind.TRANSFER
#: Each mode's family (:attr:`Mode.family`), read from a dict: a property is a call.
_FAMILIES = {mode: mode.family for mode in Mode}


class _Run:
    """A run by rail or road being extended edge by edge, until it becomes a leg."""

    __slots__ = ("co2e_ttw", "co2e_wtw", "cost", "distance_km", "end", "hours", "mode",
                 "service", "start", "track")

    def __init__(self, mode: str, start: Place, end: Place, edge: Edge) -> None:
        f = edge.figures
        self.mode, self.start, self.end = mode, start, end
        self.service = edge.service
        self.distance_km, self.hours, self.cost = edge.distance_km, f.hours_mean, f.cost
        self.co2e_ttw, self.co2e_wtw = f.ttw, f.wtw
        self.track = [(start.lon, start.lat), (end.lon, end.lat)]

    def extend(self, end: Place, edge: Edge) -> None:
        f = edge.figures
        self.end = end
        self.distance_km += edge.distance_km
        self.hours += f.hours_mean
        self.cost += f.cost
        self.co2e_ttw += f.ttw
        self.co2e_wtw += f.wtw
        self.track.append((end.lon, end.lat))

    def leg(self) -> Leg:
        return Leg(mode=self.mode, start=self.start, end=self.end,
                   distance_km=self.distance_km, hours=self.hours, cost_usd_per_t=self.cost,
                   co2e_ttw=self.co2e_ttw, co2e_wtw=self.co2e_wtw, track=tuple(self.track),
                   service=_named(self.service))


def legs_of(network: Network, graph: CompiledGraph, edges: Sequence[int]) -> list[Leg]:
    """The legs of a path: runs by one mode (and one scheduled train) merged, hub operations
    as ``transfer`` legs. A leg on a scheduled train names it (``service``)."""
    places = network.places
    legs: list[Leg] = []
    run: _Run | None = None  # the rail or road run the next movement may extend
    for edge in graph.edges.path(edges):
        kind = edge.kind
        if kind is _TRANSFER and edge.operation is None:
            continue  # a junction: the train runs through
        if kind is _MOVE or kind is _SEA:
            assert edge.mode is not None
            family = _FAMILIES[edge.mode]
            if run is not None and run.mode == family and run.service == edge.service:
                run.extend(places[edge.b], edge)
                continue
            if run is not None:
                legs.append(run.leg())
                run = None
            a, b = places[edge.a], places[edge.b]
            if family != "sea":
                run = _Run(family, a, b, edge)
                continue
            passages: tuple[str, ...] = ()
            track: tuple[tuple[float, float], ...] = ((a.lon, a.lat), (b.lon, b.lat))
            if kind is _SEA:
                voyage = _voyage(network, graph, edge.a, edge.b)
                if voyage is not None:
                    passages = tuple(sorted(p.value for p in voyage.passages))
                    track = voyage.track
            f = edge.figures
            legs.append(Leg(mode=family, start=a, end=b, distance_km=edge.distance_km,
                            hours=f.hours_mean, cost_usd_per_t=f.cost, co2e_ttw=f.ttw,
                            co2e_wtw=f.wtw, passages=passages, track=track))
            continue
        if run is not None:
            legs.append(run.leg())
            run = None
        assert edge.operation is not None
        f = edge.figures
        legs.append(Leg(mode="transfer", start=places[edge.a], end=places[edge.b],
                        distance_km=0.0, hours=f.hours_mean, cost_usd_per_t=f.cost,
                        co2e_ttw=f.ttw, co2e_wtw=f.wtw, operation=edge.operation,
                        service=_named(edge.service)))
    if run is not None:
        legs.append(run.leg())
    return legs


def _named(service: ScheduledRun | None) -> str | None:
    return None if service is None else service.describe


def _voyage(network: Network, graph: CompiledGraph, a: str, b: str) -> SeaLeg | None:
    return sea_network().leg(sea_ports(network), network.places[a], network.places[b],
                             closed=graph.key.closed_passages)


def summarize_legs(legs: Sequence[Leg]) -> tuple[str, str]:
    """A one-line description, and the corridor: the hubs where the cargo changes hands."""
    moves = [leg for leg in legs if leg.mode != "transfer"]
    summary = ", ".join(f"{leg.mode} to {leg.end.name}" for leg in moves)
    hubs: list[str] = []
    for leg in legs:
        if leg.operation is not None and leg.operation.is_gateway:
            short = leg.start.name.split(" (")[0]
            if short not in hubs:
                hubs.append(short)
    return summary, " > ".join(hubs) or "direct"


def corridor_key(graph: CompiledGraph, edges: Sequence[int]) -> tuple[str, ...]:
    """What makes two routes the same corridor: where the cargo first leaves the origin's
    country and where it goes to sea (or onto a ferry). Detours between them do not count.
    Read off the path's hub operations, so that routes not listed need no legs."""
    exit_point = sea_point = ""
    marks = _gateway_marks(graph)
    for e in edges:
        mark = marks[e]
        if not mark:
            continue
        if not exit_point and mark & _EXIT:
            exit_point = graph.edges[e].a
        if not sea_point and mark & _BOARDING:
            sea_point = graph.edges[e].a
            if exit_point:
                break
    return exit_point, sea_point


_EXIT, _BOARDING = 1, 2


@functools.lru_cache(maxsize=64)
def _gateway_marks(graph: CompiledGraph) -> list[int]:
    """Each edge's mark for :func:`corridor_key`: ``_EXIT`` for a border crossing,
    ``_BOARDING`` where cargo goes onto a ship or a ferry, 0 otherwise (every voyage), once
    per graph: a question asks for the corridor of a dozen routes. Not to be changed."""
    marks = [0] * len(graph.edges)
    for index, edge in graph.edges.others():
        operation = edge.operation
        if operation is not None:
            marks[index] = (_EXIT if operation.is_exit else 0) | (
                _BOARDING if operation.is_boarding else 0)
    return marks


def stages_of(graph: CompiledGraph, edges: Sequence[int]) -> list[tuple[float, float]]:
    """Independent stages of the transit time: each hub operation, and each uninterrupted run
    by one mode (a train from Kostanay to Dostyk varies as one run, not link by link)."""
    stages: list[tuple[float, float]] = []
    running = False
    for edge in graph.edges.path(edges):
        f = edge.figures
        kind = edge.kind
        if kind is _TRANSFER and edge.operation is None:
            continue
        moving = kind is _MOVE or kind is _SEA
        if moving and running and kind is _MOVE:
            mean, p90 = stages[-1]
            stages[-1] = (mean + f.hours_mean, p90 + f.hours_p90)
        else:
            stages.append((f.hours_mean, f.hours_p90))
        running = moving
    return stages


