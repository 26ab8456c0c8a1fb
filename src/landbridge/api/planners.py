"""Planner processes: route and comparison questions answered on every core.

The planner is pure Python and holds the GIL, so threads answer one question at a time however
many cores there are. The service hands each question to a pool of worker processes instead
(one per core by default), each of which loads the network and compiles its graphs once and
keeps them. A worker answers with bytes: the JSON answer, or the error answer already worded
(the planner's exceptions carry structured fields that do not cross a process boundary).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from landbridge.api.problems import ApiError

__all__ = ["Outcome", "PlannerPool", "answer_outcome"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker answers: ``body`` is the JSON answer (status 200) or an error answer;
    an :class:`ApiError` is sent back as its parts and raised again in the service."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    api_error: tuple[int, str, str, str | None, dict[str, str]] | None = None
    crash: str | None = None

    def raise_api_error(self) -> None:
        if self.api_error is not None:
            status, error, message, where, headers = self.api_error
            raise ApiError(status, error, message, field=where, headers=headers)
        if self.crash is not None:
            raise RuntimeError(f"a planner process failed: {self.crash}")


def answer_outcome(compute: Callable[[], bytes], fields: Mapping[str, object]) -> Outcome:
    """Run ``compute`` and word what it raises as the service would (in a worker)."""
    from landbridge.api.problems import landbridge_error
    from landbridge.errors import LandbridgeError

    try:
        return Outcome(200, compute())
    except LandbridgeError as exc:
        response = landbridge_error(exc, fields)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return Outcome(response.status_code, bytes(response.body), headers)
    except ApiError as exc:
        return Outcome(exc.status, api_error=(exc.status, exc.error, exc.message, exc.field,
                                              dict(exc.headers)))
    except Exception as exc:  # reported by the service as a 500, logged there
        log.exception("planner process failed")
        return Outcome(500, crash=f"{type(exc).__name__}: {exc}")


def _warm() -> None:
    """Load the network, compile the usual graphs and import the searches once, when a worker
    starts."""
    import scipy.sparse.csgraph  # noqa: F401 (the fast searches, from the first question on)

    from landbridge.model.cargo import Unit
    from landbridge.model.places import CargoClass
    from landbridge.network.load import load_network
    from landbridge.routing.graph import GraphKey, compile_graph

    network = load_network()
    for cargo, unit in ((CargoClass.BULK_GRAIN, Unit.BULK),
                        (CargoClass.CONTAINER, Unit.CONTAINER)):
        compile_graph(network, GraphKey(cargo=cargo, unit=unit))


class PlannerPool:
    """``workers`` planner processes, started with the service and stopped with it."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def start(self) -> None:
        self._executor = ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm)

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    async def run(self, compute: Callable[[], bytes], fields: Mapping[str, object]) -> Outcome:
        """``compute`` (picklable) answered in a worker process."""
        if self._executor is None:
            raise RuntimeError("the planner pool is not started")
        future = self._executor.submit(answer_outcome, compute, dict(fields))
        return await asyncio.wrap_future(future)
