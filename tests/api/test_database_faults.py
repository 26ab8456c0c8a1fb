"""Database faults: a write lock held elsewhere gives 503 + Retry-After while the rest of the
service answers; a damaged SQLite file is a one-line error when the service starts."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy.exc import DatabaseError
from typer.testing import CliRunner

import landbridge.cli.serve  # noqa: F401  registers the command
from landbridge.api.store import JobRecord, Store
from landbridge.cli import app

from . import kinds
from .conftest import PATIENCE_S, Serve, assert_error, wait_until

GOOD = """\
name: t
supply: [{origin: Kostanay, commodity: wheat, tonnes: 1000}]
demand: [{market: Cai Mep, commodity: wheat}]
"""


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """A second connection holding the database's write lock (as another process would)."""
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_locked_database_gives_503_and_health_still_answers(service: Serve,
                                                               tmp_path: Path) -> None:
    db = tmp_path / "lb.sqlite3"
    with service(db_url=f"sqlite:///{db}", db_busy_timeout_s=0.5,
                 job_kinds=kinds.kinds(kinds.NAP)) as client:
        with write_lock(db):
            saved = client.post("/api/scenarios", json={"name": "t", "yaml": GOOD})
            body = assert_error(saved, 503, error="database_busy")
            assert saved.headers["retry-after"] == "2"
            assert "try again" in body["message"]
            assert_error(client.post("/api/jobs/nap", json={"seconds": 0}), 503,
                         error="database_busy")
        # the lock released, the same requests go through
        assert client.post("/api/scenarios", json={"name": "t", "yaml": GOOD}).status_code == 201
        assert client.post("/api/jobs/nap", json={"seconds": 0}).status_code == 202


def test_a_submission_waiting_for_the_lock_does_not_hold_up_health(
        service: Serve, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A job submission waits for the lock in a thread, not on the event loop: health is
    answered while the submission is still waiting (it waits as long as the lock is held)."""
    db = tmp_path / "lb.sqlite3"
    with service(db_url=f"sqlite:///{db}", db_busy_timeout_s=PATIENCE_S,
                 job_kinds=kinds.kinds(kinds.NAP)) as client:
        store = client.app.state.service.store
        add_job, writing = store.add_job, threading.Event()

        def add_job_seen(**job: Any) -> JobRecord:
            writing.set()
            return add_job(**job)

        monkeypatch.setattr(store, "add_job", add_job_seen)
        answered = threading.Event()
        outcome: dict[str, int] = {}

        def submit() -> None:
            outcome["status"] = client.post("/api/jobs/nap", json={"seconds": 0}).status_code
            answered.set()

        waiting = threading.Thread(target=submit)
        with write_lock(db):
            waiting.start()
            wait_until(writing.is_set, "the submission to reach the database")
            assert client.get("/api/health").json()["status"] == "ok"
            assert not answered.is_set(), "the submission did not wait for the lock"
        waiting.join()
        assert outcome["status"] == 202


def _damaged(tmp_path: Path) -> Path:
    """A real database with a page in the middle overwritten."""
    path = tmp_path / "damaged.sqlite3"
    store = Store(f"sqlite:///{path}")
    for i in range(100):
        store.save_scenario(id=f"{i:016x}", name="n", text="x" * 3000)
    store.close()
    for extra in path.parent.glob("damaged.sqlite3-*"):  # WAL checkpointed on close
        extra.unlink()
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle:middle + 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    return path


def test_a_damaged_database_is_refused_when_opened(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match=r"malformed|damaged"):
        Store(f"sqlite:///{_damaged(tmp_path)}")


@pytest.mark.parametrize("content", ["damaged", "garbage"])
def test_serve_on_a_bad_database_file_is_one_line(content: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def run(*_args: object, **_kwargs: object) -> None:
        pytest.fail("the service started")

    monkeypatch.setattr(uvicorn, "run", run)
    path = _damaged(tmp_path) if content == "damaged" else tmp_path / "garbage.sqlite3"
    if content == "garbage":
        path.write_bytes(bytes(range(256)) * 20)
    result = CliRunner().invoke(app, ["serve", "--db", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot open the database"), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output


def test_a_job_outlasts_a_lock_held_through_its_end(service: Serve, tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    """Progress writes that meet the lock are skipped, the final status waits for it: the job
    still ends as succeeded, with its result."""
    db, gate = tmp_path / "lb.sqlite3", tmp_path / "gate"
    with service(db_url=f"sqlite:///{db}", db_busy_timeout_s=0.3,
                 job_kinds=kinds.kinds(kinds.NAP)) as client:
        job = client.post("/api/jobs/nap", json={"seconds": 1, "steps": 20,
                                                 "gate": str(gate)}).json()
        client.wait_job(job["id"], until=lambda j: j["progress"] > 0)  # waiting at its gate
        with write_lock(db):
            gate.touch()  # the nap ends while the lock is held
            wait_until(lambda: any(job["id"] in r.getMessage() and "writing its status again"
                                   in r.getMessage() for r in list(caplog.records)),
                       "the job's final status to meet the lock")
            assert client.get(f"/api/jobs/{job['id']}").json()["status"] == "running"
        done = client.wait_job(job["id"])
        assert done["status"] == "succeeded", done
        assert client.get(f"/api/jobs/{job['id']}/result").json() == {"slept_s": 1.0,
                                                                      "steps": 20}
