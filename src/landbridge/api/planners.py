"""Planner processes: route and comparison questions answered on every core.

The planner is pure Python and holds the GIL, so threads answer one question at a time however
many cores there are. The service hands each question to a pool of worker processes instead
(one per core by default), each of which loads the network and compiles its graphs once and
keeps them. A worker answers with bytes: the JSON answer, or the error answer already worded
(the planner's exceptions carry structured fields that do not cross a process boundary).
"""

from __future__ import annotations

import asyncio
import collections
import logging
import multiprocessing
import pickle
import signal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

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


#: Questions sent to a worker at once: with a second one waiting in its pipe, a worker starts
#: on it as soon as it has answered the first, without waiting for the event loop's turn.
_DEPTH = 2


class _Worker:
    """One planner process and the parent's end of its pipe; ``pending`` are the questions it
    has been sent and not answered yet, in order."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.pending: collections.deque[asyncio.Future[Outcome]] = collections.deque()
        self.ready = False  # warmed up (it says so with an empty message)


def _serve(conn: Connection) -> None:
    """A planner process: warm up, then answer questions from ``conn`` in order until the
    service closes its end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the service stops its workers itself
    _warm()
    conn.send_bytes(b"")
    while True:
        try:
            question = conn.recv_bytes()
        except (EOFError, OSError):
            return
        compute, fields = pickle.loads(question)
        conn.send_bytes(pickle.dumps(answer_outcome(compute, fields),
                                     protocol=pickle.HIGHEST_PROTOCOL))


class PlannerPool:
    """``workers`` planner processes, started with the service and stopped with it.

    Each worker has its own pipe, which the event loop writes questions to and watches for
    answers: a question costs one write and one read, with no threads between the loop and the
    workers (a :class:`~concurrent.futures.ProcessPoolExecutor` hands each question through a
    manager thread and a feeder thread, waking each through its own pipe). A question goes to
    the worker with the fewest unanswered, at most ``_DEPTH`` each; a worker that dies is
    replaced, and its unanswered questions answered as failures.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._all: list[_Worker] = []
        self._slots: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> None:
        """Start the workers; called on the event loop that will ask the questions."""
        self._loop = asyncio.get_running_loop()
        self._slots = asyncio.Semaphore(self.workers * _DEPTH)
        for _ in range(self.workers):
            self._spawn()

    def _spawn(self) -> None:
        assert self._loop is not None
        mine, theirs = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_serve, args=(theirs,), daemon=True,
                                        name="landbridge-planner")
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        self._all.append(worker)
        self._loop.add_reader(mine.fileno(), self._answered, worker)

    def _answered(self, worker: _Worker) -> None:
        """``worker``'s pipe is readable: its next answer, or its end."""
        assert self._slots is not None
        try:
            message = worker.conn.recv_bytes()
        except (EOFError, OSError):
            self._lost(worker)
            return
        if not message:
            worker.ready = True
            return
        outcome: Outcome = pickle.loads(message)
        future = worker.pending.popleft()
        if not future.done():  # not given up on (the time limit)
            future.set_result(outcome)
        self._slots.release()

    def _lost(self, worker: _Worker) -> None:
        assert self._loop is not None and self._slots is not None
        self._loop.remove_reader(worker.conn.fileno())
        worker.conn.close()
        worker.process.join(timeout=5)
        self._all.remove(worker)
        code = worker.process.exitcode
        unanswered = len(worker.pending)
        while worker.pending:
            future = worker.pending.popleft()
            if not future.done():
                future.set_result(Outcome(500, crash=f"the process ended (exit code {code})"))
        for _ in range(unanswered):  # answered above: their room is free again
            self._slots.release()
        if worker.ready:  # one that failed to warm up would fail again
            log.error("a planner process ended (exit code %s); starting another", code)
            self._spawn()
        else:
            log.error("a planner process failed to start (exit code %s)", code)

    def shutdown(self) -> None:
        """Stop the workers: each finishes the question it is answering, then ends."""
        for worker in self._all:
            if self._loop is not None and not self._loop.is_closed():
                self._loop.remove_reader(worker.conn.fileno())
            worker.conn.close()  # the worker reads the end of its pipe and returns
            for future in worker.pending:
                future.cancel()
        for worker in self._all:
            worker.process.join(timeout=30)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join()
        self._all.clear()
        self._slots = None

    async def run(self, compute: Callable[[], bytes], fields: Mapping[str, object]) -> Outcome:
        """``compute`` (picklable) answered in a worker process, once one has room."""
        if self._slots is None or self._loop is None:
            raise RuntimeError("the planner pool is not started")
        question = pickle.dumps((compute, dict(fields)), protocol=pickle.HIGHEST_PROTOCOL)
        await self._slots.acquire()
        if not self._all:
            self._slots.release()
            return Outcome(500, crash="no planner process could start")
        worker = min(self._all, key=lambda w: len(w.pending))
        future: asyncio.Future[Outcome] = self._loop.create_future()
        try:
            worker.conn.send_bytes(question)
        except OSError:  # the worker is gone (its pipe's reader replaces it)
            self._slots.release()
            return Outcome(500, crash="the process ended")
        worker.pending.append(future)
        return await future
