"""The transfer-station digital twin: a discrete-event simulation of a port logistics centre.

Block trains of hopper wagons and container trains arrive, unload into silos or the container
yard (optionally through a mill), and ships arrive and load. The model answers what throughput
a station holds, where the queue forms and what demurrage it pays::

    >>> from landbridge.terminal import load_station, simulate
    >>> report = simulate(load_station(), days=60, replications=2, seed=1)
    >>> report.throughput_t_per_year.mean > 0
    True

SimPy and matplotlib are imported only when a run or a plot needs them, and the plots and the
sizing sweep only on first use, so that a cold ``landbridge simulate`` does not import them.
"""

from typing import TYPE_CHECKING

from landbridge._lazy import lazy_names
from landbridge.terminal.config import (
    ArrivalPattern,
    Arrivals,
    BerthGroup,
    ContainerYard,
    Handles,
    Mill,
    MillOutput,
    ShipClass,
    ShipService,
    Silo,
    StationConfig,
    TrainKind,
    TrainService,
    UnloadingGroup,
    load_station,
    parse_station,
)
from landbridge.terminal.model import run_once, simulate
from landbridge.terminal.report import (
    Estimate,
    MillStats,
    Run,
    SimReport,
    Stage,
    port_dwell,
)

if TYPE_CHECKING:
    from landbridge.terminal.plots import plot_report
    from landbridge.terminal.sizing import SizingParameter, SizingResult, sweep

__getattr__ = lazy_names(__name__, {
    "landbridge.terminal.plots": ("plot_report",),
    "landbridge.terminal.sizing": ("SizingParameter", "SizingResult", "sweep"),
})

__all__ = [
    "ArrivalPattern",
    "Arrivals",
    "BerthGroup",
    "ContainerYard",
    "Estimate",
    "Handles",
    "Mill",
    "MillOutput",
    "MillStats",
    "Run",
    "ShipClass",
    "ShipService",
    "Silo",
    "SimReport",
    "SizingParameter",
    "SizingResult",
    "Stage",
    "StationConfig",
    "TrainKind",
    "TrainService",
    "UnloadingGroup",
    "load_station",
    "parse_station",
    "plot_report",
    "port_dwell",
    "run_once",
    "simulate",
    "sweep",
]
