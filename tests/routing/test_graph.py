"""The expanded graph: border sides, transfers, and scenario multipliers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from landbridge.model.cargo import Unit
from landbridge.model.places import CargoClass
from landbridge.network.network import Network
from landbridge.routing.graph import EdgeKind, GraphKey, compile_graph

KEY = GraphKey(cargo=CargoClass.BULK_GRAIN, unit=Unit.BULK)


def test_multipliers_scale_movements_only(network: Network) -> None:
    base = compile_graph(network, KEY)
    scaled = compile_graph(network, replace(KEY, multipliers=(
        ("tariff", "rail:KZ", 2.0), ("speed", "sea", 0.5), ("tariff", "rail", 1.5))))
    assert len(base.edges) == len(scaled.edges)
    seen = set()
    for b, s in zip(base.edges, scaled.edges, strict=True):
        if b.kind is EdgeKind.MOVE and b.mode is not None and b.mode.is_rail:
            want = 2.0 if b.country == "KZ" else 1.5
            assert s.figures.cost == pytest.approx(b.figures.cost * want)
            assert s.figures.hours_mean == pytest.approx(b.figures.hours_mean)
            seen.add(want)
        elif b.kind is EdgeKind.SEA or (b.kind is EdgeKind.MOVE and b.mode is not None
                                         and b.mode.family == "sea"):  # ocean and Caspian
            assert s.figures.hours_mean == pytest.approx(b.figures.hours_mean * 2)
            assert s.figures.cost == pytest.approx(b.figures.cost)
            seen.add("sea")
        else:
            assert s.figures == b.figures
    assert seen == {2.0, 1.5, "sea"}
    assert scaled.cost.sum() > base.cost.sum()


def test_crossing_a_border_is_an_operation_and_a_junction_is_free(network: Network) -> None:
    graph = compile_graph(network, KEY)
    dostyk = network.place("Dostyk").id
    ops = {e.operation.value for e in graph.edges
           if e.a == dostyk and e.kind is EdgeKind.TRANSFER and e.operation is not None}
    assert "gauge_change" in ops
    lugovaya = network.place("Lugovaya").id  # a KZ junction that is also the KG crossing
    free = [e for e in graph.edges if e.a == lugovaya and e.kind is EdgeKind.TRANSFER
            and e.operation is None]
    paid = [e for e in graph.edges if e.a == lugovaya and e.kind is EdgeKind.TRANSFER
            and e.operation is not None]
    assert free
    assert paid
    assert all(e.figures.cost == 0 for e in free)


def test_avoided_country_has_no_nodes(network: Network) -> None:
    graph = compile_graph(network, replace(KEY, avoid_countries=frozenset({"CN"})))
    chinese = {p.id for p in network.places.values() if "CN" in p.countries}
    assert not chinese & set(graph.node_place)
