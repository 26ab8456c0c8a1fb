"""A gateway's catchment over HTTP: what ``landbridge catchment GATEWAY --json`` prints."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from landbridge.cli import app

from .conftest import Client, assert_error


def test_catchment_is_the_cli_answer(shared_client: Client) -> None:
    response = shared_client.post("/api/catchment",
                                  json={"gateway": "Lianyungang", "cargo": ["wheat"]})
    assert response.status_code == 200, response.text
    printed = CliRunner().invoke(app, ["catchment", "Lianyungang", "--cargo", "wheat", "--json"])
    assert printed.exit_code == 0, printed.output
    assert response.json() == json.loads(printed.output)
    assert response.json()["origins"]


def test_an_unknown_gateway_is_a_422(shared_client: Client) -> None:
    response = shared_client.post("/api/catchment", json={"gateway": "Atlantis"})
    assert_error(response, 422, error="unknown_place")


def test_the_options_list_ports(shared_client: Client) -> None:
    ports = shared_client.get("/api/options").json()["ports"]
    assert any(p["name"].startswith("Lianyungang") for p in ports)


def test_break_even_is_the_cli_answer(shared_client: Client) -> None:
    body = {"gateway": "Lianyungang", "origin": "Kostanay", "market": "Haiphong",
            "lever": "handling"}
    response = shared_client.post("/api/break-even", json=body)
    assert response.status_code == 200, response.text
    printed = CliRunner().invoke(app, ["break-even", "Lianyungang", "Kostanay", "Haiphong",
                                       "--lever", "handling", "--json"])
    assert printed.exit_code == 0, printed.output
    assert response.json() == json.loads(printed.output)
