"""Where users wait, as ratios against yardsticks measured in the same run (issue 14's table).

Each row is measured interleaved with its yardstick (and, with ``--against``, with another
landbridge source tree such as the code before a change), and medians are taken, so that other
work on a shared machine weighs on both sides alike. Rows:

- cold ``landbridge route Kostanay "Cai Mep" --cargo wheat --json`` (whole process: wall, CPU,
  peak memory) against a cold ``python -c "import searoute; searoute.searoute(...)"``;
- the warm route query (Pareto set, alternatives, 10,000-sample Monte Carlo) against one warm
  searoute sea leg;
- graph compile and validation on the bundled tables replicated 10x, against 1x
  (``bench_growth.py``);
- cold ``landbridge simulate --json`` (whole process);
- optionally (``--api``) the service under load with every question different
  (``bench_api_load.py --mix distinct``);
- optionally (``--sweep``) a sweep of 1,000 variants on 2 Dask workers against 1, each a whole
  ``landbridge sweep`` process (``bench_sweep.py``, its runs interleaved across the trees).

The sea tables and the tables' verdict are in the disk cache before the cold runs (a first
run after installing or upgrading fills it; ``--first-run`` also times one such run), and so
is each tree's bytecode, as an installed package has it (``--no-bytecode``: compile every
module from source in every process instead).
Prints; asserts nothing.

Run: python benchmarks/compare_peers.py [--rounds 7] [--against OTHER/src] [--api] [--first-run]
     [--skip-growth] [--no-bytecode] [--sweep] [--sweep-rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "src"
ROUTE = ["-m", "landbridge", "route", "Kostanay", "Cai Mep", "--cargo", "wheat", "--json"]
SIMULATE = ["-m", "landbridge", "simulate", "--json"]
SEAROUTE = ("import searoute; searoute.searoute([119.45, 34.73], [106.78, 10.75])")

_WARM = textwrap.dedent("""
    import json, statistics, sys, time
    import searoute
    from landbridge.network.load import load_network
    from landbridge.planning import RouteRequest, plan_routes

    rounds = int(sys.argv[1])
    network = load_network()
    request = RouteRequest(origin="Kostanay", destination="Cai Mep", commodity="wheat",
                           samples=10_000)
    plan_routes(request, network=network)
    searoute.searoute([119.45, 34.73], [106.78, 10.75])
    ours, theirs = [], []
    for _ in range(rounds):  # interleaved, one of each at a time
        t = time.perf_counter(); plan_routes(request, network=network)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter(); searoute.searoute([119.45, 34.73], [106.78, 10.75])
        theirs.append(time.perf_counter() - t)
    print(json.dumps({"query_ms": statistics.median(ours) * 1e3,
                      "searoute_ms": statistics.median(theirs) * 1e3}))
""")


def _env(source: Path, cache: Path, *, bytecode: bool) -> dict[str, str]:
    """The environment of a process running ``source``'s landbridge with ``cache`` as its disk
    cache. With ``bytecode``, modules are compiled once and their bytecode kept under
    ``cache`` (the source tree stays untouched), as an installed package has it (pip compiles
    at install, like the yardstick's searoute in site-packages); without it, every module is
    compiled from source in every process."""
    env = {**os.environ, "PYTHONPATH": str(source), "LANDBRIDGE_CACHE_DIR": str(cache)}
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache / "bytecode")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _process(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of one whole process."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, *argv], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit code {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _median(runs: list[tuple[float, ...]]) -> tuple[float, ...]:
    return tuple(statistics.median(r[i] for r in runs) for i in range(len(runs[0])))


def _json(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run([sys.executable, *argv], env=env, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--against", type=Path, action="append", default=[],
                        help="another landbridge source tree (its src folder) to measure "
                             "beside this one, e.g. the code before a change")
    parser.add_argument("--api", action="store_true", help="also the service under load")
    parser.add_argument("--api-seconds", type=float, default=20.0)
    parser.add_argument("--first-run", action="store_true",
                        help="also time a cold route with an empty disk cache")
    parser.add_argument("--growth", type=int, default=10, help="replication for growth rows")
    parser.add_argument("--skip-growth", action="store_true", help="leave the growth rows out")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="compile landbridge from source in every cold process (no "
                             "bytecode kept), as the table was measured before")
    parser.add_argument("--sweep", action="store_true",
                        help="also a 1,000-variant sweep on 1 and 2 workers (minutes)")
    parser.add_argument("--sweep-rounds", type=int, default=3)
    args = parser.parse_args()
    trees = {"now": SOURCE, **{f"other{i + 1}" if i else "other": p.resolve()
                               for i, p in enumerate(args.against)}}
    print(f"machine: {platform.machine()} {platform.processor() or ''} cores={os.cpu_count()} "
          f"load={' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"python={platform.python_version()} {platform.platform()}")
    for name, tree in trees.items():
        print(f"tree {name}: {tree}")
    print("landbridge modules: " + ("compiled from source in every process" if args.no_bytecode
                                    else "bytecode compiled by the first run and kept, as "
                                         "installed"))
    with tempfile.TemporaryDirectory() as tmp:
        caches = {name: Path(tmp) / name for name in trees}
        envs = {name: _env(tree, caches[name], bytecode=not args.no_bytecode)
                for name, tree in trees.items()}
        yard_env = _env(SOURCE, Path(tmp) / "yardstick", bytecode=False)
        first: dict[str, tuple[float, float, float]] = {}
        for name in trees:  # fills each tree's disk cache (and bytecode)
            first[name] = _process(ROUTE, envs[name])
            _process(SIMULATE, envs[name])
        if args.first_run:
            for name in trees:
                print(f"first cold route with an empty cache ({name}): "
                      f"{first[name][0]:.2f} s wall, {first[name][1]:.2f} s CPU")
        cold: dict[str, list[tuple[float, float, float]]] = {n: [] for n in trees}
        sim: dict[str, list[tuple[float, float, float]]] = {n: [] for n in trees}
        yard: list[tuple[float, float, float]] = []
        for _ in range(args.rounds):
            yard.append(_process(["-c", SEAROUTE], yard_env))
            for name in trees:
                cold[name].append(_process(ROUTE, envs[name]))
                sim[name].append(_process(SIMULATE, envs[name]))
        y_wall, y_cpu, y_mem = _median(yard)  # type: ignore[misc]
        print("\n| what | tree | landbridge | yardstick | ratio | goal |")
        print("|---|---|---|---|---|---|")
        for name in trees:
            wall, cpu, mem = _median(cold[name])  # type: ignore[misc]
            print(f"| cold route (whole process) | {name} | {wall:.2f} s wall, {cpu:.2f} s CPU, "
                  f"{mem:.0f} MB | cold searoute: {y_wall:.2f} s, {y_cpu:.2f} s CPU, "
                  f"{y_mem:.0f} MB | {wall / y_wall:.2f}x wall, {cpu / y_cpu:.2f}x CPU | "
                  "<= 1.5x |")
        warm = {name: [_json(["-c", _WARM, "30"], envs[name]) for _ in range(3)]
                for name in trees}
        for name, runs in warm.items():
            q = statistics.median(r["query_ms"] for r in runs)
            s = statistics.median(r["searoute_ms"] for r in runs)
            print(f"| warm route query | {name} | {q:.1f} ms | one warm searoute leg: "
                  f"{s:.2f} ms | {q / s:.1f}x | <= 2x |")
        growth = {} if args.skip_growth else {
            name: _json([str(HERE / "bench_growth.py"), "--json", "--sizes", "1",
                         str(args.growth), "--repeat", "3"], envs[name]) for name in trees}
        for name, g in growth.items():
            one, big = g["1"], g[str(args.growth)]
            print(f"| network {args.growth}x: graph compile | {name} | "
                  f"{big['compile_s'] * 1e3:.0f} ms | 1x: {one['compile_s'] * 1e3:.1f} ms | "
                  f"{big['compile_s'] / one['compile_s']:.1f}x | <= 12x |")
            print(f"| network {args.growth}x: validation | {name} | "
                  f"{big['validation_s'] * 1e3:.0f} ms | 1x: {one['validation_s'] * 1e3:.1f} ms "
                  f"| {big['validation_s'] / one['validation_s']:.1f}x | <= 12x |")
            print(f"| network {args.growth}x: route query | {name} | "
                  f"{big['query_s'] * 1e3:.0f} ms | 1x: {one['query_s'] * 1e3:.1f} ms | "
                  f"{big['query_s'] / one['query_s']:.1f}x | - |")
        for name in trees:
            wall, cpu, _ = _median(sim[name])  # type: ignore[misc]
            print(f"| `landbridge simulate` cold | {name} | {wall:.2f} s wall, {cpu:.2f} s CPU "
                  "| - | - | <= 0.4 s |")
        if args.api:
            for name in trees:
                out = subprocess.run(
                    [sys.executable, str(HERE / "bench_api_load.py"), "--mix", "distinct",
                     "--seconds", str(args.api_seconds)],
                    env=envs[name], capture_output=True, text=True, check=True).stdout
                lines = [line for line in out.splitlines()
                         if line.startswith(("clients=", "latency", "errors", "answer",
                                             "service CPU"))]
                print(f"| API, every question different | {name} | {'; '.join(lines)} | - | - "
                      "| p95 <= 150 ms, 0 errors |")
        if not args.sweep:
            print("| sweep, 1,000 variants, 2 workers vs 1 | - | not measured (--sweep) | - | - "
                  "| >= 1.7x |")
        else:
            others = [a for p in args.against for a in ("--against", str(p.resolve()))]
            out = subprocess.run(
                [sys.executable, str(HERE / "bench_sweep.py"), "--json", "--rounds",
                 str(args.sweep_rounds), *others], capture_output=True, text=True,
                check=True).stdout
            sweeps = json.loads(out.strip().splitlines()[-1])
            for name in trees:
                s = sweeps[name]
                ours, yard_s = (f"{w} worker{'s' if w > 1 else ''}: {s[f'wall_{w}']:.1f} s"
                                + ("" if s[f"startup_{w}"] is None else
                                   f", of which cluster start-up {s[f'startup_{w}']:.1f} s")
                                for w in (2, 1))
                print(f"| sweep, {s['draws']:,} variants (whole process) | {name} | {ours} | "
                      f"{yard_s} | {s['wall_1'] / s['wall_2']:.2f}x faster | >= 1.7x |")
    print(f"\nchildren CPU total: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime:.0f} s")


if __name__ == "__main__":
    main()
