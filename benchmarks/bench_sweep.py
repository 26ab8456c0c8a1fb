"""A sweep of 1,000 variants on a local Dask cluster of 1 and of 2 workers, in one run.

The sweep is ``examples/scenarios/sweep_random.yaml`` (random closures of Dostyk and Altynkol,
demand and Kazakh rail tariffs around the bundled base year), run as a user runs it:
``landbridge sweep FILE --workers N --json``, each run a whole new process with a new output,
timed from outside (interpreter start, imports, reading the sweep, starting the cluster,
warming the workers, the variants, writing the results, closing the cluster: nothing the user
waits for is left out). The cluster start-up (cluster and client, worker warm-up, closing) is
also reported on its own, from the sweep's own report where the tree gives it.

Runs are interleaved (1 worker, 2 workers, 1, 2, ... and, with ``--against``, another source
tree such as the code before a change, in turn), and medians taken, so that other work on a
shared machine weighs on every side alike. The load average is printed before and after.
The CPU seconds of each run (the process and its workers) show the work that
parallelism adds, whatever the load. Prints; asserts nothing.

Run: python benchmarks/bench_sweep.py [--draws 1000] [--rounds 3] [--against OTHER/src]...
     [--json]  (``--json``: one JSON object of the medians last, for compare_peers.py)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "src"
EXAMPLES = HERE.parent / "examples" / "scenarios"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _run(source: Path, spec: Path, output: Path,
         workers: int) -> tuple[float, float, dict[str, float]]:
    """Wall seconds of one whole ``landbridge sweep`` process, the CPU seconds of it and of its
    workers (children it waited for), and its JSON report."""
    env = {**os.environ, "PYTHONPATH": str(source), "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen([sys.executable, "-m", "landbridge", "sweep", str(spec),
                                  "--workers", str(workers), "--output", str(output), "--json"],
                                 env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"sweep on {workers} worker(s) failed:\n{err.read()[-2000:]}")
        report: dict[str, float] = json.loads(out.read())
    return wall, usage.ru_utime + usage.ru_stime, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1000, help="variants in the sweep")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, action="append", default=[],
                        help="another landbridge source tree (its src folder) to run beside "
                             "this one, e.g. the code before a change")
    parser.add_argument("--json", action="store_true",
                        help="also print the medians as one JSON object, last")
    args = parser.parse_args()
    trees = {"now": SOURCE, **{f"other{i + 1}" if i else "other": p.resolve()
                               for i, p in enumerate(args.against)}}
    print(f"machine: {platform.machine()} cores={os.cpu_count()} "
          f"python={platform.python_version()} {platform.platform()}")
    for name, tree in trees.items():
        print(f"tree {name}: {tree}")
    print(f"load average before: {_load()}")
    work = Path(tempfile.mkdtemp(prefix="bench-sweep-"))
    try:
        shutil.copy(EXAMPLES / "base.yaml", work / "base.yaml")
        spec = work / "sweep.yaml"
        spec.write_text((EXAMPLES / "sweep_random.yaml").read_text().replace(
            "draws: 1000", f"draws: {args.draws}"))
        runs: dict[tuple[str, int], list[tuple[float, float, dict[str, float]]]] = {
            (name, w): [] for name in trees for w in (1, 2)}
        plan = [(name, tree, w) for name, tree in trees.items() for w in (1, 2)]
        for r in range(args.rounds):  # every other round in reverse: no side always first
            for name, tree, workers in plan if r % 2 == 0 else plan[::-1]:
                output = work / f"{name}-w{workers}-r{r}.parquet"
                wall, cpu, report = _run(tree, spec, output, workers)
                if report["ran"] != args.draws or report["failed"]:
                    raise SystemExit(f"{name} on {workers} worker(s): {report}")
                runs[name, workers].append((wall, cpu, report))
                print(f"  round {r + 1} {name} {workers} worker(s): {wall:.1f} s whole "
                      f"process, {cpu:.1f} s CPU (load {_load()})", flush=True)
        print(f"load average after: {_load()}")
        print(f"\n{args.draws} variants, medians of {args.rounds} interleaved rounds:")
        print("| tree | workers | whole process s | of which cluster start-up s | CPU s | "
              "2 workers vs 1 |")
        print("|---|---|---|---|---|---|")
        medians: dict[str, dict[str, float | None]] = {}
        for name in trees:
            walls = {w: statistics.median(x for x, _, _ in runs[name, w]) for w in (1, 2)}
            medians[name] = {"draws": args.draws, "load": os.getloadavg()[0]}
            for w in (1, 2):
                starts = [rep["startup_seconds"] for _, _, rep in runs[name, w]
                          if "startup_seconds" in rep]
                cpu = statistics.median(c for _, c, _ in runs[name, w])
                start = statistics.median(starts) if starts else None
                ratio = f"{walls[1] / walls[2]:.2f}x faster" if w == 2 else "-"
                print(f"| {name} | {w} | {walls[w]:.1f} | "
                      f"{'not reported' if start is None else f'{start:.1f}'} | {cpu:.1f} | "
                      f"{ratio} |")
                medians[name].update({f"wall_{w}": walls[w], f"startup_{w}": start,
                                      f"cpu_{w}": cpu})
        if args.json:
            print(json.dumps(medians))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
