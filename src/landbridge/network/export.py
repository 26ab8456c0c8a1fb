"""The network as GeoJSON (for maps) and as a networkx graph (for users' own algorithms)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from landbridge.network.network import Network

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["to_geojson", "to_networkx"]


def to_geojson(network: Network) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: a Point per place, a straight LineString per link.

    Link geometry is the straight line between the two places; the length to use is the
    ``distance_km`` property, taken from the cited table.

    Examples
    --------
    >>> from landbridge.network.load import load_network
    >>> collection = to_geojson(load_network())
    >>> collection["type"], collection["features"][0]["geometry"]["type"]
    ('FeatureCollection', 'Point')
    """
    features: list[dict[str, Any]] = []
    for place in network.places.values():
        features.append({
            "type": "Feature",
            "id": place.id,
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {"feature": "place", **place.to_dict()},
        })
    for link in network.links:
        a, b = network.places[link.a], network.places[link.b]
        features.append({
            "type": "Feature",
            "id": link.id,
            "geometry": {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]},
            "properties": {"feature": "link", **link.to_dict()},
        })
    return {"type": "FeatureCollection", "features": features}


def to_networkx(network: Network) -> nx.MultiGraph:
    """An undirected multigraph: nodes are place ids, edges are links keyed by mode.

    Node attributes are the place's fields; edge attributes are ``mode``, ``distance_km``
    (usable as ``weight="distance_km"``), ``source`` and ``note``.

    Examples
    --------
    >>> import networkx as nx
    >>> from landbridge.network.load import load_network
    >>> g = to_networkx(load_network())
    >>> nx.has_path(g, "KZALA", "CNLYG")
    True
    """
    import networkx as nx

    graph = nx.MultiGraph(name="landbridge corridor network")
    for place in network.places.values():
        graph.add_node(place.id, **place.to_dict())
    for link in network.links:
        graph.add_edge(link.a, link.b, key=link.mode.value, mode=link.mode.value,
                       distance_km=link.distance_km, source=link.source, note=link.note)
    return graph
