"""The whole chain from purchase to sale, and where to process: tables, pricing, comparison."""

from landbridge.chain.tables import ChainTables, Duty, Mill, Price, Process, Regime, chain_tables

__all__ = [
    "ChainTables",
    "Duty",
    "Mill",
    "Price",
    "Process",
    "Regime",
    "chain_tables",
]
