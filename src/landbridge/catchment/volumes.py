"""Tonnes per year of each origin x market x commodity flow, from a scenario.

A scenario gives supply by origin and demand by market, not who sells to whom. Two stated
ways to pair them:

- ``allocation`` (the default): the origin-market tonnes of the project's national allocation
  (:func:`landbridge.flows.allocate`, least cost or highest netback under capacity), so the
  catchment splits the flows the allocation sends; the gateway choice within each flow is then
  the logit's, not the allocation's.
- ``demand``: each origin's supply of a commodity spread over the scenario's markets for it in
  proportion to their demand (markets without a tonnage are left out): a gravity-like split
  that ignores cost, for asking which gateway would serve trade that follows demand.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from landbridge.model._choices import parse_choice
from landbridge.network.network import Network
from landbridge.scenario.model import Scenario

if TYPE_CHECKING:
    from landbridge.flows import Allocation

__all__ = ["VolumeBasis", "flow_tonnes", "parse_basis"]


class VolumeBasis(enum.StrEnum):
    """How a scenario's supply and demand become origin-market flows."""

    ALLOCATION = "allocation"
    DEMAND = "demand"


def parse_basis(value: VolumeBasis | str) -> VolumeBasis:
    return parse_choice(VolumeBasis, value, what="volumes")


def flow_tonnes(network: Network, scenario: Scenario, basis: VolumeBasis, *,
                allocation: Allocation | None = None) -> dict[tuple[str, str, str], float]:
    """Tonnes per year keyed by (origin id, market id, commodity id); ``allocation`` is the
    scenario's allocation when the caller has already run it."""
    if basis is VolumeBasis.DEMAND:
        return _by_demand(scenario)
    if allocation is None:
        from landbridge.flows import allocate

        allocation = allocate(scenario, network=network)
    out: dict[tuple[str, str, str], float] = {}
    for row in allocation.flows:
        key = (row.origin, row.market, row.commodity)
        out[key] = out.get(key, 0.0) + row.tonnes
    return out


def _by_demand(scenario: Scenario) -> dict[tuple[str, str, str], float]:
    out: dict[tuple[str, str, str], float] = {}
    for s in scenario.supply:
        rows = [d for d in scenario.demand
                if d.commodity == s.commodity and d.tonnes and d.market != s.origin]
        total = sum(d.tonnes or 0.0 for d in rows)
        for d in rows:
            key = (s.origin, d.market, s.commodity)
            out[key] = out.get(key, 0.0) + s.tonnes * (d.tonnes or 0.0) / total
    return out
