"""The whole chain and where to process over HTTP: the same answers as the Python API."""

from __future__ import annotations

import json

from landbridge.chain import price_chain, where_to_process

from .conftest import Client, assert_error


def test_chain_is_the_python_api_answer(shared_client: Client) -> None:
    body = {"origin": "Kostanay", "market": "Ho Chi Minh City", "output": "flour",
            "at": "Kostanay"}
    response = shared_client.post("/api/chain", json=body)
    assert response.status_code == 200, response.text
    expected = price_chain("Kostanay", "Ho Chi Minh City", output="flour", at="Kostanay")
    assert response.json() == json.loads(json.dumps(expected.to_dict()))


def test_process_is_the_python_api_answer(shared_client: Client) -> None:
    body = {"origin": "Kostanay", "market": "Ho Chi Minh City", "at": ["Kostanay"]}
    response = shared_client.post("/api/process", json=body)
    assert response.status_code == 200, response.text
    expected = where_to_process("Kostanay", "Ho Chi Minh City", at=["Kostanay"])
    assert response.json() == json.loads(json.dumps(expected.to_dict()))


def test_an_unknown_process_is_a_422_naming_it(shared_client: Client) -> None:
    response = shared_client.post("/api/chain", json={"origin": "Kostanay",
                                                      "market": "Ho Chi Minh City",
                                                      "output": "malt"})
    assert_error(response, 422, error="invalid_option", says="no process turns wheat into malt")
