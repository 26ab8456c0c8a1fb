"""The ocean voyages of an expanded graph: every ocean port to every other, held as arrays.

A voyage is port to port, with its own distance, passages and freight figures, so a network of
``n`` ocean ports has about ``n * n`` of them. Compiling them one by one (a cost look-up and an
edge record each) made the compile grow with the square of the network. Here voyages are
grouped by what the costing reads of their two ports
(:meth:`~landbridge.costing.rates.Rates.lane_profiles`: a bulk carrier's class and parcel, a
liner lane's own rate and sailings) and by their passages, and each group is costed in one
array operation, to the same figures as one voyage at a time. The Python work is then per port
(its two sea nodes) and per group, and only the arrays hold one entry per voyage. An edge record
(:class:`~landbridge.routing.edges.Edge`) of a voyage is made when something asks for it: a
route reads a dozen of its edges, not all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from landbridge.costing.rates import EdgeFigures, Rates
from landbridge.model.modes import Mode
from landbridge.network.sea import SeaTable, decode_passages
from landbridge.routing.edges import Edge, EdgeKind

__all__ = ["Voyages", "cost_voyages"]


@dataclass(frozen=True, slots=True, eq=False)
class Voyages:
    """Voyages between the ``ports`` (ids), in order of origin, then destination; each array
    holds one entry per voyage."""

    ports: tuple[str, ...]
    origin: NDArray[np.intp]  # index into ports
    destination: NDArray[np.intp]
    distance_km: NDArray[np.float64]
    passage_mask: NDArray[np.uint32]  # as SeaTable.passage_mask
    hours_mean: NDArray[np.float64]
    hours_p90: NDArray[np.float64]
    cost: NDArray[np.float64]
    ttw: NDArray[np.float64]
    wtw: NDArray[np.float64]

    def __len__(self) -> int:
        return int(self.origin.size)

    def edge(self, index: int) -> Edge:
        """The edge record of voyage ``index``."""
        figures = EdgeFigures(float(self.hours_mean[index]), float(self.hours_p90[index]),
                              float(self.cost[index]), float(self.ttw[index]),
                              float(self.wtw[index]))
        return Edge(EdgeKind.SEA, self.ports[self.origin[index]],
                    self.ports[self.destination[index]], Mode.SEA, None,
                    float(self.distance_km[index]), "",
                    decode_passages(int(self.passage_mask[index])), figures)

    def scaled(self, *, speed: float, cost: float) -> Voyages:
        """These voyages ``speed`` times as fast and ``cost`` times as dear."""
        return replace(self, hours_mean=self.hours_mean / speed,
                       hours_p90=self.hours_p90 / speed, cost=self.cost * cost)


def cost_voyages(rates: Rates, table: SeaTable | None, ports: tuple[str, ...],
                 sea_node: Callable[[int, str], int]
                 ) -> tuple[Voyages, NDArray[np.int32], NDArray[np.int32]]:
    """Every voyage between ``ports`` that ``table`` has a route for, costed by ``rates``, and
    each voyage's tail and head node (no voyage without a table).

    ``sea_node(port index, "out" | "in")`` gives a port's node where a voyage leaves or arrives;
    it is called in the order the graph has always made these nodes (a port's "out" node, then
    the "in" nodes first reached from it), so that node numbers do not change.
    """
    n = len(ports)
    rows = [table.index(p) for p in ports] if table is not None else []
    km = table.distance_km[np.ix_(rows, rows)] if table is not None else np.empty((0, 0))
    masks = (table.passage_mask[np.ix_(rows, rows)] if table is not None
             else np.empty((0, 0), dtype=np.uint32))
    sails = np.isfinite(km)
    np.fill_diagonal(sails, False)
    in_node = np.full(n, -1, dtype=np.int32)
    out_node = np.full(n, -1, dtype=np.int32)
    for i in range(n):
        out_node[i] = sea_node(i, "out")
        for j in np.flatnonzero(sails[i] & (in_node < 0)).tolist():
            in_node[j] = sea_node(j, "in")
    origin, destination = np.nonzero(sails)  # by origin, then destination: the edge order
    distance, mask = km[origin, destination], masks[origin, destination]
    groups = (rates.lane_profiles(ports)[origin, destination] << 32) | mask.astype(np.int64)
    columns = [np.empty(origin.size) for _ in range(5)]
    for members in _members(groups):
        at = int(members[0])
        lane = rates.ocean_lane(distance[members], origin=ports[origin[at]],
                                destination=ports[destination[at]],
                                passages=decode_passages(int(mask[at])))
        for column, values in zip(columns, (lane.hours_mean, lane.hours_p90, lane.cost,
                                            lane.ttw, lane.wtw), strict=True):
            column[members] = values
    voyages = Voyages(ports, origin, destination, distance, mask, *columns)
    return voyages, out_node[origin], in_node[destination]


def _members(groups: NDArray[np.int64]) -> list[NDArray[np.intp]]:
    """The positions of each distinct value of ``groups``."""
    order = np.argsort(groups, kind="stable")
    ordered = groups[order]
    starts = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    return np.split(order, starts) if order.size else []
