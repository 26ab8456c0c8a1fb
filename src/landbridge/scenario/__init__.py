"""Scenarios: what-ifs as YAML files (supply, demand, capacities, closures, avoid, multipliers,
mills)."""

from landbridge.scenario.load import (
    base_scenario,
    load_scenario,
    parse_scenario,
    resolve_element,
)
from landbridge.scenario.model import (
    CapacityOverride,
    Closure,
    DemandRow,
    MillRow,
    Multipliers,
    Scenario,
    SupplyRow,
)

__all__ = [
    "CapacityOverride",
    "Closure",
    "DemandRow",
    "MillRow",
    "Multipliers",
    "Scenario",
    "SupplyRow",
    "base_scenario",
    "load_scenario",
    "parse_scenario",
    "resolve_element",
]
