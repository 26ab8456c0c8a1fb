"""Scenarios: what-ifs as YAML files (supply, demand, capacities, closures, avoid, multipliers)."""

from landbridge.scenario.load import load_scenario, parse_scenario, resolve_element
from landbridge.scenario.model import (
    CapacityOverride,
    Closure,
    DemandRow,
    Multipliers,
    Scenario,
    SupplyRow,
)

__all__ = [
    "CapacityOverride",
    "Closure",
    "DemandRow",
    "Multipliers",
    "Scenario",
    "SupplyRow",
    "load_scenario",
    "parse_scenario",
    "resolve_element",
]
