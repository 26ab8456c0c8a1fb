"""Shortest paths over the expanded graph, with the graph's layout computed once.

Building a matrix from (row, column) pairs sorts them every time; a graph's pairs never change,
only the weights do (the objective, the carrying cost). So the sorted layout is kept per graph
and direction, and each search only gathers its weights into it. The matrix is the same one
``csr_matrix((w, (rows, cols)))`` builds (canonical: rows, then columns, in order).

Importing scipy's graph routines takes longer than a whole cold route query, so a process that
has not imported them searches with a binary heap in Python for its first few searches (a
command-line route), and with scipy after that (a service, a loop). Both give the same
distances to the last bit: a node's distance is the least of ``dist[u] + w`` over its settled
predecessors, the same double-precision sums in either. The search tree is then read off the
distances by one rule (the tight predecessor with the least distance, then the lowest index),
so that a route does not depend on which search ran.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from landbridge.routing.graph import CompiledGraph

__all__ = [
    "EdgeLayout",
    "edge_layout",
    "shortest_distances",
    "shortest_distances_many",
    "shortest_tree",
    "weighted_matrix",
]


@dataclass(frozen=True, slots=True, eq=False)
class EdgeLayout:
    """Where each edge sits in the compressed-row matrix of one direction of a graph."""

    order: NDArray[np.intp]  # matrix entry k holds edge order[k]
    indices: NDArray[np.int32]
    indptr: NDArray[np.int32]
    edge_of: dict[tuple[int, int], int]  # (row, column) -> edge


@functools.lru_cache(maxsize=64)
def edge_layout(graph: CompiledGraph, *, reverse: bool) -> EdgeLayout | None:
    """The layout of ``graph`` (edges from ``dst`` to ``src`` if ``reverse``); None if two
    edges join the same pair of nodes, which a matrix would merge (callers then build theirs
    edge by edge)."""
    rows, cols = (graph.dst, graph.src) if reverse else (graph.src, graph.dst)
    order = np.lexsort((cols, rows))
    r, c = rows[order], cols[order]
    if np.any((r[1:] == r[:-1]) & (c[1:] == c[:-1])):
        return None
    counts = np.bincount(r, minlength=graph.node_count)
    indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
    edge_of = dict(zip(zip(r.tolist(), c.tolist(), strict=True), order.tolist(), strict=True))
    return EdgeLayout(order, c.astype(np.int32), indptr, edge_of)


def weighted_matrix(graph: CompiledGraph, weights: NDArray[np.float64], *, floor: float,
                    reverse: bool) -> Any:
    """``graph`` as a sparse matrix of ``weights`` (at least ``floor``, so that zero-weight
    edges stay in it)."""
    from scipy.sparse import csr_matrix

    n = graph.node_count
    layout = edge_layout(graph, reverse=reverse)
    if layout is None:
        rows, cols = (graph.dst, graph.src) if reverse else (graph.src, graph.dst)
        return csr_matrix((np.maximum(weights, floor), (rows, cols)), shape=(n, n))
    data = np.maximum(weights[layout.order], floor)
    return csr_matrix((data, layout.indices, layout.indptr), shape=(n, n))


#: Marks a node without a predecessor (the start, or unreachable), as scipy does.
NO_PREDECESSOR = -9999
#: Searches a process runs in Python before it imports scipy's, which are faster once imported:
#: a route from the command line runs about ten; a service or a loop soon runs more.
_PYTHON_SEARCHES = 24
_searches = itertools.count()


def _scipy_now() -> bool:
    """Whether to search with scipy: once it is imported, or once the process is warm."""
    return "scipy.sparse.csgraph" in sys.modules or next(_searches) >= _PYTHON_SEARCHES


def shortest_distances(graph: CompiledGraph, weights: NDArray[np.float64], start: int, *,
                       floor: float, reverse: bool) -> NDArray[np.float64]:
    """Distances from ``start`` over ``graph`` (towards ``start`` if ``reverse``), each edge
    weighing ``weights`` but at least ``floor``; ``inf`` where unreachable."""
    layout = edge_layout(graph, reverse=reverse)
    if layout is None or _scipy_now():
        from scipy.sparse.csgraph import dijkstra

        matrix = weighted_matrix(graph, weights, floor=floor, reverse=reverse)
        out: NDArray[np.float64] = dijkstra(matrix, directed=True, indices=start)
        return out
    data = np.maximum(weights[layout.order], floor)
    return _heap_search(layout.indptr.tolist(), layout.indices.tolist(), data.tolist(),
                        graph.node_count, start)


Search = tuple[NDArray[np.float64], int, bool]
"""One search of :func:`shortest_distances_many`: edge weights, start node, reverse."""


def shortest_distances_many(graph: CompiledGraph, searches: Sequence[Search], *,
                            floor: float) -> list[NDArray[np.float64]]:
    """:func:`shortest_distances` for several searches over ``graph`` at once: one copy of the
    graph per search, stacked as disconnected blocks of one matrix, and one call of scipy's
    Dijkstra from each search's start in its own block. Each block's distances are those of
    its search alone, to the last bit (the same sums over the same edges); one call's
    overhead is paid instead of several."""
    layouts = [edge_layout(graph, reverse=reverse) for _, _, reverse in searches]
    if len(searches) < 2 or any(lay is None for lay in layouts) or not _scipy_now():
        return [shortest_distances(graph, w, start, floor=floor, reverse=reverse)
                for w, start, reverse in searches]
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    n = graph.node_count
    indices, indptr = _stacked(graph, tuple(reverse for _, _, reverse in searches))
    data = np.concatenate([np.maximum(w[lay.order], floor)  # type: ignore[union-attr]
                           for (w, _, _), lay in zip(searches, layouts, strict=True)])
    size = n * len(searches)
    matrix = csr_matrix((data, indices, indptr), shape=(size, size))
    starts = [start + block * n for block, (_, start, _) in enumerate(searches)]
    out = dijkstra(matrix, directed=True, indices=starts)
    return [out[block, block * n:(block + 1) * n] for block in range(len(searches))]


@functools.lru_cache(maxsize=64)
def _stacked(graph: CompiledGraph,
             reverses: tuple[bool, ...]) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """Column indices and row pointers of ``graph``'s matrices stacked diagonally, one block
    per direction in ``reverses``."""
    n = graph.node_count
    indices: list[NDArray[np.int32]] = []
    indptr: list[NDArray[np.int32]] = [np.zeros(1, dtype=np.int32)]
    filled = 0
    for block, reverse in enumerate(reverses):
        layout = edge_layout(graph, reverse=reverse)
        assert layout is not None
        indices.append(layout.indices + np.int32(block * n))
        indptr.append(layout.indptr[1:] + np.int32(filled))
        filled += layout.indices.size
    return np.concatenate(indices), np.concatenate(indptr)


def shortest_tree(graph: CompiledGraph, weights: NDArray[np.float64], start: int, *,
                  floor: float, reverse: bool) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
    """Distances from ``start`` and a shortest-path tree as predecessors (``NO_PREDECESSOR``
    at the start and where unreachable), for a graph without parallel edges."""
    dist = shortest_distances(graph, weights, start, floor=floor, reverse=reverse)
    pred, _ = tree_of(graph, weights, dist, floor=floor, reverse=reverse)
    return dist, pred


def tree_of(graph: CompiledGraph, weights: NDArray[np.float64], dist: NDArray[np.float64], *,
            floor: float, reverse: bool) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """The shortest-path tree of distances ``dist`` (from :func:`shortest_distances` with the
    same arguments), as each node's predecessor and the edge joining them (``NO_PREDECESSOR``
    at the start and where unreachable), for a graph without parallel edges."""
    layout = edge_layout(graph, reverse=reverse)
    if layout is None:
        raise ValueError("the graph has parallel edges; build the tree edge by edge")
    data = np.maximum(weights[layout.order], floor)
    rows = np.repeat(np.arange(graph.node_count), np.diff(layout.indptr))
    cols = layout.indices
    before, after = dist[rows], dist[cols]
    # tight: the edge lies on a shortest path; strictly closer, so the tree has no cycle
    tight = np.flatnonzero(np.isfinite(before) & (before + data == after) & (before < after))
    pick = tight[np.lexsort((rows[tight], before[tight], cols[tight]))]
    first = np.ones(pick.size, dtype=bool)
    first[1:] = cols[pick[1:]] != cols[pick[:-1]]
    pred = np.full(graph.node_count, NO_PREDECESSOR, dtype=np.int32)
    pred_edge = np.full(graph.node_count, NO_PREDECESSOR, dtype=np.int32)
    pred[cols[pick[first]]] = rows[pick[first]]
    pred_edge[cols[pick[first]]] = layout.order[pick[first]]
    return pred, pred_edge


def _heap_search(indptr: list[int], indices: list[int], data: list[float], n: int,
                 start: int) -> NDArray[np.float64]:
    dist = [math.inf] * n
    settled = [False] * n
    dist[start] = 0.0
    heap: list[tuple[float, int, int]] = [(0.0, 0, start)]
    counter = 0
    while heap:
        d, _, u = heapq.heappop(heap)
        if settled[u]:
            continue
        settled[u] = True
        for k in range(indptr[u], indptr[u + 1]):
            v = indices[k]
            candidate = d + data[k]
            if candidate < dist[v]:
                dist[v] = candidate
                counter += 1
                heapq.heappush(heap, (candidate, counter, v))
    return np.array(dist, dtype=np.float64)
