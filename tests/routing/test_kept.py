"""What the routing kernels keep between queries (lower bounds per market terminal, trees per
terminal and weighting, walks from the gateways) gives the answers of a fresh search, and
cannot be changed by a caller."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pytest

from landbridge.model.cargo import Unit
from landbridge.model.places import CargoClass
from landbridge.network.network import Network
from landbridge.routing import alternatives, pareto
from landbridge.routing._sparse import shortest_tree
from landbridge.routing.alternatives import gateway_edges, paths_through
from landbridge.routing.graph import CompiledGraph, GraphKey, compile_graph
from landbridge.routing.pareto import dominates, pareto_paths

_CARRY = (0.0, 0.0017, 0.05)


@pytest.fixture(params=[(CargoClass.BULK_GRAIN, Unit.BULK), (CargoClass.CONTAINER,
                                                              Unit.CONTAINER)])
def graph(network: Network, request: pytest.FixtureRequest) -> CompiledGraph:
    cargo, unit = request.param
    return compile_graph(network, GraphKey(cargo=cargo, unit=unit))


def _pairs(graph: CompiledGraph, count: int) -> list[tuple[int, int]]:
    sources = sorted(graph.sources.values())
    sinks = sorted(graph.sinks.values())
    pairs = [(s, t) for s, t in itertools.product(sources[::5], sinks[::6]) if s != t]
    return pairs[:count]


def _weightings(graph: CompiledGraph) -> list[np.ndarray]:
    return [graph.hours, graph.cost + 0.0017 * graph.hours, graph.wtw,
            graph.cost + 2.0 * graph.hours / 24.0]


def _plain_paths_through(graph: CompiledGraph, source: int, sink: int, weights: np.ndarray,
                         gateways: Sequence[int], limit: int) -> list[list[int]]:
    """paths_through as first written: a walk up each tree per gateway, and the path's nodes
    counted."""
    d_from, p_from = shortest_tree(graph, weights, source, floor=1e-9, reverse=False)
    d_to, p_to = shortest_tree(graph, weights, sink, floor=1e-9, reverse=True)
    src, dst = graph.src.tolist(), graph.dst.tolist()
    join = {(a, b): e for e, (a, b) in enumerate(zip(src, dst, strict=True))}
    scored = sorted((d_from[src[g]] + weights[g] + d_to[dst[g]], g) for g in gateways
                    if np.isfinite(d_from[src[g]]) and np.isfinite(d_to[dst[g]]))
    out: list[list[int]] = []
    for _, g in scored:
        head: list[int] = []
        node = src[g]
        while node != source:
            head.append(join[(int(p_from[node]), node)])
            node = int(p_from[node])
        tail: list[int] = []
        node = dst[g]
        while node != sink:
            tail.append(join[(node, int(p_to[node]))])
            node = int(p_to[node])
        path = [*reversed(head), g, *tail]
        nodes = [src[e] for e in path] + [dst[path[-1]]]
        if len(set(nodes)) == len(nodes):
            out.append(path)
            if len(out) >= limit:
                break
    return out


def test_paths_through_equal_a_plain_walk_per_gateway(graph: CompiledGraph) -> None:
    gateways = gateway_edges(graph)
    for (source, sink), weights in itertools.product(_pairs(graph, 6), _weightings(graph)):
        got = [list(p) for p in paths_through(graph, source, sink, weights, limit=32)]
        assert got == _plain_paths_through(graph, source, sink, weights, gateways, 32)


def test_paths_through_visit_no_node_twice_and_pass_their_gateway(
        graph: CompiledGraph) -> None:
    gateways = set(gateway_edges(graph))
    src, dst = graph.src.tolist(), graph.dst.tolist()
    for source, sink in _pairs(graph, 6):
        for path in paths_through(graph, source, sink, graph.hours, limit=32):
            nodes = [src[e] for e in path] + [dst[path[-1]]]
            assert nodes[0] == source and nodes[-1] == sink
            assert len(set(nodes)) == len(nodes)
            assert all(dst[a] == src[b] for a, b in itertools.pairwise(path))
            assert gateways.intersection(path)


def test_kept_trees_give_the_paths_of_fresh_ones(graph: CompiledGraph) -> None:
    source, sink = _pairs(graph, 1)[0]
    weights = graph.cost + 0.0017 * graph.hours
    first = paths_through(graph, source, sink, weights, limit=32)
    hits = alternatives._tree.cache_info().hits
    again = paths_through(graph, source, sink, weights.copy(), limit=32)
    assert alternatives._tree.cache_info().hits == hits + 2  # equal weights, kept trees
    alternatives._tree.cache_clear()
    fresh = paths_through(graph, source, sink, weights, limit=32)
    assert first == again == fresh


def test_a_kept_tree_cannot_be_changed(graph: CompiledGraph) -> None:
    source, sink = _pairs(graph, 1)[0]
    head, tail = alternatives._trees(graph, graph.hours, source, sink)
    for tree in (head, tail):
        with pytest.raises(ValueError, match="read-only"):
            tree.dist[0] = 0.0


@pytest.mark.parametrize("carry", _CARRY)
def test_pareto_paths_are_non_dominated_and_add_up(graph: CompiledGraph,
                                                   carry: float) -> None:
    hours, wtw = graph.hours.tolist(), graph.wtw.tolist()
    cost = (graph.cost + carry * graph.hours).tolist()
    for source, sink in _pairs(graph, 8):
        paths = pareto_paths(graph, source, sink, carry_per_hour=carry)
        for p in paths:
            # the kernel adds edge by edge, from the source
            assert p.hours == sum(hours[e] for e in p.edges)
            assert p.cost == sum(cost[e] for e in p.edges)
            assert p.co2e == sum(wtw[e] for e in p.edges)
            assert graph.src[p.edges[0]] == source and graph.dst[p.edges[-1]] == sink
        for a, b in itertools.permutations(paths, 2):
            va, vb = (a.hours, a.cost, a.co2e), (b.hours, b.cost, b.co2e)
            assert not (dominates(va, vb) and va != vb)


def test_kept_bounds_give_the_paths_of_fresh_ones(graph: CompiledGraph) -> None:
    pairs = _pairs(graph, 4)
    first = [pareto_paths(graph, s, t, carry_per_hour=0.0017) for s, t in pairs]
    again = [pareto_paths(graph, s, t, carry_per_hour=0.0017) for s, t in pairs]
    pareto._bounds_to.cache_clear()
    pareto._edge_costs.cache_clear()
    fresh = [pareto_paths(graph, s, t, carry_per_hour=0.0017) for s, t in pairs]
    assert first == again == fresh
    # another carrying cost is another set of bounds, not the kept one
    other = [pareto_paths(graph, s, t, carry_per_hour=0.05) for s, t in pairs]
    pareto._bounds_to.cache_clear()
    assert other == [pareto_paths(graph, s, t, carry_per_hour=0.05) for s, t in pairs]
