"""What a user asks the planner, and turning their words into places, countries and passages."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from landbridge.errors import InvalidOptionError
from landbridge.model.cargo import Commodity
from landbridge.network.avoid import Avoid, parse_avoid
from landbridge.network.network import Network
from landbridge.routing.graph import CompiledGraph
from landbridge.scenario.model import Scenario

__all__ = [
    "Avoid",
    "Objective",
    "RouteRequest",
    "check_numbers",
    "commodity_named",
    "objective_weights",
    "parse_avoid",
]


class Objective(enum.StrEnum):
    """What "best" means: least time, least cost, least CO2e, or cost plus valued time."""

    FASTEST = "fastest"
    CHEAPEST = "cheapest"
    GREENEST = "greenest"
    BALANCED = "balanced"


@dataclass(frozen=True, slots=True, kw_only=True)
class RouteRequest:
    """A route query. Places may be ids, names or aliases; ``avoid`` items may be places,
    countries (name or ISO code) or sea passages."""

    origin: str
    destination: str
    commodity: str = "wheat"
    unit: str | None = None
    tonnes: float = 1.0
    objective: Objective | str = Objective.CHEAPEST
    value_of_time: float | None = None
    avoid: tuple[str, ...] = ()
    via: str | None = None
    max_days: float | None = None
    samples: int = 10_000
    seed: int = 0
    price: float | None = None
    alternatives: int = 8
    scenario: Scenario | None = None
    within_days: float | None = None  # report P(arrive within this many days); default max_days


def commodity_named(network: Network, name: str) -> Commodity:
    """The commodity called ``name`` (case ignored).

    Raises
    ------
    InvalidOptionError
        If there is none; the message lists the choices.
    """
    commodity = network.commodities.get(name.strip().lower())
    if commodity is None:
        raise InvalidOptionError("cargo", name, sorted(network.commodities))
    return commodity


def objective_weights(graph: CompiledGraph, objective: Objective, *, carry_per_hour: float,
                      value_of_time: float) -> NDArray[np.float64]:
    """What each edge of ``graph`` adds to the objective: hours, kg CO2e, USD (carrying cost
    included), or USD plus valued time."""
    cost = graph.cost + carry_per_hour * graph.hours
    if objective is Objective.FASTEST:
        return graph.hours
    if objective is Objective.GREENEST:
        return graph.wtw
    if objective is Objective.BALANCED:
        out: NDArray[np.float64] = cost + value_of_time * graph.hours / 24.0
        return out
    return cost


def check_numbers(request: RouteRequest) -> None:
    """Reject numbers that make no sense, naming the option."""
    checks: list[tuple[str, float, bool, str]] = [
        ("tonnes", request.tonnes, request.tonnes > 0, "must be positive"),
        ("samples", request.samples, 100 <= request.samples <= 1_000_000,
         "must be between 100 and 1,000,000"),
        ("alternatives", request.alternatives, 1 <= request.alternatives <= 50,
         "must be between 1 and 50"),
    ]
    if request.max_days is not None:
        checks.append(("max-days", request.max_days, request.max_days > 0, "must be positive"))
    if request.within_days is not None:
        checks.append(("within", request.within_days, request.within_days > 0,
                       "must be positive"))
    if request.value_of_time is not None:
        checks.append(("value-of-time", request.value_of_time, request.value_of_time >= 0,
                       "must not be negative"))
    if request.price is not None:
        checks.append(("price", request.price, request.price >= 0, "must not be negative"))
    for name, value, ok, rule in checks:
        if not ok or not math.isfinite(value):
            raise InvalidOptionError(name, str(value), [],
                                     message=f"--{name} {rule} (got {value:g})")
