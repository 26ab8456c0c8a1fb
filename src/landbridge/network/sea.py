"""Sea legs between ocean ports over the maritime network of the ``searoute`` package.

searoute ships a global network of sea lanes (its ``marnet``) whose edges through straits and
canals carry a passage name. We read that network once into arrays and run scipy's Dijkstra
from the ports we need, with the edges of closed passages removed: one call gives the distance
from each port to every other. Nothing of searoute's data is copied into landbridge.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from landbridge.model.modes import Passage
from landbridge.model.places import Place, Waters
from landbridge.network.geo import EARTH_RADIUS_KM

__all__ = ["ALWAYS_CLOSED", "SeaLeg", "SeaNetwork", "sea_network"]

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
class _Matrix:
    ports: tuple[str, ...]
    dist: NDArray[np.float64]  # ports x ports, km, inf where no route
    pred: NDArray[np.int32]  # ports x nodes, Dijkstra predecessors


class SeaNetwork:
    """The maritime network as arrays, with port-to-port distances cached per closed set."""

    def __init__(
        self,
        lon: NDArray[np.float64],
        lat: NDArray[np.float64],
        edges: NDArray[np.int64],
        weights: NDArray[np.float64],
        passages: Sequence[Passage | None],
    ) -> None:
        self._lon, self._lat = lon, lat
        self._edges, self._weights = edges, weights
        self._passage = tuple(passages)
        self._edge_passage = {
            (int(min(u, v)), int(max(u, v))): p
            for (u, v), p in zip(edges.tolist(), self._passage, strict=True)
            if p is not None
        }
        self._matrices: dict[tuple[tuple[str, ...], frozenset[Passage]], _Matrix] = {}
        self._snaps: dict[str, tuple[int, float]] = {}
        self._legs: dict[tuple[str, str, frozenset[Passage]], SeaLeg | None] = {}

    @classmethod
    def from_searoute(cls) -> SeaNetwork:
        """Read searoute's bundled maritime network."""
        from searoute.searoute import setup_M

        graph = setup_M()
        nodes = list(graph.nodes)
        index = {node: i for i, node in enumerate(nodes)}
        edges, weights, passages = [], [], []
        for u, v, data in graph.edges(data=True):
            edges.append((index[u], index[v]))
            weights.append(float(data.get("weight", 0.0)))
            passages.append(_BY_SEAROUTE_NAME.get(data.get("passage")))
        coords = np.asarray(nodes, dtype=np.float64)
        return cls(
            coords[:, 0].copy(),
            coords[:, 1].copy(),
            np.asarray(edges, dtype=np.int64),
            np.asarray(weights, dtype=np.float64),
            passages,
        )

    @property
    def node_count(self) -> int:
        return len(self._lon)

    def snap(self, place: Place) -> tuple[int, float]:
        """The network node nearest to ``place`` and its distance in km."""
        hit = self._snaps.get(place.id)
        if hit is None:
            lat1, lon1 = np.radians(place.lat), np.radians(place.lon)
            lat2, lon2 = np.radians(self._lat), np.radians(self._lon)
            h = (np.sin((lat2 - lat1) / 2) ** 2
                 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
            km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
            node = int(np.argmin(km))
            hit = (node, float(km[node]))
            self._snaps[place.id] = hit
        return hit

    def _matrix(self, ports: Sequence[Place], closed: frozenset[Passage]) -> _Matrix:
        key = (tuple(p.id for p in ports), closed | ALWAYS_CLOSED)
        matrix = self._matrices.get(key)
        if matrix is None:
            from scipy.sparse import csr_matrix
            from scipy.sparse.csgraph import dijkstra

            keep = np.array([p not in key[1] for p in self._passage], dtype=bool)
            u, v = self._edges[keep, 0], self._edges[keep, 1]
            # zero-length edges (the antimeridian seam) would vanish from a sparse matrix
            w = np.maximum(self._weights[keep], 1e-6)
            n = self.node_count
            graph = csr_matrix((w, (u, v)), shape=(n, n))
            snaps = [self.snap(p) for p in ports]
            nodes = np.array([s[0] for s in snaps], dtype=np.int64)
            dist, pred = dijkstra(graph, directed=False, indices=nodes, return_predecessors=True)
            approach = np.array([s[1] for s in snaps])
            ports_dist = dist[:, nodes] + approach[:, None] + approach[None, :]
            np.fill_diagonal(ports_dist, 0.0)
            matrix = _Matrix(key[0], ports_dist, pred.astype(np.int32))
            self._matrices[key] = matrix
            log.debug("sea matrix for %d ports, closed %s", len(ports), sorted(key[1]))
        return matrix

    def distances(
        self, ports: Sequence[Place], *, closed: frozenset[Passage] = frozenset()
    ) -> NDArray[np.float64]:
        """Port-to-port sea distances (km), ``inf`` where the closures leave no route."""
        _require_ocean(ports)
        return self._matrix(ports, closed).dist

    def leg(
        self, ports: Sequence[Place], a: Place, b: Place, *,
        closed: frozenset[Passage] = frozenset(),
    ) -> SeaLeg | None:
        """The voyage from ``a`` to ``b`` (both in ``ports``); None if closures cut it."""
        _require_ocean(ports)
        memo = (a.id, b.id, closed | ALWAYS_CLOSED)
        if memo in self._legs:
            return self._legs[memo]
        matrix = self._matrix(ports, closed)
        i, j = matrix.ports.index(a.id), matrix.ports.index(b.id)
        distance = float(matrix.dist[i, j])
        if not np.isfinite(distance):
            return None
        target, _ = self.snap(b)
        source, _ = self.snap(a)
        nodes = [target]
        while nodes[-1] != source and nodes[-1] >= 0:
            nodes.append(int(matrix.pred[i, nodes[-1]]))
        nodes.reverse()
        used = {
            self._edge_passage.get((min(x, y), max(x, y))) for x, y in itertools.pairwise(nodes)
        }
        track = ((a.lon, a.lat), *((float(self._lon[n]), float(self._lat[n])) for n in nodes),
                 (b.lon, b.lat))
        leg = SeaLeg(a.id, b.id, distance, frozenset(p for p in used if p is not None), track)
        self._legs[memo] = leg
        return leg


def _require_ocean(ports: Sequence[Place]) -> None:
    for port in ports:
        if port.waters is not Waters.OCEAN:
            raise ValueError(f"{port.name} is not an ocean port")


@functools.cache
def sea_network() -> SeaNetwork:
    """The shared maritime network (built on first use, about 0.5 s)."""
    return SeaNetwork.from_searoute()
