"""Allocation and sweep timings. Prints figures; asserts nothing.

Run: python benchmarks/bench_allocation.py [--draws 1000]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "scenarios"
COMMODITIES = ("wheat", "barley", "flour", "ore", "general")


def national_scenario() -> str:
    """Every origin that can load a commodity supplies it; every market that can take it buys."""
    import landbridge
    from landbridge.model.places import Role

    network = landbridge.load_network()
    lines = ["name: every origin x every market x five commodities", "supply:"]
    for c in COMMODITIES:
        cargo = network.commodities[c].cargo_class()
        for p in network.with_role(Role.ORIGIN):
            if cargo in p.handles:
                lines.append(f"  - {{origin: {p.id}, commodity: {c}, tonnes: 200000}}")
    lines.append("demand:")
    for c in COMMODITIES:
        cargo = network.commodities[c].cargo_class()
        for p in network.with_role(Role.MARKET):
            if cargo in p.handles:
                lines.append(f"  - {{market: {p.id}, commodity: {c}, tonnes: 1000000}}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=1000)
    args = parser.parse_args()
    import numpy as np

    import landbridge
    from landbridge.flows import allocate
    from landbridge.routing import graph as graph_module
    from landbridge.scenario import parse_scenario
    from landbridge.sweeps import load_sweep, run_sweep

    print(f"machine: {platform.machine()} cores={os.cpu_count()} "
          f"python={platform.python_version()} numpy={np.__version__} "
          f"landbridge={landbridge.__version__}")
    text = national_scenario()
    scenario = parse_scenario(text)
    print(f"national scenario: {len(scenario.supply)} supply rows x {len(scenario.demand)} "
          f"demand rows, {len(COMMODITIES)} commodities")
    graph_module._compile_cached.cache_clear()
    t0 = time.perf_counter()
    a = allocate(scenario)
    print(f"national allocation, cold (graphs compiled): {time.perf_counter() - t0:.2f} s; "
          f"delivered {a.delivered_t / 1e6:.1f} Mt, {len(a.flows)} flows")
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        allocate(scenario)
        runs.append(time.perf_counter() - t0)
    print(f"national allocation, warm median: {sorted(runs)[2]:.3f} s")

    work = Path(tempfile.mkdtemp())
    try:
        shutil.copy(EXAMPLES / "base.yaml", work / "base.yaml")
        (work / "sweep.yaml").write_text(
            (EXAMPLES / "sweep_random.yaml").read_text().replace("draws: 1000",
                                                                 f"draws: {args.draws}"))
        times = {}
        for workers in (1, 2):
            spec = load_sweep(work / "sweep.yaml", output=work / f"w{workers}.parquet")
            t0 = time.perf_counter()
            report = run_sweep(spec, workers=workers)
            times[workers] = time.perf_counter() - t0
            print(f"sweep of {report.ran} variants on a local Dask cluster, {workers} "
                  f"worker(s): {times[workers]:.1f} s ({report.failed} failed)")
        print(f"2 workers / 1 worker time: {times[2] / times[1]:.2f}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
