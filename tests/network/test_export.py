"""GeoJSON and networkx exports carry every place and link."""

from __future__ import annotations

import json

import networkx as nx

from landbridge.network.export import to_geojson, to_networkx
from landbridge.network.network import Network


def test_geojson_has_every_place_and_link(network: Network) -> None:
    collection = json.loads(json.dumps(to_geojson(network)))
    kinds = [f["properties"]["feature"] for f in collection["features"]]
    assert kinds.count("place") == len(network.places)
    assert kinds.count("link") == len(network.links)
    for feature in collection["features"]:
        coords = feature["geometry"]["coordinates"]
        points = [coords] if feature["geometry"]["type"] == "Point" else coords
        for lon, lat in points:
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_networkx_graph_matches_the_network(network: Network) -> None:
    graph = to_networkx(network)
    assert graph.number_of_nodes() == len(network.places)
    assert graph.number_of_edges() == len(network.links)
    almaty, lianyungang = network.place("Almaty").id, network.place("Lianyungang").id
    path = nx.shortest_path(graph, almaty, lianyungang, weight="distance_km")
    assert network.place("Dostyk").id in path or network.place("Altynkol").id in path
