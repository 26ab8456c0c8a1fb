"""Bad input through the API: the broken files of the CLI corpus (tests/test_bad_input.py) as
saved scenarios, allocation jobs and simulation jobs. Each is a 4xx in the documented error
shape, refused at the door (no job queued), never a 5xx."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.test_bad_input import GOOD_SCENARIO as S
from tests.test_bad_input import _bomb, _nested, _set, _station_with

from .conftest import Client, assert_error

SCENARIOS = {
    "control-char": ("name: t\x01\n" + S[8:], "control character"),
    "nul": (S.replace("name: t", "name: t\x00"), "control character"),
    "nested-5000": (_nested(5000), "nested"),
    "alias-bomb": (_bomb(), "aliases"),
    "supply-1e306": (S.replace("2000000", "1.0e+306"), "supply[0].tonnes"),
    "supply-1e308": (S.replace("2000000", "1e308"), "supply[0].tonnes"),
    "supply-negative": (S.replace("2000000", "-1"), "supply[0].tonnes"),
    "unknown-cargo": (S.replace("commodity: wheat, tonnes", "commodity: caviar, tonnes"),
                      "caviar"),
    "multiplier-huge": (S + "multipliers: {tariff: {rail: 1.0e+300}}\n", "multipliers"),
    "a-list": ("- 1\n", "mapping"),
    "python-tag": ("name: !!python/object/apply:os.system ['true']\n", "constructor"),
}

STATIONS = {
    "per-year-1e7": (_station_with(_set("trains.0.arrivals.per_year", 10_000_000)), "per_year"),
    "wagons-1e9": (_station_with(_set("trains.0.wagons", 10**9)), "wagons"),
    "nested": (_nested(5000), "nested"),
    "nul": ("name: st\x00\n", "control character"),
    "empty": ("", "mapping"),
}


def _no_jobs(client: Client) -> None:
    assert client.get("/api/jobs").json() == []


@pytest.mark.parametrize("case", SCENARIOS, ids=list(SCENARIOS))
def test_a_bad_scenario_is_refused_everywhere(case: str, shared_client: Client) -> None:
    text, says = SCENARIOS[case]
    saved = shared_client.post("/api/scenarios", json={"name": case, "yaml": text})
    assert_error(saved, 422, field="yaml", says=says)
    job = shared_client.post("/api/jobs/allocate", json={"scenario": text})
    assert_error(job, 422, says=says)
    _no_jobs(shared_client)


@pytest.mark.parametrize("case", STATIONS, ids=list(STATIONS))
def test_a_bad_station_is_refused_at_submission(case: str, shared_client: Client) -> None:
    text, says = STATIONS[case]
    response = shared_client.post("/api/jobs/simulate", json={"station": text, "days": 10})
    assert_error(response, 422, error="invalid_params", says=says)
    _no_jobs(shared_client)


@pytest.mark.parametrize("params", [
    {"days": float("inf")}, {"days": -1}, {"days": 1e9}, {"replications": 1},
    {"replications": 10**9}, {"seed": -1}, {"seed": "x"}, {"station": 5},
], ids=str)
def test_bad_simulate_parameters_are_422(params: dict[str, Any],
                                         shared_client: Client) -> None:
    response = shared_client.post("/api/jobs/simulate",
                                  content=json.dumps(params, allow_nan=True),
                                  headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    _no_jobs(shared_client)
