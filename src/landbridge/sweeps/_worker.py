"""The Dask worker plugin that warms each worker of a sweep once (imported with Dask only)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from landbridge.scenario.model import Scenario
from landbridge.sweeps.run import warm, warm_key
from landbridge.sweeps.spec import ReliabilityQuery

__all__ = ["WarmWorkers"]

log = logging.getLogger(__name__)


class WarmWorkers(WorkerPlugin):
    """:func:`~landbridge.sweeps.run.warm` on every worker, once, when it joins the cluster:
    the network loaded and the base scenario run, so that its first chunk starts warm."""

    def __init__(self, base: Scenario, reliability: Sequence[ReliabilityQuery],
                 data: Path | None) -> None:
        self.base, self.reliability, self.data = base, tuple(reliability), data
        # one plugin per sweep: registering the same sweep again on a cluster replaces it
        self.name = "landbridge-sweep-warm-" + warm_key(base, reliability, data)[:16]

    def setup(self, worker: Any) -> None:
        del worker
        try:
            warm(self.base, self.reliability, data=self.data)
        except Exception:  # the chunks meet the same failure and record it per variant
            log.exception("warming a sweep worker failed")
