"""Saved scenarios (YAML text) and saved plans (a request and its answer under a stable id)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from landbridge.api.answers import compare_answer, dumps, route_answer
from landbridge.api.cache import Answer
from landbridge.api.problems import ApiError, landbridge_error
from landbridge.api.schemas import (
    CompareIn,
    ComparePlanSaved,
    ErrorOut,
    PlanOut,
    RouteIn,
    RoutePlanSaved,
    ScenarioIn,
    ScenarioOut,
)
from landbridge.api.service import Service, ServiceDep, off_loop
from landbridge.api.store import PlanRecord, ScenarioRecord
from landbridge.errors import LandbridgeError

__all__ = ["check_scenario", "router"]

router = APIRouter(prefix="/api", tags=["saved"])

Id = Annotated[str, Path(pattern=r"^[0-9a-f]{16}$", description="16 hex digits.")]
_ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut}, 422: {"model": ErrorOut},
                                            413: {"model": ErrorOut}}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def check_scenario(text: str, *, name: str, limit: int) -> None:
    """Check a scenario's text: at most ``limit`` bytes, a YAML mapping parsed safely (plain
    data only: no tags that build Python objects), and a valid scenario for
    :func:`landbridge.scenario.parse_scenario` (names resolve to places, numbers in range).

    Raises
    ------
    ApiError
        413 if it is too large, 422 if it is not YAML, not a mapping, or not a valid scenario
        (the message names the line and the field).

    Examples
    --------
    >>> text = '''
    ... name: Russia avoided
    ... supply: [{origin: Kostanay, commodity: wheat, tonnes: 1000}]
    ... demand: [{market: Cai Mep, commodity: wheat}]
    ... avoid: [Russia]'''
    >>> check_scenario(text, name="t", limit=1000)
    >>> check_scenario("- Dostyk", name="t", limit=1000)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    landbridge.api.problems.ApiError: yaml: a scenario is a mapping at the top level ...
    """
    from landbridge.errors import ScenarioError
    from landbridge.scenario import parse_scenario
    from landbridge.userfile import load_located

    size = len(text.encode())
    if size > limit:
        raise ApiError(413, "too_large", f"yaml: the scenario is {size:,} bytes; at most "
                       f"{limit:,} are accepted", field="yaml")
    try:  # the file-level checks every user file gets (landbridge.userfile)
        data = load_located(text, file=name).data
    except ScenarioError as exc:
        raise ApiError(422, "invalid_yaml", f"yaml: {exc}", field="yaml") from exc
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_yaml", "yaml: a scenario is a mapping at the top level "
                       f"('key: value' lines), not {type(data).__name__}", field="yaml")
    try:
        parse_scenario(text, file=name)
    except ScenarioError as exc:
        raise ApiError(422, "invalid_scenario", f"yaml: {exc}", field="yaml") from exc


def _scenario_out(record: ScenarioRecord, *, with_text: bool) -> ScenarioOut:
    return ScenarioOut(id=record.id, name=record.name, created_at=record.created_at,
                       yaml=record.text if with_text else None,
                       links={"self": f"/api/scenarios/{record.id}",
                              "yaml": f"/api/scenarios/{record.id}/yaml"})


@router.post("/scenarios", status_code=201, responses={
    **_ERRORS, 200: {"model": ScenarioOut, "description": "Already saved: the same name and "
                     "text have this id."}})
def save_scenario(body: ScenarioIn, service: ServiceDep, response: Response) -> ScenarioOut:
    """Save a scenario file's text under a stable id (the same name and text give the same
    id). The text is kept as sent; it is parsed only to check it is a YAML mapping."""
    check_scenario(body.yaml, name=body.name, limit=service.settings.max_scenario_bytes)
    record, new = service.store.save_scenario(id=_digest("scenario", body.name, body.yaml),
                                              name=body.name, text=body.yaml)
    if not new:
        response.status_code = 200
    response.headers["location"] = f"/api/scenarios/{record.id}"
    return _scenario_out(record, with_text=True)


@router.get("/scenarios")
def list_scenarios(service: ServiceDep,
                   limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[ScenarioOut]:
    """Saved scenarios, newest first (without their text)."""
    return [_scenario_out(r, with_text=False) for r in service.store.list_scenarios(limit=limit)]


def _get_scenario(service: Service, scenario_id: str) -> ScenarioRecord:
    record = service.store.get_scenario(scenario_id)
    if record is None:
        raise ApiError(404, "not_found", f"no saved scenario {scenario_id}", field="id")
    return record


@router.get("/scenarios/{scenario_id}", responses=_ERRORS)
def get_scenario(scenario_id: Id, service: ServiceDep) -> ScenarioOut:
    """A saved scenario with its YAML text."""
    return _scenario_out(_get_scenario(service, scenario_id), with_text=True)


@router.get("/scenarios/{scenario_id}/yaml", responses=_ERRORS,
            response_class=Response)
def get_scenario_yaml(scenario_id: Id, service: ServiceDep) -> Response:
    """A saved scenario's YAML file, as it was posted."""
    record = _get_scenario(service, scenario_id)
    return Response(record.text, media_type="application/yaml",
                    headers={"content-disposition":
                             f'attachment; filename="scenario-{record.id}.yaml"'})


class _StoredPlan(BaseModel):
    """A saved plan as stored: the answer is sent as it was computed (:data:`PlanOut` types
    it by kind, and the tests validate it), so a plan saved by an earlier version is still
    served."""

    id: str
    kind: str
    created_at: dt.datetime
    version: str
    request: dict[str, Any]
    result: dict[str, Any]
    links: dict[str, str]


def _plan_out(record: PlanRecord, *, status_code: int = 200,
              headers: dict[str, str] | None = None) -> Response:
    plan = _StoredPlan(id=record.id, kind=record.kind, created_at=record.created_at,
                       version=record.version, request=json.loads(record.request),
                       result=json.loads(record.result),
                       links={"page": f"/?plan={record.id}", "self": f"/api/plans/{record.id}"})
    return Response(dumps(plan.model_dump(mode="json")), status_code=status_code,
                    headers=headers, media_type="application/json")


async def _save(service: Service, kind: str, body: RouteIn | CompareIn,
                compute: Callable[[], bytes]) -> Response:
    from landbridge import __version__

    request = body.model_dump_json()
    plan_id = _digest(kind, request)
    found = await run_in_threadpool(service.store.get_plan, plan_id)
    if found is not None:
        return _plan_out(found)
    key = f"{kind}:{request}"
    cached = service.cache.get(key)
    if cached is None:
        try:
            cached = Answer(await off_loop(service, compute))
        except LandbridgeError as exc:
            return landbridge_error(exc, body.model_dump())
        service.cache.put(key, cached)
    result = cached.body
    record, new = await run_in_threadpool(functools.partial(
        service.store.save_plan, id=plan_id, kind=kind, request=request,
        result=result.decode(), version=__version__))
    return _plan_out(record, status_code=201 if new else 200,
                     headers={"location": f"/api/plans/{record.id}"})


def _saved_before(model: Any) -> dict[str, Any]:
    return {"model": model, "description": "Already saved: the same request, on the same "
            "version, has this id."}


@router.post("/plans/route", status_code=201,
             responses={**_ERRORS, 200: _saved_before(RoutePlanSaved)},
             response_model=RoutePlanSaved)
async def save_route_plan(body: RouteIn, service: ServiceDep) -> Response:
    """Plan a route and save the request and its answer under a stable id: the same request
    gives the same id. ``links.page`` opens it in the map page for anyone."""
    from landbridge.api.endpoints.planning import saved_scenario

    text = await run_in_threadpool(saved_scenario, service, body.scenario)
    return await _save(service, "route", body,
                       lambda: route_answer(body, service.settings, scenario=text))


@router.post("/plans/compare", status_code=201,
             responses={**_ERRORS, 200: _saved_before(ComparePlanSaved)},
             response_model=ComparePlanSaved)
async def save_compare_plan(body: CompareIn, service: ServiceDep) -> Response:
    """Compare origins and save the request and its answer under a stable id."""
    return await _save(service, "compare", body,
                       lambda: compare_answer(body, service.settings))


@router.get("/plans/{plan_id}", responses=_ERRORS, response_model=PlanOut)
def get_plan(plan_id: Id, service: ServiceDep) -> Response:
    """A saved plan: the request, the answer as it was computed, and the version."""
    record = service.store.get_plan(plan_id)
    if record is None:
        raise ApiError(404, "not_found", f"no saved plan {plan_id}", field="plan_id")
    return _plan_out(record)
