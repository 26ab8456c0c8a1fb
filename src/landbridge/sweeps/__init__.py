"""Sweeps: many scenario variants and reliability batches, in parallel on Dask, resumable."""

from landbridge.sweeps.run import SweepReport, completed_ids, run_sweep, run_variants
from landbridge.sweeps.spec import (
    CatchmentQuery,
    ReliabilityQuery,
    SweepSpec,
    Variant,
    apply_params,
    load_sweep,
)

__all__ = [
    "CatchmentQuery",
    "ReliabilityQuery",
    "SweepReport",
    "SweepSpec",
    "Variant",
    "apply_params",
    "completed_ids",
    "load_sweep",
    "run_sweep",
    "run_variants",
]
