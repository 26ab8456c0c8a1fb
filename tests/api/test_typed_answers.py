"""Answers match the response models the OpenAPI schema declares (extra fields refused)."""

from __future__ import annotations

from pydantic import BaseModel

from landbridge.api.schemas import NetworkOut, PlaceOut, PlacesOut
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


def test_a_job_result_is_declared_an_object(shared_client: Client) -> None:
    content = shared_client.app.openapi()["paths"]["/api/jobs/{job_id}/result"]["get"][
        "responses"]["200"]["content"]
    assert content == {"application/json": {"schema": {"type": "object"}}}
