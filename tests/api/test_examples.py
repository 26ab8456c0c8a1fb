"""The bundled example scenarios: read-only, from a fixed allow-list, never a path."""

from __future__ import annotations

from pathlib import Path

import pytest

from landbridge.api.endpoints import examples
from landbridge.api.endpoints.examples import EXAMPLES, examples_dir

from .conftest import Client, assert_error

SCENARIOS = Path(__file__).resolve().parents[2] / "examples" / "scenarios"


def test_the_examples_are_package_data_and_the_checkout_links_to_them() -> None:
    from importlib.resources import files

    folder = examples_dir()
    assert folder is not None
    assert folder == files("landbridge") / "examples"
    for file, _ in EXAMPLES.values():
        assert (SCENARIOS / file).read_text(encoding="utf-8") == \
            (folder / file).read_text(encoding="utf-8")


def test_the_wheel_declares_the_examples() -> None:
    import tomllib

    pyproject = tomllib.loads((SCENARIOS.parents[1] / "pyproject.toml").read_text())
    assert "examples/*.yaml" in pyproject["tool"]["setuptools"]["package-data"]["landbridge"]


def test_list_names_the_scenarios_and_not_the_sweeps(shared_client: Client) -> None:
    listed = shared_client.get("/api/examples")
    assert listed.status_code == 200
    names = [e["name"] for e in listed.json()]
    assert names == list(EXAMPLES)
    assert {"demo", "demo_no_russia", "base"} == set(names)
    assert not any(n.startswith("sweep") for n in names)
    for entry in listed.json():
        assert entry["links"]["yaml"] == f"/api/examples/{entry['name']}"


def test_an_example_is_its_file_and_a_valid_scenario(shared_client: Client) -> None:
    from landbridge.scenario import parse_scenario

    for name, (file, _) in EXAMPLES.items():
        response = shared_client.get(f"/api/examples/{name}")
        assert response.status_code == 200, name
        assert response.headers["content-type"].startswith("application/yaml")
        assert response.text == (SCENARIOS / file).read_text(encoding="utf-8")
        parse_scenario(response.text, file=file)  # a scenario, not a sweep


@pytest.mark.parametrize("name", [
    "sweep_dostyk", "sweep_dostyk.yaml", "demo.yaml", "nothing", "DEMO", "demo ",
    "..", "%2e%2e", "..%2F..%2Fpyproject.toml", "..%2Fscenarios%2Fdemo",
    "%2Fetc%2Fpasswd", "..%5C..%5Cpyproject.toml", "x" * 41,
])
def test_unknown_names_and_paths_are_refused(shared_client: Client, name: str) -> None:
    response = shared_client.get(f"/api/examples/{name}")
    assert response.status_code in (404, 422), (name, response.status_code)  # 422: too long
    assert "supply" not in response.text and "[project]" not in response.text
    if len(name) <= 40:
        assert_error(response, 404, error="not_found")


def test_an_unknown_name_is_a_404_naming_the_examples(shared_client: Client) -> None:
    body = assert_error(shared_client.get("/api/examples/sweep_random"), 404, error="not_found",
                        field="name", says="sweep_random")
    assert "demo" in body["message"]


def test_traversal_in_the_url_path_reaches_no_file(shared_client: Client) -> None:
    for path in ("/api/examples/../../pyproject.toml", "/api/examples/demo/../../README.md",
                 "/api/examples/%2e%2e/%2e%2e/pyproject.toml"):
        response = shared_client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"] == "not_found"
        assert "[project]" not in response.text


def test_without_a_checkout_there_are_no_examples(shared_client: Client,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(examples, "examples_dir", lambda: None)  # built without them
    assert shared_client.get("/api/examples").json() == []
    assert_error(shared_client.get("/api/examples/demo"), 404, error="not_found",
                 says="none installed")


def test_examples_are_in_the_schema(shared_client: Client) -> None:
    paths = shared_client.get("/openapi.json").json()["paths"]
    assert "/api/examples" in paths and "/api/examples/{name}" in paths
