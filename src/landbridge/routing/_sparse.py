"""The expanded graph as scipy sparse matrices, with the layout computed once per graph.

Building a matrix from (row, column) pairs sorts them every time; a graph's pairs never change,
only the weights do (the objective, the carrying cost). So the sorted layout is kept per graph
and direction, and each search only gathers its weights into it. The matrix is the same one
``csr_matrix((w, (rows, cols)))`` builds (canonical: rows, then columns, in order), so every
search gives the same distances and the same predecessors as before.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from landbridge.routing.graph import CompiledGraph

__all__ = ["EdgeLayout", "edge_layout", "weighted_matrix"]


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
