"""Places, the network map layer, the form's choices, routes and comparisons."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from landbridge.api.answers import (
    break_even_answer,
    catchment_answer,
    chain_answer,
    compare_answer,
    dumps,
    footprint_answer,
    process_answer,
    route_answer,
    route_geojson_answer,
)
from landbridge.api.cache import Answer
from landbridge.api.exchange import FootprintOut, RouteChoiceIn, RouteGeoJsonOut
from landbridge.api.problems import ApiError
from landbridge.api.schemas import (
    BreakEvenIn,
    BreakEvenOut,
    CatchmentIn,
    CatchmentOut,
    ChainIn,
    ChainOut,
    CompareIn,
    CompareOut,
    ErrorOut,
    HealthOut,
    NetworkOut,
    OptionsOut,
    PlaceOut,
    PlacesOut,
    ProcessIn,
    ProcessOut,
    RouteIn,
    RoutePlanOut,
)
from landbridge.api.service import Service, ServiceDep, in_planner
from landbridge.api.settings import Settings
from landbridge.errors import UnknownPlaceError
from landbridge.network.network import Network

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["planning"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "The request is not valid, names an unknown place "
          "or option, or has no route (the message says which constraint cut the last one)."},
    413: {"model": ErrorOut, "description": "The body is too large."},
    504: {"model": ErrorOut, "description": "The answer took too long."},
}
_JSON = "application/json"


def _network() -> Network:
    from landbridge.network.load import load_network

    return load_network()


@router.get("/health", tags=["service"], response_model=HealthOut)
def health(service: ServiceDep) -> dict[str, object]:
    """Whether the service is up, its version, database backend and job kinds."""
    from landbridge import __version__
    from landbridge.api.endpoints.web import basemap_installed

    return {"status": "ok", "version": __version__,
            "database": service.store.url.split(":", 1)[0].split("+", 1)[0],
            "basemap": basemap_installed(), "job_kinds": sorted(service.jobs.kinds),
            "jobs_waiting_or_running": service.jobs.running_count()}


class GeoJsonResponse(JSONResponse):
    """For the schema: JSON, as ``application/geo+json`` (RFC 7946)."""

    media_type = "application/geo+json"


@router.get("/places", response_model=PlacesOut)
def places(
    q: Annotated[str, Query(max_length=100, description="Part of a name, alias or id; "
                            "empty: every place.")] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
) -> dict[str, object]:
    """Search places by name, alias or old name (Alma-Ata, Nur-Sultan, Saigon ...), best first;
    with no query, every place in table order (for maps and pick lists). ``areas`` lists the
    cities with several terminals and the countries a route may name instead."""
    network = _network()
    found = network.index.search(q, limit=limit) if q.strip() else list(
        network.places.values())[:limit]
    areas = network.area_index.search(q.strip() or None)[:limit]
    return {"query": q, "areas": [a.to_dict() for a in areas],
            "places": [p.to_dict() for p in found]}


@router.get("/places/{query}", response_model=PlaceOut, responses={404: {"model": ErrorOut}})
def place(query: Annotated[str, Path(max_length=100)]) -> Response:
    """One place by id, name or alias; 404 with the closest names if none matches."""
    try:
        found = _network().place(query)
    except UnknownPlaceError as exc:
        raise ApiError(404, "unknown_place", str(exc), field="query") from exc
    return Response(dumps(found.to_dict()), media_type=_JSON)


@router.get("/network", response_model=NetworkOut, response_class=GeoJsonResponse)
def network_geojson(
    request: Request, service: ServiceDep,
    sea_lanes: Annotated[bool, Query(description="Also a line per ocean lane between the "
                                     "ports (about 1 MB more).")] = False,
) -> Response:
    """The corridor network as GeoJSON: a point per place, a line per link and, with
    ``sea_lanes``, per ocean lane (:func:`landbridge.to_geojson`)."""
    key = f"network:sea_lanes={sea_lanes}"
    cached = service.cache.get(key)
    if cached is None:
        from landbridge import to_geojson

        cached = Answer(dumps(to_geojson(_network(), sea_lanes=sea_lanes)))
        service.cache.put(key, cached)
    return respond(request, cached, media_type="application/geo+json")


def respond(request: Request, answer: Answer, *, media_type: str = _JSON,
            headers: dict[str, str] | None = None) -> Response:
    """``answer``, gzipped if the client takes gzip (already compressed: the middleware
    passes it through)."""
    out = {"vary": "accept-encoding", **(headers or {})}
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(answer.gzipped, media_type=media_type,
                        headers={**out, "content-encoding": "gzip"})
    return Response(answer.body, media_type=media_type, headers=out)


@router.get("/options", response_model=OptionsOut)
def options(service: ServiceDep) -> dict[str, object]:
    """What a form can offer: commodities and their units, objectives, passages, countries,
    border crossings, origins and markets, and this service's limits."""
    from landbridge.model.cargo import Unit
    from landbridge.model.countries import COUNTRY_NAMES
    from landbridge.model.modes import Passage
    from landbridge.model.places import PlaceKind, Role
    from landbridge.planning.request import Objective

    network = _network()
    s = service.settings
    in_network = {c for p in network.places.values() for c in p.countries}
    return {
        "commodities": [{"id": c.id, "name": c.name, "usual_unit": c.usual_unit.value,
                         "units": sorted(u.value for u in c.units)}
                        for c in network.commodities.values()],
        "units": [u.value for u in Unit],
        "objectives": [o.value for o in Objective],
        "passages": [p.value for p in Passage],
        "countries": [{"code": code, "name": name} for code, name in
                      sorted(COUNTRY_NAMES.items(), key=lambda kv: kv[1]) if code in in_network],
        "crossings": [{"id": p.id, "name": p.name} for p in network.places.values()
                      if p.kind is PlaceKind.BORDER],
        "ports": [{"id": p.id, "name": p.name} for p in network.places.values()
                  if p.kind is PlaceKind.PORT],
        "origins": [p.id for p in network.with_role(Role.ORIGIN)],
        "markets": [p.id for p in network.with_role(Role.MARKET)],
        "competitors": [p.id for p in network.with_role(Role.COMPETITOR)],
        "limits": {"max_samples": s.max_samples, "max_alternatives": s.max_alternatives,
                   "max_origins": s.max_origins, "max_body_bytes": s.max_body_bytes,
                   "max_scenario_bytes": s.max_scenario_bytes,
                   "request_timeout_s": s.request_timeout_s, "job_timeout_s": s.job_timeout_s},
        "job_kinds": sorted(service.jobs.kinds),
    }


async def answer(request: Request, service: Service, key: str, compute: Callable[[], bytes],
                 fields: dict[str, Any], *, media_type: str = _JSON) -> Response:
    """The cached answer for ``key``, or compute it off the event loop (in a planner process,
    so ``compute`` must be picklable); planner errors become 422 answers naming the field."""
    cached = service.cache.get(key)
    if cached is not None:
        return respond(request, cached, media_type=media_type,
                       headers={"x-landbridge-cache": "hit"})
    outcome = await in_planner(service, compute, fields)
    outcome.raise_api_error()
    if outcome.status != 200:
        return Response(outcome.body, status_code=outcome.status, headers=dict(outcome.headers))
    computed = Answer(outcome.body)
    service.cache.put(key, computed)
    return respond(request, computed, media_type=media_type,
                   headers={"x-landbridge-cache": "miss"})


@router.post("/route", responses=_ERRORS, response_model=RoutePlanOut)
async def route(body: RouteIn, request: Request, service: ServiceDep) -> Response:
    """Plan routes (:func:`landbridge.planning.plan_routes`): the Pareto set over time, cost
    and CO2e, one route per corridor, best first by the objective; the same JSON as
    ``landbridge route --json``, plus each route's transit-time histogram."""
    text = (None if body.scenario is None  # no database read, no thread hop
            else await run_in_threadpool(saved_scenario, service, body.scenario))
    return await answer(request, service, "route:" + body.model_dump_json(),
                        functools.partial(route_answer, body, _limits(service), scenario=text),
                        body.model_dump())


@router.post("/route/geojson", responses=_ERRORS, response_model=RouteGeoJsonOut,
             response_class=GeoJsonResponse)
async def route_geojson(body: RouteChoiceIn, request: Request, service: ServiceDep) -> Response:
    """One route of the plan (``route``, 1 = the best) as GeoJSON
    (:func:`landbridge.planning.route_geojson`): a line per leg, cut at the antimeridian, and a
    point per hub operation, each with its hours, USD/t and CO2e; the same file as
    ``landbridge route --geojson``."""
    text = await run_in_threadpool(saved_scenario, service, body.scenario)
    return await answer(request, service, "route-geojson:" + body.model_dump_json(),
                        functools.partial(route_geojson_answer, body, _limits(service),
                                          scenario=text),
                        body.model_dump(), media_type="application/geo+json")


@router.post("/footprint", responses=_ERRORS, response_model=FootprintOut)
async def footprint(body: RouteChoiceIn, request: Request, service: ServiceDep) -> Response:
    """One route of the plan (``route``, 1 = the best) as an ISO 14083 transport chain in the
    iLEAP data model (:func:`landbridge.emissions.footprint`): the PACT ProductFootprint with
    the ShipmentFootprint (a transport chain element per leg and hub operation), and the TOCs
    and HOCs they refer to; the same file as ``landbridge route --footprint``. Its
    ``created`` time is when the answer was first computed (answers are cached)."""
    text = await run_in_threadpool(saved_scenario, service, body.scenario)
    return await answer(request, service, "footprint:" + body.model_dump_json(),
                        functools.partial(footprint_answer, body, _limits(service),
                                          scenario=text),
                        body.model_dump())


def _limits(service: Service) -> Settings:
    """The service's settings as a planner process needs them (the job kinds left out)."""
    return replace(service.settings, job_kinds={})


def saved_scenario(service: Service, scenario_id: str | None) -> str | None:
    """The YAML text of a saved scenario a request names (its id is its content's hash, so
    the answer cache may key on the id)."""
    if scenario_id is None:
        return None
    record = service.store.get_scenario(scenario_id)
    if record is None:
        raise ApiError(422, "unknown_scenario", f"scenario: no saved scenario {scenario_id}; "
                       "save one with POST /api/scenarios", field="scenario")
    return record.text


@router.post("/compare", responses=_ERRORS, response_model=CompareOut)
async def compare(body: CompareIn, request: Request, service: ServiceDep) -> Response:
    """Compare the best route from several origins to one market
    (:func:`landbridge.planning.compare_origins`): days, cost, landed cost and netback; the same
    JSON as ``landbridge compare --json``."""
    return await answer(request, service, "compare:" + body.model_dump_json(),
                        functools.partial(compare_answer, body, _limits(service)),
                        body.model_dump())


@router.post("/chain", responses=_ERRORS, response_model=ChainOut)
async def chain(body: ChainIn, request: Request, service: ServiceDep) -> Response:
    """The whole chain per tonne bought (:func:`landbridge.chain.price_chain`): purchase,
    transport, processing, insurance, duty and sale, with landed price, netback and margin;
    the same JSON as ``landbridge chain --json``."""
    return await answer(request, service, "chain:" + body.model_dump_json(),
                        functools.partial(chain_answer, body), body.model_dump())


@router.post("/process", responses=_ERRORS, response_model=ProcessOut)
async def process(body: ProcessIn, request: Request, service: ServiceDep) -> Response:
    """Where to process (:func:`landbridge.chain.where_to_process`): each candidate mill and
    not processing at all, on margin per tonne bought, days and CO2e, with the routes; the
    same JSON as ``landbridge process --json``."""
    return await answer(request, service, "process:" + body.model_dump_json(),
                        functools.partial(process_answer, body), body.model_dump())


@router.post("/catchment", responses=_ERRORS, response_model=CatchmentOut)
async def catchment(body: CatchmentIn, request: Request, service: ServiceDep) -> Response:
    """Which origins a gateway wins (:func:`landbridge.catchment.catchment`): for every origin
    x market x cargo, the best route through it and the best avoiding it, the margin (days,
    USD/t, generalised cost), its logit share and tonnes; the same JSON as ``landbridge
    catchment GATEWAY --json``."""
    return await answer(request, service, "catchment:" + body.model_dump_json(),
                        functools.partial(catchment_answer, body), body.model_dump())


@router.post("/break-even", responses=_ERRORS, response_model=BreakEvenOut)
async def break_even(body: BreakEvenIn, request: Request, service: ServiceDep) -> Response:
    """What it would take for a gateway to win an origin it loses, or how much it can give up
    and keep one it wins (:func:`landbridge.catchment.break_even`): the value of one lever at
    which the two routes tie; the same JSON as ``landbridge break-even --json``."""
    return await answer(request, service, "break-even:" + body.model_dump_json(),
                        functools.partial(break_even_answer, body), body.model_dump())
