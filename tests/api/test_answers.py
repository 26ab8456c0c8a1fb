"""A route answer written leg by leg (each leg's JSON kept) is, byte for byte, the answer
written whole: ``RoutePlan.to_dict()`` with each route's histogram, through ``dumps``."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from landbridge.api.answers import _leg_bytes, _route_json, dumps, route_answer
from landbridge.api.schemas import RouteIn
from landbridge.api.settings import Settings
from landbridge.planning import RoutePlan, RouteRequest, plan_routes


def _written_whole(plan: RoutePlan) -> bytes:
    payload = plan.to_dict()
    for data, route in zip(payload["routes"], plan.routes, strict=True):  # type: ignore[call-overload]
        data["transit_histogram"] = route.days.histogram(bins=30)
    return dumps(payload)


_QUESTIONS: list[dict[str, Any]] = [
    {"origin": "Kostanay", "destination": "Ho Chi Minh City"},
    {"origin": "Almaty", "destination": "Rotterdam", "commodity": "cotton", "seed": 3},
    {"origin": "Astana", "destination": "Busan", "unit": "container", "tonnes": 5000,
     "price": 300, "within_days": 30},
    {"origin": "Shymkent", "destination": "Istanbul", "commodity": "flour",
     "avoid": ["Russia"]},
    {"origin": "Pavlodar", "destination": "Bandar Abbas", "commodity": "barley",
     "alternatives": 1},
]


@pytest.mark.parametrize("question", _QUESTIONS)
def test_a_route_answer_is_the_plan_written_whole(question: dict[str, Any]) -> None:
    body = RouteIn.model_validate({**question, "samples": 500})
    plan = plan_routes(RouteRequest(**{**body.model_dump(exclude={"scenario"}),
                                       "avoid": tuple(body.avoid)}))
    for _ in range(2):  # the legs written, then the legs kept
        answer = route_answer(body, replace(Settings(), job_kinds={}))
        assert answer == _written_whole(plan)
    assert json.loads(answer)["routes"]


def _plan() -> RoutePlan:
    return plan_routes(RouteRequest(origin="Kostanay", destination="Cai Mep", samples=300))


def test_a_marker_in_the_answer_itself_leaves_the_answer_whole() -> None:
    plan = _plan()
    odd = replace(plan, routes=(plan.routes[0]._replace(summary="\x00legs of route 0\x00"),
                                *plan.routes[1:]))
    assert _route_json(odd) == _written_whole(odd)
    assert json.loads(_route_json(odd))["routes"][0]["summary"] == "\x00legs of route 0\x00"


def test_legs_equal_but_for_the_sign_of_a_zero_are_written_apart() -> None:
    leg = next(leg for leg in _plan().routes[0].legs if leg.distance_km == 0.0)
    negative = leg._replace(distance_km=-0.0)
    assert leg == negative
    assert b'"distance_km":0.0' in _leg_bytes(leg)
    assert b'"distance_km":-0.0' in _leg_bytes(negative)
    assert _leg_bytes(negative) == dumps(negative.to_dict())
