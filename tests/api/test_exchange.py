"""A route as GeoJSON and as an iLEAP footprint through the API: the same documents the CLI
writes, valid against RFC 7946 and the published iLEAP schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from landbridge.api.exchange import FootprintOut, RouteGeoJsonOut
from tests.api.conftest import Client
from tests.rfc7946 import check_feature_collection

ILEAP = Path(__file__).parents[1] / "data" / "ileap"
REQUEST = {"origin": "Kostanay", "destination": "Ho Chi Minh City", "samples": 200}


def _validator(name: str) -> Any:
    schema = json.loads((ILEAP / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_a_route_as_geojson_is_valid_and_typed(shared_client: Client) -> None:
    plan = shared_client.post("/api/route", json=REQUEST).json()
    response = shared_client.post("/api/route/geojson", json={**REQUEST, "route": 2})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    document = response.json()
    check_feature_collection(document)
    RouteGeoJsonOut.model_validate(document)
    second = plan["routes"][1]
    assert document["route"]["summary"] == second["summary"]
    assert [f["properties"]["hours"] for f in document["features"]] == [
        leg["hours"] for leg in second["legs"]]


def test_a_footprint_validates_against_the_ileap_schemas(shared_client: Client) -> None:
    response = shared_client.post("/api/footprint", json=REQUEST)
    assert response.status_code == 200
    document = response.json()
    FootprintOut.model_validate(document)
    _validator("pcf-shipment-footprint.json").validate(document["productFootprint"])
    for toc in document["tocs"]:
        _validator("toc.json").validate(toc)
    for hoc in document["hocs"]:
        _validator("hoc.json").validate(hoc)
    tces = document["productFootprint"]["extensions"][0]["data"]["tces"]
    plan = shared_client.post("/api/route", json=REQUEST).json()
    assert len(tces) == len(plan["routes"][0]["legs"])


@pytest.mark.parametrize("path", ["/api/route/geojson", "/api/footprint"])
def test_a_route_past_the_last_is_a_problem_naming_the_field(shared_client: Client,
                                                             path: str) -> None:
    response = shared_client.post(path, json={**REQUEST, "alternatives": 1, "route": 5})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["field"] == "route" and "1 to 1" in problem["detail"]
