"""What every endpoint shares: the settings, the store, the job manager, the answer cache."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Request

from landbridge.api.cache import AnswerCache
from landbridge.api.jobs import JobManager
from landbridge.api.problems import ApiError
from landbridge.api.settings import Settings
from landbridge.api.store import Store

__all__ = ["Service", "ServiceDep", "off_loop"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Service:
    """One running instance of the service (``app.state.service``)."""

    settings: Settings
    store: Store
    jobs: JobManager
    cache: AnswerCache


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(_service)]


async def off_loop(service: Service, fn: Callable[[], T]) -> T:
    """Run blocking work in a thread, answering 504 if it takes longer than the service's
    request time limit (the thread finishes its work; its answer is dropped)."""
    import anyio

    timeout = service.settings.request_timeout_s
    try:
        with anyio.fail_after(timeout):
            return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)
    except TimeoutError as exc:
        raise ApiError(504, "timeout", f"the answer took longer than {timeout:g} s, this "
                       "service's limit for one request; ask for fewer samples or routes, or "
                       "run it as a job (POST /api/jobs/...)") from exc
