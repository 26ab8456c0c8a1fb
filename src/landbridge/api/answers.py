"""Answers to route and comparison requests, from the Python API, as JSON bytes.

The service adds nothing to the planner's numbers: a route answer is
:meth:`RoutePlan.to_dict() <landbridge.planning.RoutePlan.to_dict>` (what ``landbridge route
--json`` prints) with, for the page's chart, each route's Monte Carlo transit times binned into
a histogram; a comparison is :meth:`Comparison.to_dict()
<landbridge.planning.Comparison.to_dict>`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import struct
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from landbridge.api.exchange import RouteChoiceIn
from landbridge.api.problems import ApiError
from landbridge.api.schemas import BreakEvenIn, CatchmentIn, ChainIn, CompareIn, ProcessIn, RouteIn
from landbridge.api.settings import Settings

if TYPE_CHECKING:
    from landbridge.planning import Route, RoutePlan
    from landbridge.planning.results import Leg

__all__ = ["break_even_answer", "catchment_answer", "chain_answer", "compare_answer", "dumps",
           "footprint_answer", "process_answer", "route_answer", "route_geojson_answer"]

HISTOGRAM_BINS = 30


def dumps(payload: Mapping[str, Any] | list[Any]) -> bytes:
    """Compact JSON; NaN or infinity is an error, never invalid JSON on the wire."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode()


def _limit(field: str, value: int, most: int, what: str) -> None:
    if value > most:
        raise ApiError(422, "over_limit", f"{field}: at most {most:,} {what} per request on this "
                       f"service (got {value:,})", field=field)


def route_answer(body: RouteIn, settings: Settings, *, scenario: str | None = None) -> bytes:
    """Plan ``body`` with :func:`~landbridge.planning.plan_routes`; ``scenario`` is the YAML
    text of the saved scenario the request names.

    Raises
    ------
    ApiError
        If the request is over one of the service's limits.
    LandbridgeError
        What the planner raises (unknown place, invalid option, no route, bad scenario).
    """
    return _route_json(_plan(body, settings, scenario))


def _route_json(plan: RoutePlan) -> bytes:
    """``plan.to_dict()`` with each route's transit histogram, as :func:`dumps` writes it.

    The legs are most of an answer's bytes and most of the time it takes to write it, and the
    same legs come in answer after answer (the 10,795 legs of 192 different questions on the
    bundled network are 341 legs): the JSON of each leg is written once (:func:`_leg_json`)
    and put in place of a marker that stands for a route's legs (speed, issue 14). The same
    bytes as writing the whole: should a marker's text come in the answer otherwise, the
    whole is written.
    """
    bare = dataclasses.replace(plan, routes=tuple(r._replace(legs=()) for r in plan.routes))
    payload = bare.to_dict()
    routes: list[dict[str, object]] = payload["routes"]  # type: ignore[assignment]
    markers: list[bytes] = []  # as written in the JSON
    for i, (data, route) in enumerate(zip(routes, plan.routes, strict=True)):
        data["legs"] = legs = f"\x00legs of route {i}\x00"
        data["transit_histogram"] = route.days.histogram(bins=HISTOGRAM_BINS)
        markers.append(dumps([legs])[1:-1])
    text = dumps(payload)
    if text.count(b"\\u0000") != 2 * len(markers):  # a marker's text in the answer itself
        return _route_json_whole(plan)
    parts: list[bytes] = []
    start = 0
    for marker, route in zip(markers, plan.routes, strict=True):
        at = text.index(marker, start)
        parts += (text[start:at], b"[", b",".join(map(_leg_bytes, route.legs)), b"]")
        start = at + len(marker)
    parts.append(text[start:])
    return b"".join(parts)


def _route_json_whole(plan: RoutePlan) -> bytes:
    """What :func:`_route_json` writes, written whole."""
    payload = plan.to_dict()
    routes: list[dict[str, object]] = payload["routes"]  # type: ignore[assignment]
    for data, route in zip(routes, plan.routes, strict=True):
        data["transit_histogram"] = route.days.histogram(bins=HISTOGRAM_BINS)
    return dumps(payload)


#: Legs whose JSON is kept: a few hundred legs make the answers about the bundled network.
_KEPT_LEGS = 2_048


def _leg_bytes(leg: Leg) -> bytes:
    """``dumps(leg.to_dict())``, kept per leg. Equal legs write equal JSON, but for the sign
    of a zero (``0.0 == -0.0``): the bits of the leg's numbers are part of the key. (A track
    is the geometry of the leg's places and passages, the same for equal legs.)"""
    return _leg_json(leg, struct.pack("5d", leg.distance_km, leg.hours, leg.cost_usd_per_t,
                                      leg.co2e_ttw, leg.co2e_wtw))


@functools.lru_cache(maxsize=_KEPT_LEGS)
def _leg_json(leg: Leg, _bits: bytes) -> bytes:
    return dumps(leg.to_dict())


def route_geojson_answer(body: RouteChoiceIn, settings: Settings, *,
                         scenario: str | None = None) -> bytes:
    """One route of the plan as GeoJSON (:func:`~landbridge.planning.route_geojson`): what
    ``landbridge route --geojson`` writes.

    Raises
    ------
    ApiError
        If the request is over one of the service's limits, or the plan has fewer routes.
    LandbridgeError
        What the planner raises.
    """
    from landbridge.planning import route_geojson

    return dumps(route_geojson(_chosen(_plan(body, settings, scenario), body.route)))


def footprint_answer(body: RouteChoiceIn, settings: Settings, *,
                     scenario: str | None = None) -> bytes:
    """One route of the plan as an iLEAP ShipmentFootprint
    (:func:`~landbridge.emissions.footprint`): what ``landbridge route --footprint`` writes.

    Raises
    ------
    ApiError
        If the request is over one of the service's limits, or the plan has fewer routes.
    LandbridgeError
        What the planner raises.
    """
    from landbridge.emissions import footprint
    from landbridge.network.load import load_network

    route = _chosen(_plan(body, settings, scenario), body.route)
    return dumps(footprint(route, load_network()).to_dict())


def _chosen(plan: RoutePlan, number: int) -> Route:
    if number > len(plan.routes):
        raise ApiError(422, "invalid_option", f"route: the plan has {len(plan.routes)} "
                       f"route(s); ask for one of 1 to {len(plan.routes)}", field="route")
    return plan.routes[number - 1]


def _plan(body: RouteIn, settings: Settings, scenario: str | None) -> RoutePlan:
    from landbridge.network.load import load_network
    from landbridge.planning import RouteRequest, plan_routes
    from landbridge.scenario import parse_scenario

    _limit("samples", body.samples, settings.max_samples, "Monte Carlo samples")
    _limit("alternatives", body.alternatives, settings.max_alternatives, "routes")
    request = RouteRequest(
        origin=body.origin, destination=body.destination, commodity=body.commodity,
        unit=body.unit, tonnes=body.tonnes, objective=body.objective,
        value_of_time=body.value_of_time, avoid=tuple(body.avoid), via=body.via,
        max_days=body.max_days, samples=body.samples, seed=body.seed, price=body.price,
        alternatives=body.alternatives, within_days=body.within_days,
        scenario=None if scenario is None else parse_scenario(
            scenario, file=f"scenario {body.scenario}", network=load_network()),
    )
    return plan_routes(request, network=load_network())


def compare_answer(body: CompareIn, settings: Settings) -> bytes:
    """Compare origins with :func:`~landbridge.planning.compare_origins`.

    Raises
    ------
    ApiError
        If the request is over one of the service's limits.
    LandbridgeError
        What the planner raises.
    """
    from landbridge.network.load import load_network
    from landbridge.planning import compare_origins

    _limit("origins", len(body.origins), settings.max_origins, "origins")
    _limit("samples", body.samples, settings.max_samples, "Monte Carlo samples")
    result = compare_origins(body.market, body.origins, commodity=body.commodity,
                             unit=body.unit, objective=body.objective, price=body.price,
                             avoid=tuple(body.avoid), via=body.via, samples=body.samples,
                             seed=body.seed, network=load_network())
    return dumps(result.to_dict())


def chain_answer(body: ChainIn) -> bytes:
    """The whole chain (:func:`~landbridge.chain.price_chain`): what ``landbridge chain
    --json`` prints."""
    from landbridge.chain import price_chain

    return dumps(price_chain(body.origin, body.market, commodity=body.commodity,
                             output=body.output, at=body.at, seed=body.seed).to_dict())


def process_answer(body: ProcessIn) -> bytes:
    """Where to process (:func:`~landbridge.chain.where_to_process`): what ``landbridge
    process --json`` prints."""
    from landbridge.chain import where_to_process

    return dumps(where_to_process(body.origin, body.market, commodity=body.commodity,
                                  output=body.output, at=tuple(body.at),
                                  seed=body.seed).to_dict())


def catchment_answer(body: CatchmentIn) -> bytes:
    """Which origins a gateway wins (:func:`~landbridge.catchment.catchment`): what
    ``landbridge catchment GATEWAY --json`` prints, with the same default scenario (the bundled
    base year, :func:`~landbridge.scenario.base_scenario`)."""
    from landbridge.catchment import Logit, catchment
    from landbridge.network.load import load_network
    from landbridge.scenario import base_scenario

    network = load_network()
    scenario = base_scenario(network=network)
    logit = Logit() if body.scale is None else Logit(scale_usd_per_t=body.scale)
    return dumps(catchment(body.gateway, cargo=tuple(body.cargo), markets=tuple(body.markets),
                           scenario=scenario, logit=logit, volumes="allocation",
                           network=network).to_dict())


def break_even_answer(body: BreakEvenIn) -> bytes:
    """What it would take for a gateway to win an origin
    (:func:`~landbridge.catchment.break_even`): what ``landbridge break-even --json`` prints
    (no scenario)."""
    from landbridge.catchment import break_even

    return dumps(break_even(body.gateway, body.origin, body.market, cargo=body.cargo,
                            lever=body.lever, rail_network=body.rail_network,
                            tolerance=body.tolerance).to_dict())
