"""Alternatives through given edges: the best path that must use a particular gateway.

For "via the Caspian" or "via Iran" when those corridors are dominated: one Dijkstra from the
source and one to the sink (scipy) give, for every gateway edge ``u -> v``, the best path
``source ~> u -> v ~> sink``. Paths that would visit a node twice are dropped. The kernel
trusts its inputs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import NDArray

from landbridge.routing._sparse import edge_layout, shortest_tree
from landbridge.routing.graph import CompiledGraph

__all__ = ["gateway_edges", "paths_through", "tree_path"]


@functools.lru_cache(maxsize=64)
def gateway_edges(graph: CompiledGraph) -> tuple[int, ...]:
    """The edges of ``graph`` that pass a gateway (a border, a port, a ferry terminal), once
    per graph."""
    return tuple(i for i, e in enumerate(graph.edges)
                 if e.operation is not None and e.operation.is_gateway)


def _tree(graph: CompiledGraph, weights: NDArray[np.float64], start: int,
          reverse: bool) -> tuple[NDArray[np.float64], NDArray[np.int32], dict[tuple[int, int],
                                                                               int]]:
    layout = edge_layout(graph, reverse=reverse)
    if layout is not None:  # no two edges join the same nodes: each is its pair's best
        dist, pred = shortest_tree(graph, weights, start, floor=1e-9, reverse=reverse)
        return dist, pred, layout.edge_of
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
    return dist, pred.astype(np.int32), best


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
                  gateways: Iterable[int], *, limit: int) -> list[Sequence[int]]:
    """Up to ``limit`` best loop-free paths, each forced through a different gateway edge,
    cheapest by ``weights`` first (edge index lists, source to sink)."""
    d_from, p_from, b_from = _tree(graph, weights, source, reverse=False)
    d_to, p_to, b_to = _tree(graph, weights, sink, reverse=True)
    src, dst = graph.src, graph.dst
    gate = np.fromiter(gateways, dtype=np.int64)
    head_d, tail_d = d_from[src[gate]], d_to[dst[gate]]
    reachable = np.isfinite(head_d) & np.isfinite(tail_d)
    gate = gate[reachable]
    score = head_d[reachable] + weights[gate] + tail_d[reachable]
    pred_from, pred_to = p_from.tolist(), p_to.tolist()
    src_of, dst_of = src.tolist(), dst.tolist()
    out: list[Sequence[int]] = []
    for g in gate[np.lexsort((gate, score))].tolist():  # cheapest first, ties by edge
        head = tree_path(pred_from, b_from, source, src_of[g])
        tail = tree_path(pred_to, b_to, sink, dst_of[g])
        if head is None or tail is None:
            continue
        path = [*head, g, *reversed(tail)]
        nodes = [src_of[e] for e in path]
        nodes.append(dst_of[path[-1]])
        if len(set(nodes)) != len(nodes):
            continue
        out.append(path)
        if len(out) >= limit:
            break
    return out
