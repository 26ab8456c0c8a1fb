"""Jobs: worker processes with progress, a time limit, cancellation, and results stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from landbridge.api.jobs import JobKind, Progress
from landbridge.planning import best_routes

from . import kinds
from .conftest import Client, Serve, assert_error


def _submit(client: Client, kind: str, params: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/jobs/{kind}", json=params)
    assert response.status_code == 202, response.text
    job: dict[str, Any] = response.json()
    assert response.headers["location"] == f"/api/jobs/{job['id']}"
    assert job["status"] == "queued"
    return job


def test_matrix_job_gives_the_best_routes_answer(client: Client) -> None:
    job = _submit(client, "matrix", {"commodity": "wheat", "unit": "container"})
    done = client.wait_job(job["id"])
    assert done["status"] == "succeeded", done
    assert done["progress"] == 1.0
    assert done["params"]["unit"] == "container"
    result = client.get(f"/api/jobs/{job['id']}/result")
    assert result.status_code == 200
    expected = best_routes(commodity="wheat", unit="container").to_dict()
    assert result.json() == json.loads(json.dumps(expected))
    listed = client.get("/api/jobs").json()
    assert [j["id"] for j in listed] == [job["id"]]


def test_kinds_are_listed_with_their_parameters(client: Client) -> None:
    listed = client.get("/api/jobs/kinds").json()
    matrix = next(k for k in listed if k["name"] == "matrix")
    assert {"commodity", "origins", "markets", "avoid"} <= set(matrix["params_schema"]
                                                                 ["properties"])
    schema = client.get("/openapi.json").json()
    assert "/api/jobs/matrix" in schema["paths"]


def test_bad_parameters_are_refused_before_queueing(client: Client) -> None:
    assert_error(client.post("/api/jobs/matrix", json={"objective": "slowest"}), 422,
                 field="objective")
    assert_error(client.post("/api/jobs/matrix", json={"origins": []}), 422, field="origins")
    assert client.post("/api/jobs/nope", json={}).status_code in (404, 405)
    assert client.get("/api/jobs").json() == []


def test_a_request_the_planner_refuses_fails_the_job_with_its_message(client: Client) -> None:
    job = _submit(client, "matrix", {"origins": ["Atlantis"]})
    done = client.wait_job(job["id"])
    assert done["status"] == "failed"
    assert done["error_type"] == "invalid"
    assert "unknown place 'Atlantis'" in done["error"]
    assert_error(client.get(f"/api/jobs/{job['id']}/result"), 409, error="job_failed")


def test_progress_is_reported_while_the_job_runs(service: Serve, tmp_path: Path) -> None:
    gate = tmp_path / "gate"  # the nap waits after its first step until the file exists
    with service(job_kinds=kinds.kinds(kinds.NAP)) as client:
        job = _submit(client, "nap", {"seconds": 2.0, "steps": 20, "gate": str(gate)})
        midway = client.wait_job(job["id"], until=lambda j: j["progress"] > 0)
        assert midway["status"] == "running"
        assert midway["progress"] == 0.05
        assert midway["message"] == "step 1 of 20"
        assert_error(client.get(f"/api/jobs/{job['id']}/result"), 409, error="not_finished")
        gate.touch()
        done = client.wait_job(job["id"])
        assert done["status"] == "succeeded"
        assert client.get(f"/api/jobs/{job['id']}/result").json() == {"slept_s": 2.0,
                                                                      "steps": 20}


def test_a_job_over_the_time_limit_is_stopped(service: Serve) -> None:
    with service(job_kinds=kinds.kinds(kinds.NAP), job_timeout_s=1.0) as client:
        job = _submit(client, "nap", {"seconds": 60, "steps": 60})
        done = client.wait_job(job["id"])
        assert done["status"] == "failed"
        assert done["error_type"] == "timeout"
        assert "1 s" in done["error"]


def test_cancel_stops_a_running_job(service: Serve) -> None:
    with service(job_kinds=kinds.kinds(kinds.NAP)) as client:
        job = _submit(client, "nap", {"seconds": 60, "steps": 600})
        client.wait_job(job["id"], until=lambda j: j["progress"] > 0)
        response = client.delete(f"/api/jobs/{job['id']}")
        assert response.status_code == 200
        assert response.json()["status"] == "cancelled"
        assert_error(client.delete(f"/api/jobs/{job['id']}"), 409, error="finished")


def test_a_crashed_worker_fails_the_job_not_the_service(service: Serve) -> None:
    with service(job_kinds=kinds.kinds(kinds.CRASH, kinds.NO_ROUTE)) as client:
        crashed = client.wait_job(_submit(client, "crash", {})["id"])
        assert crashed["status"] == "failed"
        assert crashed["error_type"] == "internal"
        assert "exit code 3" in crashed["error"]
        refused = client.wait_job(_submit(client, "no-route", {})["id"])
        assert refused["error_type"] == "invalid"
        assert refused["error"] == "no route for this test: Dostyk is closed"
        assert client.get("/api/health").json()["status"] == "ok"


def test_a_full_queue_answers_429(service: Serve) -> None:
    with service(job_kinds=kinds.kinds(kinds.NAP), job_workers=1, max_queued_jobs=2) as client:
        first = _submit(client, "nap", {"seconds": 30, "steps": 30})
        second = _submit(client, "nap", {"seconds": 30, "steps": 30})
        assert_error(client.post("/api/jobs/nap", json={}), 429, error="busy")
        # the second waits for the only worker; cancelling it frees a place at once
        assert client.delete(f"/api/jobs/{second['id']}").json()["status"] == "cancelled"
        client.wait_job(first["id"], until=lambda j: j["status"] == "running")
        assert client.delete(f"/api/jobs/{first['id']}").json()["status"] == "cancelled"


def test_unknown_and_malformed_job_ids(client: Client) -> None:
    assert_error(client.get("/api/jobs/" + "0" * 32), 404, error="not_found")
    assert_error(client.get("/api/jobs/not-an-id"), 422, field="job_id")


class _Params(BaseModel):
    n: int = 1


def test_a_kind_must_be_importable_by_a_worker() -> None:
    def local(params: _Params, progress: Progress) -> Any:
        return params

    with pytest.raises(TypeError, match="module level"):
        JobKind(name="local", params=_Params, run=local, title="t")
    with pytest.raises(ValueError, match="job kind name"):
        JobKind(name="Bad Name", params=_Params, run=kinds.run_nap, title="t")


DEMO = (Path(__file__).parents[2] / "examples" / "scenarios" / "demo.yaml").read_text()
NO_RUSSIA = (Path(__file__).parents[2] / "examples" / "scenarios" /
             "demo_no_russia.yaml").read_text()


def test_allocate_job_gives_the_allocation_and_the_diff(client: Client) -> None:
    from landbridge.flows import allocate, diff_allocations
    from landbridge.scenario import parse_scenario

    job = _submit(client, "allocate", {"scenario": DEMO, "diff": NO_RUSSIA})
    done = client.wait_job(job["id"])
    assert done["status"] == "succeeded", done
    result = client.get(f"/api/jobs/{job['id']}/result").json()
    base = allocate(parse_scenario(DEMO))
    other = allocate(parse_scenario(NO_RUSSIA))
    assert result["base"]["total_cost_usd"] == round(base.total_cost_usd)
    assert result["diff"] == json.loads(json.dumps(diff_allocations(base, other).to_dict()))


def test_allocate_job_refuses_a_malformed_scenario(client: Client) -> None:
    response = client.post("/api/jobs/allocate",
                           json={"scenario": DEMO.replace("Kostanay", "Kostanaj")})
    assert response.status_code == 422
    assert "Kostanaj" in response.text


def test_simulate_job_runs_the_default_station(client: Client) -> None:
    from landbridge.terminal import load_station, simulate

    job = _submit(client, "simulate", {"days": 60, "replications": 2, "seed": 3})
    done = client.wait_job(job["id"])
    assert done["status"] == "succeeded", done
    result = client.get(f"/api/jobs/{job['id']}/result").json()
    expected = simulate(load_station(), days=60, replications=2, seed=3).to_dict()
    assert result == json.loads(json.dumps(expected))
