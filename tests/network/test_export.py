"""GeoJSON, networkx, GraphML and GML exports carry every place and link."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from landbridge.network.export import line_geometry, split_antimeridian, to_geojson, to_networkx
from landbridge.network.network import Network
from tests.rfc7946 import check_feature_collection


def test_geojson_has_every_place_and_link(network: Network) -> None:
    collection = json.loads(json.dumps(to_geojson(network)))
    kinds = [f["properties"]["feature"] for f in collection["features"]]
    assert kinds.count("sea_lane") > 0
    assert kinds.count("place") == len(network.places)
    assert kinds.count("link") == len(network.links)
    check_feature_collection(collection)


def test_the_network_geojson_is_rfc_7946_with_a_feature_per_sea_lane(network: Network) -> None:
    from landbridge.model.places import Role
    from landbridge.routing.graph import sea_ports
    collection = json.loads(json.dumps(to_geojson(network), allow_nan=False))
    check_feature_collection(collection)
    lanes = {f["properties"]["id"]: f for f in collection["features"]
             if f["properties"]["feature"] == "sea_lane"}
    ports = {p.id for p in sea_ports(network)}
    for lane in lanes.values():
        p = lane["properties"]
        assert {p["from"], p["to"]} <= ports and p["from"] != p["to"]
        assert Role.MARKET.value in network.places[p["to"]].to_dict()["roles"]
        assert f"{p['to']}--{p['from']}" not in lanes  # one feature per pair of ports
    # a voyage over the Pacific is cut at the antimeridian, and Europe-Asia goes by Suez
    assert lanes["USKAM--VNCMT"]["geometry"]["type"] == "MultiLineString"
    assert "suez" in lanes["NLRTM--VNCMT"]["properties"]["passages"]
    assert lanes["NLRTM--VNCMT"]["properties"]["distance_km"] == pytest.approx(15_500, rel=0.1)
    without = to_geojson(network, sea_lanes=False)
    assert len(without["features"]) == len(network.places) + len(network.links)


def test_networkx_graph_matches_the_network(network: Network) -> None:
    graph = to_networkx(network)
    assert graph.number_of_nodes() == len(network.places)
    assert graph.number_of_edges() == len(network.links)
    almaty, lianyungang = network.place("Almaty").id, network.place("Lianyungang").id
    path = nx.shortest_path(graph, almaty, lianyungang, weight="distance_km")
    assert network.place("Dostyk").id in path or network.place("Altynkol").id in path


def test_graphml_and_gml_read_back_with_link_ids_modes_and_distances(
        network: Network, tmp_path: Path) -> None:
    from landbridge.network.export import write_gml, write_graphml

    write_graphml(network, tmp_path / "network.graphml")
    write_gml(network, tmp_path / "network.gml")
    for graph in (nx.read_graphml(tmp_path / "network.graphml"),
                  nx.read_gml(tmp_path / "network.gml")):
        assert set(graph.nodes) == set(network.places)
        assert graph.number_of_edges() == len(network.links)
        edges = {attrs["id"]: attrs for _, _, attrs in graph.edges(data=True)}
        assert set(edges) == {link.id for link in network.links}
        for link in network.links:
            assert edges[link.id]["mode"] == link.mode.value
            assert edges[link.id]["distance_km"] == pytest.approx(link.distance_km)
        kostanay = graph.nodes[network.place("Kostanay").id]
        assert kostanay["name"] == "Kostanay"
        assert "Kustanai" in kostanay["aliases"].split(";")
        assert "other_country" not in kostanay  # None is left out, not written as text


def test_a_line_over_the_antimeridian_is_cut_there() -> None:
    """RFC 7946, 3.1.9: 170E to 170W is two lines meeting the antimeridian, none spanning."""
    assert line_geometry([(170, 45), (-170, 45)]) == {
        "type": "MultiLineString",
        "coordinates": [[[170.0, 45.0], [180.0, 45.0]], [[-180.0, 45.0], [-170.0, 45.0]]]}
    west = split_antimeridian([(-170, 10), (170, 20), (160, 20)])
    assert west == [[(-170.0, 10.0), (-180.0, 15.0)], [(180.0, 15.0), (170.0, 20.0),
                                                      (160.0, 20.0)]]


def test_a_line_along_the_seam_goes_on_from_the_other_side() -> None:
    """searoute's lanes meet at the antimeridian with a zero-length edge from -180 to +180."""
    parts = split_antimeridian([(-179.5, 50.3), (-180, 50), (180, 50), (179, 51)])
    assert parts == [[(-179.5, 50.3), (-180.0, 50.0)], [(180.0, 50.0), (179.0, 51.0)]]
    assert split_antimeridian([(-180, 50), (180, 50)]) == [[(-180.0, 50.0), (-180.0, 50.0)]]


@given(st.lists(st.tuples(st.floats(-180, 180), st.floats(-90, 90)), min_size=2, max_size=8))
def test_no_part_of_a_cut_line_spans_more_than_half_the_globe(
        line: list[tuple[float, float]]) -> None:
    parts = split_antimeridian(line)
    assert sum(len(p) for p in parts) <= len(line) + 2 * (len(parts) - 1)
    for part in parts:
        assert len(part) >= 2
        for (lon0, _), (lon1, _) in itertools.pairwise(part):
            assert abs(lon1 - lon0) <= 180
        for lon, lat in part:
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_graph_exports_carry_one_cargos_time_and_cost(network: Network, tmp_path: Path) -> None:
    """--cargo: each edge has the planner's hours and USD/t for that cargo, read back equal
    to a route's leg along one known link (the Kuryk-Alat rail ferry)."""
    from landbridge.network.export import write_gml, write_graphml
    from landbridge.planning import RouteRequest, plan_routes
    from landbridge.planning.linkcosts import link_costs

    costs = link_costs(network, "wheat", unit="bulk")
    attributes = {link: dict(cost.to_dict()) for link, cost in costs.items()}
    write_graphml(network, tmp_path / "n.graphml", edge_attributes=attributes, cargo="wheat",
                  unit="bulk")
    write_gml(network, tmp_path / "n.gml", edge_attributes=attributes, cargo="wheat",
              unit="bulk")
    plan = plan_routes(RouteRequest(origin="Kostanay", destination="Poti", unit="bulk",
                                    avoid=("Russia",), samples=200), network=network)
    ferry = next(leg for route in plan.routes for leg in route.legs
                 if (leg.start.id, leg.end.id) == ("KZKUR", "AZBAK"))
    for graph in (nx.read_graphml(tmp_path / "n.graphml"), nx.read_gml(tmp_path / "n.gml")):
        assert graph.graph["cargo"] == "wheat" and graph.graph["unit"] == "bulk"
        edges = {attrs["id"]: attrs for _, _, attrs in graph.edges(data=True)}
        assert edges["KZKUR--AZBAK"]["hours"] == pytest.approx(ferry.hours)
        assert edges["KZKUR--AZBAK"]["cost_usd_per_t"] == pytest.approx(ferry.cost_usd_per_t)
        assert edges["KZKUR--AZBAK"]["co2e_kg_per_t_wtw"] == pytest.approx(ferry.co2e_wtw)
        for link in network.links:
            if link.id in costs:
                assert edges[link.id]["hours"] == pytest.approx(costs[link.id].hours)
            else:
                assert "hours" not in edges[link.id]  # left out, not None


def test_without_a_cargo_edges_carry_no_time_or_cost(network: Network) -> None:
    graph = to_networkx(network)
    assert all("hours" not in attrs for _, _, attrs in graph.edges(data=True))
