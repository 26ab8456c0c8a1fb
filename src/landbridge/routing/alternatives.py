"""Alternatives through given edges: the best path that must use a particular gateway.

For "via the Caspian" or "via Iran" when those corridors are dominated: one Dijkstra from the
source and one to the sink (scipy) give, for every gateway edge ``u -> v``, the best path
``source ~> u -> v ~> sink``. Paths that would visit a node twice are dropped. The kernel
trusts its inputs.

The two trees are kept, with the walks from the gateways to their roots, per graph, weighting
and terminal: a question from the same origin or to the same market with the same cargo and
objective reuses them (the trees do not depend on the other end, the seed or the samples).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from landbridge.routing._sparse import (
    NO_PREDECESSOR,
    edge_layout,
    shortest_distances,
    tree_of,
)
from landbridge.routing.graph import CompiledGraph

__all__ = ["gateway_edges", "paths_through", "tree_path"]


@functools.lru_cache(maxsize=64)
def gateway_edges(graph: CompiledGraph) -> tuple[int, ...]:
    """The edges of ``graph`` that pass a gateway (a border, a port, a ferry terminal), in
    edge order, once per graph."""
    return tuple(i for i, e in graph.edges.others()
                 if e.operation is not None and e.operation.is_gateway)


@functools.lru_cache(maxsize=64)
def _gateway_array(graph: CompiledGraph) -> NDArray[np.intp]:
    """:func:`gateway_edges` as an array, once per graph (read-only)."""
    gates = np.array(gateway_edges(graph), dtype=np.intp)
    gates.setflags(write=False)
    return gates


#: Shortest-path trees kept (a tree from each origin terminal, a tree to each market
#: terminal, per graph and weighting): a service asks about each terminal with many others.
#: About 50 KB each on the bundled network.
_KEPT_TREES = 256


def _trees(graph: CompiledGraph, weights: NDArray[np.float64], source: int,
           sink: int) -> tuple[_Tree, _Tree]:
    """The shortest-path trees from ``source`` and to ``sink``."""
    weighting = _Weighting(np.ascontiguousarray(weights, dtype=np.float64).tobytes())
    return _tree(graph, weighting, source, False), _tree(graph, weighting, sink, True)


#: A weighting is hashed by every this many of its bytes (a prime: bytes from every place in
#: the doubles).
_HASHED_EVERY = 97


@dataclass(frozen=True, slots=True)
class _Weighting:
    """Edge weights compared and hashed by value, so that a tree over the same weights is
    built once (a query computes its weights afresh).

    Hashed by a sample of its bytes: hashing all of them (14 KB on the bundled network) takes
    some 4 us, a sixth of a search for alternatives; weightings that share the sample are
    still told apart, by comparing all their bytes."""

    data: bytes

    def __hash__(self) -> int:
        return hash(self.data[::_HASHED_EVERY])

    def array(self) -> NDArray[np.float64]:
        """The weights, read-only."""
        return np.frombuffer(self.data, dtype=np.float64)


@functools.lru_cache(maxsize=_KEPT_TREES)
def _tree(graph: CompiledGraph, weighting: _Weighting, root: int, reverse: bool) -> _Tree:
    """The shortest-path tree from ``root`` (to it if ``reverse``). Not to be changed."""
    weights = weighting.array()
    if (edge_layout(graph, reverse=False) is not None
            and edge_layout(graph, reverse=True) is not None):
        # no two edges join the same nodes: each is its pair's best
        dist = shortest_distances(graph, weights, root, floor=1e-9, reverse=reverse)
        _, edge = tree_of(graph, weights, dist, floor=1e-9, reverse=reverse)
        dist.setflags(write=False)
        edges, steps = edge.tolist(), _steps(graph, reverse)
    else:
        dist, edges, steps = _edge_by_edge(graph, weights, root, reverse=reverse)
    # the walks from the gateways' near ends, which every search through them reads, in the
    # order a path takes them: from the root in a tree from it, to the root in a tree to it
    gates = _gateway_array(graph)
    walked: dict[int, _Walk | None] = {}
    walks: list[_Walk | None] = []
    for g in gates.tolist():
        walk = _walk(edges, steps, root, steps[g], walked)
        if walk is not None and not reverse:
            walk = (walk[0][::-1], walk[1])
        walks.append(walk)
    ends = dist[(graph.dst if reverse else graph.src)[gates]]
    ends.setflags(write=False)
    return _Tree(dist, ends, tuple(walks))


@functools.lru_cache(maxsize=64)
def _steps(graph: CompiledGraph, reverse: bool) -> list[int]:
    """The end of each edge towards a tree's root: its tail in a tree from the root, its head
    in a tree to it. Not to be changed."""
    steps: list[int] = (graph.dst if reverse else graph.src).tolist()
    return steps


_Walk = tuple[tuple[int, ...], int]
"""A walk between a node and a tree's root: its edges and the nodes they join, as a set of
bits (bit ``i`` for node ``i``: a union or an intersection is one operation on an integer)."""


@dataclass(frozen=True, slots=True)
class _Tree:
    """A shortest-path tree: distances from (or to) the root; and for each gateway edge of
    the graph (:func:`gateway_edges`, in order), the distance between the root and the edge's
    near end (its tail in a tree from the root, its head in a tree to it), and the walk
    between them (None if the near end is not in the tree), its edges in the order a path
    takes them."""

    dist: NDArray[np.float64]
    ends: NDArray[np.float64]
    walks: tuple[_Walk | None, ...]


def _walk(edge: list[int], step: list[int], root: int, node: int,
          walked: dict[int, _Walk | None]) -> _Walk | None:
    """The walk from ``node`` to ``root`` over the tree of ``edge`` and ``step`` (its edges
    towards the root); each walk found on the way is added to ``walked``, and a walk there is
    not walked again."""
    pending: list[tuple[int, int]] = []  # (node, its edge towards the root)
    cursor = node
    known: _Walk | None
    while True:
        if cursor in walked:
            known = walked[cursor]
            break
        if cursor == root:
            known = walked[cursor] = ((), 1 << root)
            break
        e = edge[cursor]
        if e < 0:
            known = walked[cursor] = None
            break
        pending.append((cursor, e))
        cursor = step[e]
    for below, e in reversed(pending):  # back down: a node's edge, then its parent's walk
        if known is not None:
            known = ((e, *known[0]), known[1] | (1 << below))
        walked[below] = known
    return known


def _edge_by_edge(graph: CompiledGraph, weights: NDArray[np.float64], start: int,
                  reverse: bool) -> tuple[NDArray[np.float64], list[int], list[int]]:
    """The tree of a graph with parallel edges: the lightest edge of each pair of nodes."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    best: dict[tuple[int, int], int] = {}
    for e, (u, v) in enumerate(zip(graph.src.tolist(), graph.dst.tolist(), strict=True)):
        key = (v, u) if reverse else (u, v)
        if key not in best or weights[e] < weights[best[key]]:
            best[key] = e
    edges = np.fromiter(best.values(), dtype=np.int64)
    rows, cols = (graph.dst, graph.src) if reverse else (graph.src, graph.dst)
    n = graph.node_count
    matrix = csr_matrix((np.maximum(weights[edges], 1e-9), (rows[edges], cols[edges])),
                        shape=(n, n))
    dist, pred = dijkstra(matrix, directed=True, indices=start, return_predecessors=True)
    edge = [best[(int(p), v)] if p >= 0 else NO_PREDECESSOR
            for v, p in enumerate(pred.tolist())]
    dist.setflags(write=False)
    return dist, edge, _steps(graph, reverse)


def tree_path(pred: NDArray[np.int32] | Sequence[int], best: dict[tuple[int, int], int],
              start: int, end: int) -> list[int] | None:
    """Edges of the tree path from ``start`` to ``end`` (in the tree's own direction), given
    the tree's predecessors and the edge joining each (predecessor, node) pair; None if
    ``end`` is not in the tree (``pred`` as a list walks faster than as an array)."""
    out: list[int] = []
    node = end
    while node != start:
        prev = int(pred[node])
        if prev < 0:
            return None
        out.append(best[(prev, node)])
        node = prev
    out.reverse()
    return out


def paths_through(graph: CompiledGraph, source: int, sink: int, weights: NDArray[np.float64],
                  *, limit: int) -> list[tuple[int, ...]]:
    """Up to ``limit`` best loop-free paths, each forced through a different gateway edge of
    ``graph`` (:func:`gateway_edges`), cheapest by ``weights`` first, ties by edge (edge index
    tuples, source to sink)."""
    head_tree, tail_tree = _trees(graph, weights, source, sink)
    gates = _gateway_array(graph)
    score = head_tree.ends + weights[gates] + tail_tree.ends
    # cheapest first, ties by edge (the gates are in edge order); a gateway whose near end
    # is out of either tree has an infinite score, and no walk
    order = score.argsort(kind="stable").tolist()
    gate_list, heads, tails = gateway_edges(graph), head_tree.walks, tail_tree.walks
    out: list[tuple[int, ...]] = []
    for i in order:
        head, tail = heads[i], tails[i]
        if head is None or tail is None:
            continue
        # each walk visits a node once: the path visits one twice if the walks share it
        if head[1] & tail[1]:
            continue
        out.append((*head[0], gate_list[i], *tail[0]))
        if len(out) >= limit:
            break
    return out
