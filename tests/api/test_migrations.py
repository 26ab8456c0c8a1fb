"""Schema migrations: a database made before migrations existed (by ``create_all`` on the
tables of that time) is upgraded at start-up, keeping every saved scenario, plan and job; a
new database migrated to the newest revision has exactly the tables the code declares."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    Index,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
    inspect,
    select,
    text,
)

from landbridge.api import Settings, create_app
from landbridge.api.migrations import HEAD
from landbridge.api.store import Store

from . import kinds
from .conftest import serve
from .test_planning import HCMC
from .test_saved import SCENARIO


def _old_tables() -> MetaData:
    """The tables as ``Store`` created them before migrations (and before job leases)."""
    meta = MetaData()
    Table("scenarios", meta,
          Column("id", String(32), primary_key=True),
          Column("name", String(200), nullable=False),
          Column("text", Text, nullable=False),
          Column("created_at", DateTime(timezone=True), nullable=False))
    Table("plans", meta,
          Column("id", String(32), primary_key=True),
          Column("kind", String(32), nullable=False),
          Column("request", Text, nullable=False),
          Column("result", Text, nullable=False),
          Column("version", String(64), nullable=False),
          Column("created_at", DateTime(timezone=True), nullable=False))
    jobs = Table("jobs", meta,
                 Column("id", String(32), primary_key=True),
                 Column("kind", String(64), nullable=False),
                 Column("params", Text, nullable=False),
                 Column("status", String(16), nullable=False),
                 Column("progress", Float, nullable=False),
                 Column("message", Text, nullable=False),
                 Column("result", Text, nullable=True),
                 Column("error_type", String(32), nullable=True),
                 Column("error", Text, nullable=True),
                 Column("created_at", DateTime(timezone=True), nullable=False),
                 Column("started_at", DateTime(timezone=True), nullable=True),
                 Column("finished_at", DateTime(timezone=True), nullable=True))
    Index("ix_jobs_status", jobs.c.status)
    return meta



def test_an_old_database_is_upgraded_with_nothing_lost(tmp_path: Path) -> None:
    nap = kinds.kinds(kinds.NAP)
    # what a user saved, through today's service on a scratch database
    scratch = f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
    with serve(create_app(Settings(db_url=scratch, job_kinds=nap))) as client:
        scenario = client.post("/api/scenarios", json={"name": "s", "yaml": SCENARIO}).json()
        plan = client.post("/api/plans/route", json=HCMC).json()
        job = client.post("/api/jobs/nap", json={"seconds": 0.1, "steps": 2}).json()
        finished = client.wait_job(job["id"])
        assert finished["status"] == "succeeded"
        result = client.get(f"/api/jobs/{job['id']}/result").json()
    # the same rows in a database of the old schema, plus a job left queued
    old = _old_tables()
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    source, target = create_engine(scratch), create_engine(url)
    old.create_all(target)
    with source.connect() as read, target.begin() as write:
        for table in old.sorted_tables:
            rows = [dict(row._mapping) for row in read.execute(select(*table.columns))]
            assert rows
            write.execute(insert(table), rows)
        write.execute(insert(old.tables["jobs"]), [{
            "id": "f" * 32, "kind": "nap", "params": '{"seconds": 0.1, "steps": 2}',
            "status": "queued", "progress": 0.0, "message": "waiting for a worker",
            "created_at": dt.datetime.now(dt.UTC)}])
    source.dispose()
    target.dispose()

    with serve(create_app(Settings(db_url=url, job_kinds=nap))) as client:
        assert client.get(f"/api/scenarios/{scenario['id']}").json()["yaml"] == SCENARIO
        assert client.get(f"/api/plans/{plan['id']}").json() == plan
        assert client.get(f"/api/jobs/{job['id']}").json() == finished
        assert client.get(f"/api/jobs/{job['id']}/result").json() == result
        queued = client.wait_job("f" * 32)  # no lease in the old schema: taken and run
        assert queued["status"] == "succeeded", queued
    engine = create_engine(url)
    with engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("jobs")}
        assert {"owner", "heartbeat_at", "cancel_requested"} <= columns
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == HEAD
    engine.dispose()


def test_a_new_database_has_the_declared_tables(database: str) -> None:
    """Migrating an empty database to the newest revision gives what the code declares (no
    difference Alembic's autogenerate would find), and a second start changes nothing."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from landbridge.api.store import _Base

    Store(database).close()
    store = Store(database)  # a second start: already at the newest revision
    engine = create_engine(database)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert context.get_current_revision() == HEAD
            differences: list[Any] = compare_metadata(context, _Base.metadata)
            assert differences == []
    finally:
        engine.dispose()
        store.drop_all()
        store.close()
