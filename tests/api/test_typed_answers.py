"""Answers match the response models the OpenAPI schema declares (extra fields refused)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, TypeAdapter

from landbridge.api.jobresults import AllocationOut, AllocationsOut, MatrixOut, SimulationOut
from landbridge.api.schemas import (
    BreakEvenOut,
    CatchmentOut,
    ChainOut,
    CompareOut,
    ComparePlanSaved,
    HealthOut,
    NetworkOut,
    OptionsOut,
    PlaceOut,
    PlacesOut,
    PlanOut,
    ProcessOut,
    RoutePlanOut,
    RoutePlanSaved,
)
from tests.api.conftest import Client


def declared(client: Client, path: str) -> dict[str, object]:
    """The 200 content an operation declares, by media type."""
    content: dict[str, object] = (
        client.app.openapi()["paths"][path]["get"]["responses"]["200"]["content"])
    return content


def ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def test_one_place_is_a_place(shared_client: Client) -> None:
    response = shared_client.get("/api/places/Kustanai")
    assert response.status_code == 200
    place = PlaceOut.model_validate(response.json())
    assert place.name == "Kostanay"
    assert declared(shared_client, "/api/places/{query}") == {
        "application/json": {"schema": ref(PlaceOut)}}


def test_a_search_is_a_list_of_places(shared_client: Client) -> None:
    response = shared_client.get("/api/places", params={"q": "saigon"})
    found = PlacesOut.model_validate(response.json())
    assert found.areas[0].name == "Ho Chi Minh City"  # the city area, with its terminals
    assert found.places[0].name.startswith("Cat Lai")
    assert declared(shared_client, "/api/places") == {
        "application/json": {"schema": ref(PlacesOut)}}


def test_the_network_is_geojson_with_a_feature_per_place_and_link(
        shared_client: Client) -> None:
    response = shared_client.get("/api/network")
    assert response.headers["content-type"] == "application/geo+json"
    collection = NetworkOut.model_validate(response.json())
    kinds = {f.properties.feature for f in collection.features}
    assert kinds == {"place", "link"}
    assert declared(shared_client, "/api/network") == {
        "application/geo+json": {"schema": ref(NetworkOut)}}


def test_the_network_with_sea_lanes_has_a_feature_per_lane(shared_client: Client) -> None:
    from landbridge import load_network
    from landbridge.network.export import sea_lane_features

    response = shared_client.get("/api/network", params={"sea_lanes": "true"})
    collection = NetworkOut.model_validate(response.json())
    lanes = [f for f in collection.features if f.properties.feature == "sea_lane"]
    assert len(lanes) == len(sea_lane_features(load_network())) > 0


def test_a_job_result_is_declared_one_of_the_kinds_results(shared_client: Client) -> None:
    content = shared_client.app.openapi()["paths"]["/api/jobs/{job_id}/result"]["get"][
        "responses"]["200"]["content"]
    schema = content["application/json"]["schema"]
    assert schema["anyOf"] == [ref(m) for m in (MatrixOut, AllocationOut, AllocationsOut,
                                                SimulationOut)]


def posted(client: Client, path: str) -> dict[str, object]:
    """The 200 content a POST operation declares."""
    content: dict[str, object] = (
        client.app.openapi()["paths"][path]["post"]["responses"]["200"]["content"])
    return content


def test_a_route_answer_is_a_route_plan(shared_client: Client) -> None:
    response = shared_client.post("/api/route", json={
        "origin": "Kostanay", "destination": "Ho Chi Minh City", "samples": 500, "price": 270,
        "within_days": 40})
    assert response.status_code == 200
    plan = RoutePlanOut.model_validate_json(response.content)
    assert plan.destination.name == "Ho Chi Minh City"
    assert plan.routes and all(r.within is not None and r.within.days == 40
                               for r in plan.routes)
    assert all(r.netback_usd_per_t is not None and r.transit_histogram is not None
               for r in plan.routes)
    legs = [leg for r in plan.routes for leg in r.legs]
    assert any(leg.track for leg in legs) and any(leg.operation for leg in legs)
    assert posted(shared_client, "/api/route") == {"application/json": {"schema": ref(
        RoutePlanOut)}}


def test_a_comparison_is_typed_with_and_without_a_route(shared_client: Client) -> None:
    response = shared_client.post("/api/compare", json={
        "market": "Ho Chi Minh City", "origins": ["Kostanay", "Kwinana"], "samples": 500,
        "price": 270})
    assert response.status_code == 200
    comparison = CompareOut.model_validate_json(response.content)
    assert {row.origin.name for row in comparison.rows} == {"Kostanay", "Kwinana"}
    assert all(row.legs and row.freight_usd_per_t is not None for row in comparison.rows)
    assert posted(shared_client, "/api/compare") == {"application/json": {"schema": ref(
        CompareOut)}}


def test_saved_plans_are_typed_by_kind(shared_client: Client) -> None:
    adapter: TypeAdapter[object] = TypeAdapter(PlanOut)
    saved = shared_client.post("/api/plans/compare", json={
        "market": "Haiphong", "origins": ["Kostanay", "Kwinana"], "samples": 200})
    assert saved.status_code == 201
    assert saved.headers["location"].startswith("/api/plans/")
    plan = adapter.validate_json(saved.content)
    assert isinstance(plan, ComparePlanSaved)
    again = shared_client.post("/api/plans/compare", json={
        "market": "Haiphong", "origins": ["Kostanay", "Kwinana"], "samples": 200})
    assert again.status_code == 200 and again.content == saved.content
    route = shared_client.post("/api/plans/route", json={
        "origin": "Kostanay", "destination": "Haiphong", "samples": 200})
    assert isinstance(adapter.validate_json(route.content), RoutePlanSaved)
    fetched = shared_client.get(route.headers["location"])
    assert fetched.status_code == 200 and fetched.content == route.content


def test_chain_and_process_answers_are_typed(shared_client: Client) -> None:
    chain = shared_client.post("/api/chain", json={
        "origin": "Kostanay", "market": "Ho Chi Minh City", "output": "flour",
        "at": "Lianyungang"})
    assert chain.status_code == 200
    assert ChainOut.model_validate_json(chain.content).mill is not None
    process = shared_client.post("/api/process", json={
        "origin": "Kostanay", "market": "Ho Chi Minh City"})
    assert process.status_code == 200
    assert ProcessOut.model_validate_json(process.content).options


def test_catchment_and_break_even_answers_are_typed(shared_client: Client) -> None:
    catchment = shared_client.post("/api/catchment", json={"gateway": "Dostyk",
                                                           "cargo": ["wheat"]})
    assert catchment.status_code == 200, catchment.text
    assert CatchmentOut.model_validate_json(catchment.content).origins
    even = shared_client.post("/api/break-even", json={
        "gateway": "Lianyungang", "origin": "Aktobe", "market": "Jakarta", "cargo": "cotton"})
    assert even.status_code == 200, even.text
    assert BreakEvenOut.model_validate_json(even.content).sentence


def _job_result(client: Client, kind: str, params: dict[str, object]) -> bytes:
    submitted = client.post(f"/api/jobs/{kind}", json=params)
    assert submitted.status_code == 202, submitted.text
    job = client.wait_job(submitted.json()["id"], timeout=120)
    assert job["status"] == "succeeded", job
    result = client.get(job["links"]["result"])
    assert result.status_code == 200
    return result.content


def test_job_results_are_typed_by_kind(shared_client: Client) -> None:
    matrix = MatrixOut.model_validate_json(_job_result(
        shared_client, "matrix", {"origins": ["Kostanay"]}))
    assert matrix.routes and {r.origin for r in matrix.routes} == {"KZKSN"}
    demo = (Path(__file__).parents[2] / "examples" / "scenarios" / "demo.yaml").read_text()
    allocation = AllocationOut.model_validate_json(_job_result(
        shared_client, "allocate", {"scenario": demo}))
    assert allocation.delivered_t > 0 and allocation.capacities
    both = AllocationsOut.model_validate_json(_job_result(
        shared_client, "allocate", {"scenario": demo, "diff": demo}))
    assert both.diff.cost_change_usd == 0
    simulation = SimulationOut.model_validate_json(_job_result(
        shared_client, "simulate", {"days": 30, "replications": 2}))
    assert simulation.replications == 2 and simulation.trains


def test_health_and_options_are_typed(shared_client: Client) -> None:
    health = HealthOut.model_validate_json(shared_client.get("/api/health").content)
    assert health.status == "ok" and "matrix" in health.job_kinds
    options = OptionsOut.model_validate_json(shared_client.get("/api/options").content)
    assert "KZKSN" in options.origins and options.limits.max_samples > 0
    assert declared(shared_client, "/api/options") == {
        "application/json": {"schema": ref(OptionsOut)}}


def test_each_job_kind_gives_its_result_schema(shared_client: Client) -> None:
    kinds = {k["name"]: k for k in shared_client.get("/api/jobs/kinds").json()}
    assert kinds["matrix"]["result_schema"]["title"] == "MatrixOut"
    assert len(kinds["allocate"]["result_schema"]["anyOf"]) == 2


def test_a_comparison_row_without_a_route_carries_the_reason(shared_client: Client) -> None:
    response = shared_client.post("/api/compare", json={
        "market": "Ho Chi Minh City", "origins": ["Kostanay", "Kwinana"], "samples": 200,
        "avoid": ["China", "Russia", "Iran", "Georgia", "Azerbaijan", "Turkmenistan"]})
    assert response.status_code == 200
    rows = {row.origin.name: row for row in CompareOut.model_validate_json(
        response.content).rows}
    assert "route" in rows["Kostanay"].model_fields_set and rows["Kostanay"].reason
    assert rows["Kwinana"].legs and "route" not in rows["Kwinana"].model_fields_set
