"""Scheduled rail services: a timetabled container block train as an option between two terminals.

``services.csv`` lists block trains that run terminal to terminal on a timetable, with their
departures per week and, where published, their door-to-door hours (Lianyungang to Almaty via
Khorgos, Poti to Baku ...). For cargo in containers such a train is an option of the expanded
graph beside the line-speed train: it runs the network's rail path between its two terminals
(the shortest by distance that the closures leave), so it pays the tariffs of the countries it
crosses and the border fees on the way and emits by the kilometre, but it is timed by the
service: its published hours (which already hold the border and gauge-change time in between)
plus the wait for the next departure, as for a liner sailing. The search decides between it and
the line-speed train.

This module holds the pieces that need no graph: which services apply, the path kernel, and the
retiming; :class:`landbridge.routing.graph.CompiledGraph` adds the edges.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from landbridge.costing.rates import EdgeFigures
from landbridge.model.cargo import Unit
from landbridge.model.costs import Service

__all__ = ["ScheduledRun", "rail_path", "retimed", "timed_services"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduledRun:
    """A scheduled train as the graph uses it: its name, how often it leaves, its published
    hours terminal to terminal, and the wait for the next departure (mean and p90)."""

    name: str
    origin: str
    destination: str
    departures_per_week: float
    hours: float
    wait_mean: float
    wait_p90: float

    @property
    def describe(self) -> str:
        return (f"{self.name} ({self.departures_per_week:g}/week, {self.hours:g} h "
                "terminal to terminal)")


def timed_services(services: Sequence[Service], unit: Unit) -> list[Service]:
    """The rail services of ``services`` that time a route for ``unit``: scheduled container
    block trains with published hours. A row without hours gives a frequency only, and bulk
    and reefer cargo ride the line-speed trains (the scheduled trains are container trains)."""
    if unit is not Unit.CONTAINER:
        return []
    return [s for s in services if s.mode.is_rail and s.hours is not None and s.hours > 0
            and s.departures_per_week > 0]


def rail_path(out_edges: Sequence[Sequence[int]], src: Sequence[int], dst: Sequence[int],
              km: Sequence[float], cost: Sequence[float], starts: Sequence[int],
              ends: frozenset[int], barred: frozenset[int] = frozenset()) -> list[int] | None:
    """The edges of the shortest path (by km, then cost) from any of ``starts`` to any node of
    ``ends``, over the edges listed in ``out_edges`` (the caller keeps only rail movements and
    the operations between rail layers) and through no node of ``barred``; None if there is
    none.

    Examples
    --------
    >>> rail_path([[0, 1], [2], [], []], src=[0, 0, 1], dst=[1, 2, 3], km=[1.0, 5.0, 1.0],
    ...           cost=[0.0, 0.0, 0.0], starts=[0], ends=frozenset({3}))
    [0, 2]
    """
    counter = itertools.count()  # breaks ties between equal labels without comparing nodes
    best: dict[int, tuple[float, float]] = {}
    came: dict[int, int] = {}  # node -> the edge that reached it on the best path
    heap: list[tuple[float, float, int, int]] = []
    for s in starts:
        best[s] = (0.0, 0.0)
        heapq.heappush(heap, (0.0, 0.0, next(counter), s))
    while heap:
        d, c, _, u = heapq.heappop(heap)
        if (d, c) > best[u]:
            continue
        if u in ends:
            path: list[int] = []
            while u in came:
                path.append(came[u])
                u = src[came[u]]
            return path[::-1]
        for e in out_edges[u]:
            v = dst[e]
            if v in barred:
                continue
            label = (d + km[e], c + cost[e])
            if v not in best or label < best[v]:
                best[v] = label
                came[v] = e
                heapq.heappush(heap, (*label, next(counter), v))
    return None


def retimed(pieces: Sequence[EdgeFigures], run: ScheduledRun) -> list[EdgeFigures]:
    """The figures of the path's ``pieces`` with the service's timing: its published hours
    shared among the pieces as the line-speed train would spend them (so that a segment of the
    run reads in proportion), the p90 scaled alike, and the wait for the departure on the first
    piece. Cost and emissions stay those of the pieces.

    Examples
    --------
    >>> run = ScheduledRun(name="t", origin="A", destination="B", departures_per_week=2,
    ...                    hours=30.0, wait_mean=42.0, wait_p90=75.6)
    >>> out = retimed([EdgeFigures(10, 13, 1.0, 0, 0), EdgeFigures(50, 65, 2.0, 0, 0)], run)
    >>> [round(f.hours_mean, 1) for f in out], round(sum(f.cost for f in out), 1)
    ([47.0, 25.0], 3.0)
    """
    line_hours = sum(f.hours_mean for f in pieces)
    out: list[EdgeFigures] = []
    for i, f in enumerate(pieces):
        if line_hours > 0:
            mean, p90 = run.hours * (f.hours_mean / line_hours), f.hours_p90 * (
                run.hours / line_hours)
        else:  # no line time to share by: equal shares
            mean = p90 = run.hours / len(pieces)
        if i == 0:
            mean, p90 = mean + run.wait_mean, p90 + run.wait_p90
        out.append(EdgeFigures(mean, p90, f.cost, f.ttw, f.wtw))
    return out
