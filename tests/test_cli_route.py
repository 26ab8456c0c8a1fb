"""`landbridge route` and `landbridge compare` through the CLI runner: JSON shape and errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from landbridge.cli import app

runner = CliRunner()
ROUTE = ["route", "Kostanay", "Ho Chi Minh City", "--cargo", "wheat", "--unit", "container",
         "--samples", "1000"]


def test_route_json_has_the_documented_shape() -> None:
    result = runner.invoke(app, [*ROUTE, "--tonnes", "5000", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["origin"]["name"] == "Kostanay"
    assert out["destination"]["id"]
    assert out["cargo"] == {"commodity": "wheat", "unit": "container", "tonnes": 5000.0}
    assert out["routes"]
    for route in out["routes"]:
        assert isinstance(route["summary"], str)
        assert route["via"][0]["name"] == "Kostanay"
        assert set(route["days"]) >= {"mean", "p50", "p90"}
        assert route["distance_km"] > 0
        assert route["cost_usd_per_t"] > 0
        assert set(route["co2e_kg_per_t"]) == {"ttw", "wtw"}
        for leg in route["legs"]:
            assert leg["mode"] in {"rail", "road", "sea", "ferry", "transfer"}
            assert {"from", "to", "distance_km", "hours", "cost_usd_per_t",
                    "co2e_kg_per_t"} <= set(leg)
        assert route["shipment_cost_usd"] == round(route["cost_usd_per_t"] * 5000, -0) or abs(
            route["shipment_cost_usd"] - route["cost_usd_per_t"] * 5000) < 50


def test_route_table_names_the_corridors() -> None:
    result = runner.invoke(app, ROUTE)
    assert result.exit_code == 0, result.output
    assert "Route 1" in result.stdout
    assert "Cat Lai" in result.stdout  # the terminal each route uses
    assert "generalised cost" in result.stdout  # the order used


def test_route_max_days_reports_p_within() -> None:
    result = runner.invoke(app, [*ROUTE, "--max-days", "60", "--json"])
    assert result.exit_code == 0, result.output
    within = json.loads(result.stdout)["routes"][0]["within"]
    assert within["days"] == 60
    assert 0.0 <= within["probability"] <= 1.0


def test_route_unknown_place_is_a_clear_error() -> None:
    result = runner.invoke(app, ["route", "Kostanaj", "Cai Mep"])
    assert result.exit_code == 2
    assert "unknown place 'Kostanaj'; did you mean Kostanay" in result.stderr
    assert "Traceback" not in result.output


def test_route_impossible_request_says_why() -> None:
    result = runner.invoke(app, ["route", "Semey", "Tashkent", "--cargo", "mutton",
                                 "--max-days", "2"])
    assert result.exit_code == 2
    assert "within 2 days" in result.stderr


def test_route_bad_objective() -> None:
    result = runner.invoke(app, [*ROUTE, "--objective", "prettiest"])
    assert result.exit_code == 2
    assert "unknown objective 'prettiest'" in result.stderr


def test_compare_puts_competitors_beside_kazakh_origins() -> None:
    result = runner.invoke(app, ["compare", "--to", "Cai Mep", "--from", "Kostanay", "--from",
                                 "Kwinana", "--from", "Novorossiysk", "--price", "270",
                                 "--samples", "1000", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    rows = {row["origin"]["name"]: row for row in out["rows"]}
    assert rows["Kwinana"]["competitor"] is True
    assert rows["Kostanay"]["competitor"] is False
    for row in rows.values():
        assert row["netback_usd_per_t"] == round(270 - row["cost_usd_per_t"], 2) or abs(
            row["netback_usd_per_t"] - (270 - row["cost_usd_per_t"])) < 0.02
        assert row["landed_usd_per_t"] > row["cost_usd_per_t"]
    costs = [row["cost_usd_per_t"] for row in out["rows"]]
    assert costs == sorted(costs)


def test_compare_table() -> None:
    result = runner.invoke(app, ["compare", "--to", "Haiphong", "--from", "Kostanay", "--from",
                                 "Kwinana", "--samples", "1000"])
    assert result.exit_code == 0, result.output
    assert "competitor" in result.stdout
