"""Places, routes and comparisons over HTTP: the same answers as the Python API and the CLI,
and clear 4xx errors that name the field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

import landbridge.cli.serve  # noqa: F401  registers `serve` next to the other commands
from landbridge.cli import app as cli_app
from landbridge.planning import RouteRequest, compare_origins, plan_routes

from .conftest import Client, Serve, assert_error

HCMC = {"origin": "Kostanay", "destination": "Ho Chi Minh City", "commodity": "wheat",
        "unit": "container", "tonnes": 5000, "samples": 2000}


def _without_histograms(answer: dict[str, Any]) -> dict[str, Any]:
    for route in answer["routes"]:
        route.pop("transit_histogram")
    return answer


def test_route_is_the_python_api_answer(shared_client: Client) -> None:
    response = shared_client.post("/api/route", json=HCMC)
    assert response.status_code == 200, response.text
    answer = response.json()
    for route in answer["routes"]:
        hist = route["transit_histogram"]
        assert sum(hist["counts"]) == hist["samples"] == 2000
        assert len(hist["bin_edges_days"]) == len(hist["counts"]) + 1
        assert hist["bin_edges_days"][0] <= route["days"]["p50"] <= hist["bin_edges_days"][-1]
    expected = plan_routes(RouteRequest(origin="Kostanay", destination="Ho Chi Minh City",
                                        commodity="wheat", unit="container", tonnes=5000,
                                        samples=2000)).to_dict()
    assert _without_histograms(answer) == json.loads(json.dumps(expected))


def test_route_is_the_cli_answer(shared_client: Client) -> None:
    body = {**HCMC, "avoid": ["Russia"], "price": 300}
    api = _without_histograms(shared_client.post("/api/route", json=body).json())
    result = CliRunner().invoke(cli_app, [
        "route", "Kostanay", "Ho Chi Minh City", "--cargo", "wheat", "--unit", "container",
        "--tonnes", "5000", "--samples", "2000", "--avoid", "Russia", "--price", "300", "--json"])
    assert result.exit_code == 0, result.output
    assert api == json.loads(result.stdout)
    assert all("Novorossiysk" not in r["corridor"] for r in api["routes"])


def test_a_constraint_changes_the_answer(shared_client: Client) -> None:
    free = shared_client.post("/api/route", json=HCMC).json()
    closed = shared_client.post("/api/route", json={**HCMC, "avoid": ["Dostyk"]}).json()
    assert any("Dostyk" in r["corridor"] for r in free["routes"])
    assert not any("Dostyk" in r["corridor"] for r in closed["routes"])


def test_repeated_route_comes_from_the_cache(shared_client: Client) -> None:
    body = {**HCMC, "seed": 7}
    first = shared_client.post("/api/route", json=body)
    again = shared_client.post("/api/route", json=dict(reversed(list(body.items()))))
    assert first.headers["x-landbridge-cache"] == "miss"
    assert again.headers["x-landbridge-cache"] == "hit"
    assert again.content == first.content


def test_compare_is_the_python_api_answer(shared_client: Client) -> None:
    body = {"market": "Cai Mep", "origins": ["Kostanay", "Kwinana", "Astana"], "price": 270,
            "samples": 1000}
    response = shared_client.post("/api/compare", json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    expected = compare_origins("Cai Mep", ["Kostanay", "Kwinana", "Astana"], price=270,
                               samples=1000).to_dict()
    assert answer == json.loads(json.dumps(expected))
    rows = {row["origin"]["name"]: row for row in answer["rows"]}
    assert rows["Kwinana"]["competitor"] is True
    assert rows["Kostanay"]["netback_usd_per_t"] == pytest.approx(
        270 - rows["Kostanay"]["cost_usd_per_t"], abs=0.02)


def test_places_search_suggests_and_finds_old_names(shared_client: Client) -> None:
    found = shared_client.get("/api/places", params={"q": "Saigon"}).json()["places"]
    assert found[0]["id"] == "VNSGN"
    assert {"lat", "lon", "country", "kind"} <= set(found[0])
    prefix = shared_client.get("/api/places", params={"q": "kost", "limit": 5}).json()
    assert prefix["places"][0]["name"] == "Kostanay"
    assert len(prefix["places"]) <= 5
    every = shared_client.get("/api/places", params={"limit": 500}).json()["places"]
    assert len(every) == len({p["id"] for p in every}) > 100
    assert shared_client.get("/api/places/Nur-Sultan").json()["name"] == "Astana"
    body = assert_error(shared_client.get("/api/places/Kostanaj"), 404, error="unknown_place",
                        says="did you mean Kostanay")
    assert body["field"] == "query"


def test_options_offer_what_the_planner_accepts(shared_client: Client) -> None:
    options = shared_client.get("/api/options").json()
    wheat = next(c for c in options["commodities"] if c["id"] == "wheat")
    assert wheat["usual_unit"] == "bulk" and "container" in wheat["units"]
    assert "bab-el-mandeb" in options["passages"]
    assert {"code": "RU", "name": "Russia"} in options["countries"]
    assert any(c["name"].startswith("Dostyk") for c in options["crossings"])
    assert "VNSGN" in options["markets"] and "AUKWI" in options["competitors"]
    assert options["limits"]["max_samples"] == 50_000
    assert options["job_kinds"] == ["allocate", "matrix", "simulate"]


def test_network_layer_is_geojson(shared_client: Client) -> None:
    from landbridge import load_network

    response = shared_client.get("/api/network")
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    network = load_network()
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == len(network.places) + len(network.links)


@pytest.mark.parametrize(("change", "field", "error"), [
    ({"tonnes": 0}, "tonnes", "invalid_request"),
    ({"tonnes": float("nan")}, "tonnes", "invalid_request"),
    ({"unit": "crate"}, "unit", "invalid_request"),
    ({"objective": "slowest"}, "objective", "invalid_request"),
    ({"seed": -1}, "seed", "invalid_request"),
    ({"origin": ""}, "origin", "invalid_request"),
    ({"origin": "x" * 101}, "origin", "invalid_request"),
    ({"cargo": "wheat"}, "cargo", "invalid_request"),
    ({"avoid": "Russia"}, "avoid", "invalid_request"),
    ({"avoid": ["Russia"] * 21}, "avoid", "invalid_request"),
    ({"samples": 50}, "samples", "invalid_request"),
    ({"samples": 50_001}, "samples", "over_limit"),
    ({"alternatives": 13}, "alternatives", "over_limit"),
    ({"commodity": "gold"}, "commodity", "invalid_option"),
    ({"origin": "Kostanaj"}, "origin", "unknown_place"),
    ({"via": "Atlantis"}, "via", "unknown_place"),
    ({"avoid": ["Mordor"]}, "avoid", "unknown_place"),
    ({"unit": "reefer"}, "unit", "invalid_option"),
])
def test_bad_route_requests_name_the_field(shared_client: Client, change: dict[str, Any],
                                           field: str, error: str) -> None:
    raw = json.dumps({**HCMC, **change})  # NaN written as JavaScript would send it
    response = shared_client.post("/api/route", content=raw,
                                  headers={"content-type": "application/json"})
    body = assert_error(response, 422, field=field, error=error)
    assert body["errors"][0]["loc"][-1 if error != "invalid_request" else 1] == field


def test_missing_field_is_named(shared_client: Client) -> None:
    assert_error(shared_client.post("/api/route", json={"origin": "Kostanay"}), 422,
                 field="destination", says="destination: Field required")


def test_bulk_wheat_to_cat_lai_says_to_use_containers(shared_client: Client) -> None:
    response = shared_client.post("/api/route", json={**HCMC, "destination": "Cat Lai",
                                                      "unit": "bulk"})
    body = assert_error(response, 422, field="unit", error="cargo_not_handled",
                        says="cannot unload wheat as bulk")
    assert body["suggestions"] == ["container", "Cai Mep"]
    assert "--" not in body["message"]  # the page and the API word their own controls


def test_a_city_answers_with_its_terminals_and_units(shared_client: Client) -> None:
    body = shared_client.post("/api/route", json={**HCMC, "unit": None}).json()
    assert body["destination"]["kind"] == "city"
    assert {r["terminal"]["id"] for r in body["routes"]} <= {"VNSGN", "VNCMT"}
    assert all(r["unit"] in ("bulk", "container") for r in body["routes"])


def test_unknown_place_lists_suggestions(shared_client: Client) -> None:
    body = assert_error(shared_client.post("/api/route", json={**HCMC, "origin": "Kostanaj"}),
                        422, field="origin")
    assert "Kostanay" in body["suggestions"]


def test_impossible_limit_says_what_cut_the_route(shared_client: Client) -> None:
    assert_error(shared_client.post("/api/route", json={**HCMC, "max_days": 3}), 422,
                 error="no_route", says="within 3 days")


def test_compare_limits_and_errors(service: Serve) -> None:
    with service(max_origins=2) as client:
        body = {"market": "Cai Mep", "origins": ["Kostanay", "Astana", "Kwinana"]}
        assert_error(client.post("/api/compare", json=body), 422, field="origins",
                     error="over_limit")
        assert_error(client.post("/api/compare", json={**body, "origins": []}), 422,
                     field="origins")
        assert_error(client.post("/api/compare", json={"market": "Atlantis",
                                                       "origins": ["Kostanay"]}),
                     422, field="market", error="unknown_place")


def test_body_over_the_limit_is_refused(service: Serve) -> None:
    with service(max_body_bytes=1000) as client:
        big = json.dumps({**HCMC, "via": "x" * 2000}).encode()
        assert_error(client.post("/api/route", content=big,
                                 headers={"content-type": "application/json"}),
                     413, error="too_large")

        async def chunks() -> Any:  # no content-length: counted as it streams in
            yield big[:600]
            yield big[600:]

        assert_error(client.post("/api/route", content=chunks(),
                                 headers={"content-type": "application/json"}),
                     413, error="too_large")
        assert client.post("/api/route", json=HCMC).status_code == 200


def test_slow_answer_times_out_with_504(service: Serve) -> None:
    with service(request_timeout_s=0.001, cache_entries=0) as client:
        body = {**HCMC, "samples": 50_000, "seed": 3}
        assert_error(client.post("/api/route", json=body), 504, error="timeout",
                     says="run it as a job")


def test_cors_is_off_unless_configured(service: Serve) -> None:
    preflight = {"origin": "https://example.org", "access-control-request-method": "POST"}
    with service() as client:
        response = client.request("OPTIONS", "/api/route", headers=preflight)
        assert "access-control-allow-origin" not in response.headers
    with service(cors_origins=("https://example.org",)) as client:
        response = client.request("OPTIONS", "/api/route", headers=preflight)
        assert response.headers["access-control-allow-origin"] == "https://example.org"
