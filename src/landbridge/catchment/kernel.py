"""The catchment kernel: for every origin x market, the best path through a gateway and the
best path that avoids it, on one compiled graph and one set of edge weights.

Two single-criterion Dijkstras (scipy) on the graph without the gateway's edges answer every
origin-market pair at once: the tree forward from all origins gives the best route that does
not use the gateway, and with the tree backward from all markets it gives, for each gateway
edge ``u -> v``, the best path ``origin ~> u -> v ~> market`` that uses the gateway once (on the
full graph the best way to a port's rail side may be by sea, through the port itself). A path
the planner would not list (see :func:`landbridge.planning.sensible.revisit`) is replaced by
the next gateway edge's path, or by the best path forced through another gateway. The kernel
trusts its inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from landbridge.network.network import Network
from landbridge.planning.sensible import Walk, revisit
from landbridge.routing.alternatives import tree_path
from landbridge.routing.graph import CompiledGraph, EdgeKind

__all__ = ["Admissible", "Forest", "PairPaths", "Trees", "all_gateway_edges", "forest",
           "gateway_edges", "pair_paths", "through", "trees"]

#: Weight given to a removed edge: finite (scipy keeps it in the matrix) but so large that no
#: path the kernel reports uses it (a route costs at most a few thousand USD/t).
_REMOVED = 1e12
#: Weights are floored at this (scipy drops explicit zeros from a sparse matrix).
_MIN_WEIGHT = 1e-9


#: Given the path through the gateway, whether a path avoiding it may stand as its rival: the
#: planner would list the two side by side.
Admissible = Callable[[list[int]], Callable[[list[int]], bool]]


@dataclass(frozen=True, slots=True)
class PairPaths:
    """Edge lists of the best sensible path through the gateway (``via``) and avoiding it
    (``other``) for each (origin row, market column); None where there is none."""

    via: list[list[list[int] | None]]
    other: list[list[list[int] | None]]


def gateway_edges(graph: CompiledGraph, place_ids: frozenset[str]) -> list[int]:
    """The edges where cargo passes the gateway at ``place_ids``: a border crossing (with or
    without a change of gauge), or boarding or leaving a ship or a ferry there. Loading at an
    origin and unloading at a market do not count."""
    return [i for i, e in enumerate(graph.edges)
            if e.kind is EdgeKind.TRANSFER and e.operation is not None
            and e.operation.is_gateway and e.a in place_ids]


def all_gateway_edges(graph: CompiledGraph) -> dict[str, list[int]]:
    """Every gateway's edges (see :func:`gateway_edges`), by place id."""
    out: dict[str, list[int]] = {}
    for i, e in enumerate(graph.edges):
        if e.kind is EdgeKind.TRANSFER and e.operation is not None and e.operation.is_gateway:
            out.setdefault(e.a, []).append(i)
    return out


def _matrix(graph: CompiledGraph, weights: NDArray[np.float64], *,
            reverse: bool) -> tuple[object, dict[tuple[int, int], int]]:
    """The sparse matrix of the lightest edge per node pair, and which edge that is."""
    from scipy.sparse import csr_matrix

    rows, cols = (graph.dst, graph.src) if reverse else (graph.src, graph.dst)
    order = np.lexsort((weights, cols, rows))  # by pair, lightest first
    r, c = rows[order], cols[order]
    first = np.ones(order.size, dtype=bool)
    first[1:] = (r[1:] != r[:-1]) | (c[1:] != c[:-1])
    edges = order[first]
    n = graph.node_count
    matrix = csr_matrix((weights[edges], (rows[edges], cols[edges])), shape=(n, n))
    best = dict(zip(zip(rows[edges].tolist(), cols[edges].tolist(), strict=True),
                    edges.tolist(), strict=True))
    return matrix, best


@dataclass(frozen=True, slots=True)
class Trees:
    """Shortest-path trees from every source (forward) and to every sink (backward)."""

    d_from: NDArray[np.float64]
    p_from: NDArray[np.int32]
    b_from: dict[tuple[int, int], int]
    d_to: NDArray[np.float64]
    p_to: NDArray[np.int32]
    b_to: dict[tuple[int, int], int]
    heads: dict[tuple[int, int], list[int] | None]
    tails: dict[tuple[int, int], list[int] | None]

    def head(self, i: int, source: int, node: int) -> list[int] | None:
        """The tree path from source ``i`` to ``node`` (shared by every market)."""
        key = (i, node)
        if key not in self.heads:
            self.heads[key] = tree_path(self.p_from[i], self.b_from, source, node)
        return self.heads[key]

    def tail(self, j: int, sink: int, node: int) -> list[int] | None:
        """The tree path from ``node`` to sink ``j``, sink first (shared by every origin)."""
        key = (j, node)
        if key not in self.tails:
            self.tails[key] = tree_path(self.p_to[j], self.b_to, sink, node)
        return self.tails[key]


def trees(graph: CompiledGraph, weights: NDArray[np.float64], sources: Sequence[int],
          sinks: Sequence[int]) -> Trees:
    """Shortest-path trees by ``weights`` from each of ``sources`` and to each of ``sinks``."""
    from scipy.sparse.csgraph import dijkstra

    fwd, b_from = _matrix(graph, weights, reverse=False)
    bwd, b_to = _matrix(graph, weights, reverse=True)
    d_f, p_f = dijkstra(fwd, directed=True, indices=list(sources), return_predecessors=True)
    d_b, p_b = dijkstra(bwd, directed=True, indices=list(sinks), return_predecessors=True)
    return Trees(d_f, p_f, b_from, d_b, p_b, b_to, {}, {})


@dataclass(frozen=True, slots=True)
class Forest:
    """Trees on the graph without the gateway's edges (``open``) and also without ocean
    voyages (``land``): a head or tail by land is the fallback when the cheapest one sails
    (the planner allows one ocean voyage, so rail to a port by way of another port's ship is
    not a route)."""

    open: Trees
    land: Trees
    #: the sensibility walk along each head and the gateway edge after it, by (head tree,
    #: source row, edge); None where that part alone is not sensible (see :func:`through`)
    walks: dict[tuple[int, int, int], Walk | None] = field(default_factory=dict)


def forest(graph: CompiledGraph, without: NDArray[np.float64], sources: Sequence[int],
           sinks: Sequence[int]) -> Forest:
    """The :class:`Forest` of ``graph`` weighted by ``without`` (removed edges at _REMOVED)."""
    land = without.copy()
    land[np.fromiter((e.kind is EdgeKind.SEA for e in graph.edges), dtype=bool,
                     count=len(graph.edges))] = _REMOVED
    return Forest(trees(graph, without, sources, sinks), trees(graph, land, sources, sinks))


def pair_paths(network: Network, graph: CompiledGraph, weights: NDArray[np.float64],
               gateway: Sequence[int], sources: Sequence[int], sinks: Sequence[int], *,
               rivals: bool = True, admissible: Admissible | None = None) -> PairPaths:
    """Best sensible paths through and around ``gateway`` (edge ids) from each of ``sources``
    to each of ``sinks`` (node ids) by ``weights`` (one per edge). The route avoiding the
    gateway is looked for only where there is one through it (and ``rivals`` is true); with
    ``admissible``, it is the best one that ``admissible`` accepts against the route through
    the gateway (the cheapest avoiding it may be a detour the planner would not list, while a
    dearer one would be)."""
    w = np.maximum(weights, _MIN_WEIGHT)
    without = w.copy()
    without[list(gateway)] = _REMOVED
    woods = forest(graph, without, sources, sinks)
    g = np.asarray(gateway, dtype=np.int64)
    at_gateway = _all_totals(graph, w, g, woods)
    blocked = set(gateway)
    others = np.asarray([i for i, e in enumerate(graph.edges)
                         if e.kind is EdgeKind.TRANSFER and e.operation is not None
                         and e.operation.is_gateway and i not in blocked], dtype=np.int64)
    via: list[list[list[int] | None]] = []
    other: list[list[list[int] | None]] = []
    for i, source in enumerate(sources):
        via_row: list[list[int] | None] = []
        other_row: list[list[int] | None] = []
        for j, sink in enumerate(sinks):
            best = None if source == sink else through(network, graph, w, g, woods, i, j,
                                                       source, sink, at_gateway[i, j])
            via_row.append(best)
            other_row.append(None if best is None or not rivals else
                             _other(network, graph, w, others, woods, i, j, source, sink,
                                    None if admissible is None else admissible(best)))
        via.append(via_row)
        other.append(other_row)
    return PairPaths(via, other)


def _combos(woods: Forest) -> tuple[tuple[Trees, Trees], ...]:
    """(head tree, tail tree) pairs, tried together cheapest first."""
    return ((woods.open, woods.open), (woods.land, woods.open), (woods.open, woods.land),
            (woods.land, woods.land))


def _all_totals(graph: CompiledGraph, w: NDArray[np.float64], edges: NDArray[np.int64],
                woods: Forest) -> NDArray[np.float64]:
    """Cost through each of ``edges`` for every (source, sink) and head/tail combination:
    shape (sources, sinks, combinations x edges), as :func:`through` lays them out."""
    parts = [a.d_from[:, graph.src[edges]][:, None, :] + w[edges]
             + b.d_to[:, graph.dst[edges]][None, :, :] for a, b in _combos(woods)]
    return np.concatenate(parts, axis=2)


def through(network: Network, graph: CompiledGraph, w: NDArray[np.float64],
            edges: NDArray[np.int64], woods: Forest, i: int, j: int, source: int,
            sink: int, totals: NDArray[np.float64] | None = None,
            accept: Callable[[list[int]], bool] | None = None) -> list[int] | None:
    """The best sensible path from ``source`` to ``sink`` through one of ``edges`` by ``w``,
    its head and its tail taken from the trees of ``woods`` (built without the gateway's edges,
    so that a path uses them once: on the full graph the best way to a port's rail side may be
    by sea, through the port itself), cheapest first, that ``accept`` (if given) accepts.
    ``totals`` are the costs of the combinations if already worked out (see
    :func:`_all_totals`)."""
    if edges.size == 0:
        return None
    combos = _combos(woods)
    if totals is None:
        totals = np.concatenate([a.d_from[i][graph.src[edges]] + w[edges]
                                 + b.d_to[j][graph.dst[edges]] for a, b in combos])
    for k in np.argsort(totals, kind="stable"):
        if not np.isfinite(totals[k]) or totals[k] >= _REMOVED:
            return None
        a, b = combos[int(k) // edges.size]
        edge = int(edges[int(k) % edges.size])
        head = a.head(i, source, int(graph.src[edge]))
        tail = b.tail(j, sink, int(graph.dst[edge]))
        if head is None or tail is None:
            continue
        start = _start(network, graph, woods, a is woods.open, i, head, edge)
        if start is None:
            continue
        end = tail[::-1]
        if start.copy().walk(network, graph, end) is None:
            path = [*head, edge, *end]
            if accept is None or accept(path):
                return path
    return None


def _start(network: Network, graph: CompiledGraph, woods: Forest, open_head: bool, i: int,
           head: list[int], edge: int) -> Walk | None:
    """The walk along ``head`` and ``edge`` (a path's start, shared by every sink), made once;
    None if that start is already not sensible (then no path through it is)."""
    key = (int(open_head), i, edge)
    if key not in woods.walks:
        walk = Walk()
        woods.walks[key] = walk if walk.walk(network, graph, [*head, edge]) is None else None
    return woods.walks[key]


def _other(network: Network, graph: CompiledGraph, w: NDArray[np.float64],
           others: NDArray[np.int64], woods: Forest, i: int, j: int, source: int,
           sink: int, accept: Callable[[list[int]], bool] | None = None) -> list[int] | None:
    """The best sensible path avoiding the gateway that ``accept`` (if given) accepts: the
    shortest path if it is one, else the best one through another gateway."""
    dist = woods.open.d_from[i][sink]
    if not np.isfinite(dist) or dist >= _REMOVED:
        return None
    path = woods.open.head(i, source, sink)
    if (path is not None and revisit(network, graph, path) is None
            and (accept is None or accept(path))):
        return path
    return through(network, graph, w, others, woods, i, j, source, sink, accept=accept)
