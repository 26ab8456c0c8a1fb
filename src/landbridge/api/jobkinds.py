"""The kinds of long job the service runs: one entry in :data:`JOB_KINDS` per kind.

Each kind is a :class:`~landbridge.api.jobs.JobKind`: a name, a parameter type (pydantic model
or dataclass, validated from the request's JSON) and a module-level function
``run(params, progress) -> result with to_dict()``. Registering a new kind is one line in
:data:`JOB_KINDS`; it gets ``POST /api/jobs/{name}`` with its parameters in the OpenAPI schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from landbridge.api.jobresults import AllocationOut, AllocationsOut, MatrixOut, SimulationOut
from landbridge.api.jobs import JobKind, Progress, TooMuchWorkError
from landbridge.api.schemas import AllocateParams, MatrixParams, SimulateParams
from landbridge.planning.batch import BestRouteMatrix

__all__ = ["ALLOCATE", "JOB_KINDS", "MATRIX", "MAX_SIMULATED_ARRIVALS", "SIMULATE",
           "admit_simulate", "run_allocate", "run_matrix", "run_simulate"]


def run_matrix(params: MatrixParams, progress: Progress) -> BestRouteMatrix:
    """:func:`~landbridge.planning.best_routes`, one origin at a time to report progress.

    The rows are the same as one call with every origin: each origin's row is that origin's
    shortest paths, whatever the other origins are.
    """
    import numpy as np

    from landbridge.model.places import Role
    from landbridge.network.load import load_network
    from landbridge.planning import best_routes

    network = load_network()
    origins = params.origins or [p.id for p in network.with_role(Role.ORIGIN)]
    parts: list[BestRouteMatrix] = []
    for i, origin in enumerate(origins):
        progress(i / len(origins), f"origin {i + 1} of {len(origins)}: {origin}")
        parts.append(best_routes(commodity=params.commodity, unit=params.unit,
                                 objective=params.objective, origins=[origin],
                                 markets=params.markets, avoid=params.avoid, network=network))
    progress(1.0, "done")
    return BestRouteMatrix(
        origins=tuple(o for part in parts for o in part.origins),
        markets=parts[0].markets,
        objective=parts[0].objective,
        days=np.vstack([part.days for part in parts]),
        cost_usd_per_t=np.vstack([part.cost_usd_per_t for part in parts]),
        co2e_wtw=np.vstack([part.co2e_wtw for part in parts]),
    )


MATRIX: JobKind[MatrixParams] = JobKind(
    name="matrix", params=MatrixParams, run=run_matrix, result=MatrixOut,
    title="Best route from every origin to every market (landbridge.planning.best_routes)",
    description="Expected days, cost per tonne and kg CO2e per tonne of the best route by the "
                "objective, for each origin-market pair that has one.",
)


@dataclass(frozen=True, slots=True)
class _AllocationAnswer:
    """An allocation, or two and what changes between them (``landbridge allocate --diff``)."""

    payload: dict[str, object]

    def to_dict(self) -> dict[str, object]:
        return self.payload


def run_allocate(params: AllocateParams, progress: Progress) -> _AllocationAnswer:
    """:func:`~landbridge.flows.allocate` on the scenario (and the second one, if given)."""
    from landbridge.flows import allocate, diff_allocations
    from landbridge.scenario import parse_scenario

    progress(0.0, "solving the allocation LP")
    base = allocate(parse_scenario(params.scenario, file="scenario"))
    if params.diff is None:
        progress(1.0, "done")
        return _AllocationAnswer(base.to_dict())
    progress(0.5, "solving the second scenario")
    other = allocate(parse_scenario(params.diff, file="diff"))
    progress(1.0, "done")
    return _AllocationAnswer({"base": base.to_dict(), "other": other.to_dict(),
                              "diff": diff_allocations(base, other).to_dict()})


def run_simulate(params: SimulateParams, progress: Progress) -> Any:
    """:func:`~landbridge.terminal.simulate` on the station (the bundled default if none)."""
    from landbridge.terminal import load_station, parse_station, simulate

    station = (load_station() if params.station is None
               else parse_station(params.station, file="station"))
    progress(0.0, f"simulating {params.replications} x {params.days:g} days")
    report = simulate(station, days=params.days, replications=params.replications,
                      seed=params.seed)
    progress(1.0, "done")
    return report


#: Most train and ship arrivals one simulate job may ask for (arrivals a year x days / 365 x
#: replications). Measured on the 2-core reference machine while it was busy (load ~7): the
#: default station's 19,300 arrivals (365 days x 10 replications) in 1.1 s, and one saturated
#: replication of 100,000 train arrivals in 3.3 s peaking at 140 MB. So a job at the bound
#: runs one to two minutes, inside the job time limit and the worker's memory limit. The
#: default job asks for about 19,000.
MAX_SIMULATED_ARRIVALS = 2_000_000


def admit_simulate(params: SimulateParams) -> None:
    """Check the station and refuse a simulation that would simulate too many arrivals."""
    from landbridge.terminal import load_station, parse_station
    from landbridge.terminal.model import expected_arrivals

    station = (load_station() if params.station is None
               else parse_station(params.station, file="station"))
    work = expected_arrivals(station, days=params.days, replications=params.replications)
    if work > MAX_SIMULATED_ARRIVALS:
        raise TooMuchWorkError(
            f"this simulation would handle about {work:,.0f} train and ship arrivals "
            f"(arrivals a year x days / 365 x replications); a job may handle at most "
            f"{MAX_SIMULATED_ARRIVALS:,}: ask for fewer days or replications, or run it with "
            "`landbridge simulate`", field="station" if params.station else "days")


ALLOCATE: JobKind[AllocateParams] = JobKind(
    name="allocate", params=AllocateParams, run=run_allocate,
    result=AllocationOut | AllocationsOut,
    title="Allocate a scenario's exports across corridors (landbridge.flows.allocate)",
    description="Flows by corridor and link, capacity use and the value of each binding "
                "capacity, stranded supply and unmet demand; with 'diff', what changes.",
)
SIMULATE: JobKind[SimulateParams] = JobKind(
    name="simulate", params=SimulateParams, run=run_simulate, admit=admit_simulate,
    result=SimulationOut,
    title="Simulate a port transfer station (landbridge.terminal.simulate)",
    description="Throughput, turnaround, queues, waiting, berth and silo use and demurrage, "
                "with 95% intervals over replications.",
)

#: Every job kind the service runs by default. Add a kind here.
JOB_KINDS: tuple[JobKind[Any], ...] = (MATRIX, ALLOCATE, SIMULATE)
