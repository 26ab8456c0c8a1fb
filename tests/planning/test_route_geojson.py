"""A route as GeoJSON: valid RFC 7946, one feature per leg, the planner's own figures."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from landbridge.network.network import Network
from landbridge.planning import Route, RouteRequest, plan_routes, route_geojson
from tests.rfc7946 import check_feature_collection

SCRIPT = Path(sys.executable).parent / "landbridge"


@pytest.fixture(scope="module")
def kalama(network: Network) -> Route:
    """Kalama (Oregon) to Cai Mep: the voyage crosses the antimeridian."""
    return plan_routes(RouteRequest(origin="Kalama", destination="Cai Mep", samples=200),
                       network=network).best


@pytest.fixture(scope="module")
def kostanay(network: Network) -> Route:
    return plan_routes(RouteRequest(origin="Kostanay", destination="Ho Chi Minh City",
                                    samples=200), network=network).best


def test_each_leg_is_a_feature_with_the_planners_figures(kostanay: Route) -> None:
    collection = route_geojson(kostanay)
    check_feature_collection(collection)
    features = collection["features"]
    assert len(features) == len(kostanay.legs)
    for number, (feature, leg) in enumerate(zip(features, kostanay.legs, strict=True), 1):
        p = feature["properties"]
        assert p["leg"] == number
        assert p["hours"] == pytest.approx(leg.hours, abs=0.01)
        assert p["cost_usd_per_t"] == pytest.approx(leg.cost_usd_per_t, abs=0.01)
        assert p["co2e_kg_per_t"]["wtw"] == pytest.approx(leg.co2e_wtw, abs=0.001)
        if leg.operation is None:
            assert p["feature"] == "leg" and p["mode"] == leg.mode
            assert (p["from"], p["to"]) == (leg.start.id, leg.end.id)
            assert p["from_name"] == leg.start.name
            assert p["distance_km"] == pytest.approx(leg.distance_km, abs=0.1)
            assert feature["geometry"]["type"] in {"LineString", "MultiLineString"}
        else:
            assert p["feature"] == "operation" and p["operation"] == leg.operation.value
            assert p["place"] == leg.start.id
            assert feature["geometry"] == {"type": "Point", "coordinates": [
                round(leg.start.lon, 5), round(leg.start.lat, 5)]}


def test_a_voyage_over_the_antimeridian_is_cut_there(kalama: Route) -> None:
    collection = route_geojson(kalama)
    check_feature_collection(collection)
    (voyage,) = [f for f in collection["features"] if f["properties"]["feature"] == "leg"]
    geometry = voyage["geometry"]
    assert geometry["type"] == "MultiLineString"
    first, second = geometry["coordinates"][0], geometry["coordinates"][1]
    assert abs(first[-1][0]) == 180 and second[0][0] == -first[-1][0]
    assert first[-1][1] == second[0][1]


def test_route_geojson_writes_a_valid_file(tmp_path: Path) -> None:
    """As a program runs it: the installed script, the file parsed strictly."""
    out = tmp_path / "route.geojson"
    done = subprocess.run([str(SCRIPT), "route", "Kostanay", "Ho Chi Minh City", "--samples",
                           "200", "--geojson", str(out), "--route", "2", "--json"],
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    document = json.loads(out.read_text(encoding="utf-8"),
                          parse_constant=lambda name: pytest.fail(f"not strict JSON: {name}"))
    check_feature_collection(document)
    second = plan["routes"][1]
    assert document["route"]["summary"] == second["summary"]
    assert len(document["features"]) == len(second["legs"])
    assert math.isclose(document["route"]["cost_usd_per_t"], second["cost_usd_per_t"])


def test_a_route_number_past_the_last_is_refused(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from landbridge.cli import app

    result = CliRunner().invoke(app, ["route", "Kostanay", "Ho Chi Minh City", "--samples",
                                      "200", "--alternatives", "1", "--route", "3",
                                      "--geojson", str(tmp_path / "r.geojson")])
    assert result.exit_code != 0
    assert not (tmp_path / "r.geojson").exists()
