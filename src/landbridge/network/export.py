"""The network as GeoJSON (for maps), as a networkx graph (for users' own algorithms), and as
GraphML or GML files (for graph tools), which read back into networkx with the same ids,
modes and distances.

GeoJSON follows RFC 7946: positions are (longitude, latitude), and a line that crosses the
antimeridian is cut there into a MultiLineString (section 3.1.9), so no segment spans the map.
Besides places and links it holds the ocean lanes the planner sails: a voyage from each port
where cargo boards a ship (a corridor's port, or a competitor's) to each market port that
handles some of the same cargo, along searoute's lanes (:mod:`landbridge.network.sea`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from landbridge.model.places import Role
from landbridge.network.network import Network
from landbridge.network.sea import ALWAYS_CLOSED, ocean_ports, sea_network

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["line_geometry", "sea_lane_features", "split_antimeridian", "to_geojson", "to_networkx",
           "write_gml", "write_graphml"]

Position = tuple[float, float]


def split_antimeridian(line: Sequence[Sequence[float]]) -> list[list[Position]]:
    """Cut a line of (lon, lat) positions where it crosses the antimeridian (RFC 7946, 3.1.9).

    A segment whose longitudes differ by more than 180 degrees is taken to go the short way,
    across 180; it ends at the crossing (on +180 or -180, latitude interpolated) and the next
    part starts on the other side. A segment that lies on the antimeridian itself (from -180
    to +180, as searoute's lanes join there) is the seam: the line simply goes on from the
    other side, and no part is left with a single position.

    Examples
    --------
    >>> split_antimeridian([(170, 45), (-170, 45)])
    [[(170.0, 45.0), (180.0, 45.0)], [(-180.0, 45.0), (-170.0, 45.0)]]
    >>> split_antimeridian([(60, 50), (70, 40)])
    [[(60.0, 50.0), (70.0, 40.0)]]
    >>> split_antimeridian([(-179, 50), (-180, 50), (180, 50), (179, 50)])
    [[(-179.0, 50.0), (-180.0, 50.0)], [(180.0, 50.0), (179.0, 50.0)]]
    """
    points = [(float(p[0]), float(p[1])) for p in line]
    parts: list[list[Position]] = [points[:1]]
    for (lon0, lat0), (lon1, lat1) in pairwise(points):
        if abs(lon1 - lon0) > 180:
            east = lon0 > 0  # leaving eastwards over +180 (or westwards over -180)
            edge = 180.0 if east else -180.0
            unwrapped = lon1 + (360.0 if east else -360.0)
            span = unwrapped - lon0  # zero only for the seam, -180 to +180
            lat = lat0 if span == 0 else lat0 + (edge - lon0) / span * (lat1 - lat0)
            if parts[-1][-1] != (edge, lat):
                parts[-1].append((edge, lat))
            parts.append([(-edge, lat)])
            if (lon1, lat1) == (-edge, lat):
                continue  # the line goes on from the crossing itself
        parts[-1].append((lon1, lat1))
    kept = [part for part in parts if len(part) >= 2]
    return kept or [[points[0], points[0]]]


def line_geometry(line: Sequence[Sequence[float]]) -> dict[str, Any]:
    """A GeoJSON LineString, or a MultiLineString if the line crosses the antimeridian.

    Examples
    --------
    >>> line_geometry([(170, 45), (-170, 45)])["type"]
    'MultiLineString'
    """
    parts = split_antimeridian(line)
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": [list(p) for p in parts[0]]}
    return {"type": "MultiLineString",
            "coordinates": [[list(p) for p in part] for part in parts]}


def to_geojson(network: Network, *, sea_lanes: bool = True) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: a Point per place, a straight line per link, and (with
    ``sea_lanes``) a line per ocean lane the planner sails (see :func:`sea_lane_features`).

    Link geometry is the straight line between the two places (cut at the antimeridian, see
    :func:`split_antimeridian`); the length to use is the ``distance_km`` property, taken from
    the cited table. ``properties.feature`` says what a feature is: ``place``, ``link`` or
    ``sea_lane``.

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
            "geometry": line_geometry([(a.lon, a.lat), (b.lon, b.lat)]),
            "properties": {"feature": "link", **link.to_dict()},
        })
    if sea_lanes:
        features.extend(sea_lane_features(network))
    return {"type": "FeatureCollection", "features": features}


#: Decimal places of a lane's positions: 0.0001 degrees is about 10 m.
_LANE_PLACES = 4


def sea_lane_features(network: Network) -> list[dict[str, Any]]:
    """A Feature per ocean lane: from each port where cargo boards a ship (one the land
    network reaches, or a competitor's) to each market port that handles some of the same
    cargo classes, one per pair of ports (a lane is the same both ways).

    Each follows searoute's lanes with no passage closed (but those always closed, see
    :data:`landbridge.network.sea.ALWAYS_CLOSED`), cut at the antimeridian; its properties are
    the two ports (ids and names), ``distance_km`` (the voyage's length, port to port) and the
    ``passages`` it uses (Suez, Malacca ...). A scenario's closures reroute the planner's
    voyages but not this map.
    """
    ports = ocean_ports(network.places.values())
    reached = {end for link in network.links for end in (link.a, link.b)}
    boarding = [p for p in ports if p.id in reached or Role.COMPETITOR in p.roles]
    markets = [p for p in ports if Role.MARKET in p.roles]
    pairs: dict[tuple[str, str], None] = {}
    for a in boarding:
        for b in markets:
            if a.id != b.id and a.handles & b.handles and (b.id, a.id) not in pairs:
                pairs[a.id, b.id] = None
    sea = sea_network()
    source = (f"{sea.source} maritime network, shortest lane; closed: "
              + ", ".join(sorted(p.value for p in ALWAYS_CLOSED)))
    features: list[dict[str, Any]] = []
    for a_id, b_id in pairs:
        a, b = network.places[a_id], network.places[b_id]
        voyage = sea.leg(ports, a, b)
        if voyage is None:
            continue
        track = [(round(lon, _LANE_PLACES), round(lat, _LANE_PLACES))
                 for lon, lat in voyage.track]
        features.append({
            "type": "Feature",
            "id": f"sea:{a.id}--{b.id}",
            "geometry": line_geometry(track),
            "properties": {"feature": "sea_lane", "id": f"{a.id}--{b.id}", "from": a.id,
                           "from_name": a.name, "to": b.id, "to_name": b.name,
                           "distance_km": round(voyage.distance_km, 1),
                           "passages": sorted(p.value for p in voyage.passages),
                           "source": source},
        })
    return features


#: Extra attributes for some edges, by link id (e.g. one cargo's hours and cost,
#: :func:`landbridge.planning.linkcosts.link_costs`).
EdgeAttributes = Mapping[str, Mapping[str, float | str]]


def to_networkx(network: Network, *, edge_attributes: EdgeAttributes | None = None,
                **graph_attributes: str) -> nx.MultiGraph:
    """An undirected multigraph: nodes are place ids, edges are links keyed by link id.

    Node attributes are the place's fields; edge attributes are the link's ``id``, ``mode``,
    ``distance_km`` (usable as ``weight="distance_km"``), ``source`` and ``note``, and those
    ``edge_attributes`` gives for the link (a link it does not name gets none: left out, not
    set to None). ``graph_attributes`` are set on the graph (e.g. ``cargo="wheat"``).

    Examples
    --------
    >>> import networkx as nx
    >>> from landbridge.network.load import load_network
    >>> g = to_networkx(load_network())
    >>> nx.has_path(g, "KZALA", "CNLYG")
    True
    """
    import networkx as nx

    extra = edge_attributes or {}
    graph = nx.MultiGraph(name="landbridge corridor network", **graph_attributes)
    for place in network.places.values():
        graph.add_node(place.id, **place.to_dict())
    for link in network.links:
        graph.add_edge(link.a, link.b, key=link.id, id=link.id, mode=link.mode.value,
                       distance_km=link.distance_km, source=link.source, note=link.note,
                       **extra.get(link.id, {}))
    return graph


#: How a list attribute (a place's aliases, handles, roles) is written in GraphML and GML,
#: which hold only scalars.
LIST_SEPARATOR = ";"


def _for_files(graph: nx.MultiGraph) -> nx.MultiGraph:
    """A copy whose attributes GraphML and GML can hold: lists joined with
    :data:`LIST_SEPARATOR`, and no attribute at all where the value is None (both formats
    reject None; a missing attribute reads back as missing)."""

    def flat(attrs: dict[str, Any]) -> dict[str, Any]:
        return {key: LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list) else value
                for key, value in attrs.items() if value is not None}

    out = graph.__class__(**graph.graph)
    out.add_nodes_from((node, flat(attrs)) for node, attrs in graph.nodes(data=True))
    out.add_edges_from((a, b, key, flat(attrs))
                       for a, b, key, attrs in graph.edges(keys=True, data=True))
    return out


def write_graphml(network: Network, path: Path, *,
                  edge_attributes: EdgeAttributes | None = None, **graph_attributes: str) -> None:
    """Write :func:`to_networkx` (with its keyword arguments) as GraphML;
    ``networkx.read_graphml(path)`` reads it back (list attributes as text joined with ``;``).

    Examples
    --------
    >>> import networkx as nx, tempfile
    >>> from landbridge.network.load import load_network
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_graphml(load_network(), Path(folder) / "network.graphml")
    ...     graph = nx.read_graphml(Path(folder) / "network.graphml")
    >>> graph.nodes["KZKSN"]["name"]
    'Kostanay'
    """
    import networkx as nx

    nx.write_graphml(_for_files(to_networkx(network, edge_attributes=edge_attributes,
                                            **graph_attributes)), path)


def write_gml(network: Network, path: Path, *, edge_attributes: EdgeAttributes | None = None,
              **graph_attributes: str) -> None:
    """Write :func:`to_networkx` (with its keyword arguments) as GML; ``networkx.read_gml(path)``
    reads it back, nodes labelled by place id (list attributes as text joined with ``;``)."""
    import networkx as nx

    nx.write_gml(_for_files(to_networkx(network, edge_attributes=edge_attributes,
                                        **graph_attributes)), path)
