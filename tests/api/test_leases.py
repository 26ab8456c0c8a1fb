"""Jobs with leases: several service instances on one database (a SQLite file, and PostgreSQL
when the machine has one) never run a job twice, take over the jobs of a killed instance once
its lease has expired, and cancel each other's jobs."""

from __future__ import annotations

import datetime as dt
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from landbridge.api import Settings, create_app
from landbridge.api.jobs import JobManager
from landbridge.api.store import JobRecord, Store, utcnow

from . import kinds
from .conftest import PATIENCE_S, finished_job, serve, wait_until
from .test_bounded_jobs import start_server

#: Leases short enough that an expired one is seen within a test, and long enough that a live
#: one never expires because its instance was slow: on one loaded core the renewals of a live
#: instance came up to 1.15 s apart (a 1 s lease let another instance take a running job).
LEASE = {"job_heartbeat_s": 0.2, "job_lease_s": 5.0}



def _settings(url: str, **overrides: Any) -> Settings:
    return Settings(db_url=url, job_kinds=kinds.kinds(kinds.NAP, kinds.LOGGED), **LEASE,
                    **overrides)


def _runs(log: Path) -> list[str]:
    return log.read_text().split()[0::2] if log.exists() else []


def _adoption_cut_offs(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[dt.datetime]:
    """The cut-offs of the looks for expired jobs that an instance makes through ``store``
    from now on, each added once the look is over."""
    cut_offs: list[dt.datetime] = []
    adopt = store.adopt_expired

    def look(owner: str, *, older_than: dt.datetime, **rest: Any) -> list[JobRecord]:
        adopted = adopt(owner, older_than=older_than, **rest)
        cut_offs.append(older_than)
        return adopted

    monkeypatch.setattr(store, "adopt_expired", look)
    return cut_offs


def _looked_past(cut_offs: list[dt.datetime], renewed_since: dt.datetime, times: int) -> bool:
    """Whether the instance has looked ``times`` times with a cut-off after
    ``renewed_since``: each of those looks would have taken a job whose lease was last renewed
    then."""
    return sum(cut > renewed_since for cut in cut_offs) >= times


def test_two_instances_never_adopt_the_same_job(database: str) -> None:
    """Two instances that take over expired jobs at the same moment get each job once: the
    take-over is a conditional UPDATE."""
    stores = [Store(database), Store(database)]
    try:
        ids = [f"{n:032x}" for n in range(12)]
        for job_id in ids:
            stores[0].add_job(id=job_id, kind="nap", params="{}", owner="dead:1:0")
        later = utcnow() + dt.timedelta(seconds=1)  # every lease has expired by then
        got: dict[int, list[str]] = {}
        barrier = threading.Barrier(2)

        def adopt(n: int) -> None:
            barrier.wait()
            got[n] = [r.id for r in stores[n].adopt_expired(f"live:{n}", older_than=later)]

        threads = [threading.Thread(target=adopt, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(got[0] + got[1]) == ids
        assert not set(got[0]) & set(got[1])
        owners = {r.id: r.owner for r in stores[0].jobs_with_status(["queued"])}
        assert all(owners[i] == "live:0" for i in got[0])
        assert all(owners[i] == "live:1" for i in got[1])
        # a job is claimed (queued -> running) by its owner only, and once
        job = got[0][0] if got[0] else got[1][0]
        owner = owners[job]
        other = "live:1" if owner == "live:0" else "live:0"
        assert not stores[0].claim_job(job, owner=other)
        assert stores[0].claim_job(job, owner=owner)
        assert not stores[1].claim_job(job, owner=owner)
    finally:
        stores[0].drop_all()
        for store in stores:
            store.close()


def test_a_second_instance_leaves_a_live_instance_s_job_alone(
        database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An instance that starts while another runs a job, and looks for expired jobs twice
    after the job's lease would have expired had it not been renewed, does not queue that job
    again: it runs once, on its first instance."""
    log, gate = tmp_path / "runs.log", tmp_path / "gate"
    with serve(create_app(_settings(database))) as first:
        job = first.post("/api/jobs/logged", json={"log": str(log), "first_s": 0.0,
                                                   "gate": str(gate)}).json()
        first.wait_job(job["id"], until=lambda j: j["message"].startswith("pid "))
        claimed = first.app.state.service.store.get_job(job["id"])
        assert claimed is not None and claimed.started_at is not None
        started = claimed.started_at
        with serve(create_app(_settings(database))) as second:
            cut_offs = _adoption_cut_offs(second.app.state.service.store, monkeypatch)
            wait_until(lambda: _looked_past(cut_offs, started, 2),
                       "two looks of the second instance past the job's first lease")
            gate.touch()  # the job, left alone so far, may end
            done = second.wait_job(job["id"])
            assert done["status"] == "succeeded", done
            assert second.app.state.service.jobs.running_count() == 0
        assert _runs(log) == ["start", "done"]
        record = first.app.state.service.store.get_job(job["id"])
        assert record.owner == first.app.state.service.jobs.instance
        first.app.state.service.store.drop_all()


def test_cancel_through_another_instance_stops_the_job(database: str) -> None:
    with serve(create_app(_settings(database))) as first, \
            serve(create_app(_settings(database))) as second:
        job = first.post("/api/jobs/nap", json={"seconds": 60, "steps": 600}).json()
        first.wait_job(job["id"], until=lambda j: j["progress"] > 0)
        cancelled = second.delete(f"/api/jobs/{job['id']}")
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["status"] == "cancelled"
        seen = first.get(f"/api/jobs/{job['id']}").json()
        assert seen["status"] == "cancelled" and seen["message"] == "cancelled"
        jobs = first.app.state.service.jobs
        wait_until(lambda: jobs.running_count() == 0, "the first instance's worker to stop")
        # a queued job is cancelled through the other instance at once
        assert second.delete(f"/api/jobs/{job['id']}").status_code == 409
        first.app.state.service.store.drop_all()


def test_a_killed_instance_s_job_runs_again_once_on_a_live_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """kill -9 of one instance during a job: another, already running on the same SQLite
    file, leaves the job alone while its lease is renewed, takes it over once its lease has
    expired and runs it to the end, once."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the parent-death signal is Linux only")
    url, log = f"sqlite:///{tmp_path / 'lb.sqlite3'}", tmp_path / "runs.log"
    live_store = Store(url)
    cut_offs = _adoption_cut_offs(live_store, monkeypatch)
    live = JobManager(live_store, kinds.kinds(kinds.LOGGED), workers=1, timeout_s=600,
                      max_queued=4, heartbeat_s=LEASE["job_heartbeat_s"],
                      lease_s=LEASE["job_lease_s"])
    live.start()  # before the other instance's job exists: nothing to take over
    server = start_server(url, log)
    try:
        assert server.stdout is not None
        job_id, _pid = server.stdout.readline().split()
        claimed = live_store.get_job(job_id)
        assert claimed is not None and claimed.started_at is not None
        started = claimed.started_at
        # the live instance must not take a job whose lease is renewed
        wait_until(lambda: _looked_past(cut_offs, started, 1),
                   "a look of the live instance past the job's first lease")
        assert live.running_count() == 0
        assert _runs(log) == ["start"]
        server.send_signal(signal.SIGKILL)
        server.wait(PATIENCE_S)
        record = wait_until(lambda: finished_job(live_store, job_id),
                            "the live instance to run the killed instance's job")
        assert record.status == "succeeded", record
        assert record.owner == live.instance
        assert _runs(log) == ["start", "start", "done"]
    finally:
        live.shutdown()
        live_store.close()
        if server.poll() is None:
            server.kill()
            server.wait()
        if server.stdout is not None:
            server.stdout.close()


def test_an_instance_never_queues_again_a_job_it_runs(tmp_path: Path) -> None:
    """An instance whose own renewal came late (its lease thread stalled between renewing and
    looking for expired jobs) finds its running job's lease expired: it must not queue that
    job again beside the worker running it, so the job runs once."""
    url, log = f"sqlite:///{tmp_path / 'lb.sqlite3'}", tmp_path / "runs.log"
    gate = tmp_path / "gate"
    store = Store(url)
    jobs = JobManager(store, kinds.kinds(kinds.LOGGED), workers=1, timeout_s=600, max_queued=4,
                      heartbeat_s=LEASE["job_heartbeat_s"], lease_s=LEASE["job_lease_s"])
    jobs.start()
    try:
        job = jobs.submit("logged", kinds.Logged(log=str(log), first_s=0.0, gate=str(gate)))
        wait_until(lambda: (found := store.get_job(job.id)) is not None and
                   found.message.startswith("pid "), "the job to start")
        stale = utcnow() - dt.timedelta(seconds=2 * LEASE["job_lease_s"])
        assert store.update_job(job.id, heartbeat_at=stale) is not None  # the late renewal
        jobs._adopt()  # the look that follows it in the lease thread
        record = store.get_job(job.id)
        assert record is not None and record.status == "running", record
        gate.touch()
        done = wait_until(lambda: finished_job(store, job.id), "the job to end")
        assert done.status == "succeeded", done
        assert _runs(log) == ["start", "done"]
    finally:
        jobs.shutdown()
        store.close()
