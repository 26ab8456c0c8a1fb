"""The whole chain from purchase to sale, and where to process: tables, pricing, comparison."""

from landbridge.chain.breakdown import ChainBreakdown, ChainLeg, ChainStep, Stage, price_chain
from landbridge.chain.tables import ChainTables, Duty, Mill, Price, Process, Regime, chain_tables
from landbridge.chain.where import (
    Flip,
    ProcessComparison,
    ProcessOption,
    Site,
    where_to_process,
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
