"""Results of the service's jobs (pydantic models, no extra fields): what ``GET
/api/jobs/{id}/result`` answers for each kind, as the ``to_dict()`` of what the kind's function
returned.

The service stores and sends a result as it was computed; these models document it in the
OpenAPI schema, and the tests validate real results against them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from landbridge.api.schemas import AnswerModel, PlaceRef
from landbridge.model.cargo import Unit
from landbridge.planning.request import Objective
from landbridge.terminal.report import Stage as QueueStage

__all__ = ["AllocationDiffOut", "AllocationOut", "AllocationsOut", "MatrixOut",
           "SimulationOut"]


# --- matrix: best routes from every origin to every market -----------------------------------


class MatrixRouteOut(AnswerModel):
    origin: str = Field(description="A place id.")
    market: str = Field(description="A place id.")
    days: float = Field(description="Expected transit time.")
    cost_usd_per_t: float
    co2e_kg_per_t: float = Field(description="Well-to-wheel.")


class MatrixOut(AnswerModel):
    """The ``matrix`` job (:meth:`landbridge.planning.BestRouteMatrix.to_dict`): one row per
    origin-market pair that has a route."""

    objective: Objective
    routes: list[MatrixRouteOut]


# --- allocate: a scenario's exports across corridors ------------------------------------------


class CorridorTotalOut(AnswerModel):
    commodity: str
    corridor: str
    tonnes: float


class FlowOut(AnswerModel):
    origin: PlaceRef
    commodity: str
    market: PlaceRef
    corridor: str
    tonnes: float
    cost_usd_per_t: float
    days: float


class LinkFlowOut(AnswerModel):
    element: str = Field(description="The link id.")
    name: str
    mode: str
    tonnes: float


class CapacityUseOut(AnswerModel):
    element: str = Field(description="The link, place or passage whose capacity it is.")
    name: str
    scope: str
    capacity_t: float
    tonnes: float
    utilisation: float | None = Field(description="Null for a closed element (capacity 0).")
    binding: bool
    value_usd_per_t: float = Field(description="What one more tonne of capacity is worth "
                                   "(the dual of its capacity row).")
    source: str


class ShortfallOut(AnswerModel):
    place: PlaceRef
    commodity: str
    tonnes: float
    reason: str


class MillUseOut(AnswerModel):
    place: PlaceRef
    process: str
    input: str
    capacity_t: float
    tonnes_in: float
    outputs: dict[str, float] = Field(description="Tonnes made of each product.")
    utilisation: float
    net_cost_usd_per_t: float
    value_usd_per_t: float


class AllocationOut(AnswerModel):
    """An allocation (:meth:`landbridge.flows.Allocation.to_dict`)."""

    scenario: str
    objective: str
    total_cost_usd: float
    revenue_usd: float | None
    netback_usd: float | None
    delivered_t: float
    corridors: list[CorridorTotalOut]
    flows: list[FlowOut]
    links: list[LinkFlowOut]
    capacities: list[CapacityUseOut]
    stranded: list[ShortfallOut]
    unmet: list[ShortfallOut]
    mills: list[MillUseOut] | None = Field(None, description="Present when the scenario has "
                                           "mills.")


class CorridorChangeOut(AnswerModel):
    commodity: str
    corridor: str
    before_t: float
    after_t: float
    change_t: float


class AllocationDiffOut(AnswerModel):
    """What changes between two allocations (:meth:`landbridge.flows.AllocationDiff.to_dict`)."""

    base: str = Field(description="The first scenario's name.")
    other: str = Field(description="The second scenario's name.")
    cost_change_usd: float
    delivered_change_t: float
    corridors: list[CorridorChangeOut]
    new_bottlenecks: list[CapacityUseOut]
    relieved_bottlenecks: list[CapacityUseOut]


class AllocationsOut(AnswerModel):
    """The ``allocate`` job with ``diff``: both allocations and what changes."""

    base: AllocationOut
    other: AllocationOut
    diff: AllocationDiffOut


# --- simulate: a transfer station --------------------------------------------------------------


class EstimateOut(AnswerModel):
    """A mean over replications and its 95% interval; null where no replication had a
    value (or, for the interval, with one replication)."""

    mean: float | None
    ci95: Annotated[list[float | None], Field(min_length=2, max_length=2)]


class DelayOut(AnswerModel):
    stage: QueueStage
    hours_per_year: EstimateOut
    cost_usd_per_year: EstimateOut


class DwellOut(AnswerModel):
    mean: EstimateOut
    p90: EstimateOut


class TrainStatsOut(AnswerModel):
    name: str
    commodity: str
    trains_per_year: EstimateOut
    tonnes_per_year: EstimateOut
    turnaround_h: EstimateOut
    turnaround_p90_h: EstimateOut
    held_h: EstimateOut
    wait_h: EstimateOut
    diverted_per_year: EstimateOut
    wagon_demurrage_usd_per_year: EstimateOut


class ShipStatsOut(AnswerModel):
    name: str
    ship_class: str
    commodity: str
    ships_per_year: EstimateOut
    loaded_t_per_year: EstimateOut
    wait_cargo_h: EstimateOut
    wait_berth_h: EstimateOut
    port_h: EstimateOut
    port_p90_h: EstimateOut
    part_loaded_per_year: EstimateOut
    demurrage_usd_per_year: EstimateOut


class StoreStatsOut(AnswerModel):
    name: str
    capacity_t: float
    mean_t: EstimateOut
    utilisation: EstimateOut
    peak_t: EstimateOut
    full_share: EstimateOut


class ResourceStatsOut(AnswerModel):
    name: str
    kind: str
    count: int
    utilisation: EstimateOut
    queue_mean: EstimateOut
    queue_peak: EstimateOut


class MillStatsOut(AnswerModel):
    input: str
    output: str
    milled_t_per_year: EstimateOut
    output_t_per_year: EstimateOut
    byproduct_t_per_year: EstimateOut
    busy_share: EstimateOut


class SimulationOut(AnswerModel):
    """The ``simulate`` job (:meth:`landbridge.terminal.SimReport.to_dict`)."""

    station: str
    days: float
    warmup_days: float
    replications: int
    seed: int
    throughput_t_per_year: EstimateOut
    received_t_per_year: EstimateOut
    demurrage_usd_per_year: EstimateOut
    wagon_demurrage_usd_per_year: EstimateOut
    bottleneck: QueueStage = Field(description="Where the queue forms.")
    delays: list[DelayOut]
    port_dwell_h: dict[Unit, DwellOut] = Field(description="Port dwell per unit handled.")
    trains: list[TrainStatsOut]
    ships: list[ShipStatsOut]
    stores: list[StoreStatsOut]
    resources: list[ResourceStatsOut]
    max_balance_error_t: float
    mill: MillStatsOut | None = Field(None, description="Present when the station has a mill.")
