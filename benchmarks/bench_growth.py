"""Growth with the network: the bundled tables replicated 1x, 2x, 4x and 10x.

Each copy is the whole network under new ids (``KZ-KSN-R2`` for Kostanay's second copy) and new
names; the copies meet only at sea, where every ocean port of every copy joins every other. For
each size it prints the time to validate the tables (the checks across tables), to compile the
expanded graph (sea tables held in memory, as in a warm process), and to plan one route, with
each figure's growth over 1x and the slope of log(time) against log(size). Prints; asserts
nothing.

Run: python benchmarks/bench_growth.py [--sizes 1 2 4 10] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

#: Columns of each table that hold a place id (a capacity's element may also be a link A--B).
_PLACE_COLUMNS = {
    "places.csv": ("id",),
    "links.csv": ("from", "to"),
    "hub_operations.csv": ("place",),
    "capacities.csv": ("element",),
    "services.csv": ("from", "to"),
}


def _copy_id(place: str, copy: int) -> str:
    if copy == 1 or place in ("", "*"):
        return place
    if "--" in place:
        return "--".join(_copy_id(p, copy) for p in place.split("--"))
    if "-" in place:
        return f"{place}-R{copy}"
    return f"{place[:2]}-{place[2:]}-R{copy}"


def replicate(target: Path, copies: int) -> Path:
    """Write the bundled tables, replicated ``copies`` times, into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for item in resources.files("landbridge.data").iterdir():
        if not item.name.endswith(".csv"):
            continue
        text = item.read_text(encoding="utf-8")
        columns = _PLACE_COLUMNS.get(item.name)
        if columns is None and item.name != "areas.csv":
            (target / item.name).write_text(text, encoding="utf-8")
            continue
        reader = csv.DictReader(io.StringIO(text))
        rows = list(reader)
        out = io.StringIO()
        writer = csv.DictWriter(out, list(reader.fieldnames or ()), lineterminator="\n")
        writer.writeheader()
        for copy in range(1, copies + 1):
            for row in rows:
                if copy > 1 and item.name == "hub_operations.csv" and row["place"] == "*":
                    continue  # defaults once
                new = dict(row)
                if item.name == "areas.csv":
                    if copy > 1:
                        new["id"] = _copy_id(row["id"], copy)
                        new["name"] = f"{row['name']} R{copy}"
                        new["aliases"] = ""
                        new["terminals"] = ";".join(_copy_id(t, copy)
                                                    for t in row["terminals"].split(";"))
                else:
                    for column in columns or ():
                        new[column] = _copy_id(row[column], copy)
                    if item.name == "places.csv" and copy > 1:
                        new["name"] = f"{row['name']} R{copy}"
                        new["aliases"] = ""
                writer.writerow(new)
        (target / item.name).write_text(out.getvalue(), encoding="utf-8")
    return target


def _median_s(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def measure(directory: Path, repeat: int) -> dict[str, float]:
    """Validation, compile and one route query on the tables in ``directory`` (seconds)."""
    from landbridge.model.cargo import Unit
    from landbridge.model.places import CargoClass
    from landbridge.network.load import check_network, load_network
    from landbridge.planning import RouteRequest, plan_routes
    from landbridge.routing import graph as graph_module
    from landbridge.routing.graph import GraphKey, compile_graph

    validation = _median_s(lambda: check_network(directory), repeat)
    network = load_network(directory)
    key = GraphKey(cargo=CargoClass.BULK_GRAIN, unit=Unit.BULK)
    compile_graph(network, key)  # the sea tables, once

    def compile_once() -> None:
        graph_module._compile_cached.cache_clear()
        compile_graph(network, key)

    compiled = _median_s(compile_once, repeat)
    graph = compile_graph(network, key)
    request = RouteRequest(origin="Kostanay", destination="Cai Mep", commodity="wheat",
                           samples=10_000)
    plan_routes(request, network=network)
    query = _median_s(lambda: plan_routes(request, network=network), repeat)
    return {"validation_s": validation, "compile_s": compiled, "query_s": query,
            "nodes": graph.node_count, "edges": len(graph.edges)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 4, 10])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            results[size] = measure(replicate(Path(tmp) / f"x{size}", size), args.repeat)
    if args.json:
        print(json.dumps({str(k): v for k, v in results.items()}))
        return
    print(f"machine: {platform.machine()} cores={os.cpu_count()} "
          f"python={platform.python_version()}")
    base = results[args.sizes[0]]
    print(f"{'size':>5} {'nodes':>7} {'edges':>8} {'validate ms':>12} {'x':>6} "
          f"{'compile ms':>11} {'x':>6} {'query ms':>9} {'x':>6}")
    for size, r in results.items():
        print(f"{size:>4}x {int(r['nodes']):>7} {int(r['edges']):>8} "
              f"{r['validation_s'] * 1e3:>12.1f} {r['validation_s'] / base['validation_s']:>6.1f} "
              f"{r['compile_s'] * 1e3:>11.1f} {r['compile_s'] / base['compile_s']:>6.1f} "
              f"{r['query_s'] * 1e3:>9.1f} {r['query_s'] / base['query_s']:>6.1f}")
    first, last = args.sizes[0], args.sizes[-1]
    if last != first:
        span = math.log(last / first)
        for name in ("validation_s", "compile_s", "query_s"):
            slope = math.log(results[last][name] / results[first][name]) / span
            print(f"slope of log({name[:-2]}) on log(size), {first}x to {last}x: {slope:.2f}")


if __name__ == "__main__":
    main()
