"""The page and its files: served from an allow-list, with the npm assets installed."""

from __future__ import annotations

from landbridge.api.endpoints.web import NPM_HINT, basemap_installed

from .conftest import Client, assert_error


def test_page_is_served_with_a_strict_policy(shared_client: Client) -> None:
    page = shared_client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    for asset in ("/static/app.js", "/static/style.css", "/vendor/topojson-client.min.js"):
        assert asset in page.text
        assert shared_client.get(asset).status_code == 200


def test_only_listed_files_are_served(shared_client: Client) -> None:
    for path in ("/static/index.html", "/static/..%2F..%2Fapi%2Fapp.py", "/vendor/package.json",
                 "/static/%2e%2e/%2e%2e/errors.py"):
        assert shared_client.get(path).status_code == 404, path


def test_npm_assets_are_installed() -> None:
    assert basemap_installed(), f"the map's country outlines are missing: run {NPM_HINT}"


def test_country_outlines_are_natural_earth(shared_client: Client) -> None:
    topology = shared_client.get("/vendor/countries-50m.json").json()
    assert topology["type"] == "Topology"
    names = {g["properties"]["name"] for g in topology["objects"]["countries"]["geometries"]}
    assert {"Kazakhstan", "China", "Vietnam", "Australia"} <= names


def test_docs_and_schema_work_offline(shared_client: Client) -> None:
    docs = shared_client.get("/docs")
    assert docs.status_code == 200
    assert "/vendor/swagger-ui-bundle.js" in docs.text
    assert shared_client.get("/vendor/swagger-ui-bundle.js").status_code == 200
    paths = shared_client.get("/openapi.json").json()["paths"]
    for path in ("/api/route", "/api/compare", "/api/places", "/api/places/{query}",
                 "/api/jobs/matrix", "/api/jobs/{job_id}", "/api/jobs/{job_id}/result",
                 "/api/scenarios", "/api/plans/route", "/api/plans/{plan_id}"):
        assert path in paths, path
    assert "/" not in paths and "/vendor/{name}" not in paths


def test_health(shared_client: Client) -> None:
    health = shared_client.get("/api/health").json()
    assert health["status"] == "ok"
    assert health["database"] == "sqlite"
    assert health["basemap"] is True


def test_unknown_path_is_a_json_404(shared_client: Client) -> None:
    assert_error(shared_client.get("/api/nothing-here"), 404, error="not_found")
