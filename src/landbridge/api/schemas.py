"""Request and response bodies of the REST API (pydantic models, frozen, no extra fields).

Request fields mirror the Python API (:class:`~landbridge.planning.RouteRequest`,
:func:`~landbridge.planning.compare_origins`, :func:`~landbridge.planning.best_routes`) and
keep its names and defaults; the bounds here are the API's limits on top of the planner's own
checks.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from landbridge.chain.breakdown import Stage as ChainStage
from landbridge.chain.where import Site
from landbridge.model.areas import AreaKind
from landbridge.model.cargo import MAX_SHIPMENT_TONNES, Unit
from landbridge.model.modes import Mode, Passage
from landbridge.model.operations import Operation
from landbridge.model.places import CargoClass, PlaceKind, Role, Waters
from landbridge.planning.request import Objective

__all__ = [
    "AllocateParams",
    "ChainIn",
    "ChainOut",
    "CompareIn",
    "CompareOut",
    "ComparePlanSaved",
    "ErrorOut",
    "HealthOut",
    "JobKindOut",
    "JobOut",
    "LinkFeature",
    "MatrixParams",
    "NetworkOut",
    "OptionsOut",
    "PlaceFeature",
    "PlaceOut",
    "PlacesOut",
    "PlanOut",
    "ProcessIn",
    "ProcessOut",
    "RouteIn",
    "RouteOut",
    "RoutePlanOut",
    "RoutePlanSaved",
    "ScenarioIn",
    "ScenarioOut",
    "ScenarioYaml",
    "SeaLaneFeature",
    "SimulateParams",
]

#: A place, country or passage as a user types it.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Commodity = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                             max_length=40)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
Seed = Annotated[int, Field(ge=0, le=2**32 - 1, description="Seed of the transit-time Monte "
                            "Carlo; the same seed gives the same numbers.")]
ScenarioId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
SCENARIO_MAX_BYTES = 64 * 1024


def _checked_scenario(text: str) -> str:
    from landbridge.api.endpoints.saved import check_scenario
    from landbridge.api.problems import ApiError

    try:
        check_scenario(text, name="scenario", limit=SCENARIO_MAX_BYTES)
    except ApiError as exc:
        raise ValueError(exc.message) from exc
    return text


#: Scenario YAML in a job's parameters: checked at the door as a saved scenario is (size, safe
#: YAML, no alias bombs, :func:`landbridge.scenario.parse_scenario`), so a job parses it safely.
ScenarioYaml = Annotated[str, Field(max_length=SCENARIO_MAX_BYTES),
                         AfterValidator(_checked_scenario)]
AvoidList = Annotated[list[Name], Field(
    max_length=20, description="Countries (name or ISO code), places (a border crossing, a port) "
    "or sea passages (suez, bab-el-mandeb or 'Red Sea', malacca, bosporus, hormuz, ...) that "
    "routes must keep out of.")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RouteIn(_In):
    """A route request: as :class:`~landbridge.planning.RouteRequest`."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "origin": "Kostanay", "destination": "Ho Chi Minh City", "commodity": "wheat",
        "unit": "container", "tonnes": 5000, "avoid": ["Russia"]}]})

    origin: Name = Field(description="Where the cargo starts: place name, alias or id.")
    destination: Name = Field(description="The market: place name, alias or id.")
    commodity: Commodity = Field("wheat", description="wheat, barley, corn, flour, cotton, ore, "
                                 "mutton or general (see GET /api/options).")
    unit: Unit | None = Field(None, description="bulk, container or reefer; null: every "
                              "unit the commodity may travel in, chosen per route.")
    tonnes: Finite | None = Field(None, gt=0, le=MAX_SHIPMENT_TONNES,
                                  description="Shipment size, for the shipment cost; null: one "
                                  "consignment of each route's unit (a block train, a ship's "
                                  "parcel, a container).")
    objective: Objective = Objective.GENERALISED
    value_of_time: Finite | None = Field(None, ge=0, description="USD per tonne-day of "
                                         "transit, for the generalised cost; null: the "
                                         "commodity's.")
    avoid: AvoidList = []
    via: Name | None = Field(None, description="A place every route must pass through.")
    max_days: Finite | None = Field(None, gt=0, description="Longest acceptable expected "
                                    "transit time, days.")
    samples: int = Field(10_000, ge=100, description="Monte Carlo samples per route (at most "
                         "the service's limit, see GET /api/options).")
    seed: Seed = 0
    price: Finite | None = Field(None, ge=0, description="Market price, USD/t CFR, for the "
                                 "netback.")
    alternatives: int = Field(8, ge=1, description="At most this many corridors (at most the "
                              "service's limit).")
    within_days: Finite | None = Field(None, gt=0, description="Report the probability of "
                                       "arriving within this many days (default: max_days).")
    scenario: ScenarioId | None = Field(None, description="A saved scenario (POST "
                                        "/api/scenarios): its avoided places, countries and "
                                        "passages, closures and multipliers apply.")


class CompareIn(_In):
    """A comparison of origins for one market: the arguments of
    :func:`~landbridge.planning.compare_origins`."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "market": "Ho Chi Minh City", "origins": ["Kostanay", "Kwinana"], "commodity": "wheat",
        "unit": "container", "price": 270}]})

    market: Name
    origins: list[Name] = Field(min_length=1, description="Origins to compare (Kazakh places "
                                "and competitor ports); at most the service's limit.")
    commodity: Commodity = "wheat"
    unit: Unit | None = None
    objective: Objective = Objective.GENERALISED
    price: Finite | None = Field(None, ge=0)
    avoid: AvoidList = []
    via: Name | None = Field(None, description="A place where the inland origins' routes must "
                             "handle the cargo; competitor ports sail direct.")
    samples: int = Field(10_000, ge=100)
    seed: Seed = 0


class ChainIn(_In):
    """The whole chain priced: the arguments of :func:`~landbridge.chain.price_chain`."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "origin": "Kostanay", "market": "Ho Chi Minh City", "commodity": "wheat",
        "output": "flour", "at": "Lianyungang"}]})

    origin: Name
    market: Name
    commodity: Commodity = "wheat"
    output: Commodity | None = Field(None, description="Process into this product on the "
                                     "way; default: sell the commodity unprocessed.")
    at: Name | None = Field(None, description="Where to process; default: a mill in the "
                            "market area.")
    seed: Seed = 0


class ProcessIn(_In):
    """Where to process: the arguments of :func:`~landbridge.chain.where_to_process`."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "origin": "Kostanay", "market": "Ho Chi Minh City", "commodity": "wheat",
        "output": "flour"}]})

    origin: Name
    market: Name
    commodity: Commodity = "wheat"
    output: Commodity = "flour"
    at: list[Name] = Field([], max_length=12, description="Candidate places to process at; "
                           "default: every mill at the origin's country, a gateway or the "
                           "market.")
    seed: Seed = 0


class CatchmentIn(_In):
    """Which origins a gateway wins: the arguments of :func:`~landbridge.catchment.catchment`."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "gateway": "Lianyungang", "cargo": ["wheat"]}]})

    gateway: Name = Field(description="A border crossing or a port: name, alias or id.")
    cargo: list[Commodity] = Field([], max_length=12, description="Only these commodities; "
                                   "empty: every one.")
    markets: list[Name] = Field([], max_length=12, description="Only these markets (a place, "
                                "a city's terminals or a country); empty: every one.")
    scale: Finite | None = Field(None, ge=0, le=1000, description="Logit scale in USD/t of "
                                 "generalised cost; 0: all-or-nothing; null: 10.")


class BreakEvenIn(_In):
    """What it would take for a gateway to win an origin: the arguments of
    :func:`~landbridge.catchment.break_even`."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "gateway": "Lianyungang", "origin": "Kostanay", "market": "Haiphong",
        "lever": "dwell"}]})

    gateway: Name
    origin: Name
    market: Name
    cargo: Commodity = "wheat"
    lever: Literal["handling", "dwell", "tariff", "frequency"] = "dwell"
    rail_network: Annotated[str, StringConstraints(pattern=r"^rail(:[A-Z]{2})?$")] = Field(
        "rail:CN", description="For the tariff lever: rail, or rail:CC for one country's.")
    tolerance: Finite = Field(0.01, gt=0, le=100, description="USD/t of generalised cost "
                              "within which the routes tie.")


class MatrixParams(_In):
    """Parameters of the ``matrix`` job: the arguments of
    :func:`~landbridge.planning.best_routes`."""

    commodity: Commodity = "wheat"
    unit: Unit | None = None
    objective: Objective = Objective.GENERALISED
    origins: list[Name] | None = Field(None, min_length=1, max_length=200,
                                       description="Default: every origin in the network.")
    markets: list[Name] | None = Field(None, min_length=1, max_length=200,
                                       description="Default: every market in the network.")
    avoid: AvoidList = []


class ScenarioIn(_In):
    """A scenario to save: a name and its YAML text, checked as ``landbridge allocate`` and
    ``landbridge route --scenario`` read it (:func:`landbridge.scenario.parse_scenario`)."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                           max_length=200)]
    yaml: str = Field(description="The scenario file's text; parsed safely (no tags that "
                      "build objects) and checked, kept as sent.")


class ScenarioOut(BaseModel):
    id: str
    name: str
    created_at: dt.datetime
    yaml: str | None = None
    links: dict[str, str]


class JobOut(BaseModel):
    id: str
    kind: str
    status: Literal["queued", "running", "succeeded", "failed", "cancelled"]
    progress: float = Field(description="0 to 1.")
    message: str
    error_type: str | None = Field(None, description="invalid (the request cannot be answered "
                                   "as asked), timeout, or internal.")
    error: str | None = None
    params: dict[str, Any]
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    links: dict[str, str]


class JobKindOut(BaseModel):
    name: str
    title: str
    description: str
    params_schema: dict[str, Any]
    result_schema: dict[str, Any] | None = Field(None, description="The JSON schema of its "
                                                 "result; null if the kind declares none.")
    links: dict[str, str]


class ErrorOut(BaseModel):
    """Every 4xx and 5xx answer: an RFC 9457 problem details object
    (``application/problem+json``), with the kind, the field it is about and suggestions.

    ``type`` is ``about:blank`` (the status says what kind of failure it is) and ``title`` the
    status's phrase; ``error`` names the failure for programs, ``detail`` (and, for older
    clients, ``message``) says it for people.
    """

    type: str = Field("about:blank", description="The problem type (RFC 9457).")
    title: str = Field(description="The HTTP status phrase, e.g. 'Unprocessable Content'.")
    status: int = Field(ge=400, le=599, description="The HTTP status code.")
    detail: str = Field(description="What went wrong and what to do next.")
    instance: str | None = Field(None, description="The path of the request, if known.")
    error: str = Field(description="The kind of failure: unknown_place, invalid_option, "
                       "no_route, invalid_request, not_found, too_large, busy, timeout, ...")
    message: str = Field(description="The same as ``detail``.")
    field: str | None = Field(None, description="The request field it is about, if one.")
    suggestions: list[str] = Field([], description="Names that would have matched.")
    errors: list[dict[str, Any]] = Field([], description="Each problem of an invalid "
                                         "request: ``loc`` (where), ``msg``, ``type``.")


class AnswerModel(BaseModel):
    """An answer: every field declared, none extra (the tests validate answers against it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PlaceOut(AnswerModel):
    """A place of the network (:meth:`landbridge.Place.to_dict`)."""

    id: str = Field(description="UN/LOCODE where there is one, else a landbridge id.")
    name: str
    kind: PlaceKind
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    other_country: str | None = Field(description="For a border crossing, the neighbour.")
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    handles: list[CargoClass] = Field(description="Cargo classes it can load or unload.")
    roles: list[Role]
    aliases: list[str] = Field(description="Other names and spellings it is found by.")
    waters: Waters | None = Field(description="For a port, the waters it opens on.")
    source: str = Field(description="Where its position and facts come from.")


class PlaceRef(AnswerModel):
    id: str
    name: str


class AreaOut(AnswerModel):
    """What a route may name besides one place (:meth:`landbridge.model.areas.Area.to_dict`):
    a city with several terminals, or a country's origins and markets."""

    id: str
    name: str
    kind: AreaKind
    members: list[PlaceRef] = Field(description="The places it stands for.")


class PlacesOut(AnswerModel):
    """Places matching a query, best first, and the areas whose names match."""

    query: str
    areas: list[AreaOut]
    places: list[PlaceOut]


#: A GeoJSON position: longitude, latitude (RFC 7946, 3.1.1).
Position = tuple[Annotated[float, Field(ge=-180, le=180)], Annotated[float, Field(ge=-90, le=90)]]


class PointGeometry(AnswerModel):
    type: Literal["Point"]
    coordinates: Position


class LineStringGeometry(AnswerModel):
    type: Literal["LineString"]
    coordinates: Annotated[list[Position], Field(min_length=2)]


class MultiLineStringGeometry(AnswerModel):
    """A line cut where it crosses the antimeridian (RFC 7946, 3.1.9)."""

    type: Literal["MultiLineString"]
    coordinates: list[Annotated[list[Position], Field(min_length=2)]]


class PlaceProperties(PlaceOut):
    feature: Literal["place"]


class LinkProperties(AnswerModel):
    """A link of the network (:meth:`landbridge.Link.to_dict`)."""

    model_config = ConfigDict(populate_by_name=True)

    feature: Literal["link"]
    id: str
    from_: str = Field(alias="from", description="A place id.")
    to: str = Field(description="A place id.")
    mode: Mode
    distance_km: float = Field(gt=0, description="From the cited table, not the drawn line.")
    source: str
    note: str


class PlaceFeature(AnswerModel):
    type: Literal["Feature"]
    id: str
    geometry: PointGeometry
    properties: PlaceProperties


class LinkFeature(AnswerModel):
    type: Literal["Feature"]
    id: str
    geometry: LineStringGeometry | MultiLineStringGeometry
    properties: LinkProperties


class SeaLaneProperties(AnswerModel):
    """An ocean lane between two ports (:func:`landbridge.network.export.sea_lane_features`)."""

    model_config = ConfigDict(populate_by_name=True)

    feature: Literal["sea_lane"]
    id: str
    from_: str = Field(alias="from", description="The port where cargo boards (a place id).")
    from_name: str
    to: str = Field(description="The market port (a place id).")
    to_name: str
    distance_km: float = Field(gt=0, description="The voyage's length, port to port.")
    passages: list[Passage] = Field(description="Straits and canals the lane goes through.")
    source: str


class SeaLaneFeature(AnswerModel):
    type: Literal["Feature"]
    id: str
    geometry: LineStringGeometry | MultiLineStringGeometry
    properties: SeaLaneProperties


class NetworkOut(AnswerModel):
    """The network as a GeoJSON FeatureCollection (RFC 7946): a Point per place, a line per
    link and, if asked for, per ocean lane (:func:`landbridge.to_geojson`)."""

    type: Literal["FeatureCollection"]
    features: list[PlaceFeature | LinkFeature | SeaLaneFeature]


class AllocateParams(_In):
    """An allocation job: a scenario (as :func:`landbridge.flows.allocate`), and optionally a
    second one to compare it with (as ``landbridge allocate --diff``)."""

    scenario: ScenarioYaml
    diff: ScenarioYaml | None = None


STATION_MAX_BYTES = 64 * 1024


class SimulateParams(_In):
    """A transfer-station simulation job (as :func:`landbridge.terminal.simulate`); no station
    YAML runs the bundled default station."""

    station: Annotated[str, Field(max_length=STATION_MAX_BYTES)] | None = None
    days: Annotated[float, Field(gt=0, le=730)] = 365.0
    replications: Annotated[int, Field(ge=2, le=20)] = 10
    seed: Seed = 0


# --- answers of the planner: routes, comparisons, chains ---------------------------------------


class CargoOut(AnswerModel):
    commodity: str
    unit: Unit | None = Field(description="The unit asked for; null: chosen per route.")
    tonnes: float | None = Field(description="The shipment asked for; null: each route is "
                                 "priced for one consignment of its unit.")


class BoundsOut(AnswerModel):
    """Which routes are too roundabout to list (:class:`landbridge.planning.Bounds`)."""

    max_detour: float = Field(description="Routes over this times the shortest distance are "
                              "not listed.")
    max_excess: float = Field(description="Routes this share worse than the best on days, cost "
                              "and CO2e together are not listed.")


class DaysOut(AnswerModel):
    """Transit time in days from the Monte Carlo samples."""

    mean: float
    p50: float
    p90: float
    p95: float


class WithinOut(AnswerModel):
    """The chance of arriving within ``days`` (the request's within_days or max_days)."""

    days: float
    probability: float = Field(ge=0, le=1)


class Co2eOut(AnswerModel):
    """kg CO2e per tonne: tank-to-wheel and well-to-wheel."""

    ttw: float
    wtw: float


class ConsignmentOut(AnswerModel):
    tonnes: float = Field(description="The tonnes the shipment cost is for.")
    label: str = Field(description="In words, e.g. 'one grain block train (3,500 t)'.")


class LegOut(AnswerModel):
    """A stretch by one mode, or a hub operation (mode ``transfer``)
    (:meth:`landbridge.planning.Leg.to_dict`)."""

    model_config = ConfigDict(populate_by_name=True)

    mode: str = Field(description="rail, road, ferry, sea or transfer.")
    from_: str = Field(alias="from", description="A place id.")
    to: str = Field(description="A place id.")
    distance_km: float = Field(ge=0)
    hours: float = Field(ge=0)
    cost_usd_per_t: float
    co2e_kg_per_t: Co2eOut
    operation: Operation | None = Field(None, description="For a transfer: the hub "
                                        "operation; absent otherwise.")
    passages: list[str] | None = Field(None, description="Sea passages the leg goes "
                                       "through; absent when none.")
    service: str | None = Field(None, description="The scheduled train the leg rides (name, "
                                "departures per week, published hours), or, on a transfer, "
                                "whose hours hold the operation; absent otherwise.")
    track: list[Position] | None = Field(None, description="[lon, lat] points for a map; "
                                         "absent when the leg has no drawn line.")


class HistogramOut(AnswerModel):
    """A route's Monte Carlo transit times binned for a chart."""

    bin_edges_days: list[float]
    counts: list[int]
    samples: int = Field(ge=0)


class RouteOut(AnswerModel):
    """One route with its totals (:meth:`landbridge.planning.Route.to_dict`)."""

    summary: str
    corridor: str
    unit: Unit
    rail_service: str = Field(description="The train assumed on the rail legs, in words.")
    origin_terminal: PlaceRef
    terminal: PlaceRef
    via: list[PlaceRef]
    distance_km: float
    days: DaysOut
    within: WithinOut | None = Field(description="Null unless within_days or max_days was "
                                     "given.")
    cost_usd_per_t: float = Field(description="Freight and handling plus carrying cost.")
    freight_usd_per_t: float
    carrying_usd_per_t: float
    generalised_usd_per_t: float = Field(description="Freight and handling plus the value of "
                                         "the time in transit.")
    consignment: ConsignmentOut
    shipment_cost_usd: float
    landed_usd_per_t: float
    co2e_kg_per_t: Co2eOut
    pareto_optimal: bool
    legs: list[LegOut]
    netback_usd_per_t: float | None = Field(None, description="Present when a price was "
                                            "given.")
    transit_histogram: HistogramOut | None = Field(None, description="Added by the API; not "
                                                   "in `landbridge route --json`.")


class RoutePlanOut(AnswerModel):
    """The answer of POST /api/route (:meth:`landbridge.planning.RoutePlan.to_dict`): the
    routes, best first by the objective."""

    origin: AreaOut
    destination: AreaOut
    cargo: CargoOut
    objective: Objective
    order: str = Field(description="How the routes are ordered, in words.")
    value_of_time_usd_per_t_day: float
    bounds: BoundsOut
    routes: list[RouteOut]


class OriginRef(AnswerModel):
    id: str
    name: str
    country: str


class CompareRowOut(AnswerModel):
    """One origin's best route (:meth:`landbridge.planning.ComparisonRow.to_dict`); an origin
    with no route has ``route`` null and the ``reason`` instead of the route's fields."""

    origin: OriginRef
    competitor: bool = Field(description="A competitor port, costed FOB from the port.")
    route: None = Field(None, description="Present (null) only when there is no route.")
    reason: str | None = Field(None, description="Why there is no route.")
    summary: str | None = None
    corridor: str | None = None
    unit: Unit | None = None
    origin_terminal: PlaceRef | None = None
    terminal: PlaceRef | None = None
    days: DaysOut | None = None
    note: str | None = Field(None, description="Why the row answers another question than the "
                             "one asked: another unit, or a competitor port sailing direct.")
    generalised_usd_per_t: float | None = None
    cost_usd_per_t: float | None = None
    freight_usd_per_t: float | None = None
    carrying_usd_per_t: float | None = None
    landed_usd_per_t: float | None = None
    co2e_kg_per_t: Co2eOut | None = None
    legs: list[LegOut] | None = None
    netback_usd_per_t: float | None = None


class CompareOut(AnswerModel):
    """The answer of POST /api/compare (:meth:`landbridge.planning.Comparison.to_dict`)."""

    market: AreaOut
    commodity: str
    objective: Objective
    order: str
    price_usd_per_t: float | None
    rows: list[CompareRowOut]


class ChainStepOut(AnswerModel):
    stage: ChainStage
    label: str
    product: str
    usd_per_t: float = Field(description="Per tonne of the original input; costs negative.")


class ChainLegOut(AnswerModel):
    model_config = ConfigDict(populate_by_name=True)

    product: str
    tonnes_per_t_input: float
    from_: str = Field(alias="from", description="A place name.")
    to: str = Field(description="A place name.")
    summary: str
    corridor: str
    unit: Unit
    days_mean: float
    cost_usd_per_t_carried: float
    co2e_wtw_kg_per_t_carried: float


class MillRef(AnswerModel):
    place: str
    name: str
    scenario_only: bool = Field(description="A proposed mill, only in scenarios.")


#: USD per tonne of the original input by stage of the chain; only the stages the chain has.
ByStage = dict[ChainStage, float]


class ChainOut(AnswerModel):
    """The answer of POST /api/chain (:meth:`landbridge.chain.ChainBreakdown.to_dict`)."""

    origin: PlaceRef
    market: AreaOut
    commodity: str
    output: str | None
    mill: MillRef | None
    per: str
    steps: list[ChainStepOut]
    by_stage: ByStage
    purchase_usd_per_t: float
    costs_usd_per_t: float
    revenue_usd_per_t: float
    landed_usd_per_t: float
    netback_usd_per_t: float
    margin_usd_per_t: float
    days_mean: float
    co2e_wtw_kg_per_t: float
    legs: list[ChainLegOut]
    notes: list[str]


class SiteRef(AnswerModel):
    site: Site
    name: str


class FlipOut(AnswerModel):
    option: str
    product: str
    price_usd_per_t: float
    ties_at_usd_per_t: float = Field(description="The price at which this option ties the "
                                     "best.")


class ProcessOptionOut(AnswerModel):
    """One option; without a priced chain it carries the ``reason`` instead."""

    site: Site
    place: str | None
    name: str
    reason: str | None = None
    margin_usd_per_t: float | None = None
    netback_usd_per_t: float | None = None
    landed_usd_per_t: float | None = None
    revenue_usd_per_t: float | None = None
    days_mean: float | None = None
    co2e_wtw_kg_per_t: float | None = None
    proposed: bool | None = None
    by_stage: ByStage | None = None
    routes: list[ChainLegOut] | None = None
    notes: list[str] | None = None


class ProcessOut(AnswerModel):
    """The answer of POST /api/process (:meth:`landbridge.chain.ProcessComparison.to_dict`)."""

    origin: str
    market: str
    commodity: str
    output: str
    per: str
    best: SiteRef | None
    gap_to_runner_up_usd_per_t: float | None
    why: ByStage
    flips: list[FlipOut]
    options: list[ProcessOptionOut]


class CatchmentPathOut(AnswerModel):
    corridor: str
    gateways: list[str]
    days: float | None
    freight_usd_per_t: float | None
    generalised_usd_per_t: float | None
    km: float | None


class CatchmentPlaceRef(AnswerModel):
    id: str
    name: str
    country: str | None = None


class CatchmentMarginOut(AnswerModel):
    days: float | None
    usd_per_t: float | None
    generalised_usd_per_t: float | None


class CatchmentFlowOut(AnswerModel):
    origin: CatchmentPlaceRef
    market: CatchmentPlaceRef
    commodity: str
    unit: str
    via: CatchmentPathOut | None
    other: CatchmentPathOut | None
    margin: CatchmentMarginOut
    wins: bool = Field(description="beats_rival or only_route")
    beats_rival: bool = Field(description="The gateway's route is at least as good as the "
                              "best route avoiding it.")
    only_route: bool = Field(description="No sensible route avoids the gateway.")
    share: float
    tonnes: int
    gateway_tonnes: int


class CatchmentOriginOut(AnswerModel):
    origin: CatchmentPlaceRef
    flows: int
    won: int = Field(description="beat_rival + only_route")
    beat_rival: int
    only_route: int
    mean_share: float
    tonnes: int
    gateway_tonnes: int


class CatchmentCountsOut(AnswerModel):
    """Flows the gateway can serve: won against a rival route, won as the only route, lost."""

    flows: int
    won: int
    beat_rival: int
    only_route: int
    lost: int


class CatchmentOut(AnswerModel):
    """The answer of POST /api/catchment (:meth:`landbridge.catchment.Catchment.to_dict`)."""

    gateway: str
    gateway_ids: list[str]
    logit_scale_usd_per_t: float
    volumes: str
    scenario: str | None
    tonnes: int
    counts: CatchmentCountsOut
    by_country: dict[str, int]
    sco_members: list[str]
    uzbekistan_share_of_sco: float | None
    origins: list[CatchmentOriginOut]
    flows: list[CatchmentFlowOut]


class BreakEvenOut(AnswerModel):
    """The answer of POST /api/break-even (:meth:`landbridge.catchment.BreakEven.to_dict`)."""

    gateway: str
    origin: str
    market: str
    commodity: str
    lever: str
    unit: str
    current: float | None
    needed: float | None
    searched: list[float | None]
    gap_usd_per_t: float | None
    tolerance_usd_per_t: float
    sentence: str


class _PlanOut(BaseModel):
    id: str
    created_at: dt.datetime
    version: str = Field(description="The landbridge version that computed the result.")
    request: dict[str, Any]
    links: dict[str, str]


class RoutePlanSaved(_PlanOut):
    kind: Literal["route"]
    result: RoutePlanOut


class ComparePlanSaved(_PlanOut):
    kind: Literal["compare"]
    result: CompareOut


#: A saved plan: what was asked and the answer, under a stable id; ``result`` is typed by
#: ``kind``.
PlanOut = Annotated[RoutePlanSaved | ComparePlanSaved, Field(discriminator="kind")]


# --- the service: health and the form's choices -------------------------------------------------


class HealthOut(AnswerModel):
    """Whether the service is up (GET /api/health)."""

    status: Literal["ok"]
    version: str
    database: str = Field(description="The database backend: sqlite or postgresql.")
    basemap: bool = Field(description="Whether the offline basemap is installed.")
    job_kinds: list[str]
    jobs_waiting_or_running: int = Field(ge=0)


class CommodityOut(AnswerModel):
    id: str
    name: str
    usual_unit: Unit
    units: list[Unit]


class CountryOut(AnswerModel):
    code: str = Field(description="ISO 3166-1 alpha-2 code.")
    name: str


class LimitsOut(AnswerModel):
    """This service's limits per request and per job."""

    max_samples: int
    max_alternatives: int
    max_origins: int
    max_body_bytes: int
    max_scenario_bytes: int
    request_timeout_s: float
    job_timeout_s: float


class OptionsOut(AnswerModel):
    """What a form can offer (GET /api/options)."""

    commodities: list[CommodityOut]
    units: list[Unit]
    objectives: list[Objective]
    passages: list[Passage]
    countries: list[CountryOut]
    crossings: list[PlaceRef]
    ports: list[PlaceRef]
    origins: list[str] = Field(description="Place ids.")
    markets: list[str] = Field(description="Place ids.")
    competitors: list[str] = Field(description="Place ids.")
    limits: LimitsOut
    job_kinds: list[str]
