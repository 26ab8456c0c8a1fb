"""The FastAPI application: :func:`create_app` wires settings, store, jobs and endpoints."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from landbridge.api.cache import AnswerCache
from landbridge.api.endpoints import examples, planning, saved, web
from landbridge.api.endpoints.jobs import job_router
from landbridge.api.jobs import JobManager
from landbridge.api.middleware import BodyLimit, SecurityHeaders
from landbridge.api.planners import PlannerPool
from landbridge.api.problems import document_problems, install_handlers
from landbridge.api.service import Service
from landbridge.api.settings import Settings
from landbridge.api.store import Store

__all__ = ["create_app"]

log = logging.getLogger(__name__)

_DESCRIPTION = """\
Plan and compare freight export routes across the Eurasian land-sea corridors, on bundled,
cited data. Every endpoint calls the same Python API as the `landbridge` command, so the
command, this API and the map page at `/` give the same answers.

Errors are RFC 9457 problem details (`application/problem+json`): `type`, `title`, `status`,
`detail`, `instance`, and `error` (the kind), `field`, `suggestions` and `errors` (each problem
of an invalid request), with a 4xx status (500 only for a bug). Long work runs as a job
(`POST /api/jobs/{kind}`, then poll `GET /api/jobs/{id}`).
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The landbridge web service: REST API under ``/api``, the map page at ``/``, the
    OpenAPI schema at ``/openapi.json`` and its docs at ``/docs``.

    The database is opened (and its tables created, or migrated to the newest revision) here,
    so a bad ``db_url`` fails at once; the job workers start and stop with the application's
    lifespan.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     app = create_app(Settings(db_url=f"sqlite:///{folder}/lb.sqlite3"))
    ...     app.state.service.store.close()
    >>> sorted(p for p in app.openapi()["paths"] if p.startswith("/api/r"))
    ['/api/route', '/api/route/geojson']
    """
    from landbridge import __version__
    from landbridge.network.load import load_network

    settings = settings or Settings()
    store = Store(settings.db_url, busy_timeout_s=settings.db_busy_timeout_s)
    jobs = JobManager(store, settings.job_kinds, workers=settings.job_workers,
                      timeout_s=settings.job_timeout_s, max_queued=settings.max_queued_jobs,
                      memory_mb=settings.job_memory_mb, heartbeat_s=settings.job_heartbeat_s,
                      lease_s=settings.job_lease_s)
    planners = PlannerPool(settings.planner_workers) if settings.planner_workers else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        load_network()  # validate and cache the tables before the first request
        if not web.basemap_installed():
            log.warning("country outlines are not installed, the map shows the network only; "
                        "run %s", web.NPM_HINT)
        jobs.start()
        if planners is not None:
            planners.start()
        try:
            yield
        finally:
            if planners is not None:
                planners.shutdown()
            jobs.shutdown()
            store.close()

    app = FastAPI(title="landbridge", version=__version__, description=_DESCRIPTION,
                  lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json")
    app.state.service = Service(settings=settings, store=store, jobs=jobs,
                                cache=AnswerCache(entries=settings.cache_entries),
                                planners=planners)
    install_handlers(app)
    app.include_router(planning.router)
    app.include_router(job_router(settings.job_kinds))
    app.include_router(saved.router)
    app.include_router(examples.router)
    app.include_router(web.router)
    # the last added runs first: limit the body before anything reads it
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.add_middleware(SecurityHeaders)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["content-type"])
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.openapi = document_problems(app)  # type: ignore[method-assign]
    return app
