"""Sea legs between ocean ports over the maritime network of the ``searoute`` package.

searoute ships a global network of sea lanes (its ``marnet``) whose edges through straits and
canals carry a passage name. We read that network once into arrays and run scipy's Dijkstra
from the ports we need, with the edges of closed passages removed: one call gives the distance
from each port to every other, and the passages each voyage uses. Nothing of searoute's data is
copied into landbridge.

Both are kept in the user's cache directory (see :mod:`landbridge.cache`): the network as arrays,
keyed by searoute's version, and each table of port-to-port distances, keyed by that version,
the ports (ids and coordinates) and the closed passages. A process that finds them there imports
neither searoute nor networkx nor scipy; a changed key simply computes and stores a new entry.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from landbridge.cache import cache_dir, digest, read_arrays, write_arrays
from landbridge.model.modes import Passage
from landbridge.model.places import Place, Waters
from landbridge.network.geo import EARTH_RADIUS_KM

__all__ = ["ALWAYS_CLOSED", "SeaLeg", "SeaNetwork", "SeaTable", "decode_passages", "ocean_ports",
           "sea_network"]

log = logging.getLogger(__name__)

#: searoute's names for the edges of each passage.
_SEAROUTE_NAMES: dict[Passage, tuple[str, ...]] = {
    Passage.SUEZ: ("suez",),
    Passage.BAB_EL_MANDEB: ("babalmandab",),
    Passage.MALACCA: ("malacca",),
    Passage.BOSPORUS: ("bosporus", "dardanelles"),
    Passage.GIBRALTAR: ("gibraltar",),
    Passage.PANAMA: ("panama",),
    Passage.HORMUZ: ("ormuz",),
    Passage.SUNDA: ("sunda",),
    Passage.CAPE_OF_GOOD_HOPE: ("south_africa",),
    Passage.CAPE_HORN: ("chili",),
    Passage.BERING: ("bering",),
    Passage.NORTHWEST: ("northwest",),
}
_BY_SEAROUTE_NAME = {name: p for p, names in _SEAROUTE_NAMES.items() for name in names}

#: Closed unless a caller opens them: the Northwest Passage is ice-bound for merchant
#: shipping (searoute's own default restriction).
ALWAYS_CLOSED = frozenset({Passage.NORTHWEST})

#: Passage ``i`` is bit ``1 << i`` of a voyage's passage mask, and code ``i`` of an edge.
_PASSAGES: tuple[Passage, ...] = tuple(Passage)
_NO_PASSAGE = -1
#: Changes whenever what the cache stores changes, so that old entries are not read.
_CACHE_FORMAT = "sea-2"
#: Length given to zero-length edges (the antimeridian seam), which a sparse matrix would drop.
_MIN_EDGE_KM = 1e-6


@dataclass(frozen=True, slots=True)
class SeaLeg:
    """A port-to-port voyage: length, the passages it uses, and its track (lon, lat)."""

    a: str
    b: str
    distance_km: float
    passages: frozenset[Passage]
    track: tuple[tuple[float, float], ...]

    @property
    def distance_nm(self) -> float:
        return self.distance_km / 1.852


@dataclass(frozen=True, slots=True)
class _Marnet:
    """searoute's maritime network as arrays: nodes (lon, lat) and undirected edges."""

    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    edges: NDArray[np.int64]  # edges x 2, node indices
    weights: NDArray[np.float64]  # km
    passage: NDArray[np.int8]  # edges, an index into _PASSAGES or _NO_PASSAGE

    def arrays(self) -> dict[str, NDArray[Any]]:
        return {"lon": self.lon, "lat": self.lat, "edges": self.edges, "weights": self.weights,
                "passage": self.passage}

    @classmethod
    def from_arrays(cls, a: dict[str, NDArray[Any]]) -> _Marnet:
        return cls(a["lon"], a["lat"], a["edges"], a["weights"], a["passage"])


@dataclass(frozen=True, slots=True, eq=False)
class SeaTable:
    """Port-to-port voyages for one set of closed passages: the distance (km, ``inf`` where
    the closures leave no route) and the passages each voyage uses, as bit masks."""

    ports: tuple[str, ...]
    distance_km: NDArray[np.float64]  # ports x ports
    passage_mask: NDArray[np.uint32]  # ports x ports, bit i = _PASSAGES[i]
    pred: NDArray[np.int32]  # ports x network nodes, Dijkstra predecessors
    snap_node: NDArray[np.int64]  # ports, the network node each port joins the lanes at
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {p: i for i, p in enumerate(self.ports)})

    def index(self, port: str) -> int:
        """The row and column of ``port``."""
        return self._index[port]

    def passages(self, i: int, j: int) -> frozenset[Passage]:
        """The passages the voyage from port ``i`` to port ``j`` uses."""
        return decode_passages(int(self.passage_mask[i, j]))

    def arrays(self) -> dict[str, NDArray[Any]]:
        return {"ports": np.array(self.ports, dtype=str), "distance_km": self.distance_km,
                "passage_mask": self.passage_mask, "pred": self.pred,
                "snap_node": self.snap_node}

    @classmethod
    def from_arrays(cls, a: dict[str, NDArray[Any]]) -> SeaTable:
        return cls(tuple(str(p) for p in a["ports"]), a["distance_km"], a["passage_mask"],
                   a["pred"], a["snap_node"])


@functools.cache
def decode_passages(mask: int) -> frozenset[Passage]:
    """The passages of a voyage's bit mask (:attr:`SeaTable.passage_mask`)."""
    return frozenset(p for i, p in enumerate(_PASSAGES) if mask >> i & 1)


class SeaNetwork:
    """The maritime network, with port-to-port tables cached per set of ports and closures,
    in memory and (with ``cache``) on disk.

    ``marnet`` reads the network's arrays; it is called only when something must be computed
    or a voyage's track is asked for. ``source`` names the network's version for cache keys.
    """

    def __init__(self, marnet: Callable[[], _Marnet], *, source: str,
                 cache: Path | None = None) -> None:
        self._read_marnet = marnet
        self._source = source
        self._cache = cache
        self._tables: dict[tuple[tuple[str, ...], frozenset[Passage]], SeaTable] = {}
        self._snaps: dict[str, tuple[int, float]] = {}
        self._legs: dict[tuple[str, str, frozenset[Passage]], SeaLeg | None] = {}

    @classmethod
    def from_searoute(cls, *, cache: Path | None = None) -> SeaNetwork:
        """searoute's bundled maritime network, kept as arrays in ``cache`` once read."""
        source = f"searoute {_searoute_version()}"
        path = None if cache is None else cache / f"marnet-{_key(source)}.npz"

        def read() -> _Marnet:
            stored = None if path is None else read_arrays(path)
            if stored is not None:
                try:
                    return _Marnet.from_arrays(stored)
                except KeyError:
                    log.info("sea network cache %s is incomplete; reading searoute", path)
            marnet = _read_searoute()
            if path is not None:
                write_arrays(path, marnet.arrays())
            return marnet

        return cls(read, source=source, cache=cache)

    @property
    def source(self) -> str:
        """The maritime network's name and version (e.g. ``searoute 1.4.3``)."""
        return self._source

    @functools.cached_property
    def _marnet(self) -> _Marnet:
        return self._read_marnet()

    @functools.cached_property
    def _edge_passage(self) -> dict[tuple[int, int], Passage]:
        """The passage of each edge that has one, by its (smaller, larger) end nodes."""
        m = self._marnet
        named = np.flatnonzero(m.passage != _NO_PASSAGE)
        return {(int(min(u, v)), int(max(u, v))): _PASSAGES[int(m.passage[e])]
                for e, (u, v) in zip(named, m.edges[named].tolist(), strict=True)}

    @property
    def node_count(self) -> int:
        return len(self._marnet.lon)

    def snap(self, place: Place) -> tuple[int, float]:
        """The network node nearest to ``place`` and its distance in km."""
        hit = self._snaps.get(place.id)
        if hit is None:
            m = self._marnet
            lat1, lon1 = np.radians(place.lat), np.radians(place.lon)
            lat2, lon2 = np.radians(m.lat), np.radians(m.lon)
            h = (np.sin((lat2 - lat1) / 2) ** 2
                 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
            km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
            node = int(np.argmin(km))
            hit = (node, float(km[node]))
            self._snaps[place.id] = hit
        return hit

    def table(self, ports: Sequence[Place], *,
              closed: frozenset[Passage] = frozenset()) -> SeaTable:
        """Voyages between ``ports`` (all ocean ports) with the passages ``closed`` shut.

        Examples
        --------
        >>> from landbridge.network.load import load_network
        >>> network = load_network()
        >>> ports = [network.place("Novorossiysk"), network.place("Cai Mep")]
        >>> table = sea_network().table(ports)
        >>> sorted(p.value for p in table.passages(0, 1))
        ['bab-el-mandeb', 'bosporus', 'malacca', 'suez']
        """
        _require_ocean(ports)
        closed = closed | ALWAYS_CLOSED
        key = (tuple(p.id for p in ports), closed)
        table = self._tables.get(key)
        if table is None:
            table = self._stored_table(ports, closed)
            self._tables[key] = table
        return table

    def _stored_table(self, ports: Sequence[Place], closed: frozenset[Passage]) -> SeaTable:
        ids = tuple(p.id for p in ports)
        path = None
        if self._cache is not None:
            where = json.dumps([[p.id, repr(p.lat), repr(p.lon)] for p in ports])
            name = _key(self._source, where, *sorted(p.value for p in closed))
            path = self._cache / f"sea-{name}.npz"
            stored = read_arrays(path)
            if stored is not None:
                try:
                    table = SeaTable.from_arrays(stored)
                except KeyError:
                    table = None
                if table is not None and table.ports == ids:
                    return table
        table = self._compute(ports, closed)
        if path is not None:
            write_arrays(path, table.arrays())
        return table

    def _compute(self, ports: Sequence[Place], closed: frozenset[Passage]) -> SeaTable:
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import dijkstra

        m = self._marnet
        shut = [i for i, p in enumerate(_PASSAGES) if p in closed]
        keep = ~np.isin(m.passage, shut)
        u, v = m.edges[keep, 0], m.edges[keep, 1]
        w = np.maximum(m.weights[keep], _MIN_EDGE_KM)
        n = len(m.lon)
        graph = csr_matrix((w, (u, v)), shape=(n, n))
        snaps = [self.snap(p) for p in ports]
        nodes = np.array([s[0] for s in snaps], dtype=np.int64)
        # ports that join the lanes at the same node share one search
        unique, first = np.unique(nodes, return_inverse=True)
        dist, pred = dijkstra(graph, directed=False, indices=unique, return_predecessors=True)
        dist, pred = dist[first], pred[first].astype(np.int32)
        approach = np.array([s[1] for s in snaps])
        ports_dist = dist[:, nodes] + approach[:, None] + approach[None, :]
        np.fill_diagonal(ports_dist, 0.0)
        masks = _tree_masks(pred, self._edge_passage)[:, nodes]
        log.debug("sea table for %d ports, closed %s", len(ports), sorted(closed))
        return SeaTable(tuple(p.id for p in ports), ports_dist, masks, pred, nodes)

    def distances(
        self, ports: Sequence[Place], *, closed: frozenset[Passage] = frozenset()
    ) -> NDArray[np.float64]:
        """Port-to-port sea distances (km), ``inf`` where the closures leave no route."""
        return self.table(ports, closed=closed).distance_km

    def leg(
        self, ports: Sequence[Place], a: Place, b: Place, *,
        closed: frozenset[Passage] = frozenset(),
    ) -> SeaLeg | None:
        """The voyage from ``a`` to ``b`` (both in ``ports``); None if closures cut it."""
        memo = (a.id, b.id, closed | ALWAYS_CLOSED)
        if memo in self._legs:
            return self._legs[memo]
        table = self.table(ports, closed=closed)
        i, j = table.index(a.id), table.index(b.id)
        distance = float(table.distance_km[i, j])
        leg = None
        if np.isfinite(distance):
            m = self._marnet
            track = ((a.lon, a.lat),
                     *((float(m.lon[n]), float(m.lat[n])) for n in _path(table, i, j)),
                     (b.lon, b.lat))
            leg = SeaLeg(a.id, b.id, distance, table.passages(i, j), track)
        self._legs[memo] = leg
        return leg


def _path(table: SeaTable, i: int, j: int) -> list[int]:
    """The network nodes of the voyage from port ``i`` to port ``j``, in order."""
    source, target = int(table.snap_node[i]), int(table.snap_node[j])
    nodes = [target]
    while nodes[-1] != source and nodes[-1] >= 0:
        nodes.append(int(table.pred[i, nodes[-1]]))
    nodes.reverse()
    return nodes


def _tree_masks(pred: NDArray[np.int32],
                edge_passage: dict[tuple[int, int], Passage]) -> NDArray[np.uint32]:
    """For each search (row) and node, the passages on the tree path from the search's source
    to the node, as bit masks: each node's own edge, then pointer jumping up the tree (each
    round doubles how far a node has looked), so it costs log(depth) array passes."""
    rows = np.arange(pred.shape[0])[:, None]
    mask = np.zeros(pred.shape, dtype=np.uint32)
    for (x, y), passage in edge_passage.items():
        bit = np.uint32(1 << _PASSAGES.index(passage))
        mask[pred[:, y] == x, y] |= bit
        mask[pred[:, x] == y, x] |= bit
    up = pred.astype(np.int64)
    roots = up < 0
    up[roots] = np.broadcast_to(np.arange(pred.shape[1]), pred.shape)[roots]
    while True:
        mask |= mask[rows, up]
        higher = up[rows, up]
        if np.array_equal(higher, up):
            return mask
        up = higher


def _read_searoute() -> _Marnet:
    from searoute.searoute import setup_M

    graph = setup_M()
    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges, weights, passages = [], [], []
    for u, v, data in graph.edges(data=True):
        edges.append((index[u], index[v]))
        weights.append(float(data.get("weight", 0.0)))
        passage = _BY_SEAROUTE_NAME.get(data.get("passage"))
        passages.append(_NO_PASSAGE if passage is None else _PASSAGES.index(passage))
    coords = np.asarray(nodes, dtype=np.float64)
    return _Marnet(coords[:, 0].copy(), coords[:, 1].copy(), np.asarray(edges, dtype=np.int64),
                   np.asarray(weights, dtype=np.float64), np.asarray(passages, dtype=np.int8))


def _searoute_version() -> str:
    """searoute's version, from the name of its installed metadata folder when there is one
    (found without importing searoute, or importlib.metadata, which a cold command pays for)."""
    spec = importlib.util.find_spec("searoute")
    if spec is not None and spec.origin is not None:
        found = list(Path(spec.origin).parent.parent.glob("searoute-*.dist-info"))
        if len(found) == 1:
            return found[0].name.removeprefix("searoute-").removesuffix(".dist-info")
    from importlib.metadata import version

    return version("searoute")


def _key(*parts: str) -> str:
    """A cache entry's name: its parts, the passages' numbering and this module's code (so a
    change to how tables are computed never reads an old one)."""
    return digest((_CACHE_FORMAT, _code(), *(p.value for p in _PASSAGES), *parts))[:32]


@functools.cache
def _code() -> bytes:
    return Path(__file__).read_bytes()


def ocean_ports(places: Iterable[Place]) -> tuple[Place, ...]:
    """The ocean ports among ``places``, in their order: the ports of the sea tables."""
    return tuple(p for p in places if p.waters is Waters.OCEAN)


def _require_ocean(ports: Sequence[Place]) -> None:
    for port in ports:
        if port.waters is not Waters.OCEAN:
            raise ValueError(f"{port.name} is not an ocean port")


@functools.cache
def sea_network() -> SeaNetwork:
    """The shared maritime network, kept in the user's cache directory once read."""
    return SeaNetwork.from_searoute(cache=cache_dir())
