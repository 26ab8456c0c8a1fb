"""Persistence for the service: saved scenarios, saved plans and jobs, in a SQL database.

SQLite (one file) by default; PostgreSQL for a deployment that several service instances share.
Only portable column types are used, so the same tables work on both. JSON documents are
stored as text exactly as they were sent back to the client, so a saved plan reads back
byte for byte.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Float, Index, String, Text, create_engine, event, select
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
                     started_at=_utc(row.started_at), finished_at=_utc(row.finished_at))


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
        _Base.metadata.create_all(self._engine)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        log.info("store: %s", make_url(url).render_as_string(hide_password=True))

    def close(self) -> None:
        self._engine.dispose()

    def drop_all(self) -> None:
        """Drop the service's tables (for tests on a shared database)."""
        _Base.metadata.drop_all(self._engine)

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
    def add_job(self, *, id: str, kind: str, params: str) -> JobRecord:
        with self._session() as s:
            row = _Job(id=id, kind=kind, params=params, status="queued", progress=0.0,
                       message="waiting for a worker", created_at=utcnow())
            s.add(row)
        return _job(row)

    def update_job(self, id: str, **changes: Any) -> JobRecord | None:
        """Set the given columns of a job; returns the updated row."""
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
