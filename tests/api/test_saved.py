"""Saved scenarios and plans, and that a restart of the service loses nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

import landbridge.cli.serve  # noqa: F401  registers `serve` next to the other commands
from landbridge.cli import app as cli_app

from . import kinds
from .conftest import Client, Serve, assert_error
from .test_planning import HCMC

SCENARIO = """\
# Dostyk shut for the year, the Red Sea avoided
name: no Dostyk
supply:
  - {origin: Kostanay, commodity: wheat, tonnes: 500000}
demand:
  - {market: Cai Mep, commodity: wheat}
closures:
  - {element: Dostyk, days: 365}
avoid: [Red Sea]
"""


def test_scenario_is_kept_as_sent_under_a_stable_id(client: Client) -> None:
    body = {"name": "no Dostyk", "yaml": SCENARIO}
    first = client.post("/api/scenarios", json=body)
    assert first.status_code == 201, first.text
    saved = first.json()
    assert len(saved["id"]) == 16
    again = client.post("/api/scenarios", json=body)
    assert again.status_code == 200
    assert again.json()["id"] == saved["id"]
    assert client.get(saved["links"]["self"]).json()["yaml"] == SCENARIO
    text = client.get(saved["links"]["yaml"])
    assert text.text == SCENARIO
    assert text.headers["content-type"].startswith("application/yaml")
    listed = client.get("/api/scenarios").json()
    assert [s["id"] for s in listed] == [saved["id"]] and listed[0]["yaml"] is None


def test_scenarios_are_parsed_safely(service: Serve) -> None:
    bombs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    with service(max_scenario_bytes=2000) as client:
        def post(text: str) -> Any:
            return client.post("/api/scenarios", json={"name": "t", "yaml": text})

        assert_error(post("!!python/object/apply:os.system ['echo owned']"), 422,
                     field="yaml", error="invalid_yaml", says="constructor")
        assert_error(post("closures: [Dostyk"), 422, field="yaml", says="not valid YAML")
        assert_error(post("- Dostyk\n- Khorgos\n"), 422, field="yaml", says="mapping")
        assert_error(post("just text"), 422, field="yaml", says="not str")
        assert_error(post(SCENARIO.replace("Kostanay", "Kostanaj")), 422, field="yaml",
                     error="invalid_scenario", says="line 4, field 'supply[0].origin'")
        assert_error(post("[" * 900 + "]" * 900), 422, field="yaml", says="nested")
        assert_error(post("a: " + "x" * 2000), 413, field="yaml", error="too_large")
        assert_error(post(bombs), 422, error="invalid_yaml", says="aliases")
        assert_error(client.post("/api/scenarios", json={"name": "", "yaml": "a: 1"}), 422,
                     field="name")
        assert_error(client.get("/api/scenarios/../../etc/passwd"), 404)
        assert_error(client.get("/api/scenarios/" + "f" * 16), 404, error="not_found")


def test_saved_plan_has_a_stable_link(client: Client) -> None:
    response = client.post("/api/plans/route", json=HCMC)
    assert response.status_code == 201, response.text
    plan = response.json()
    assert plan["kind"] == "route"
    assert plan["links"]["page"] == f"/?plan={plan['id']}"
    assert plan["request"]["origin"] == "Kostanay"
    assert plan["result"] == client.post("/api/route", json=HCMC).json()
    assert client.post("/api/plans/route", json=HCMC).json()["id"] == plan["id"]
    opened = client.get(plan["links"]["self"]).json()
    assert opened["result"] == plan["result"] and opened["version"]
    other = client.post("/api/plans/route", json={**HCMC, "avoid": ["Russia"]}).json()
    assert other["id"] != plan["id"]
    compare = client.post("/api/plans/compare", json={"market": "Cai Mep",
                                                      "origins": ["Kostanay", "Kwinana"]})
    assert compare.status_code == 201 and compare.json()["kind"] == "compare"


def test_a_plan_that_cannot_be_answered_is_not_saved(client: Client) -> None:
    body = {**HCMC, "max_days": 3}
    assert_error(client.post("/api/plans/route", json=body), 422, error="no_route")
    assert_error(client.get("/api/plans/" + "0" * 16), 404, error="not_found")
    assert_error(client.get("/api/plans/not-a-plan"), 422, field="plan_id")


def test_a_restart_loses_nothing(service: Serve) -> None:
    with service() as client:
        scenario = client.post("/api/scenarios", json={"name": "s", "yaml": SCENARIO}).json()
        plan = client.post("/api/plans/route", json=HCMC).json()
        job = client.post("/api/jobs/matrix", json={"origins": ["Kostanay"]}).json()
        finished = client.wait_job(job["id"])
        assert finished["status"] == "succeeded"
        result = client.get(f"/api/jobs/{job['id']}/result").json()
    with service() as client:  # a new process would see the same: the same database file
        assert client.get(f"/api/scenarios/{scenario['id']}").json()["yaml"] == SCENARIO
        assert client.get(f"/api/plans/{plan['id']}").json()["result"] == plan["result"]
        assert client.get(f"/api/jobs/{job['id']}").json() == finished
        assert client.get(f"/api/jobs/{job['id']}/result").json() == result
        page = client.get(plan["links"]["page"])
        assert page.status_code == 200 and "app.js" in page.text


def test_a_job_interrupted_by_a_stop_runs_again_at_the_next_start(service: Serve,
                                                                   tmp_path: Path) -> None:
    nap = kinds.kinds(kinds.NAP)
    gate = tmp_path / "gate"  # the nap waits after its first step until the file exists
    with service(job_kinds=nap) as client:
        job = client.post("/api/jobs/nap", json={"seconds": 2.0, "steps": 20,
                                                 "gate": str(gate)}).json()
        first = client.wait_job(job["id"], until=lambda j: j["progress"] > 0)
        assert first["status"] == "running"
    gate.touch()
    with service(job_kinds=nap) as client:
        rerun = client.wait_job(job["id"])
        assert rerun["status"] == "succeeded"
        assert rerun["started_at"] > first["started_at"]
        assert client.get(f"/api/jobs/{job['id']}/result").json() == {"slept_s": 2.0,
                                                                      "steps": 20}


def test_route_with_a_saved_scenario_is_the_cli_answer(client: Client, tmp_path: Path) -> None:
    saved = client.post("/api/scenarios", json={"name": "no Dostyk", "yaml": SCENARIO}).json()
    response = client.post("/api/route", json={**HCMC, "scenario": saved["id"],
                                               "within_days": 50})
    assert response.status_code == 200, response.text
    api = response.json()
    for route in api["routes"]:
        route.pop("transit_histogram")
        assert "Dostyk" not in route["corridor"]
        assert 0 <= route["within"]["probability"] <= 1
    path = tmp_path / "no-dostyk.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    result = CliRunner().invoke(cli_app, [
        "route", "Kostanay", "Ho Chi Minh City", "--cargo", "wheat", "--unit", "container",
        "--tonnes", "5000", "--samples", "2000", "--scenario", str(path), "--within", "50",
        "--json"])
    assert result.exit_code == 0, result.output
    assert api == json.loads(result.stdout)
    assert_error(client.post("/api/route", json={**HCMC, "scenario": "0" * 16}), 422,
                 field="scenario", error="unknown_scenario")
    assert_error(client.post("/api/route", json={**HCMC, "scenario": "../etc"}), 422,
                 field="scenario")


def test_scenario_yaml_parameter_type_checks_like_a_saved_scenario() -> None:
    import pytest
    from pydantic import TypeAdapter, ValidationError

    from landbridge.api.schemas import ScenarioYaml

    adapter: TypeAdapter[str] = TypeAdapter(ScenarioYaml)
    assert adapter.validate_python(SCENARIO) == SCENARIO
    with pytest.raises(ValidationError, match="supply"):
        adapter.validate_python("name: t\navoid: [Russia]\n")
    with pytest.raises(ValidationError, match="aliases"):
        adapter.validate_python("a: &a [x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
            for i in range(8)))
