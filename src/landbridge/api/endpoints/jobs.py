"""Job endpoints: one ``POST /api/jobs/{kind}`` per registered kind, status, result, cancel."""

from __future__ import annotations

import functools
import inspect
import json
import operator
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from landbridge.api.jobs import JobKind, JobStatus, QueueFullError, TooMuchWorkError
from landbridge.api.problems import ApiError
from landbridge.api.schemas import ErrorOut, JobKindOut, JobOut
from landbridge.api.service import Service, ServiceDep
from landbridge.api.store import JobRecord
from landbridge.errors import LandbridgeError

__all__ = ["job_router"]

JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="32 hex digits.")]
_ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut}, 409: {"model": ErrorOut},
                                            422: {"model": ErrorOut}}


def job_out(record: JobRecord) -> JobOut:
    base = f"/api/jobs/{record.id}"
    return JobOut(id=record.id, kind=record.kind, status=record.status,  # type: ignore[arg-type]
                  progress=record.progress, message=record.message,
                  error_type=record.error_type, error=record.error,
                  params=json.loads(record.params), created_at=record.created_at,
                  started_at=record.started_at, finished_at=record.finished_at,
                  links={"self": base, "result": f"{base}/result"})


def _get(service: Service, job_id: str) -> JobRecord:
    record = service.store.get_job(job_id)
    if record is None:
        raise ApiError(404, "not_found", f"no job {job_id}", field="job_id")
    return record


def _room(service: ServiceDep) -> None:
    """Refuse a job when the queue is full, before its body is validated (the cheap check
    first: validating a scenario or station takes far longer than this)."""
    try:
        service.jobs.check_room()
    except QueueFullError as exc:
        raise ApiError(429, "busy", str(exc), headers={"retry-after": "10"}) from exc


def _submitter(kind: JobKind[Any]) -> Callable[..., Awaitable[JobOut]]:
    """``POST /api/jobs/{kind.name}``, with the kind's parameter type as its body."""

    async def submit(params: Any, service: ServiceDep, response: Response) -> JobOut:
        if kind.admit is not None:  # may parse a file: off the event loop
            try:
                await run_in_threadpool(kind.admit, params)
            except TooMuchWorkError as exc:
                raise ApiError(422, "too_much_work", str(exc), field=exc.field) from exc
            except LandbridgeError as exc:
                raise ApiError(422, "invalid_params", str(exc)) from exc
        try:  # a database write: off the event loop, so a locked database stalls only this
            record = await run_in_threadpool(service.jobs.submit, kind.name, params)
        except QueueFullError as exc:
            raise ApiError(429, "busy", str(exc), headers={"retry-after": "10"}) from exc
        response.headers["location"] = f"/api/jobs/{record.id}"
        return job_out(record)

    # FastAPI reads the body type from the signature; give it this kind's parameter type
    signature = inspect.signature(submit)
    submit.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[signature.parameters["params"].replace(
            annotation=Annotated[kind.params, Body()]),
            signature.parameters["service"].replace(annotation=ServiceDep),
            signature.parameters["response"].replace(annotation=Response)],
        return_annotation=JobOut)
    submit.__name__ = f"submit_{kind.name.replace('-', '_')}"
    submit.__doc__ = f"{kind.title}.\n\n{kind.description}\n\nRuns as a job: answers 202 with " \
                     "the job's status; poll its `links.self`, then read `links.result`."
    return submit


def _results(kinds: Mapping[str, JobKind[Any]]) -> Any:
    """The type of a job's result: one of the kinds' result types; None (a free object) if a
    kind declares none."""
    types = [k.result for k in kinds.values()]
    if not types or any(t is None for t in types):
        return None
    return functools.reduce(operator.or_, types)


def job_router(kinds: Mapping[str, JobKind[Any]]) -> APIRouter:
    """The job endpoints for these kinds."""
    router = APIRouter(prefix="/api/jobs", tags=["jobs"])

    @router.get("/kinds")
    def list_kinds() -> list[JobKindOut]:
        """The kinds of job this service runs, with their parameters' JSON schema."""
        return [JobKindOut(name=k.name, title=k.title, description=k.description,
                           params_schema=k.schema(), result_schema=k.result_schema(),
                           links={"submit": f"/api/jobs/{k.name}"})
                for k in kinds.values()]

    for kind in kinds.values():
        router.add_api_route(f"/{kind.name}", _submitter(kind), methods=["POST"],
                             dependencies=[Depends(_room)],
                             status_code=202, response_model=JobOut, summary=kind.title,
                             responses={429: {"model": ErrorOut}, 422: {"model": ErrorOut}})

    @router.get("")
    def list_jobs(service: ServiceDep,
                  limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[JobOut]:
        """Recent jobs, newest first."""
        return [job_out(r) for r in service.store.list_jobs(limit=limit)]

    @router.get("/{job_id}", responses=_ERRORS)
    def job_status(job_id: JobId, service: ServiceDep) -> JobOut:
        """A job's status and progress; ``error`` says why a failed job failed."""
        return job_out(_get(service, job_id))

    result = _results(kinds)
    ok: dict[str, Any] = {"description": "What the job's function returned, as its to_dict(): "
                          "the result of one of the kinds (see GET /api/jobs/kinds)."}
    if result is None:
        ok["content"] = {"application/json": {"schema": {"type": "object"}}}

    @router.get("/{job_id}/result", response_class=JSONResponse, response_model=result,
                responses={**_ERRORS, 200: ok})
    def job_result(job_id: JobId, service: ServiceDep) -> Response:
        """A finished job's result (the ``to_dict()`` of what its function returned); 409 while
        it runs or if it did not succeed."""
        record = _get(service, job_id)
        if record.status == JobStatus.SUCCEEDED and record.result is not None:
            return Response(record.result, media_type="application/json")
        if record.status == JobStatus.FAILED:
            raise ApiError(409, "job_failed", f"job {job_id} failed: {record.error}")
        raise ApiError(409, "not_finished", f"job {job_id} is {record.status} "
                       f"({record.progress:.0%}); try again when it has succeeded")

    @router.delete("/{job_id}", responses=_ERRORS)
    def cancel_job(job_id: JobId, service: ServiceDep) -> JobOut:
        """Cancel a waiting or running job (its worker process is stopped)."""
        record = _get(service, job_id)
        if JobStatus(record.status).finished:
            raise ApiError(409, "finished", f"job {job_id} has already {record.status}")
        updated = service.jobs.cancel(job_id)
        return job_out(updated or record)

    return router
