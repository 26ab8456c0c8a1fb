"""Catchment timings: every origin x market x commodity through one gateway, warm (graphs
compiled and cached); the gateway sweep and one break-even. Prints figures; asserts nothing.

Target (issue 15): a full catchment is interactive, under 1 s warm on this machine.

Run: python benchmarks/bench_catchment.py
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "scenarios"


def _median_s(fn: Callable[[], object], repeat: int) -> float:
    """Median wall-clock seconds; the CPU seconds of the same runs are kept in _CPU."""
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    _CPU.append(statistics.median(cpu))
    return statistics.median(times)


#: CPU seconds (median) of each timed call: on a shared machine the wall clock includes waiting
#: for a core; the CPU time is what the code costs.
_CPU: list[float] = []


def main() -> None:
    import numpy as np

    import landbridge
    from landbridge.catchment import catchment
    from landbridge.catchment.breakeven import break_even
    from landbridge.catchment.competition import gateways
    from landbridge.scenario import load_scenario

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {platform.machine()} {platform.processor() or ''} cores={os.cpu_count()} "
          f"load(1 min)={load:.1f} python={platform.python_version()} numpy={np.__version__} "
          f"landbridge={landbridge.__version__}")
    network = landbridge.load_network()
    scenario = load_scenario(EXAMPLES / "base.yaml", network=network)
    t = time.perf_counter()
    first = catchment("Lianyungang", network=network)
    print(f"catchment Lianyungang, every origin x market x commodity, cold (compiles "
          f"{len(network.commodities)} commodities' graphs): {time.perf_counter() - t:.2f} s")
    pairs = sum(1 for _ in first.flows)
    for gateway in ("Lianyungang", "Dostyk", "Aktau"):
        s = _median_s(lambda g=gateway: catchment(g, network=network), 5)  # type: ignore[misc]
        print(f"catchment {gateway}, warm median of 5: {s:.3f} s wall, {_CPU[-1]:.3f} s CPU "
              f"({len(catchment(gateway, network=network).flows)} flows it can serve)")
    print(f"  (Lianyungang: {pairs} flows listed)")
    s = _median_s(lambda: catchment("Lianyungang", network=network, scenario=scenario,
                                    volumes="demand"), 3)
    print(f"catchment Lianyungang with base.yaml tonnes (demand split), warm median: {s:.3f} s "
          f"wall, {_CPU[-1]:.3f} s CPU")
    s = _median_s(lambda: gateways(scenario=scenario, network=network), 3)
    print(f"gateways, base.yaml (allocation flows, LP included), warm median: {s:.2f} s wall, "
          f"{_CPU[-1]:.2f} s CPU")
    s = _median_s(lambda: break_even("Lianyungang", "Tashkent", "Haiphong", cargo="cotton",
                                     lever="dwell", network=network), 3)
    print(f"break-even dwell, Lianyungang / Tashkent cotton / Haiphong, warm median: {s:.3f} s "
          f"wall, {_CPU[-1]:.3f} s CPU")


if __name__ == "__main__":
    main()
