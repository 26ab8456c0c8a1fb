"""Transfer-station simulation timings: one simulated year of the default (5 Mt/yr) station.

Prints figures; asserts nothing. Run: python benchmarks/bench_terminal.py
"""

from __future__ import annotations

import os
import platform
import statistics
import time


def main() -> None:
    import numpy as np
    import simpy

    import landbridge
    from landbridge._fork import usable_cores
    from landbridge.terminal import load_station, run_once, simulate

    print(f"machine: {platform.machine()} {platform.processor() or ''} cores={os.cpu_count()} "
          f"python={platform.python_version()} numpy={np.__version__} simpy={simpy.__version__} "
          f"landbridge={landbridge.__version__}")
    station = load_station()
    run_once(station, days=30)  # warm imports

    times = []
    for seed in range(10):
        t = time.perf_counter()
        run = run_once(station, days=365, seed=seed)
        times.append(time.perf_counter() - t)
    loaded = run.balance.loaded_t
    print(f"one simulated year of the default station ({loaded / 1e6:.2f} Mt loaded), "
          f"median of 10 seeds: {statistics.median(times) * 1000:.0f} ms "
          f"(max {max(times) * 1000:.0f} ms)")

    t = time.perf_counter()
    simulate(station, days=365, replications=10, seed=0)
    cold = time.perf_counter() - t
    cores = usable_cores()
    for processes in sorted({1, cores}):
        warm = []
        for seed in range(1, 4):
            t = time.perf_counter()
            report = simulate(station, days=365, replications=10, seed=seed,
                              processes=processes)
            warm.append(time.perf_counter() - t)
        elapsed = statistics.median(warm)
        print(f"simulate(processes={processes}): 10 replications x 365 days, median of 3: "
              f"{elapsed:.2f} s = {10 / elapsed:.1f} replications/s (first call {cold:.2f} s); "
              f"throughput {report.throughput_t_per_year.mean / 1e6:.2f} "
              f"+- {report.throughput_t_per_year.half_width / 1e6:.2f} Mt/yr")

    t = time.perf_counter()
    load_station()
    print(f"load + validate the default YAML: {(time.perf_counter() - t) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
