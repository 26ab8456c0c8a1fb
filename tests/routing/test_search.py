"""The Python heap search gives scipy's distances to the last bit, its trees are shortest-path
trees, and a cold process that never imports scipy plans the same routes as a warm one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import landbridge
from landbridge.model.cargo import Unit
from landbridge.model.places import CargoClass
from landbridge.network.network import Network
from landbridge.planning import RouteRequest, plan_routes
from landbridge.routing._sparse import (
    NO_PREDECESSOR,
    _heap_search,
    edge_layout,
    shortest_distances_many,
    shortest_tree,
    tree_of,
    weighted_matrix,
)
from landbridge.routing.graph import CompiledGraph, GraphKey, compile_graph


@pytest.fixture(params=[(CargoClass.BULK_GRAIN, Unit.BULK), (CargoClass.CONTAINER,
                                                              Unit.CONTAINER)])
def graph(network: Network, request: pytest.FixtureRequest) -> CompiledGraph:
    cargo, unit = request.param
    return compile_graph(network, GraphKey(cargo=cargo, unit=unit))


def _weights(graph: CompiledGraph) -> list[np.ndarray]:
    return [graph.hours, graph.cost + 0.05 * graph.hours, graph.wtw]


@pytest.mark.parametrize("reverse", [False, True])
def test_heap_search_gives_scipys_distances(graph: CompiledGraph, reverse: bool) -> None:
    from scipy.sparse.csgraph import dijkstra

    layout = edge_layout(graph, reverse=reverse)
    assert layout is not None
    starts = [*graph.sources.values()][:4] + [*graph.sinks.values()][:4]
    for weights in _weights(graph):
        data = np.maximum(weights[layout.order], 1e-9)
        matrix = weighted_matrix(graph, weights, floor=1e-9, reverse=reverse)
        for start in starts:
            ours = _heap_search(layout.indptr.tolist(), layout.indices.tolist(), data.tolist(),
                                graph.node_count, start)
            theirs = dijkstra(matrix, directed=True, indices=start)
            assert np.array_equal(ours, theirs)


def test_the_tree_is_a_shortest_path_tree(graph: CompiledGraph) -> None:
    weights = graph.cost + 0.05 * graph.hours
    start = next(iter(graph.sources.values()))
    dist, pred = shortest_tree(graph, weights, start, floor=1e-9, reverse=False)
    edge_of = {(int(u), int(v)): e for e, (u, v) in enumerate(zip(graph.src, graph.dst,
                                                                   strict=True))}
    for node in np.flatnonzero(np.isfinite(dist)).tolist():
        total, here, steps = 0.0, node, 0
        path = []
        while here != start:
            before = int(pred[here])
            assert before != NO_PREDECESSOR
            path.append(max(float(weights[edge_of[(before, here)]]), 1e-9))
            here = before
            steps += 1
            assert steps <= graph.node_count
        for w in reversed(path):
            total += w
        assert total == dist[node]


def test_stacked_searches_give_each_searchs_distances(graph: CompiledGraph) -> None:
    from scipy.sparse.csgraph import dijkstra  # imported: the stacked call runs, not the heap

    source, sink = next(iter(graph.sources.values())), next(iter(graph.sinks.values()))
    searches = [(w, start, reverse) for w in _weights(graph)
                for start, reverse in ((source, False), (sink, True))]
    stacked = shortest_distances_many(graph, searches, floor=1e-9)
    for (weights, start, reverse), ours in zip(searches, stacked, strict=True):
        matrix = weighted_matrix(graph, weights, floor=1e-9, reverse=reverse)
        assert np.array_equal(ours, dijkstra(matrix, directed=True, indices=start))


def test_the_trees_edges_join_each_node_to_its_predecessor(graph: CompiledGraph) -> None:
    weights = graph.cost + 0.05 * graph.hours
    for start, reverse in ((next(iter(graph.sources.values())), False),
                           (next(iter(graph.sinks.values())), True)):
        dist, pred = shortest_tree(graph, weights, start, floor=1e-9, reverse=reverse)
        same, edges = tree_of(graph, weights, dist, floor=1e-9, reverse=reverse)
        assert np.array_equal(same, pred)
        ends = (graph.dst, graph.src) if reverse else (graph.src, graph.dst)
        for node in np.flatnonzero(pred != NO_PREDECESSOR).tolist():
            assert (int(ends[0][edges[node]]), int(ends[1][edges[node]])) == (pred[node], node)


_COLD = """
import json, sys
from landbridge.planning import RouteRequest, plan_routes
plan = plan_routes(RouteRequest(origin=sys.argv[1], destination=sys.argv[2],
                                commodity="wheat", samples=300))
print(json.dumps({"plan": plan.to_dict()}))
"""


@pytest.mark.parametrize(("origin", "destination"), [("Kostanay", "Cai Mep"),
                                                      ("Astana", "Rotterdam")])
def test_a_cold_process_plans_as_a_warm_one(origin: str, destination: str,
                                            tmp_path: Path) -> None:
    source = str(Path(landbridge.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    cold = subprocess.run([sys.executable, "-c", _COLD, origin, destination], env=env,
                          capture_output=True, text=True, check=True)
    answer = json.loads(cold.stdout)
    import scipy.sparse.csgraph  # noqa: F401 (the warm search: scipy's)

    warm = plan_routes(RouteRequest(origin=origin, destination=destination, commodity="wheat",
                                    samples=300))
    assert answer["plan"] == json.loads(json.dumps(warm.to_dict()))
