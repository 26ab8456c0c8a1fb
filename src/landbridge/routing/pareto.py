"""Multi-criteria label-setting search: the Pareto set of paths over (time, cost, CO2e).

The kernel trusts its inputs (the planner validates them). It is Martins' label-setting
algorithm with two accelerations: lower bounds to the sink on each criterion (one reverse
Dijkstra per criterion) order the queue like A* and prune any label whose optimistic completion
is already dominated by a route found, and labels within a relative ``eps`` of an existing
label at the same node are merged. Ties in the queue break on a counter, never on labels. A
node from which the sink cannot be reached gets no label (edge hours are finite, so its bound
is infinite). The lower bounds are kept per graph, sink and carrying cost: they serve the
searches to that market from every origin; so are each node's out-edges, as the tuples the
kernel reads (with the bounds from their heads), made the first time a search leaves the node.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections.abc import Collection, Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from landbridge.routing._sparse import shortest_distances_many
from landbridge.routing.graph import CompiledGraph

__all__ = ["ParetoPath", "dominates", "pareto_paths", "undominated"]


class ParetoPath(NamedTuple):
    """A path (edge indices, source to sink) and its totals: hours, USD/t, kg CO2e/t (WTW).
    A named tuple: a question makes some fifty (speed, issue 14)."""

    edges: tuple[int, ...]
    hours: float
    cost: float
    co2e: float


def dominates(a: tuple[float, float, float], b: tuple[float, float, float],
              eps: float = 0.0) -> bool:
    """Whether ``a`` is no worse than ``b`` (within ``eps``) on every criterion.

    Examples
    --------
    >>> dominates((1, 2, 3), (1, 2, 4)), dominates((1, 2, 3), (0, 5, 3))
    (True, False)
    """
    k = 1.0 + eps
    return a[0] <= b[0] * k and a[1] <= b[1] * k and a[2] <= b[2] * k


def _lower_bounds(graph: CompiledGraph, weights: Sequence[NDArray[np.float64]],
                  sink: int) -> list[NDArray[np.float64]]:
    # reverse graph: distance from every node to the sink; tiny floor keeps zero edges
    return shortest_distances_many(graph, [(w, sink, True) for w in weights], floor=1e-9)


@functools.lru_cache(maxsize=64)
def _edge_costs(graph: CompiledGraph, carry_per_hour: float) -> list[float]:
    """Each edge's cost with the carrying cost, as a list, once per graph and carrying cost.
    Not to be changed."""
    cost: list[float] = (graph.cost + carry_per_hour * graph.hours).tolist()
    return cost


_Label = tuple[float, float, float, int, int, int, int, float, float, float]
"""A label of the search (see :func:`pareto_paths`)."""

_Step = tuple[int, float, float, float, int, float, float, float]
"""An edge as the kernel reads it: its index, hours, cost with the carrying cost, kg CO2e,
head node times two (its key without the via flag, see :func:`pareto_paths`), and the lower
bounds to the sink from its head on hours, cost and kg CO2e."""


class _Steps:
    """Each node's out-edges towards one sink as :data:`_Step` tuples (the kernel unpacks
    one tuple per edge instead of indexing seven lists), leaving out the edges to a node from
    which the sink cannot be reached; each node's made the first time a search leaves the
    node, and kept: a search leaves a third of the nodes, so a first question does not pay
    for all."""

    __slots__ = ("_columns", "_out", "bounds", "by_node")

    def __init__(self, graph: CompiledGraph, sink: int, carry_per_hour: float) -> None:
        self._columns = (graph.hours.tolist(), _edge_costs(graph, carry_per_hour),
                         graph.wtw.tolist(), graph.dst.tolist())
        self._out = graph.out_edges
        #: by node: its lower bounds to the sink (see :func:`_bounds_to`)
        self.bounds = _bounds_to(graph, sink, carry_per_hour)
        #: by node: its steps, None until made
        self.by_node: list[tuple[_Step, ...] | None] = [None] * graph.node_count

    def make(self, node: int) -> tuple[_Step, ...]:
        """The steps of ``node``, made and kept (made twice by two threads, they are equal)."""
        hours, cost, wtw, dst = self._columns
        bounds = self.bounds
        made = self.by_node[node] = tuple([
            (e, hours[e], cost[e], wtw[e], 2 * v, *bound) for e in self._out[node]
            if (bound := bounds[v := dst[e]]) is not None])
        return made


#: Sinks whose lower bounds, and edges as the kernel reads them, are kept: a service asks
#: about a few dozen markets, each from many origins, for a few cargoes. About 100 KB each
#: on the bundled network, and up to about 150 KB more for the edges.
_KEPT_SINKS = 128


@functools.lru_cache(maxsize=_KEPT_SINKS)
def _bounds_to(graph: CompiledGraph, sink: int,
               carry_per_hour: float) -> list[tuple[float, float, float] | None]:
    """Lower bounds to ``sink`` from each node on hours, cost (with the carrying cost) and
    kg CO2e, None from a node that cannot reach it; once per graph, sink and carrying cost:
    the bounds of a market serve the searches from every origin. Not to be changed."""
    cost = np.array(_edge_costs(graph, carry_per_hour))
    lb_t, lb_c, lb_e = _lower_bounds(graph, (graph.hours, cost, graph.wtw), sink)
    return [None if math.isinf(t) else (t, c, e)
            for t, c, e in zip(lb_t.tolist(), lb_c.tolist(), lb_e.tolist(), strict=True)]


@functools.lru_cache(maxsize=_KEPT_SINKS)
def _steps(graph: CompiledGraph, sink: int, carry_per_hour: float) -> _Steps:
    """The kernel's :class:`_Steps`, one per graph, sink and carrying cost."""
    return _Steps(graph, sink, carry_per_hour)


def pareto_paths(
    graph: CompiledGraph,
    source: int,
    sink: int,
    *,
    carry_per_hour: float = 0.0,
    max_hours: float = math.inf,
    via: Collection[int] = (),
    eps: float = 0.005,
    max_labels: int = 200_000,
) -> list[ParetoPath]:
    """Pareto-optimal paths from ``source`` to ``sink`` over (hours, cost, kg CO2e).

    ``carry_per_hour`` adds the cargo's carrying cost (USD/t per hour) to each edge's cost;
    ``max_hours`` drops paths whose expected time exceeds it; ``via`` requires the path to
    use one of those edges (the planner passes the hub operations at a place, so that "via"
    means the cargo is handled there, not that a train or a ship passes by).
    """
    steps = _steps(graph, sink, carry_per_hour)
    bounds, by_node = steps.bounds, steps.by_node
    start = bounds[source]
    if start is None:
        return []
    nt, nc, ne = (max(x, 1e-9) for x in start)
    via_set = frozenset(via)
    need_via = bool(via_set)
    k = 1.0 + eps  # "within eps": no worse than (1 + eps) times, as in dominates()
    if start[0] > max_hours:
        return []

    # labels, by index: (hours, cost, co2e, the label's index, key: node * 2 + via flag,
    # predecessor label, edge, and the optimistic totals at the sink: hours, cost, co2e)
    labels: list[_Label] = [(0.0, 0.0, 0.0, 0, source * 2, -1, -1, 0.0 + start[0],
                             0.0 + start[1], 0.0 + start[2])]
    label = labels.append
    dead: set[int] = set()  # labels dominated after they were made
    # by key: the living labels there, the same tuples as in labels (a tuple a label)
    at_node: list[list[_Label] | None] = [None] * (2 * len(bounds))
    at_node[source * 2] = [labels[0]]
    found: list[int] = []  # labels at the sink
    found_values: list[tuple[float, float, float]] = []
    # the queue: (priority, label); labels are numbered in order, so ties go to the older
    heap: list[tuple[float, int]] = [(start[0] / nt + start[1] / nc + start[2] / ne, 0)]
    pop, push = heapq.heappop, heapq.heappush
    while heap and len(labels) < max_labels:
        index = pop(heap)[1]
        if index in dead:
            continue
        t0, c0, e0, _, key, _, _, bt, bc, be = labels[index]
        node, flag = key >> 1, key & 1
        if node == sink:
            if flag or not need_via:
                found.append(index)
                found_values.append((t0, c0, e0))
            continue
        if found_values:
            kt, kc, ke = bt * k, bc * k, be * k
            dominated = False
            for ft, fc, fe in found_values:
                if ft <= kt and fc <= kc and fe <= ke:
                    dominated = True
                    break
            if dominated:
                continue
        out = by_node[node]
        if out is None:
            out = steps.make(node)
        for edge, hours, cost, co2e, v2, lt, lc, le in out:
            # a label for the edge's head (the sink can be reached from there: no step leads
            # to where it cannot), unless a route found or a label there dominates it; the
            # tests are dominates() written out, as this is the kernel's hot path
            t = t0 + hours
            bt = t + lt
            if bt > max_hours:
                continue
            c, e = c0 + cost, e0 + co2e
            bc, be = c + lc, e + le
            if found_values:
                kt, kc, ke = bt * k, bc * k, be * k
                dominated = False
                for ft, fc, fe in found_values:  # a loop, not any(): no generator per edge
                    if ft <= kt and fc <= kc and fe <= ke:
                        dominated = True
                        break
                if dominated:
                    continue
            key = v2 + 1 if need_via and not flag and edge in via_set else v2 + flag
            bucket = at_node[key]
            if bucket is None:
                bucket = at_node[key] = []
            elif bucket:
                kt, kc, ke = t * k, c * k, e * k
                dominated = False
                beaten = False  # whether the new label dominates one there
                for other in bucket:
                    ot, oc, oe = other[0], other[1], other[2]
                    if ot <= kt and oc <= kc and oe <= ke:
                        dominated = True
                        break
                    if t <= ot and c <= oc and e <= oe:
                        beaten = True
                if dominated:
                    continue
                if beaten:
                    kept = []
                    for other in bucket:
                        if t <= other[0] and c <= other[1] and e <= other[2]:
                            dead.add(other[3])
                        else:
                            kept.append(other)
                    bucket[:] = kept
            new = len(labels)
            made = (t, c, e, new, key, index, edge, bt, bc, be)
            label(made)
            bucket.append(made)
            push(heap, (bt / nt + bc / nc + be / ne, new))

    paths = []
    for f in found:
        if f in dead:
            continue
        edges: list[int] = []
        cursor = f
        while labels[cursor][6] >= 0:
            edges.append(labels[cursor][6])
            cursor = labels[cursor][5]
        edges.reverse()
        t, c, e = labels[f][:3]
        paths.append(ParetoPath(tuple(edges), t, c, e))
    return _non_dominated(paths)


def _non_dominated(paths: list[ParetoPath]) -> list[ParetoPath]:
    kept = undominated([(p.hours, p.cost, p.co2e) for p in paths])
    return [p for p, keep in zip(paths, kept, strict=True) if keep]


def undominated(values: Sequence[tuple[float, float, float]]) -> list[bool]:
    """Whether each of ``values`` is dominated by none of the others (see :func:`dominates`;
    one equal to it does not count).

    Examples
    --------
    >>> undominated([(1, 2, 3), (1, 2, 4), (0, 5, 3), (1, 2, 3)])
    [True, False, True, True]
    """
    kept = []
    for a in values:
        at, ac, ae = a
        for b in values:  # dominates() written out: a question compares some hundred pairs
            if b[0] <= at and b[1] <= ac and b[2] <= ae and b != a:
                kept.append(False)
                break
        else:
            kept.append(True)
    return kept
