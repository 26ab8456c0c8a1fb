"""Bounded jobs: work estimated and refused at submission, cheap refusals before the body is
read, a memory limit on each worker, and a worker that dies with its server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from landbridge.api.jobkinds import MAX_SIMULATED_ARRIVALS
from landbridge.api.jobs import JobManager
from landbridge.api.store import Store

from . import kinds
from .conftest import (
    PATIENCE_S,
    Client,
    Serve,
    assert_error,
    finished_job,
    wait_until,
)


def _station(per_year: float) -> str:
    text = resources.files("landbridge.terminal").joinpath(
        "default_station.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    data["trains"][0]["arrivals"]["per_year"] = per_year
    return yaml.safe_dump(data, sort_keys=False)


def test_a_memory_hungry_station_is_refused_at_submission(client: Client) -> None:
    """The station of the audit (10 million arrivals a year, 730 days, 20 replications) and
    one inside the file bounds but far over the work bound: both 422, nothing queued."""
    hungry = client.post("/api/jobs/simulate", json={
        "station": _station(10_000_000), "days": 730, "replications": 20})
    assert_error(hungry, 422, error="invalid_params", says="trains[0].arrivals.per_year")
    busy = client.post("/api/jobs/simulate", json={
        "station": _station(100_000), "days": 730, "replications": 20})
    body = assert_error(busy, 422, error="too_much_work", field="station",
                        says=f"at most {MAX_SIMULATED_ARRIVALS:,}")
    assert "fewer days or replications" in body["message"]
    assert client.get("/api/jobs").json() == []


def test_a_broken_station_is_refused_at_submission(client: Client) -> None:
    response = client.post("/api/jobs/simulate", json={"station": "name: x\x00\n"})
    assert_error(response, 422, error="invalid_params", says="control character")
    assert client.get("/api/jobs").json() == []


def test_the_default_simulation_is_admitted(client: Client) -> None:
    response = client.post("/api/jobs/simulate", json={"days": 30, "replications": 2})
    assert response.status_code == 202, response.text


def test_a_full_queue_is_refused_before_the_body_is_checked(service: Serve) -> None:
    with service(job_kinds=kinds.kinds(kinds.NAP), job_workers=1, max_queued_jobs=1) as client:
        first = client.post("/api/jobs/nap", json={"seconds": 30, "steps": 30}).json()
        # a malformed scenario would be 422; the full queue answers first, without parsing it
        late = client.post("/api/jobs/allocate", json={"scenario": "name: [unclosed"})
        assert_error(late, 429, error="busy")
        assert late.headers["retry-after"] == "10"
        assert client.delete(f"/api/jobs/{first['id']}").json()["status"] == "cancelled"


def test_a_worker_over_its_memory_limit_fails_the_job_clearly(service: Serve) -> None:
    with service(job_kinds=kinds.kinds(kinds.HOG), job_memory_mb=1024) as client:
        job = client.post("/api/jobs/hog", json={"steps": 1000}).json()
        done = client.wait_job(job["id"])
        assert done["status"] == "failed", done
        assert done["error_type"] == "memory"
        assert "more memory than this service gives one job" in done["error"]
        small = client.wait_job(client.post("/api/jobs/hog", json={"steps": 10}).json()["id"])
        assert small["status"] == "succeeded", small
        assert client.get("/api/health").json()["status"] == "ok"


_SERVER = """
import sys, time
sys.path[:0] = {paths!r}
from landbridge.api.jobs import JobManager
from landbridge.api.store import Store
from tests.api import kinds

store = Store({url!r})
jobs = JobManager(store, kinds.kinds(kinds.LOGGED), workers=1, timeout_s=600,
                  max_queued=4, memory_mb=1024, heartbeat_s=0.2, lease_s=1.0)
jobs.start()
record = jobs.submit("logged", kinds.Logged(log={log!r}, first_s=120, again_s=0))
while True:
    message = store.get_job(record.id).message
    if message.startswith("pid "):
        print(record.id, message.split()[1], flush=True)
        break
    time.sleep(0.05)
time.sleep(600)
"""


def start_server(url: str, log: Path) -> subprocess.Popen[str]:
    """Another service instance in its own process (``_SERVER``) on the database ``url``, its
    job writing to ``log``; the process prints the job's id and its worker's pid once the job
    runs."""
    root = Path(__file__).parents[2]
    script = _SERVER.format(paths=[str(root / "src"), str(root)], url=url, log=str(log))
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)],
                            stdout=subprocess.PIPE, text=True, cwd=root)


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper counts as dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def test_a_killed_server_leaves_no_worker_and_the_job_runs_again_once(tmp_path: Path) -> None:
    """kill -9 of the server during a job: its worker goes too (parent-death signal; it used to
    run on for 12-15 s), and the next server runs the job again, once, to the end."""
    if not sys.platform.startswith("linux"):
        import pytest

        pytest.skip("the parent-death signal is Linux only")
    url, log = f"sqlite:///{tmp_path / 'lb.sqlite3'}", tmp_path / "runs.log"
    server = start_server(url, log)
    try:
        assert server.stdout is not None
        job_id, pid = server.stdout.readline().split()
        worker = int(pid)
        assert _alive(worker)
        os.kill(server.pid, signal.SIGKILL)
        server.wait(PATIENCE_S)
        # the job naps 120 s: a worker that outlived its server would still be running
        wait_until(lambda: not _alive(worker), f"worker {worker} to end with its server")

        store = Store(url)
        jobs = JobManager(store, kinds.kinds(kinds.LOGGED), workers=1, timeout_s=600,
                          max_queued=4, heartbeat_s=0.2, lease_s=1.0)
        jobs.start()  # the job, still marked running, is taken once its lease has expired
        try:
            record = wait_until(lambda: finished_job(store, job_id),
                                "the next server to run the killed server's job")
            assert record.status == "succeeded", record
        finally:
            jobs.shutdown()
            store.close()
        runs = log.read_text().split()
        assert runs[0::2] == ["start", "start", "done"], runs
        assert runs[1] == str(worker) and runs[3] == runs[5] != runs[1], runs
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        if server.stdout is not None:
            server.stdout.close()
