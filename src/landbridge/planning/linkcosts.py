"""What each link of the network costs one cargo: the planner's hours, USD/t and CO2e per
tonne for a movement along it, for graph exports and users' own algorithms."""

from __future__ import annotations

import math
from dataclasses import dataclass

from landbridge.costing.rates import rail_service
from landbridge.network.network import Network
from landbridge.planning.request import commodity_named, commodity_units
from landbridge.routing.graph import EdgeKind, GraphKey, compile_graph

__all__ = ["LinkCost", "link_costs"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkCost:
    """A movement along one link, in the direction the link is written (``from`` to ``to``),
    per tonne of cargo: as the planner costs it in a route's leg."""

    link: str
    hours: float
    cost_usd_per_t: float
    co2e_ttw: float
    co2e_wtw: float

    def to_dict(self) -> dict[str, float]:
        """The figures as edge attributes (names as in a route's legs)."""
        return {"hours": self.hours, "cost_usd_per_t": self.cost_usd_per_t,
                "co2e_kg_per_t_ttw": self.co2e_ttw, "co2e_kg_per_t_wtw": self.co2e_wtw}


def link_costs(network: Network, commodity: str, *, unit: str | None = None,
               tonnes: float | None = None) -> dict[str, LinkCost]:
    """Each link's hours, USD/t and CO2e for ``commodity`` in ``unit`` (default: its usual
    unit), as the planner costs a movement along it, keyed by link id.

    ``tonnes`` picks the train as the planner does (bulk below a train-load goes wagonload).
    A link the cargo cannot use, or whose figures are not finite, is left out.

    Raises
    ------
    InvalidOptionError
        If the commodity or the unit is unknown, or the commodity does not travel in the unit.

    Examples
    --------
    >>> from landbridge.network.load import load_network
    >>> costs = link_costs(load_network(), "wheat", unit="bulk")
    >>> costs["KZKUR--AZBAK"].hours
    18.0
    """
    goods = commodity_named(network, commodity)
    chosen = commodity_units(goods, unit)[0]
    key = GraphKey(cargo=goods.cargo_class(chosen), unit=chosen,
                   service=rail_service(network, chosen, tonnes))
    graph = compile_graph(network, key)
    moves = {(e.a, e.b, e.mode): e.figures for _, e in graph.edges.others()
             if e.kind is EdgeKind.MOVE}
    out: dict[str, LinkCost] = {}
    for link in network.links:
        f = moves.get((link.a, link.b, link.mode))
        if f is None:
            continue
        cost = LinkCost(link=link.id, hours=f.hours_mean, cost_usd_per_t=f.cost,
                        co2e_ttw=f.ttw, co2e_wtw=f.wtw)
        if all(math.isfinite(v) for v in cost.to_dict().values()):
            out[link.id] = cost
    return out
