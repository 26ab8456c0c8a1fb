"""Ocean voyages costed per origin port in arrays are the voyages costed one at a time."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from landbridge.costing.rates import Rates
from landbridge.model.cargo import Unit
from landbridge.model.modes import Mode, Passage
from landbridge.model.places import CargoClass
from landbridge.network.network import Network
from landbridge.network.sea import sea_network
from landbridge.routing.edges import Edge, EdgeKind
from landbridge.routing.graph import GraphKey, compile_graph, sea_ports

KEYS = [
    GraphKey(cargo=CargoClass.BULK_GRAIN, unit=Unit.BULK),
    GraphKey(cargo=CargoClass.BULK_GRAIN, unit=Unit.BULK,
             closed_passages=frozenset({Passage.SUEZ})),
    GraphKey(cargo=CargoClass.CONTAINER, unit=Unit.CONTAINER),
    GraphKey(cargo=CargoClass.REEFER, unit=Unit.REEFER),
]


@pytest.mark.parametrize("key", KEYS, ids=lambda k: f"{k.unit.value}-{len(k.closed_passages)}")
def test_every_voyage_is_the_one_costed_alone(network: Network, key: GraphKey) -> None:
    """What the all-pairs compile made, one edge per pair: the table's distance and passages,
    and the figures of Rates.ocean for that pair alone, to the bit."""
    graph = compile_graph(network, key)
    rates = Rates(network, key.unit)
    table = sea_network().table(sea_ports(network), closed=key.closed_passages)
    ports = graph.ocean_ports
    expected = {}
    for a in ports:
        for b in ports:
            km = float(table.distance_km[table.index(a), table.index(b)])
            if a == b or not np.isfinite(km):
                continue
            passages = table.passages(table.index(a), table.index(b))
            expected[(a, b)] = Edge(EdgeKind.SEA, a, b, Mode.SEA, None, km, "", passages,
                                    rates.ocean(km, origin=a, destination=b, passages=passages))
    voyages = [(i, e) for i, e in enumerate(graph.edges) if e.kind is EdgeKind.SEA]
    assert {(e.a, e.b): e for _, e in voyages} == expected
    assert len(voyages) == len(expected)
    for i, edge in voyages:  # the arrays the kernels read agree with the records
        assert (graph.hours[i], graph.cost[i], graph.wtw[i]) == (
            edge.figures.hours_mean, edge.figures.cost, edge.figures.wtw)
        assert graph.node_place[graph.src[i]] == edge.a
        assert graph.node_place[graph.dst[i]] == edge.b


@pytest.mark.parametrize("unit", [Unit.BULK, Unit.CONTAINER])
def test_voyages_of_one_lane_profile_cost_alike(network: Network, unit: Unit) -> None:
    """Voyages of one lane profile cost the same, distance for distance (the profile tells
    apart all the costing reads of the two ports); a liner lane with its own rate or its own
    sailings has a profile of its own."""
    ports = compile_graph(network, KEYS[0 if unit is Unit.BULK else 2]).ocean_ports
    rates = Rates(network, unit)
    profiles = rates.lane_profiles(ports)
    km = np.array([900.0, 4_000.0, 12_000.0])
    costs: dict[int, set[tuple[float, ...]]] = {}
    for i, a in enumerate(ports):
        for j, b in enumerate(ports):
            if i != j:
                lane = rates.ocean_lane(km, origin=a, destination=b)
                costs.setdefault(int(profiles[i, j]), set()).add(
                    (*lane.cost.tolist(), *lane.hours_mean.tolist()))
    assert all(len(figures) == 1 for figures in costs.values())
    assert len(costs) > 1


def test_edge_records_read_alike_by_index_and_in_order(network: Network) -> None:
    graph = compile_graph(network, KEYS[0])
    records = list(graph.edges)
    assert len(records) == len(graph.edges) == graph.src.size
    assert [graph.edges[i] for i in range(len(records))] == records
    assert graph.edges[-1] == records[-1]
    assert list(graph.edges[3:7]) == records[3:7]


@pytest.mark.parametrize("key", [KEYS[0], replace(KEYS[2], multipliers=(("tariff", "sea", 1.3),
                                                                        ("speed", "rail", 0.8)))])
def test_a_path_of_records_and_the_edge_columns_read_as_the_records_do(network: Network,
                                                                       key: GraphKey) -> None:
    graph = compile_graph(network, key)
    count = len(graph.edges)
    indices = [count - 1, *range(0, count, 7), 5, 5]  # voyages unread and read, a repeat
    assert graph.edges.path(indices) == [graph.edges[i] for i in indices]
    records = list(graph.edges)
    assert graph.edges.ttw().tolist() == [e.figures.ttw for e in records]
    assert graph.wtw.tolist() == [e.figures.wtw for e in records]
    assert graph.edges.distance_km().tolist() == [e.distance_km for e in records]
