"""Running a sweep on Dask: chunks of variants in parallel, results appended in order.

Each variant reports the national allocation, the route-reliability queries and the gateway
catchments the sweep file asks for (a gateway sweep: its tonnes, share and flows won as a
lever moves).

A local cluster by default (``workers`` processes, one thread each, its HTTP port picked free
so that a busy 8787 does not stop it), or an existing cluster by scheduler address. Each
worker is warmed once when it joins (a worker plugin loads the network and runs the base
scenario, compiling its graphs), so the variants it then runs in chunks find everything
loaded. Each chunk is written as soon as the chunks before it are (a Parquet part file, or
rows appended to a CSV): the output is in the sweep's order whatever the number of workers,
and an interrupted sweep restarted with the same output skips the variants already done. A
variant that fails is recorded with its error and does not stop the others.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from landbridge.errors import InvalidOptionError
from landbridge.scenario.model import Scenario
from landbridge.sweeps.spec import (
    CatchmentQuery,
    ReliabilityQuery,
    SweepSpec,
    Variant,
    apply_params,
    gateway_levers,
)
from landbridge.userfile import writable_folder, writing

__all__ = ["SweepReport", "catchment_key", "check_output", "completed_ids", "run_sweep",
           "run_variants"]

log = logging.getLogger(__name__)

#: How long to wait for an existing Dask scheduler to answer, seconds.
CONNECT_TIMEOUT_S = 5.0
#: Chunks per worker the variants are cut into (more balance the load at the end of a sweep,
#: fewer cost less scheduling and fewer part files), and most variants in one chunk (what an
#: interrupted sweep can lose).
CHUNKS_PER_WORKER = 8
MAX_CHUNK = 25

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class SweepReport:
    total: int
    skipped: int
    ran: int
    failed: int
    seconds: float
    output: Path
    #: Of ``seconds``: starting the cluster and warming its workers, and closing it.
    startup_seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {"total": self.total, "skipped": self.skipped, "ran": self.ran,
                "failed": self.failed, "seconds": round(self.seconds, 2),
                "startup_seconds": round(self.startup_seconds, 2),
                "output": str(self.output)}


def catchment_key(q: CatchmentQuery) -> str:
    """The column suffix of a catchment query: the gateway, and its cargo if chosen."""
    return q.gateway + (f"/{'+'.join(q.cargo)}" if q.cargo else "")


def _catchment_metrics(scenario: Scenario, q: CatchmentQuery, params: Mapping[str, float],
                       allocation: Any, network: Any) -> dict[str, Any]:
    from landbridge.catchment import Logit, catchment

    logit = Logit() if q.scale_usd_per_t is None else Logit(scale_usd_per_t=q.scale_usd_per_t)
    c = catchment(q.gateway, cargo=q.cargo, markets=q.markets, scenario=scenario, logit=logit,
                  volumes=q.volumes, levers=gateway_levers(params, network),
                  allocation=allocation, network=network)
    key = catchment_key(q)
    served = sum(f.tonnes for f in c.flows)
    counts = c.counts()
    return {f"gateway_t:{key}": c.tonnes,
            f"gateway_share:{key}": c.tonnes / served if served > 0 else math.nan,
            f"mean_share:{key}": (sum(f.share for f in c.flows) / len(c.flows) if c.flows
                                  else math.nan),
            f"beat_rival:{key}": counts["beat_rival"], f"only_route:{key}": counts["only_route"],
            f"lost:{key}": counts["lost"],
            f"uz_share_of_sco:{key}": c.country_share("UZ")}


def _metrics(base: Scenario, variant: Variant, reliability: Sequence[ReliabilityQuery],
             network: Any, catchments: Sequence[CatchmentQuery] = ()) -> dict[str, Any]:
    from landbridge.flows import allocate
    from landbridge.planning import RouteRequest, plan_routes

    row: dict[str, Any] = {"scenario_id": variant.id, "status": "ok", "error": ""}
    row.update({f"param:{k}": float(v) for k, v in variant.params.items()})
    try:
        scenario = apply_params(base, variant.params, network)
        a = allocate(scenario, network=network)
        row.update({
            "total_cost_usd": a.total_cost_usd,
            "delivered_t": a.delivered_t,
            "stranded_t": sum(s.tonnes for s in a.stranded),
            "unmet_t": sum(u.tonnes for u in a.unmet),
            "netback_usd": math.nan if a.netback_usd is None else a.netback_usd,
            "bottlenecks": "; ".join(c.name for c in a.capacities if c.binding),
        })
        for element in watched_elements(variant.params, network):
            uses = [c for c in a.capacities if c.element == element]
            row[f"flow:{element}"] = max((c.tonnes for c in uses), default=0.0)
            row[f"value:{element}"] = sum(c.value_usd_per_t for c in uses)
        for q in reliability:
            key = f"{q.origin}>{q.destination}"
            plan = plan_routes(RouteRequest(origin=q.origin, destination=q.destination,
                                            commodity=q.commodity, unit=q.unit,
                                            samples=q.samples, alternatives=1,
                                            scenario=scenario), network=network)
            best = plan.best
            row[f"days_mean:{key}"] = best.days.mean
            row[f"days_p90:{key}"] = best.days.p90
            row[f"cost_usd_per_t:{key}"] = best.cost_usd_per_t
        for c in catchments:
            row.update(_catchment_metrics(scenario, c, variant.params, a, network))
    except Exception as exc:  # one failed variant must not stop the sweep
        row.update({"status": "error", "error": f"{type(exc).__name__}: {exc}"})
    return row


def watched_elements(params: Mapping[str, float], network: Any) -> list[str]:
    """Elements a variant closes or resizes: their flow and value are reported."""
    from landbridge.scenario.load import resolve_element

    out = []
    for name in params:
        kind, _, rest = name.partition(":")
        if kind in ("closure", "capacity"):
            element = rest if "--" in rest else rest.partition(":")[0]
            resolved = resolve_element(network, element)
            if resolved not in out:
                out.append(resolved)
    return out


def run_variants(base: Scenario, variants: Sequence[Variant],
                 reliability: Sequence[ReliabilityQuery],
                 catchments: Sequence[CatchmentQuery] = (), *,
                 data: Path | None = None) -> list[dict[str, Any]]:
    """Run variants in this process (the unit of work a Dask task executes), on the network
    in ``data`` (the bundled one by default), which is loaded once per process."""
    from landbridge.network.load import load_network

    network = load_network(data)
    return [_metrics(base, v, reliability, network, catchments) for v in variants]


#: Keys of the warm-ups this process has run (see :func:`warm`).
_warmed: set[str] = set()


def warm_key(base: Scenario, reliability: Sequence[ReliabilityQuery],
             data: Path | None) -> str:
    """What a warm-up depends on: the base scenario, the reliability queries and the data."""
    return hashlib.sha256(repr((base, tuple(reliability), data)).encode()).hexdigest()


def warm(base: Scenario, reliability: Sequence[ReliabilityQuery], *,
         data: Path | None = None) -> None:
    """Load the network and run the base scenario once in this process, so that the graphs,
    solvers and sea tables the variants need are compiled, imported and read before the first
    chunk; again for the same sweep (scenario, queries and data), nothing is done."""
    key = warm_key(base, reliability, data)
    if key in _warmed:
        return
    run_variants(base, [Variant(id="warm-up", params={})], reliability, data=data)
    _warmed.add(key)


def completed_ids(output: Path) -> set[str]:
    """Variant ids already in ``output`` (a Parquet folder or a CSV file)."""
    import pandas as pd

    if output.suffix == ".csv":
        if not output.exists() or output.stat().st_size == 0:
            return set()
        return set(pd.read_csv(output, usecols=["scenario_id"])["scenario_id"].astype(str))
    if not output.is_dir() or not any(output.glob("part-*.parquet")):
        return set()
    frames = [pd.read_parquet(p, columns=["scenario_id"]) for p in
              sorted(output.glob("part-*.parquet"))]
    return set(pd.concat(frames)["scenario_id"].astype(str))


def _write(output: Path, rows: list[dict[str, Any]], columns: list[str], part: int) -> None:
    import pandas as pd

    frame = pd.DataFrame(rows).reindex(columns=columns)
    with writing(output):
        if output.suffix == ".csv":
            output.parent.mkdir(parents=True, exist_ok=True)
            header = not output.exists() or output.stat().st_size == 0
            frame.to_csv(output, mode="a", header=header, index=False)
            return
        output.mkdir(parents=True, exist_ok=True)
        tmp = output / f".part-{part:06d}.tmp"
        frame.to_parquet(tmp, index=False)
        tmp.rename(output / f"part-{part:06d}-{rows[0]['scenario_id']}.parquet")


def _columns(spec: SweepSpec, data: Path | None) -> list[str]:
    """The same columns for every part, whatever each variant produced."""
    from landbridge.network.load import load_network

    params = sorted({k for v in spec.variants for k in v.params})
    elements = watched_elements(dict.fromkeys(params, 0.0), load_network(data))
    out = ["scenario_id", "status", "error", *(f"param:{k}" for k in params),
           "total_cost_usd", "delivered_t", "stranded_t", "unmet_t", "netback_usd",
           "bottlenecks"]
    out += [f"{m}:{e}" for e in elements for m in ("flow", "value")]
    for q in spec.reliability:
        key = f"{q.origin}>{q.destination}"
        out += [f"days_mean:{key}", f"days_p90:{key}", f"cost_usd_per_t:{key}"]
    for c in spec.catchment:
        key = catchment_key(c)
        out += [f"{m}:{key}" for m in ("gateway_t", "gateway_share", "mean_share", "beat_rival",
                                       "only_route", "lost", "uz_share_of_sco")]
    return out


def _connect(cluster: Any, scheduler: str | None) -> Any:
    """A Dask client of the local cluster, or of the scheduler at ``scheduler``; an address
    that does not answer within :data:`CONNECT_TIMEOUT_S` is an InvalidOptionError."""
    from dask.distributed import Client

    if cluster is not None:
        return Client(cluster)
    assert scheduler is not None
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    # MemoryError: something answered that is not a Dask scheduler (a frame length of garbage)
    except (OSError, TimeoutError, ValueError, TypeError, MemoryError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidOptionError("scheduler", scheduler, [], message=(
            f"cannot reach the Dask scheduler at {scheduler!r} within {CONNECT_TIMEOUT_S:g} s "
            f"({reason}); check the address (tcp://host:8786) and that it is running")) from exc


def check_output(spec: SweepSpec) -> None:
    """Fail now, not after the first chunk has run, if the sweep's output cannot be written.

    Raises
    ------
    OutputError
        If the output folder or file cannot be written.
    """
    writable_folder(spec.output.parent if spec.output.suffix == ".csv" else spec.output)
    if spec.output.suffix == ".csv":
        with writing(spec.output), spec.output.open("a"):
            pass


def run_sweep(spec: SweepSpec, *, workers: int = 2, scheduler: str | None = None,
              limit: int | None = None, chunk: int | None = None, data: Path | None = None,
              progress: Progress | None = None) -> SweepReport:
    """Run the variants of ``spec`` not yet in its output, in parallel on Dask.

    ``limit`` stops after that many variants (useful to try a sweep, or to test resuming).
    ``chunk`` is the number of variants per task (by default the variants are cut into
    :data:`CHUNKS_PER_WORKER` chunks per worker, of at most :data:`MAX_CHUNK`). ``data`` is
    the folder of network tables the sweep was read against (the bundled tables by default).
    ``progress`` is called with the variants done (written) and the total.
    """
    from dask.distributed import LocalCluster, as_completed

    from landbridge.sweeps._worker import WarmWorkers

    started = time.perf_counter()
    check_output(spec)
    done = completed_ids(spec.output)
    todo = [v for v in spec.variants if v.id not in done]
    if limit is not None:
        todo = todo[:limit]
    total = len(spec.variants)
    if progress:
        progress(total - len(todo) if limit is None else len(done), total)
    if not todo:
        return SweepReport(total=total, skipped=len(done), ran=0, failed=0,
                           seconds=time.perf_counter() - started, output=spec.output)
    columns = _columns(spec, data)
    failed = 0
    finished = len(done)
    part = len(list(spec.output.glob("part-*.parquet"))) if spec.output.is_dir() else 0
    cluster = None
    booting = time.perf_counter()
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
    client = _connect(cluster, scheduler)
    plugin = WarmWorkers(spec.base, spec.reliability, data)
    try:
        client.register_plugin(plugin)
        warmed = time.perf_counter()
        size = chunk or _chunk_size(len(todo), len(client.scheduler_info()["workers"]))
        chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
        base = client.scatter(spec.base, broadcast=True)
        futures = [client.submit(run_variants, base, c, spec.reliability, spec.catchment,
                                 data=data,
                                 pure=False) for c in chunks]
        order = {f.key: i for i, f in enumerate(futures)}
        finishing = as_completed(futures)
        del futures  # a chunk's result is let go once written
        ready: dict[int, list[dict[str, Any]]] = {}
        written = 0
        for future in finishing:
            ready[order[future.key]] = future.result()
            future.release()
            while written in ready:  # in the sweep's order, whichever chunk finished first
                rows = ready.pop(written)
                written += 1
                failed += sum(r["status"] != "ok" for r in rows)
                _write(spec.output, rows, columns, part)
                part += 1
                finished += len(rows)
                if progress:
                    progress(finished, total)
        closing = time.perf_counter()
    finally:
        if cluster is None:  # a cluster that outlives the sweep keeps no plugin of it
            with contextlib.suppress(Exception):
                client.unregister_worker_plugin(plugin.name)
        client.close()
        if cluster is not None:
            cluster.close()
    ended = time.perf_counter()
    return SweepReport(total=total, skipped=len(done), ran=len(todo), failed=failed,
                       seconds=ended - started, output=spec.output,
                       startup_seconds=(warmed - booting) + (ended - closing))


def _chunk_size(variants: int, workers: int) -> int:
    """Variants per task: :data:`CHUNKS_PER_WORKER` chunks per worker, at most
    :data:`MAX_CHUNK` variants each."""
    return max(1, min(MAX_CHUNK, math.ceil(variants / (max(workers, 1) * CHUNKS_PER_WORKER))))
