"""Allocation of national export volumes across corridors under shared capacities (HiGHS LP)."""

from landbridge.flows.allocate import allocate, diff_allocations
from landbridge.flows.results import (
    Allocation,
    AllocationDiff,
    CapacityUse,
    CorridorChange,
    FlowRow,
    LinkFlow,
    MillUse,
    Shortfall,
)

__all__ = [
    "Allocation",
    "AllocationDiff",
    "CapacityUse",
    "CorridorChange",
    "FlowRow",
    "LinkFlow",
    "MillUse",
    "Shortfall",
    "allocate",
    "diff_allocations",
]
