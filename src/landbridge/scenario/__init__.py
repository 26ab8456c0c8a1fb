"""Scenarios: what-ifs as YAML files (supply, demand, capacities, closures, avoid, multipliers,
mills).

The scenario's types are imported with the package; the loader (YAML, user files) on first use,
so that a command given no scenario does not import it.
"""

from typing import TYPE_CHECKING

from landbridge._lazy import lazy_names
from landbridge.scenario.model import (
    CapacityOverride,
    Closure,
    DemandRow,
    MillRow,
    Multipliers,
    Scenario,
    SupplyRow,
)

if TYPE_CHECKING:
    from landbridge.scenario.load import (
        base_scenario,
        load_scenario,
        parse_scenario,
        resolve_element,
    )

__getattr__ = lazy_names(__name__, {
    "landbridge.scenario.load": ("base_scenario", "load_scenario", "parse_scenario",
                                 "resolve_element"),
})

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
