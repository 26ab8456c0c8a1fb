"""Route-planner timings: one query, compile, a searoute yardstick. Prints figures; asserts nothing.

Run: python benchmarks/bench_routes.py
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time


def _median_ms(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    import numpy as np
    import searoute

    import landbridge
    from landbridge.model.cargo import Unit
    from landbridge.model.places import CargoClass
    from landbridge.planning import RouteRequest, plan_routes
    from landbridge.routing import graph as graph_module
    from landbridge.routing.graph import GraphKey, compile_graph

    print(f"machine: {platform.machine()} {platform.processor() or ''} cores={os.cpu_count()} "
          f"python={platform.python_version()} numpy={np.__version__} "
          f"landbridge={landbridge.__version__}")
    network = landbridge.load_network()

    searoute.searoute([119.45, 34.73], [106.78, 10.75])  # warm its graph
    sr = _median_ms(lambda: searoute.searoute([119.45, 34.73], [106.78, 10.75]), 50)
    print(f"searoute one sea leg (Lianyungang-Cat Lai), warm median: {sr:.2f} ms")

    key = GraphKey(cargo=CargoClass.BULK_GRAIN, unit=Unit.BULK)
    compile_graph(network, key)  # warm the sea network and imports

    def cold_compile() -> None:
        graph_module._compile_cached.cache_clear()
        compile_graph(network, key)

    print(f"compile expanded graph (bulk grain), median: {_median_ms(cold_compile, 10):.1f} ms")
    from landbridge.model.modes import Passage
    from landbridge.network import sea as sea_module

    closures = iter([frozenset({p}) for p in Passage] * 3)

    def new_scenario() -> None:  # a closure never seen before: the sea matrix is recomputed
        graph_module._compile_cached.cache_clear()
        sea_module.sea_network()._tables.clear()
        sea_module.sea_network()._cache = None  # and not read from the disk cache
        compile_graph(network, GraphKey(cargo=CargoClass.CONTAINER, unit=Unit.CONTAINER,
                                        closed_passages=next(closures)))

    print(f"compile for a new scenario (a passage closed, sea distances recomputed), median: "
          f"{_median_ms(new_scenario, 10):.1f} ms")

    request = RouteRequest(origin="Kostanay", destination="Cai Mep", commodity="wheat",
                           samples=10_000)
    plan_routes(request, network=network)
    q = _median_ms(lambda: plan_routes(request, network=network), 30)
    print(f"route query Kostanay->Cai Mep, Pareto set + 10,000-sample Monte Carlo, warm median: "
          f"{q:.1f} ms")
    request = RouteRequest(origin="Kostanay", destination="Ho Chi Minh City", commodity="wheat",
                           unit="container", samples=10_000)
    plan_routes(request, network=network)
    q = _median_ms(lambda: plan_routes(request, network=network), 30)
    print(f"route query Kostanay->Ho Chi Minh City (container), warm median: {q:.1f} ms")

    print(f"route queries, {_distinct_questions(network)}")

    from landbridge.planning import best_routes

    best_routes(commodity="wheat", unit="container", network=network)
    for unit in ("bulk", "container"):
        m = best_routes(commodity="wheat", unit=unit, network=network)
        t = _median_ms(lambda u=unit: best_routes(commodity="wheat", unit=u,  # type: ignore[misc]
                                                  network=network), 10)
        print(f"best route from every origin to every market, wheat {unit} "
              f"({len(m.origins)} x {len(m.markets)} pairs), warm median: {t:.1f} ms")
    graph_module._compile_cached.cache_clear()
    t0 = time.perf_counter()
    best_routes(commodity="barley", unit="bulk", network=network)
    print(f"  the same including its graph compile: {(time.perf_counter() - t0) * 1000:.1f} ms")

    exe = os.path.join(os.path.dirname(sys.executable), "landbridge")
    for label, argv in (("landbridge --help", [exe, "--help"]),
                        ("landbridge route Kostanay 'Ho Chi Minh City' --unit container",
                         [exe, "route", "Kostanay", "Ho Chi Minh City", "--unit", "container"])):
        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True)
            runs.append(time.perf_counter() - t0)
        print(f"cold process: {label}: median {statistics.median(runs):.2f} s")


def _distinct_questions(network, count: int = 200) -> str:  # type: ignore[no-untyped-def]
    """Median time of ``count`` questions none of which repeats (origin, market, cargo and
    seed drawn without replacement, in a fixed order): what a service without its answer
    cache plans. Trees and bounds kept from earlier questions serve the later ones that share
    an origin or a market; Monte Carlo draws are new for every seed."""
    import random

    from landbridge.errors import LandbridgeError
    from landbridge.model.places import Role
    from landbridge.planning import RouteRequest, plan_routes

    rng = random.Random(5)
    origins = sorted(p.name for p in network.places.values() if Role.ORIGIN in p.roles)
    markets = sorted(p.name for p in network.places.values() if Role.MARKET in p.roles)
    combos = [(o, m, c) for o in origins for m in markets
              for c in ("wheat", "barley", "flour", "cotton")]
    rng.shuffle(combos)
    times = []
    for origin, market, cargo in combos:
        request = RouteRequest(origin=origin, destination=market, commodity=cargo,
                               seed=rng.randrange(10**6))
        t = time.perf_counter()
        try:
            plan_routes(request, network=network)
        except LandbridgeError:
            continue  # a pair without a route for that cargo: not timed
        times.append((time.perf_counter() - t) * 1000)
        if len(times) == count:
            break
    return (f"{len(times)} distinct questions (origin, market, cargo, seed), warm median: "
            f"{statistics.median(times):.1f} ms")


if __name__ == "__main__":
    main()
