"""What every endpoint shares: the settings, the store, the job manager, the answer cache."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Request

from landbridge.api.cache import AnswerCache
from landbridge.api.jobs import JobManager
from landbridge.api.planners import Outcome, PlannerPool, answer_outcome
from landbridge.api.problems import ApiError
from landbridge.api.settings import Settings
from landbridge.api.store import Store

__all__ = ["Service", "ServiceDep", "in_planner", "off_loop"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Service:
    """One running instance of the service (``app.state.service``)."""

    settings: Settings
    store: Store
    jobs: JobManager
    cache: AnswerCache
    planners: PlannerPool | None = None  # None: questions are answered in a thread


async def _service(request: Request) -> Service:
    # async: FastAPI would run a plain function in a thread, a hop on every request
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(_service)]


async def off_loop(service: Service, fn: Callable[[], T]) -> T:
    """Run blocking work in a thread, answering 504 if it takes longer than the service's
    request time limit (the thread finishes its work; its answer is dropped)."""
    import anyio

    with _time_limit(service):
        return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)
    raise AssertionError("unreachable")  # pragma: no cover (for mypy: the limit re-raises)


async def in_planner(service: Service, fn: Callable[[], bytes],
                     fields: Mapping[str, object]) -> Outcome:
    """Answer a planner question (``fn``, picklable) in a planner process, or in a thread when
    the service has none, within the service's request time limit (504 beyond)."""
    if service.planners is None:
        return await off_loop(service, lambda: answer_outcome(fn, fields))
    with _time_limit(service):
        return await service.planners.run(fn, fields)
    raise AssertionError("unreachable")  # pragma: no cover


@contextmanager
def _time_limit(service: Service) -> Iterator[None]:
    import anyio

    timeout = service.settings.request_timeout_s
    try:
        with anyio.fail_after(timeout):
            yield
    except TimeoutError as exc:
        raise ApiError(504, "timeout", f"the answer took longer than {timeout:g} s, this "
                       "service's limit for one request; ask for fewer samples or routes, or "
                       "run it as a job (POST /api/jobs/...)") from exc
