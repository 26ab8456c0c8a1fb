"""Persistence for the service: saved scenarios, saved plans and jobs, in a SQL database.

SQLite (one file) by default; PostgreSQL for a deployment that several service instances share.
Only portable column types are used, so the same tables work on both. The tables are
created and upgraded by the migrations in :mod:`landbridge.api.migrations`, run when a
:class:`Store` opens the database; a change to a table below needs a new revision there.
JSON documents are stored as text exactly as they were sent back to the client, so a saved
plan reads back byte for byte.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    Index,
    String,
    Text,
    and_,
    create_engine,
    event,
    false,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import StaticPool

__all__ = ["JobRecord", "PlanRecord", "ScenarioRecord", "Store", "utcnow"]

log = logging.getLogger(__name__)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite forgets the zone; every stored time is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


class _Base(DeclarativeBase):
    pass


class _Scenario(_Base):
    __tablename__ = "scenarios"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class _Plan(_Base):
    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    request: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(Text)
    version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class _Job(_Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status", "status"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    params: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True),
                                                           nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True),
                                                            nullable=True)
    # the lease (migration 0002): which instance runs or will run the job, when it last said
    # it is alive, and whether someone asked to cancel it
    owner: Mapped[str | None] = mapped_column(String(128), nullable=True)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True),
                                                             nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False,
                                                   server_default=false())


@dataclass(frozen=True, slots=True, kw_only=True)
class ScenarioRecord:
    """A scenario as the user posted it: a name and the YAML text."""

    id: str
    name: str
    text: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanRecord:
    """A saved answer: the request and the result JSON, and the landbridge version that
    computed it."""

    id: str
    kind: str
    request: str
    result: str
    version: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class JobRecord:
    """A job's row: what was asked, how far it got, and its result or error."""

    id: str
    kind: str
    params: str
    status: str
    progress: float
    message: str
    result: str | None
    error_type: str | None
    error: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    owner: str | None = None
    heartbeat_at: dt.datetime | None = None
    cancel_requested: bool = False


def _scenario(row: _Scenario) -> ScenarioRecord:
    return ScenarioRecord(id=row.id, name=row.name, text=row.text,
                          created_at=_utc(row.created_at) or row.created_at)


def _plan(row: _Plan) -> PlanRecord:
    return PlanRecord(id=row.id, kind=row.kind, request=row.request, result=row.result,
                      version=row.version, created_at=_utc(row.created_at) or row.created_at)


def _job(row: _Job) -> JobRecord:
    return JobRecord(id=row.id, kind=row.kind, params=row.params, status=row.status,
                     progress=row.progress, message=row.message, result=row.result,
                     error_type=row.error_type, error=row.error,
                     created_at=_utc(row.created_at) or row.created_at,
                     started_at=_utc(row.started_at), finished_at=_utc(row.finished_at),
                     owner=row.owner, heartbeat_at=_utc(row.heartbeat_at),
                     cancel_requested=bool(row.cancel_requested))


def _engine(url: str, busy_timeout_s: float) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() == "psycopg":
        return create_engine(url, pool_pre_ping=True, connect_args={
            "options": f"-c lock_timeout={round(busy_timeout_s * 1000)}"})
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False,
                                                  "timeout": busy_timeout_s})
    else:
        engine = create_engine(url, connect_args={"check_same_thread": False},
                               poolclass=StaticPool)

    @event.listens_for(engine, "connect")
    def _pragmas(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers do not wait for the job writers
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def _check_sqlite(engine: Engine) -> None:
    """Refuse a damaged SQLite file now, not with a 500 when a request reaches the bad page."""
    import sqlite3

    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        found = [row[0] for row in connection.execute(text("PRAGMA quick_check(3)"))]
    if found != ["ok"]:
        reason = "the database file is damaged: " + "; ".join(map(str, found))
        raise DatabaseError("PRAGMA quick_check", None, sqlite3.DatabaseError(reason))


class Store:
    """The service's tables in one database; safe to use from several threads.

    Parameters
    ----------
    url
        SQLAlchemy URL (``sqlite:///PATH`` or ``postgresql+psycopg://...``). The tables are
        created if missing; a SQLite file is checked first (``PRAGMA quick_check``).
    busy_timeout_s
        How long a write waits for another connection's lock before it fails with
        ``sqlalchemy.exc.OperationalError`` (the service answers 503 and Retry-After).

    Raises
    ------
    sqlalchemy.exc.DatabaseError
        If the database cannot be opened or a SQLite file is damaged.
    """

    def __init__(self, url: str, *, busy_timeout_s: float = 5.0) -> None:
        self.url = url
        self._engine = _engine(url, busy_timeout_s)
        _check_sqlite(self._engine)
        from landbridge.api.migrations import upgrade

        upgrade(self._engine)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        log.info("store: %s", make_url(url).render_as_string(hide_password=True))

    def close(self) -> None:
        self._engine.dispose()

    def drop_all(self) -> None:
        """Drop the service's tables and its migration mark (for tests on a shared
        database)."""
        from sqlalchemy import text

        _Base.metadata.drop_all(self._engine)
        with self._engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    # scenarios -----------------------------------------------------------------------------
    def save_scenario(self, *, id: str, name: str, text: str) -> tuple[ScenarioRecord, bool]:
        """Insert a scenario; returns it and whether it is new (an identical one may exist)."""
        try:
            with self._session() as s:
                row = _Scenario(id=id, name=name, text=text, created_at=utcnow())
                s.add(row)
            return _scenario(row), True
        except IntegrityError:
            found = self.get_scenario(id)
            assert found is not None
            return found, False

    def get_scenario(self, id: str) -> ScenarioRecord | None:
        with self._session() as s:
            row = s.get(_Scenario, id)
            return None if row is None else _scenario(row)

    def list_scenarios(self, *, limit: int = 100) -> list[ScenarioRecord]:
        with self._session() as s:
            rows = s.scalars(select(_Scenario).order_by(_Scenario.created_at.desc())
                             .limit(limit))
            return [_scenario(r) for r in rows]

    # plans ---------------------------------------------------------------------------------
    def save_plan(self, *, id: str, kind: str, request: str, result: str,
                  version: str) -> tuple[PlanRecord, bool]:
        """Insert a plan; returns it and whether it is new (the same request may be saved)."""
        try:
            with self._session() as s:
                row = _Plan(id=id, kind=kind, request=request, result=result, version=version,
                            created_at=utcnow())
                s.add(row)
            return _plan(row), True
        except IntegrityError:
            found = self.get_plan(id)
            assert found is not None
            return found, False

    def get_plan(self, id: str) -> PlanRecord | None:
        with self._session() as s:
            row = s.get(_Plan, id)
            return None if row is None else _plan(row)

    # jobs ----------------------------------------------------------------------------------
    def add_job(self, *, id: str, kind: str, params: str, owner: str | None = None) -> JobRecord:
        """Insert a queued job, leased to ``owner`` (the instance that will run it)."""
        now = utcnow()
        with self._session() as s:
            row = _Job(id=id, kind=kind, params=params, status="queued", progress=0.0,
                       message="waiting for a worker", created_at=now, owner=owner,
                       heartbeat_at=now if owner else None, cancel_requested=False)
            s.add(row)
        return _job(row)

    def update_job(self, id: str, *, owner: str | None = None,
                   **changes: Any) -> JobRecord | None:
        """Set the given columns of a job; returns the updated row. With ``owner``, only
        while that instance holds the job's lease (else nothing is written; returns None)."""
        if owner is not None:
            with self._session() as s:
                found = s.execute(update(_Job).where(_Job.id == id, _Job.owner == owner)
                                  .values(**changes))
                if found.rowcount != 1:  # type: ignore[attr-defined]
                    return None
            return self.get_job(id)
        with self._session() as s:
            row = s.get(_Job, id)
            if row is None:
                return None
            for name, value in changes.items():
                setattr(row, name, value)
        return _job(row)

    def get_job(self, id: str) -> JobRecord | None:
        with self._session() as s:
            row = s.get(_Job, id)
            return None if row is None else _job(row)

    def list_jobs(self, *, limit: int = 50) -> list[JobRecord]:
        with self._session() as s:
            rows = s.scalars(select(_Job).order_by(_Job.created_at.desc()).limit(limit))
            return [_job(r) for r in rows]

    def jobs_with_status(self, statuses: Sequence[str]) -> list[JobRecord]:
        with self._session() as s:
            rows = s.scalars(select(_Job).where(_Job.status.in_(statuses))
                             .order_by(_Job.created_at))
            return [_job(r) for r in rows]

    # leases --------------------------------------------------------------------------------
    def claim_job(self, id: str, *, owner: str) -> bool:
        """Mark a queued job of ``owner`` running, in one conditional UPDATE: of two instances
        that try at once, only one succeeds, so a job never runs twice at once."""
        now = utcnow()
        with self._session() as s:
            found = s.execute(update(_Job).where(
                _Job.id == id, _Job.status == "queued", _Job.owner == owner,
                _Job.cancel_requested == false()).values(
                status="running", started_at=now, heartbeat_at=now, progress=0.0,
                message="starting a worker process"))
            return bool(found.rowcount == 1)  # type: ignore[attr-defined]

    def renew_leases(self, owner: str) -> None:
        """Say that ``owner`` is alive: renew the heartbeat of its unfinished jobs."""
        with self._session() as s:
            s.execute(update(_Job).where(_Job.owner == owner,
                                         _Job.status.in_(("queued", "running")))
                      .values(heartbeat_at=utcnow()))

    def adopt_expired(self, owner: str, *, older_than: dt.datetime,
                      held: Collection[str] = ()) -> list[JobRecord]:
        """Take over the unfinished jobs whose lease expired (their instance stopped renewing
        it before ``older_than``, or never had one): each becomes ``owner``'s, queued again.
        Conditional per job, so of two instances adopting at once only one gets each job.
        The jobs in ``held`` (the ids ``owner`` is running or has queued) are left as they
        are: a late renewal of its own makes their lease look expired, and queueing one again
        would run it a second time beside its worker."""
        expired = or_(_Job.heartbeat_at.is_(None), _Job.heartbeat_at < older_than)
        if held:
            expired = and_(expired, _Job.id.not_in(list(held)))
        # The new lease starts no earlier than the cut-off, so a job adopted under it is not
        # expired under it: another instance adopting with the same cut-off cannot take it back.
        stamp = max(utcnow(), older_than)
        adopted: list[JobRecord] = []
        with self._session() as s:
            seen = list(s.execute(select(_Job.id, _Job.owner).where(
                _Job.status.in_(("queued", "running")), expired).order_by(_Job.created_at)))
        for job_id, previous in seen:
            with self._session() as s:  # compare and set: still expired, still its owner's
                found = s.execute(update(_Job).where(
                    _Job.id == job_id, _Job.status.in_(("queued", "running")), expired,
                    _Job.owner.is_not_distinct_from(previous))
                    .values(owner=owner, heartbeat_at=stamp))
                if found.rowcount != 1:  # type: ignore[attr-defined]
                    continue
                row = s.get(_Job, job_id)
                assert row is not None
                if row.status == "running":
                    row.status, row.progress, row.started_at = "queued", 0.0, None
                    row.message = "queued again: the instance running it stopped"
                adopted.append(_job(row))
        return adopted

    def release_jobs(self, owner: str) -> None:
        """Give up ``owner``'s unfinished jobs (a clean stop): queued, with no lease, so the
        next instance to look takes them at once."""
        with self._session() as s:
            s.execute(update(_Job).where(_Job.owner == owner,
                                         _Job.status.in_(("queued", "running")))
                      .values(owner=None, heartbeat_at=None, status="queued", started_at=None,
                              progress=0.0))

    def request_cancel(self, id: str) -> JobRecord | None:
        """Cancel a job from any instance: a queued one at once, a running one by setting its
        cancel flag, which the instance running it polls. Returns the row as it now is."""
        now = utcnow()
        with self._session() as s:
            s.execute(update(_Job).where(_Job.id == id, _Job.status == "queued").values(
                status="cancelled", message="cancelled before it started", finished_at=now,
                cancel_requested=True))
            s.execute(update(_Job).where(_Job.id == id, _Job.status == "running")
                      .values(cancel_requested=True))
        return self.get_job(id)

    def lease_state(self, ids: Sequence[str]) -> list[tuple[str, str | None, str, bool]]:
        """``(id, owner, status, cancel_requested)`` of the given jobs."""
        if not ids:
            return []
        with self._session() as s:
            rows = s.execute(select(_Job.id, _Job.owner, _Job.status, _Job.cancel_requested)
                             .where(_Job.id.in_(list(ids))))
            return [(r[0], r[1], r[2], bool(r[3])) for r in rows]
