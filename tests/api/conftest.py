"""In-process service fixtures: the app over httpx's ASGI transport, lifespan included."""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, TypeVar

import anyio.from_thread
import httpx
import pytest
from fastapi import FastAPI

from landbridge.api import Settings, create_app
from landbridge.api.store import JobRecord, Store

from .postgres import postgres_url

T = TypeVar("T")

#: How long a test waits for something that happens in another thread or process: a bound for
#: a slow, loaded machine, never an expected duration (a test asserts what happens, not when).
PATIENCE_S = 60.0


def wait_until(condition: Callable[[], T | None], what: str, *,
               timeout: float = PATIENCE_S) -> T:
    """Poll ``condition`` until it returns a true value, and return that value; fail, naming
    ``what`` was awaited, after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:g} s for {what}")
        time.sleep(0.05)
    return value


def finished_job(store: Store, job_id: str) -> JobRecord | None:
    """The job's row once it has finished, else None (for :func:`wait_until`)."""
    from landbridge.api.jobs import JobStatus

    found = store.get_job(job_id)
    return found if found is not None and JobStatus(found.status).finished else None


class Client:
    """A synchronous client of an app served in-process (what starlette's TestClient does,
    on httpx's ASGI transport)."""

    def __init__(self, portal: anyio.from_thread.BlockingPortal, client: httpx.AsyncClient,
                 app: FastAPI) -> None:
        self._portal = portal
        self._client = client
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        call = functools.partial(self._client.request, method, url, **kwargs)
        return self._portal.call(call)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)

    def wait_job(self, job_id: str, *, until: Callable[[dict[str, Any]], bool] | None = None,
                 timeout: float = PATIENCE_S) -> dict[str, Any]:
        """Poll a job until it has finished (or ``until`` holds); fail after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while True:
            job: dict[str, Any] = self.get(f"/api/jobs/{job_id}").json()
            done = job["status"] in ("succeeded", "failed", "cancelled")
            if (until(job) if until else done) or time.monotonic() > deadline:
                return job
            time.sleep(0.05)


@contextmanager
def serve(app: FastAPI) -> Iterator[Client]:
    """Run ``app``'s lifespan and yield a client; the lifespan ends (jobs stop, the database
    closes) on exit, as when the service stops."""
    with anyio.from_thread.start_blocking_portal() as portal:
        lifespan = app.router.lifespan_context(app)
        portal.call(lifespan.__aenter__)
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                   base_url="http://testserver")
        try:
            yield Client(portal, client, app)
        finally:
            portal.call(client.aclose)
            portal.call(lifespan.__aexit__, None, None, None)


#: Run the tests that save and restart on this database instead of a fresh SQLite file, e.g.
#: postgresql+psycopg://lb:PASSWORD@127.0.0.1/landbridge (its tables are dropped per test).
DATABASE_URL = os.environ.get("LANDBRIDGE_TEST_DATABASE_URL")


def _empty(url: str) -> None:
    store = Store(url)
    store.drop_all()
    store.close()


MakeSettings = Callable[..., Settings]
Serve = Callable[..., AbstractContextManager[Client]]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file, and a PostgreSQL one when the machine
    has a server (skipped otherwise)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    with postgres_url() as url:
        yield url


@pytest.fixture
def make_settings(tmp_path: Path) -> MakeSettings:
    """Settings on a fresh SQLite file in ``tmp_path``; keyword arguments override."""

    if DATABASE_URL:
        _empty(DATABASE_URL)

    def make(**overrides: Any) -> Settings:
        overrides.setdefault("db_url", DATABASE_URL or
                             f"sqlite:///{tmp_path / 'landbridge.sqlite3'}")
        # questions answered in a thread: a test starts no planner processes unless it asks
        overrides.setdefault("planner_workers", 0)
        return Settings(**overrides)

    return make


@pytest.fixture
def service(make_settings: MakeSettings) -> Serve:
    """``with service(**settings) as client``: a fresh app on the test's database."""

    def start(**overrides: Any) -> AbstractContextManager[Client]:
        return serve(create_app(make_settings(**overrides)))

    return start


@pytest.fixture
def client(service: Serve) -> Iterator[Client]:
    with service() as running:
        yield running


@pytest.fixture(scope="module")
def shared_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """One app for a whole module of read-only tests."""
    folder = tmp_path_factory.mktemp("api")
    settings = Settings(db_url=f"sqlite:///{folder / 'lb.sqlite3'}", planner_workers=0)
    with serve(create_app(settings)) as running:
        yield running


def assert_error(response: httpx.Response, status: int, *, field: str | None = None,
                 error: str | None = None, says: str | None = None) -> dict[str, Any]:
    """The documented error shape, with the status, field, kind and words expected."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert set(body) >= {"type", "title", "status", "detail", "error", "message", "field",
                         "suggestions", "errors"}
    assert body["status"] == status
    assert body["detail"] == body["message"]
    assert body["message"]
    if field is not None:
        assert body["field"] == field, body
    if error is not None:
        assert body["error"] == error, body
    if says is not None:
        assert says in body["message"], body["message"]
    return body
