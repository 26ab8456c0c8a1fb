"""Scheduled rail services (services.csv) as options of the expanded graph."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from landbridge.model.cargo import Unit
from landbridge.model.costs import Service
from landbridge.model.places import CargoClass
from landbridge.network.load import check_network, load_network
from landbridge.network.network import Network
from landbridge.planning.request import RouteRequest
from landbridge.planning.routes import plan_routes
from landbridge.routing.graph import CompiledGraph, EdgeKind, GraphKey, compile_graph
from tests.conftest import EditRow

CONTAINER = GraphKey(cargo=CargoClass.CONTAINER, unit=Unit.CONTAINER)
SILK_BRIDGE = "Silk Bridge container block train (Trans Caucasus Terminals / ADY)"


def _with_service(network: Network, name: str, **changes: object) -> Network:
    """``network`` with the service called ``name`` changed (a new object: graphs are cached
    per network)."""
    row = next(s for s in network.services if s.service == name)
    changed = replace(row, **changes)  # type: ignore[arg-type]
    return replace(network, services=tuple(changed if s is row else s for s in network.services))


def _chain(graph: CompiledGraph, name: str) -> list[int]:
    return [i for i, e in enumerate(graph.edges) if e.service and e.service.name == name]


def test_scheduled_train_is_timed_by_its_hours_and_the_wait(network: Network) -> None:
    """Golden, leg by leg: Poti -> Baku on a Silk Bridge train of 12 h leaving 14 times a week.
    The line-speed train takes 10.71 + 6.8 (border) + 16.2 = 33.71 h; the scheduled one shares
    its 12 h in those proportions, and the first leg adds the mean wait of half the 12 h
    interval between departures. Cost and CO2e are the line's, by country and border."""
    fast = _with_service(network, SILK_BRIDGE, hours=12.0, departures_per_week=14.0)
    request = RouteRequest(origin="Poti", destination="Baku", commodity="general",
                           unit="container", seed=1)
    line = plan_routes(request, network=network).best
    best = plan_routes(request, network=fast).best
    got = [(leg.mode, leg.start.id, leg.end.id, round(leg.distance_km, 1), round(leg.hours, 3),
            round(leg.cost_usd_per_t, 3), leg.operation and leg.operation.value,
            leg.service is not None) for leg in best.legs]
    assert got == [
        ("transfer", "GEPTI", "GEPTI", 0.0, 24.0, 3.87, "origin_load", False),
        ("rail", "GEPTI", "AZ-BEYUK-KESIK", 357.0, 9.813, 6.098, None, True),
        ("transfer", "AZ-BEYUK-KESIK", "AZ-BEYUK-KESIK", 0.0, 2.421, 9.25, "border", True),
        ("rail", "AZ-BEYUK-KESIK", "AZ-BAKU", 540.0, 5.767, 9.223, None, True),
        ("transfer", "AZ-BAKU", "AZ-BAKU", 0.0, 5.0, 0.7, "rail_unload", False),
    ]
    on_train = [leg for leg in best.legs if leg.service]
    assert sum(leg.hours for leg in on_train) == pytest.approx(12.0 + 6.0)
    assert on_train[0].service == (f"{SILK_BRIDGE} (14/week, 12 h terminal to terminal)")
    assert "scheduled Silk Bridge" in best.service
    assert best.to_dict()["legs"][1]["service"] == on_train[0].service  # type: ignore[index]
    assert best.freight_usd_per_t == pytest.approx(line.freight_usd_per_t)
    assert best.co2e_wtw == pytest.approx(line.co2e_wtw)
    assert best.distance_km == pytest.approx(line.distance_km)


def test_line_speed_train_remains_and_wins_when_faster(network: Network) -> None:
    """The bundled Silk Bridge (34 h, twice a week: 34 + 42 h) is slower than the line-speed
    train (33.7 h), so the search keeps the line-speed route; the graph keeps every edge it
    had without services."""
    plan = plan_routes(RouteRequest(origin="Poti", destination="Baku", commodity="general",
                                    unit="container", seed=1), network=network)
    assert not any(leg.service for leg in plan.best.legs)
    assert plan.best.service == "container block train"
    ferries_only = tuple(s for s in network.services if not s.mode.is_rail)
    bare = compile_graph(replace(network, services=ferries_only), CONTAINER)
    graph = compile_graph(network, CONTAINER)
    plain = [e for e in graph.edges if e.service is None]
    assert plain == list(bare.edges)
    assert _chain(graph, SILK_BRIDGE)


def test_chain_runs_the_network_path_between_the_terminals(network: Network) -> None:
    graph = compile_graph(network, CONTAINER)
    chain = [graph.edges[i] for i in _chain(graph, SILK_BRIDGE)]
    assert (chain[0].a, chain[-1].b) == ("GEPTI", "AZ-BAKU")
    assert sum(e.distance_km for e in chain) == pytest.approx(897.0)  # Poti-Baku, Wikipedia
    wait = 168.0 / 2 / 2
    assert sum(e.figures.hours_mean for e in chain) == pytest.approx(34.0 + wait)
    assert all(e.kind in (EdgeKind.MOVE, EdgeKind.TRANSFER) for e in chain)
    # the train's own nodes: nothing but the chain enters or leaves them
    inner = {int(graph.dst[i]) for i in _chain(graph, SILK_BRIDGE)[:-1]}
    users = [i for i in range(len(graph.edges))
             if int(graph.src[i]) in inner or int(graph.dst[i]) in inner]
    assert set(users) <= set(_chain(graph, SILK_BRIDGE))


def test_named_crossing_is_kept_and_its_closure_cuts_the_train(network: Network) -> None:
    """The Chang'an train runs via Dostyk–Alashankou (its ``via``), though Khorgos is shorter;
    with Dostyk avoided it is not an option at all."""
    name = next(s.service for s in network.services if s.a == "CN-XIAN")
    graph = compile_graph(network, CONTAINER)
    crossings = {graph.edges[i].a for i in _chain(graph, name)
                 if graph.edges[i].operation is not None}
    assert crossings == {"KZ-DOSTYK"}
    closed = compile_graph(network, replace(CONTAINER, avoid_places=frozenset({"KZ-DOSTYK"})))
    assert not _chain(closed, name)
    assert _chain(closed, SILK_BRIDGE)


def test_service_without_hours_and_bulk_cargo_are_not_timed(network: Network) -> None:
    no_hours = [s for s in network.services if s.mode.is_rail and s.hours is None]
    assert no_hours  # Almaty -> Lianyungang: a frequency, no published run time
    graph = compile_graph(network, CONTAINER)
    assert not any(_chain(graph, s.service) for s in no_hours)
    blank = _with_service(network, SILK_BRIDGE, hours=None)
    assert not _chain(compile_graph(blank, CONTAINER), SILK_BRIDGE)
    bulk = compile_graph(network, GraphKey(cargo=CargoClass.BULK_GRAIN, unit=Unit.BULK))
    assert not any(e.service for e in bulk.edges)


def test_speed_multiplier_leaves_the_timetable(network: Network) -> None:
    graph = compile_graph(network, CONTAINER)
    scaled = compile_graph(network, replace(CONTAINER, multipliers=(
        ("speed", "rail", 2.0), ("tariff", "rail", 1.5))))
    for i in _chain(graph, SILK_BRIDGE):
        before, after = graph.edges[i], scaled.edges[i]
        assert after.figures.hours_mean == before.figures.hours_mean
        if before.kind is EdgeKind.MOVE:
            assert after.figures.cost == pytest.approx(1.5 * before.figures.cost)


def test_services_rows_are_checked_and_overlaid(data_copy: Path, edit_table: EditRow,
                                                tmp_path: Path) -> None:
    def bad_via(rows: list[dict[str, str]]) -> None:
        rows[-1]["via"] = "KZ-NOWHERE"

    edit_table("services.csv", bad_via)
    problems = check_network(data_copy)
    assert [(p.file, p.field) for p in problems] == [("services.csv", "via")]

    # an overlay written before the via column existed still loads, and its hours time the train
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "services.csv").write_text(
        "from,to,mode,service,departures_per_week,hours,source,note\n"
        f'GEPTI,AZ-BAKU,rail_1520,{SILK_BRIDGE},14,12,"our own timetable, 2026",\n',
        encoding="utf-8")
    network = load_network(overlay=overlay)
    row: Service = next(s for s in network.services if s.service == SILK_BRIDGE)
    assert (row.hours, row.departures_per_week, row.via) == (12.0, 14.0, "")
    chain = _chain(compile_graph(network, CONTAINER), SILK_BRIDGE)
    graph = compile_graph(network, CONTAINER)
    assert sum(graph.edges[i].figures.hours_mean for i in chain) == pytest.approx(12.0 + 6.0)
