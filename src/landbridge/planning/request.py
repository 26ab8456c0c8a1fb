"""What a user asks the planner, and turning their words into places, countries and passages."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from landbridge.errors import InvalidOptionError
from landbridge.model._choices import parse_choice
from landbridge.model.cargo import MAX_SHIPMENT_TONNES, Commodity, Unit
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
    "commodity_units",
    "generalised_cost",
    "objective_weights",
    "parse_avoid",
    "parse_objective",
]


class Objective(enum.StrEnum):
    """What "best" means: the generalised cost (freight and handling plus the value of the
    time in transit, the default), or least cost, least time or least CO2e alone."""

    GENERALISED = "generalised"
    CHEAPEST = "cheapest"
    FASTEST = "fastest"
    GREENEST = "greenest"

    @property
    def describe(self) -> str:
        """How the routes are ordered, in words."""
        return _DESCRIBE[self]


_DESCRIBE = {
    Objective.GENERALISED: "by generalised cost (freight and handling + value of time)",
    Objective.CHEAPEST: "cheapest first",
    Objective.FASTEST: "fastest first",
    Objective.GREENEST: "least CO2e first",
}

#: Other words users type for an objective.
OBJECTIVE_ALIASES = {"balanced": Objective.GENERALISED, "generalized": Objective.GENERALISED,
                     "generalised cost": Objective.GENERALISED, "cost": Objective.CHEAPEST,
                     "time": Objective.FASTEST, "co2": Objective.GREENEST,
                     "co2e": Objective.GREENEST}


@dataclass(frozen=True, slots=True, kw_only=True)
class RouteRequest:
    """A route query. Places may be ids, names or aliases; ``avoid`` items may be places,
    countries (name or ISO code) or sea passages."""

    origin: str
    destination: str
    commodity: str = "wheat"
    unit: str | None = None
    tonnes: float | None = None  # default: one consignment of the route's unit
    objective: Objective | str = Objective.GENERALISED
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


def commodity_units(commodity: Commodity, unit: str | None) -> tuple[Unit, ...]:
    """The units to plan ``commodity`` in: ``unit`` if one is named, else every unit it may
    travel in, its usual unit first.

    Raises
    ------
    InvalidOptionError
        If ``unit`` is not a unit, or not one the commodity travels in.
    """
    if unit is None:
        return (commodity.usual_unit,
                *sorted(u for u in commodity.units if u is not commodity.usual_unit))
    chosen = parse_choice(Unit, unit, what="unit")
    if chosen not in commodity.units:
        allowed = sorted(u.value for u in commodity.units)
        raise InvalidOptionError("unit", chosen.value, allowed,
                                 message=f"{commodity.id} travels only as "
                                         f"{', '.join(allowed)}, not {chosen.value}")
    return (chosen,)


def parse_objective(value: Objective | str) -> Objective:
    """The objective named by ``value`` (``balanced`` is the generalised cost)."""
    return parse_choice(Objective, value, what="objective", aliases=OBJECTIVE_ALIASES)


def objective_weights(graph: CompiledGraph, objective: Objective, *, carry_per_hour: float,
                      value_of_time: float) -> NDArray[np.float64]:
    """What each edge of ``graph`` adds to the objective: hours, kg CO2e, USD (carrying cost
    included), or freight plus the value of time (``value_of_time`` USD per tonne-day)."""
    if objective is Objective.FASTEST:
        return graph.hours
    if objective is Objective.GREENEST:
        return graph.wtw
    if objective is Objective.GENERALISED:
        out: NDArray[np.float64] = graph.cost + value_of_time * graph.hours / 24.0
        return out
    cost: NDArray[np.float64] = graph.cost + carry_per_hour * graph.hours
    return cost


def generalised_cost(freight: float, hours: float, value_of_time: float) -> float:
    """Freight and handling (USD/t) plus the time in transit valued at ``value_of_time`` USD
    per tonne-day.

    Examples
    --------
    >>> generalised_cost(100.0, 48.0, 1.5)
    103.0
    """
    return freight + value_of_time * hours / 24.0




def check_numbers(request: RouteRequest) -> None:
    """Reject numbers that make no sense, naming the field."""
    checks: list[tuple[str, float, bool, str]] = [
        ("samples", request.samples, 100 <= request.samples <= 1_000_000,
         "must be between 100 and 1,000,000"),
        ("alternatives", request.alternatives, 1 <= request.alternatives <= 50,
         "must be between 1 and 50"),
    ]
    if request.tonnes is not None:
        checks.append(("tonnes", request.tonnes, 0 < request.tonnes <= MAX_SHIPMENT_TONNES,
                       f"must be positive and at most {MAX_SHIPMENT_TONNES:.0e}"))
    if request.max_days is not None:
        checks.append(("max_days", request.max_days, request.max_days > 0, "must be positive"))
    if request.within_days is not None:
        checks.append(("within_days", request.within_days, request.within_days > 0,
                       "must be positive"))
    if request.value_of_time is not None:
        checks.append(("value_of_time", request.value_of_time, request.value_of_time >= 0,
                       "must not be negative"))
    if request.price is not None:
        checks.append(("price", request.price, request.price >= 0, "must not be negative"))
    for name, value, ok, rule in checks:
        if not ok or not math.isfinite(value):
            raise InvalidOptionError(name, str(value), [],
                                     message=f"{name.replace('_', ' ')} {rule} (got {value:g})")
