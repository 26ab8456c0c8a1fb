"""Long work as jobs: a kind registry, worker processes with a time limit, progress, results.

A :class:`JobKind` names a function ``run(params, progress) -> result`` where ``params`` is
validated from JSON (a pydantic model or a dataclass), ``progress(fraction, message)`` reports
how far it got, and ``result`` has ``to_dict()``. The :class:`JobManager` runs each job in a
fresh worker process (``spawn``), so a job that overruns the time limit or is cancelled is
stopped for real, and a crash in a job cannot take the service down. A worker runs under a
memory limit (its address space, ``RLIMIT_AS``) and, on Linux, is killed when the service dies
(``PR_SET_PDEATHSIG``), so it never outlives the server that started it. A kind may give an
``admit`` check that estimates a job's work from its parameters at submission and refuses it
(:class:`TooMuchWorkError`) beyond a stated bound, before anything is queued. Status, progress
and the result are written to the :class:`~landbridge.api.store.Store` as they change; jobs
still waiting or running when the service stops run again when it starts.

Several instances may share one database. Each job row has a lease: its ``owner`` (an instance
id: host, process id and a random part) and a ``heartbeat_at`` that the owner renews every
``heartbeat_s`` while the job waits or runs. Only the owner runs a job, and it starts it with
one conditional UPDATE (queued to running, for this owner), so a job never runs twice at once.
A job whose lease is older than ``lease_s`` (its instance was killed) is adopted by the next
instance that looks (at start and then every ``lease_s``) and runs again. Cancel works from any
instance: it sets a flag in the row that the owner polls.

::

    POST /api/jobs/{kind} ──► queued ──► running ──► succeeded | failed | cancelled
                                 ▲           │ (service stops)
                                 └───────────┘
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
import multiprocessing
import os
import pickle
import re
import secrets
import socket
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, Protocol, TypeVar

from landbridge.api.store import JobRecord, Store, utcnow
from landbridge.errors import LandbridgeError

__all__ = ["JobKind", "JobManager", "JobStatus", "Progress", "QueueFullError", "ToDict",
           "TooMuchWorkError"]

log = logging.getLogger(__name__)

P = TypeVar("P")

#: ``progress(fraction, message)``: how far a job got (0 to 1) and what it is doing.
Progress = Callable[[float, str], None]

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_PROGRESS_EVERY_S = 0.25
#: How long a job's status write keeps retrying while another connection holds the database's
#: lock (progress writes are skipped instead: the next one will do).
_STATUS_RETRY_S = 120.0


class ToDict(Protocol):
    """What a job returns: a typed result that turns itself into JSON-ready data."""

    def to_dict(self) -> Mapping[str, object]: ...


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class QueueFullError(RuntimeError):
    """As many jobs as the service allows are already waiting or running."""


class TooMuchWorkError(LandbridgeError, ValueError):
    """A job asks for more work than the service runs in one job; the message states the
    estimate, the bound and what to reduce. ``field`` names the parameter to change."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True, slots=True, kw_only=True)
class JobKind(Generic[P]):
    """A kind of long job the service can run.

    Parameters
    ----------
    name
        The name in ``POST /api/jobs/{name}``: lower case, digits, ``-`` or ``_``.
    params
        The type of the parameters: a pydantic model or a dataclass (validated from JSON).
    run
        ``run(params, progress) -> result``, a module-level function (the worker process
        imports it by name); ``result.to_dict()`` is stored as the job's result.
    title
        One line for the API docs and ``GET /api/jobs/kinds``.
    admit
        ``admit(params)``, run at submission (in the service, not a worker): a quick estimate
        of the work, raising :class:`TooMuchWorkError` (or another ``LandbridgeError`` for
        parameters that cannot run) so that the job is refused before it is queued.
    result
        The type of ``result.to_dict()`` (a pydantic model, or a union of them): documents
        ``GET /api/jobs/{id}/result`` in the OpenAPI schema; None leaves it a free object.
    """

    name: str
    params: type[P]
    run: Callable[[P, Progress], ToDict]
    title: str
    description: str = ""
    admit: Callable[[P], None] | None = None
    result: Any = None

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"job kind name {self.name!r}: use 1-32 lower-case letters, "
                             "digits, '-' or '_', starting with a letter")
        for what, obj in (("run", self.run), ("params", self.params)):
            try:
                pickle.dumps(obj)
            except (pickle.PicklingError, AttributeError, TypeError) as exc:
                raise TypeError(f"job kind {self.name!r}: {what} must be defined at module level "
                                f"so a worker process can import it ({exc})") from exc

    def validate(self, data: object) -> P:
        """``data`` (parsed JSON) as ``params``; raises pydantic's ``ValidationError``."""
        from pydantic import TypeAdapter

        return TypeAdapter(self.params).validate_python(data)

    def dump(self, params: P) -> str:
        """``params`` as JSON text, for the store and the worker process."""
        from pydantic import TypeAdapter

        return TypeAdapter(self.params).dump_json(params).decode()

    def schema(self) -> dict[str, Any]:
        from pydantic import TypeAdapter

        return TypeAdapter(self.params).json_schema()

    def result_schema(self) -> dict[str, Any] | None:
        """The JSON schema of the result, None if the kind declares no ``result`` type."""
        from pydantic import TypeAdapter

        if self.result is None:
            return None
        return TypeAdapter(self.result).json_schema(mode="serialization")


@dataclass(frozen=True, slots=True)
class _Limits:
    """What a worker process sets on itself before it runs a job."""

    memory_bytes: int | None
    parent_pid: int


def _limit_worker(limits: _Limits) -> None:
    """Cap this process's address space, and have the kernel kill it when the service dies.

    ``PR_SET_PDEATHSIG`` fires when the thread that started the process ends; the service's
    job threads live as long as the service. Elsewhere than Linux only the memory cap applies.
    """
    import resource

    from landbridge._fork import die_with_parent

    if limits.memory_bytes is not None:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    die_with_parent(limits.parent_pid)


def _worker(kind: JobKind[Any], params: object, conn: Connection,
            limits: _Limits | None = None) -> None:
    """Body of a worker process: limit itself, validate, run, send progress and then one final
    message."""
    if limits is not None:
        _limit_worker(limits)

    def progress(fraction: float, message: str = "") -> None:
        conn.send(("progress", min(max(float(fraction), 0.0), 1.0), str(message)[:300]))

    try:
        value = kind.validate(params)
        result = kind.run(value, progress)
        payload = json.dumps(result.to_dict(), ensure_ascii=False, allow_nan=False)
    except MemoryError:
        conn.send(("error", "memory", "the job needed more memory than this service gives "
                   "one job; ask for less (fewer days, replications or arrivals)"))
    except (LandbridgeError, ValueError) as exc:  # the request cannot be answered as asked
        conn.send(("error", "invalid", str(exc)))
    except Exception as exc:
        conn.send(("error", "internal", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    else:
        conn.send(("done", payload))
    finally:
        conn.close()


@dataclass(slots=True, eq=False)
class _Entry:
    """A job this instance has accepted and not finished: how to cancel or stop it."""

    cancel: threading.Event = field(default_factory=threading.Event)
    #: another instance holds the job's lease now (ours expired): stop without writing
    lost: threading.Event = field(default_factory=threading.Event)
    process: BaseProcess | None = None
    started: bool = False


class JobManager:
    """Runs jobs in worker processes, at most ``workers`` at once, and records them in
    ``store``.

    Parameters
    ----------
    store
        Where jobs, their progress and results are written.
    kinds
        The kinds of job this service runs, by name.
    workers
        Jobs that run at once.
    timeout_s
        A job still running after this long is stopped and fails with ``error_type`` timeout.
    max_queued
        Jobs waiting or running at once; :meth:`submit` raises :class:`QueueFullError` beyond.
    memory_mb
        Address space a worker process may use, MB (None: no limit); beyond it the job fails
        with ``error_type`` memory.
    heartbeat_s
        How often this instance renews the leases of its jobs and looks for cancel requests
        made by other instances.
    lease_s
        A job whose owner has not renewed its lease for this long is taken over by another
        instance; more than ``heartbeat_s`` (three times it by default).
    """

    def __init__(self, store: Store, kinds: Mapping[str, JobKind[Any]], *, workers: int,
                 timeout_s: float, max_queued: int, memory_mb: int | None = None,
                 heartbeat_s: float = 5.0, lease_s: float | None = None) -> None:
        lease_s = 3 * heartbeat_s if lease_s is None else lease_s
        if not 0 < heartbeat_s < lease_s:
            raise ValueError(f"a job lease ({lease_s:g} s) must be longer than the heartbeat "
                             f"({heartbeat_s:g} s), which must be positive")
        self.store = store
        self.heartbeat_s = heartbeat_s
        self.lease_s = lease_s
        #: this instance, as written in the ``owner`` of the jobs it runs
        self.instance = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self._heart: threading.Thread | None = None
        self.kinds = dict(kinds)
        self.workers = workers
        self.timeout_s = timeout_s
        self.max_queued = max_queued
        self.memory_mb = memory_mb
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}
        self._stopping = threading.Event()
        self._executor: ThreadPoolExecutor | None = None

    # life cycle ----------------------------------------------------------------------------
    def start(self) -> None:
        """Start the workers and queue again the jobs a previous run left unfinished."""
        self._stopping.clear()
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="landbridge-job")
        self._adopt()
        self._heart = threading.Thread(target=self._beat, name="landbridge-job-lease",
                                       daemon=True)
        self._heart.start()

    def _adopt(self) -> None:
        """Take over the unfinished jobs whose lease expired (or that a stopped instance
        released) and queue them here; never one this instance already holds."""
        older_than = utcnow() - dt.timedelta(seconds=self.lease_s)
        with self._lock:
            held = list(self._entries)
        for record in self.store.adopt_expired(self.instance, older_than=older_than,
                                               held=held):
            if record.kind not in self.kinds:
                self.store.update_job(record.id, status=JobStatus.FAILED, error_type="invalid",
                                      error=f"this service has no job kind {record.kind!r}",
                                      finished_at=utcnow())
                continue
            self._enqueue(record.id, record.kind, record.params)
            log.info("job %s (%s) queued again: its lease had expired", record.id, record.kind)

    def _beat(self) -> None:
        """The lease thread: renew this instance's leases every ``heartbeat_s``, act on
        cancel requests and lost leases, and adopt expired jobs every ``lease_s``."""
        tick = min(self.heartbeat_s, 0.5)
        last_beat = last_adopt = time.monotonic()
        while not self._stopping.wait(tick):
            try:
                now = time.monotonic()
                if now - last_beat >= self.heartbeat_s:
                    self.store.renew_leases(self.instance)
                    last_beat = now
                self._poll()
                if now - last_adopt >= self.lease_s:
                    self._adopt()
                    last_adopt = now
            except Exception:  # a busy or lost database: try again at the next tick
                log.exception("job leases: the database did not answer")

    def _poll(self) -> None:
        """Stop the jobs here that another instance cancelled, or whose lease it took."""
        with self._lock:
            started = {job_id: entry for job_id, entry in self._entries.items()
                       if entry.started}
        for job_id, owner, status, cancel in self.store.lease_state(list(started)):
            entry = started[job_id]
            if owner != self.instance or status != JobStatus.RUNNING:
                entry.lost.set()
            elif cancel:
                entry.cancel.set()

    def shutdown(self) -> None:
        """Stop the running jobs (they stay queued and run again at the next start)."""
        self._stopping.set()
        with self._lock:
            processes = [e.process for e in self._entries.values() if e.process is not None]
        for process in processes:
            _stop(process)
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        if self._heart is not None:
            self._heart.join()
            self._heart = None
        with self._lock:
            self._entries.clear()
        try:  # the next instance to look takes them at once, without waiting for the lease
            self.store.release_jobs(self.instance)
        except Exception:
            log.exception("job leases: could not release this instance's jobs; another "
                          "instance takes them when their lease expires")

    # requests ------------------------------------------------------------------------------
    def check_room(self) -> None:
        """Raise :class:`QueueFullError` if no job can be queued now: the cheap refusal, made
        before a request's parameters are read."""
        with self._lock:
            waiting = len(self._entries)
        if waiting >= self.max_queued:
            raise QueueFullError(f"{waiting} jobs are waiting or running, the most this "
                                 "service takes; try again when one finishes")

    def submit(self, kind: str, params: Any) -> JobRecord:
        """Queue a job of ``kind`` with validated ``params``.

        Raises
        ------
        KeyError
            If the kind is unknown.
        QueueFullError
            If ``max_queued`` jobs are already waiting or running.
        """
        job_kind = self.kinds[kind]
        text = job_kind.dump(params)
        job_id = uuid.uuid4().hex
        with self._lock:
            if len(self._entries) >= self.max_queued:
                raise QueueFullError(f"{len(self._entries)} jobs are waiting or running, the "
                                     "most this service takes; try again when one finishes")
            self._entries[job_id] = _Entry()
        try:
            record = self.store.add_job(id=job_id, kind=kind, params=text, owner=self.instance)
        except Exception:
            with self._lock:
                self._entries.pop(job_id, None)
            raise
        self._submit(job_id, kind, text)
        return record

    def cancel(self, job_id: str) -> JobRecord | None:
        """Cancel a waiting or running job, whichever instance runs it; a finished one is
        returned unchanged. Waits (up to 10 s, and a few heartbeats) for a running job to
        stop."""
        record = self.store.request_cancel(job_id)
        with self._lock:
            entry = self._entries.get(job_id)
            if entry is not None:
                entry.cancel.set()
        if record is None or JobStatus(record.status).finished:
            return record
        deadline = time.monotonic() + max(10.0, 3 * self.heartbeat_s)
        while time.monotonic() < deadline:
            record = self.store.get_job(job_id)
            if record is None or JobStatus(record.status).finished:
                return record
            time.sleep(0.05)
        return self.store.get_job(job_id)

    def running_count(self) -> int:
        with self._lock:
            return len(self._entries)

    # internals -----------------------------------------------------------------------------
    def _enqueue(self, job_id: str, kind: str, params: str) -> None:
        with self._lock:
            self._entries.setdefault(job_id, _Entry())
        self._submit(job_id, kind, params)

    def _submit(self, job_id: str, kind: str, params: str) -> None:
        executor = self._executor
        if executor is None:
            raise RuntimeError("the job manager is not started")
        executor.submit(self._supervise, job_id, kind, params)

    def _update(self, job_id: str, **changes: Any) -> None:
        """Write a job's status while this instance holds its lease, waiting out a database
        lock held elsewhere (each attempt waits the store's busy timeout) rather than losing
        the outcome of the job."""
        from sqlalchemy.exc import OperationalError

        deadline = time.monotonic() + _STATUS_RETRY_S
        while True:
            try:
                if self.store.update_job(job_id, owner=self.instance, **changes) is None:
                    log.warning("job %s: another instance holds its lease; not written",
                                job_id)
                return
            except OperationalError:
                if time.monotonic() > deadline or self._stopping.is_set():
                    raise
                log.warning("job %s: the database is busy; writing its status again", job_id)
                time.sleep(0.2)

    def _progress(self, job_id: str, fraction: float, message: str) -> None:
        """Write progress if the database takes it now; a busy database skips this one."""
        from sqlalchemy.exc import OperationalError

        try:
            self.store.update_job(job_id, owner=self.instance, progress=fraction,
                                  message=message)
        except OperationalError:
            log.warning("job %s: the database is busy; progress not written", job_id)

    def _supervise(self, job_id: str, kind: str, params: str) -> None:
        try:
            self._run(job_id, self.kinds[kind], params)
        except Exception:
            log.exception("job %s: the supervisor failed", job_id)
            try:
                self.store.update_job(job_id, owner=self.instance, status=JobStatus.FAILED,
                                      error_type="internal",
                                      error="the service failed while running this job",
                                      finished_at=utcnow())
            except Exception:  # the database itself is gone: the next start queues it again
                log.exception("job %s: its failure could not be recorded", job_id)
        finally:
            with self._lock:
                self._entries.pop(job_id, None)

    def _run(self, job_id: str, kind: JobKind[Any], params: str) -> None:
        with self._lock:
            entry = self._entries.get(job_id)
            if entry is None or entry.cancel.is_set() or self._stopping.is_set():
                return
        if not self.store.claim_job(job_id, owner=self.instance):
            log.info("job %s: not claimed (cancelled, finished or taken by another instance)",
                     job_id)
            return
        with self._lock:
            entry.started = True
        started = time.monotonic()
        receiver, sender = self._context.Pipe(duplex=False)
        limits = _Limits(memory_bytes=None if self.memory_mb is None else self.memory_mb * 2**20,
                         parent_pid=os.getpid())
        process = self._context.Process(target=_worker,
                                        args=(kind, json.loads(params), sender, limits),
                                        name=f"landbridge-job-{job_id[:8]}")
        process.start()
        sender.close()
        with self._lock:
            entry.process = process
        try:
            outcome = self._watch(job_id, entry, receiver, process, started)
        finally:
            _stop(process)
            receiver.close()
        self._record(job_id, outcome, process, time.monotonic() - started)

    def _watch(self, job_id: str, entry: _Entry, receiver: Connection, process: BaseProcess,
               started: float) -> tuple[Any, ...]:
        deadline = started + self.timeout_s
        last_write = 0.0

        def ended() -> tuple[str]:  # the process is gone: stopped by us, or it died
            if self._stopping.is_set():
                return ("interrupted",)
            return ("cancelled",) if entry.cancel.is_set() else ("crashed",)

        while True:
            if entry.lost.is_set():
                return ("lost",)
            if entry.cancel.is_set():
                return ("cancelled",)
            if self._stopping.is_set():
                return ("interrupted",)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return ("timeout",)
            if not receiver.poll(min(remaining, 0.1)):
                if not process.is_alive() and not receiver.poll():
                    return ended()
                continue
            try:
                message: tuple[Any, ...] = receiver.recv()
            except EOFError:
                return ended()
            if message[0] != "progress":
                return message
            now = time.monotonic()
            if now - last_write >= _PROGRESS_EVERY_S:
                self._progress(job_id, message[1], message[2])
                last_write = now

    def _record(self, job_id: str, outcome: tuple[Any, ...], process: BaseProcess,
                seconds: float) -> None:
        status, done = outcome[0], utcnow()
        if status == "lost":
            log.warning("job %s: stopped here, another instance took over its lease", job_id)
        elif status == "done":
            self._update(job_id, status=JobStatus.SUCCEEDED, progress=1.0,
                         message=f"finished in {seconds:.1f} s", result=outcome[1],
                         finished_at=done)
        elif status == "error":
            if outcome[1] == "internal":
                log.error("job %s failed:\n%s", job_id, outcome[3])
            self._update(job_id, status=JobStatus.FAILED, error_type=outcome[1],
                         error=outcome[2], message="failed", finished_at=done)
        elif status == "timeout":
            self._update(job_id, status=JobStatus.FAILED, error_type="timeout",
                         error=f"stopped after {self.timeout_s:g} s, the time limit "
                               "of this service for a job", message="timed out",
                         finished_at=done)
        elif status == "cancelled":
            self._update(job_id, status=JobStatus.CANCELLED, message="cancelled",
                         finished_at=done)
        elif status == "interrupted":
            self._update(job_id, status=JobStatus.QUEUED, progress=0.0, started_at=None,
                         message="interrupted by a service stop; runs again at the "
                                 "next start")
        else:
            self._update(job_id, status=JobStatus.FAILED, error_type="internal",
                         error=f"the worker process ended unexpectedly (exit code "
                               f"{process.exitcode})", message="failed",
                         finished_at=done)


def _stop(process: BaseProcess) -> None:
    """End a worker process: politely, then for sure."""
    if process.is_alive():
        process.terminate()
        process.join(2.0)
    if process.is_alive():
        process.kill()
    process.join()
