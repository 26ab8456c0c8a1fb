"""Hub operations: the transfers between links (loading, border, gauge change, port, ferry)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from landbridge.model.cargo import Unit


class Operation(enum.StrEnum):
    ORIGIN_LOAD = "origin_load"
    BORDER = "border"
    GAUGE_CHANGE = "gauge_change"
    RAIL_TO_SHIP = "rail_to_ship"
    SHIP_DISCHARGE = "ship_discharge"
    RAIL_TO_FERRY = "rail_to_ferry"
    FERRY_TO_RAIL = "ferry_to_rail"
    RAIL_UNLOAD = "rail_unload"

    @property
    def is_gateway(self) -> bool:
        """Whether the operation marks a corridor's gateway: a border crossing (with or without
        a change of gauge) or the port where cargo boards a ship or a ferry. Two routes through
        the same gateways are the same corridor."""
        return self in _GATEWAYS

    @property
    def is_exit(self) -> bool:
        """Whether the operation is a border crossing (the first one is where cargo leaves the
        origin's country)."""
        return self in _EXITS

    @property
    def is_boarding(self) -> bool:
        """Whether cargo goes onto a ship or a ferry here."""
        return self in _BOARDINGS


# sets, as the planner asks of every operation on a route (a member read off its class costs
# a lookup of its own on Python 3.11)
_EXITS = frozenset({Operation.BORDER, Operation.GAUGE_CHANGE})
_BOARDINGS = frozenset({Operation.RAIL_TO_SHIP, Operation.RAIL_TO_FERRY})


_GATEWAYS = frozenset({Operation.BORDER, Operation.GAUGE_CHANGE, Operation.RAIL_TO_SHIP,
                       Operation.SHIP_DISCHARGE, Operation.RAIL_TO_FERRY,
                       Operation.FERRY_TO_RAIL})


@dataclass(frozen=True, slots=True, kw_only=True)
class HubOperation:
    """Time and cost of one operation; ``place`` None is the default wherever no row is specific.

    Time is a distribution given by its mean and 90th percentile (log-normal in the engines).
    """

    place: str | None
    operation: Operation
    unit: Unit | None
    into: str | None = None  # at a border: the country entered (None: either direction)
    hours_mean: float
    hours_p90: float
    cost_usd_per_t: float
    source: str
    note: str = ""
