"""PNG charts of a simulated station: store levels and queues over the simulated days.

matplotlib is imported when a chart is drawn, and only its Agg canvas is used (no pyplot, no
global state, no display needed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from landbridge.errors import OutputError
from landbridge.terminal.report import SimReport
from landbridge.userfile import writable_folder

__all__ = ["plot_report"]

STORES_PNG = "store_levels.png"
QUEUES_PNG = "queues.png"


def _band(ax: Any, days: NDArray[np.float64], series: NDArray[np.float64], label: str) -> None:
    """Mean over replications as a line, the 10-90% range across them as a band."""
    (line,) = ax.plot(days, series.mean(axis=0), label=label, linewidth=1.4)
    if series.shape[0] > 1:
        low, high = np.percentile(series, [10, 90], axis=0)
        ax.fill_between(days, low, high, color=line.get_color(), alpha=0.2, linewidth=0)


def _save(fig: Any, path: Path) -> None:
    try:
        fig.savefig(path, dpi=110)
    except OSError as exc:
        raise OutputError(str(path), exc.strerror or str(exc)) from exc


def plot_report(report: SimReport, directory: str | Path) -> tuple[Path, Path]:
    """Write ``store_levels.png`` and ``queues.png`` for ``report`` into ``directory``.

    Each chart shows the mean over replications and, shaded, the 10-90% range across them.
    Returns the two paths.

    Raises
    ------
    OutputError
        If ``directory`` cannot be created or a chart cannot be written into it.

    Examples
    --------
    >>> import tempfile
    >>> from landbridge.terminal import load_station, simulate
    >>> report = simulate(load_station(), days=30, replications=2)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.stat().st_size > 0 for p in plot_report(report, tmp)]
    [True, True]
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    out = writable_folder(directory)
    days = report.series_days
    title = f"{report.station}: {report.replications} replications"

    stores = report.stores
    fig = Figure(figsize=(10, 2.6 * len(stores) + 0.8), layout="constrained")
    FigureCanvasAgg(fig)
    for i, store in enumerate(stores):
        ax = fig.add_subplot(len(stores), 1, i + 1)
        _band(ax, days, report.series_stores[store.name] / 1000.0, store.name)
        ax.axhline(store.capacity_t / 1000.0, color="black", linestyle="--", linewidth=0.8,
                   label="capacity")
        ax.set_ylabel("kt in store")
        ax.set_ylim(bottom=0)
        ax.legend(loc="upper right", fontsize="small")
        ax.grid(alpha=0.3)
    fig.axes[-1].set_xlabel("day of the simulated period")
    fig.suptitle(f"{title}: stock at the start of each day (mean, 10-90% band)")
    stores_png = out / STORES_PNG
    _save(fig, stores_png)

    fig = Figure(figsize=(10, 6), layout="constrained")
    FigureCanvasAgg(fig)
    for i, (series, what) in enumerate(((report.series_trains_waiting, "trains waiting "
                                         "(held or for a position)"),
                                        (report.series_ships_waiting, "ships at anchorage "
                                         "(for cargo or a berth)"))):
        ax = fig.add_subplot(2, 1, i + 1)
        _band(ax, days, series, what)
        ax.set_ylabel("number")
        ax.set_ylim(bottom=0)
        ax.legend(loc="upper right", fontsize="small")
        ax.grid(alpha=0.3)
    fig.axes[-1].set_xlabel("day of the simulated period")
    fig.suptitle(f"{title}: queues at the start of each day (mean, 10-90% band)")
    queues_png = out / QUEUES_PNG
    _save(fig, queues_png)
    return stores_png, queues_png
