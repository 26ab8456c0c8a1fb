"""The whole chain from purchase to sale, and where to process: tables, pricing, comparison."""

from landbridge.chain.breakdown import ChainBreakdown, ChainLeg, ChainStep, Stage, price_chain
from landbridge.chain.where import (
    Flip,
    ProcessComparison,
    ProcessOption,
    Site,
    where_to_process,
)
from landbridge.network.processing import (
    ChainTables,
    Duty,
    Mill,
    Price,
    Process,
    Regime,
    chain_tables,
)

__all__ = [
    "ChainBreakdown",
    "ChainLeg",
    "ChainStep",
    "ChainTables",
    "Duty",
    "Flip",
    "Mill",
    "Price",
    "Process",
    "ProcessComparison",
    "ProcessOption",
    "Regime",
    "Site",
    "Stage",
    "chain_tables",
    "price_chain",
    "where_to_process",
]
