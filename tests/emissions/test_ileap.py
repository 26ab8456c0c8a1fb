"""The iLEAP footprint of a route: valid against the published schemas, and its sums hold."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from landbridge.emissions import ShipmentFootprint, footprint
from landbridge.network.network import Network
from landbridge.planning import Route, RouteRequest, plan_routes

SCHEMAS = Path(__file__).parents[1] / "data" / "ileap"
SCRIPT = Path(sys.executable).parent / "landbridge"
CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def routes(network: Network) -> tuple[Route, ...]:
    request = RouteRequest(origin="Kostanay", destination="Ho Chi Minh City", commodity="wheat",
                           samples=200)
    return plan_routes(request, network=network).routes


@pytest.fixture(scope="module")
def best(routes: tuple[Route, ...], network: Network) -> ShipmentFootprint:
    return footprint(routes[0], network)


@pytest.fixture(scope="module")
def document(best: ShipmentFootprint) -> dict[str, Any]:
    return best.to_dict(created=CREATED)


def test_the_pact_footprint_validates_against_the_ileap_schema(
        document: dict[str, Any]) -> None:
    _validator("pcf-shipment-footprint.json").validate(document["productFootprint"])


def test_every_toc_and_hoc_validates(document: dict[str, Any]) -> None:
    tocs, hocs = _validator("toc.json"), _validator("hoc.json")
    assert document["tocs"] and document["hocs"]
    for toc in document["tocs"]:
        tocs.validate(toc)
    for hoc in document["hocs"]:
        hocs.validate(hoc)


def test_every_route_of_the_plan_validates(routes: tuple[Route, ...], network: Network) -> None:
    validator = _validator("pcf-shipment-footprint.json")
    for route in routes:
        validator.validate(footprint(route, network).product_footprint(created=CREATED))


def test_a_broken_footprint_is_refused(document: dict[str, Any]) -> None:
    """The schema is not vacuous: a TCE with emissions as a number is caught."""
    broken = json.loads(json.dumps(document["productFootprint"]))
    broken["extensions"][0]["data"]["tces"][0]["co2eWTW"] = 1.5
    with pytest.raises(jsonschema.ValidationError):
        _validator("pcf-shipment-footprint.json").validate(broken)


def test_one_element_per_leg_and_hub_operation(routes: tuple[Route, ...],
                                               document: dict[str, Any]) -> None:
    tces = document["productFootprint"]["extensions"][0]["data"]["tces"]
    legs = routes[0].legs
    assert len(tces) == len(legs)
    for tce, leg in zip(tces, legs, strict=True):
        assert ("hocId" in tce) == (leg.operation is not None)
        assert ("tocId" in tce) == (leg.operation is None)
    assert [t["prevTceIds"] for t in tces[1:]] == [[t["tceId"]] for t in tces[:-1]]


def test_element_emissions_add_up_to_the_route_total(routes: tuple[Route, ...],
                                                     best: ShipmentFootprint,
                                                     document: dict[str, Any]) -> None:
    route = routes[0]
    assert best.co2e_wtw_kg == pytest.approx(route.co2e_wtw * route.tonnes, rel=1e-9)
    assert best.co2e_ttw_kg == pytest.approx(route.co2e_ttw * route.tonnes, rel=1e-9)
    tces = document["productFootprint"]["extensions"][0]["data"]["tces"]
    rounding = 0.0005 * len(tces)  # each decimal string carries three places
    assert math.fsum(float(t["co2eWTW"]) for t in tces) == pytest.approx(
        route.co2e_wtw * route.tonnes, abs=rounding)
    assert math.fsum(float(t["co2eTTW"]) for t in tces) == pytest.approx(
        route.co2e_ttw * route.tonnes, abs=rounding)
    assert float(document["productFootprint"]["pcf"]["pCfExcludingBiogenic"]) == (
        pytest.approx(route.co2e_wtw * route.tonnes, abs=0.001))


def test_transport_activity_is_tonnes_times_km(routes: tuple[Route, ...],
                                               best: ShipmentFootprint) -> None:
    route = routes[0]
    for element, leg in zip(best.elements, route.legs, strict=True):
        km = leg.distance_km if leg.operation is None else 0.0
        assert element.tonne_km == pytest.approx(route.tonnes * km)
        assert element.tonnes == route.tonnes
    assert best.tonne_km == pytest.approx(
        route.tonnes * sum(leg.distance_km for leg in route.legs if leg.operation is None))


def test_categories_carry_intensity_and_source(best: ShipmentFootprint) -> None:
    for element in best.elements:
        category = element.category
        assert category.source
        if category.kind == "toc" and element.distance_km > 0:
            assert category.factor is not None
            assert element.co2e_wtw_kg == pytest.approx(category.wtw * element.tonne_km)
        if category.kind == "hoc":
            assert element.co2e_wtw_kg == pytest.approx(category.wtw * element.tonnes)


def test_the_same_route_gives_the_same_document(routes: tuple[Route, ...],
                                                network: Network,
                                                document: dict[str, Any]) -> None:
    assert footprint(routes[0], network).to_dict(created=CREATED) == document


def test_cli_writes_the_file_and_keeps_stdout_one_json_object(tmp_path: Path) -> None:
    target = tmp_path / "footprint.json"
    done = subprocess.run(
        [str(SCRIPT), "route", "Kostanay", "Ho Chi Minh City", "--cargo", "wheat",
         "--samples", "200", "--footprint", str(target), "--route", "2", "--json"],
        capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    assert isinstance(plan, dict) and plan["routes"]
    written = json.loads(target.read_text(encoding="utf-8"))
    _validator("pcf-shipment-footprint.json").validate(written["productFootprint"])
    tces = written["productFootprint"]["extensions"][0]["data"]["tces"]
    assert len(tces) == len(plan["routes"][1]["legs"])


def test_cli_refuses_a_route_number_beyond_the_plan(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(SCRIPT), "route", "Kostanay", "Ho Chi Minh City", "--samples", "200",
         "--footprint", str(tmp_path / "f.json"), "--route", "99"],
        capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode != 0
    assert "route number" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "f.json").exists()
