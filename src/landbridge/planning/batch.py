"""The best route from every origin to every market at once (for catchments and sweeps).

One single-criterion Dijkstra from all origins over the compiled graph (scipy) gives the best
route by the objective for every origin-market pair; totals are then summed along each path.
This answers "best route" questions in bulk; the Pareto set of one pair is ``plan_routes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from landbridge.costing.rates import carrying_cost_per_hour
from landbridge.model._choices import parse_choice
from landbridge.model.cargo import Unit
from landbridge.model.places import Place, Role
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.planning.request import (
    Objective,
    commodity_named,
    objective_weights,
    parse_avoid,
    parse_objective,
)
from landbridge.routing.graph import GraphKey, compile_graph

__all__ = ["BestRouteMatrix", "best_routes"]


@dataclass(frozen=True, slots=True)
class BestRouteMatrix:
    """Origins x markets: expected days, cost (USD/t incl. carrying) and kg CO2e/t (WTW) of the
    best route by the objective; NaN where there is none."""

    origins: tuple[Place, ...]
    markets: tuple[Place, ...]
    objective: str
    days: NDArray[np.float64]
    cost_usd_per_t: NDArray[np.float64]
    co2e_wtw: NDArray[np.float64]

    def to_dict(self) -> dict[str, object]:
        rows = []
        for i, o in enumerate(self.origins):
            for j, m in enumerate(self.markets):
                if np.isfinite(self.cost_usd_per_t[i, j]):
                    rows.append({"origin": o.id, "market": m.id,
                                 "days": round(float(self.days[i, j]), 2),
                                 "cost_usd_per_t": round(float(self.cost_usd_per_t[i, j]), 2),
                                 "co2e_kg_per_t": round(float(self.co2e_wtw[i, j]), 2)})
        return {"objective": self.objective, "routes": rows}


def best_routes(
    *,
    commodity: str = "wheat",
    unit: str | None = None,
    objective: Objective | str = Objective.GENERALISED,
    origins: Sequence[str] | None = None,
    markets: Sequence[str] | None = None,
    avoid: Sequence[str] = (),
    network: Network | None = None,
) -> BestRouteMatrix:
    """Best route by ``objective`` from each origin to each market (all of them by default).

    Examples
    --------
    >>> m = best_routes(commodity="wheat", unit="container")
    >>> m.cost_usd_per_t.shape == (len(m.origins), len(m.markets))
    True
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    network = network or load_network()
    goods = commodity_named(network, commodity)
    the_unit = goods.usual_unit if unit is None else parse_choice(Unit, unit, what="unit")
    goal = parse_objective(objective)
    blocked = parse_avoid(network, avoid)
    key = GraphKey(cargo=goods.cargo_class(the_unit), unit=the_unit,
                   avoid_places=blocked.places, avoid_countries=blocked.countries,
                   closed_passages=blocked.passages)
    graph = compile_graph(network, key)
    o_places = tuple(network.place(o) for o in origins) if origins else tuple(
        network.with_role(Role.ORIGIN))
    m_places = tuple(network.place(m) for m in markets) if markets else tuple(
        network.with_role(Role.MARKET))
    carry = carrying_cost_per_hour(network, goods)
    weights = np.maximum(objective_weights(
        graph, goal, carry_per_hour=carry,
        value_of_time=goods.value_of_time_usd_per_t_day), 1e-9)

    # keep the lightest edge per node pair (a sparse matrix would add duplicates up)
    best_edge: dict[tuple[int, int], int] = {}
    for e, (u, v) in enumerate(zip(graph.src.tolist(), graph.dst.tolist(), strict=True)):
        k = (u, v)
        if k not in best_edge or weights[e] < weights[best_edge[k]]:
            best_edge[k] = e
    edges = np.fromiter(best_edge.values(), dtype=np.int64)
    n = graph.node_count
    matrix = csr_matrix((weights[edges], (graph.src[edges], graph.dst[edges])), shape=(n, n))

    shape = (len(o_places), len(m_places))
    days = np.full(shape, np.nan)
    cost = np.full(shape, np.nan)
    co2 = np.full(shape, np.nan)
    sources = [(i, graph.sources[p.id]) for i, p in enumerate(o_places) if p.id in graph.sources]
    if sources:
        _, pred = dijkstra(matrix, directed=True, indices=[s for _, s in sources],
                           return_predecessors=True)
        full_cost = graph.cost + carry * graph.hours
        for row, (i, _) in enumerate(sources):
            for j, market in enumerate(m_places):
                sink = graph.sinks.get(market.id)
                if sink is None or market.id == o_places[i].id or pred[row, sink] < 0:
                    continue
                path = []
                node = sink
                while pred[row, node] >= 0:
                    prev = int(pred[row, node])
                    path.append(best_edge[(prev, node)])
                    node = prev
                days[i, j] = graph.hours[path].sum() / 24.0
                cost[i, j] = full_cost[path].sum()
                co2[i, j] = graph.wtw[path].sum()
    return BestRouteMatrix(o_places, m_places, goal.value, days, cost, co2)
