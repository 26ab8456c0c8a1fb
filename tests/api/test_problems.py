"""Errors are RFC 9457 problem details, and the OpenAPI schema says so for every status."""

from __future__ import annotations

from typing import Any

import pytest

from landbridge.api.schemas import ErrorOut
from tests.api.conftest import Client

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
NO_JOB = "0" * 32

#: (method, path template in the OpenAPI schema, URL, JSON body, expected status)
CASES: list[tuple[str, str, str, Any, int]] = [
    ("GET", "/api/places/{query}", "/api/places/Atlantis", None, 404),
    ("GET", "/api/places", "/api/places?limit=0", None, 422),
    ("GET", "/api/jobs/{job_id}", f"/api/jobs/{NO_JOB}", None, 404),
    ("GET", "/api/jobs/{job_id}", "/api/jobs/not-a-job", None, 422),
    ("GET", "/api/jobs/{job_id}/result", f"/api/jobs/{NO_JOB}/result", None, 404),
    ("DELETE", "/api/jobs/{job_id}", f"/api/jobs/{NO_JOB}", None, 404),
    ("POST", "/api/jobs/allocate", "/api/jobs/allocate", {"scenario": 3}, 422),
    ("POST", "/api/route", "/api/route", {"origin": "Kostanay", "destination": "Atlantis"}, 422),
    ("POST", "/api/route", "/api/route", {"origin": "Kostanay", "destination": "Cai Mep",
                                          "tonnes": 1e308}, 422),
    ("POST", "/api/route", "/api/route", {"origin": "Kostanay", "note": "x" * 2_000_000}, 413),
]


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, operation) for path, item in schema["paths"].items()
            for method, operation in item.items()]


def test_every_error_status_of_every_operation_is_problem_json(shared_client: Client) -> None:
    schema = shared_client.app.openapi()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for method, path, operation in operations(schema):
        responses = operation["responses"]
        assert "500" in responses, (method, path)
        if "requestBody" in operation:
            assert "413" in responses, (method, path)
        for status, response in responses.items():
            if int(status) >= 400:
                assert response["content"] == PROBLEM, (method, path, status)
                assert response["description"], (method, path, status)


@pytest.mark.parametrize(("method", "template", "url", "body", "status"), CASES)
def test_error_answers_are_documented_problem_details(
        shared_client: Client, method: str, template: str, url: str, body: Any,
        status: int) -> None:
    response = shared_client.request(method, url, json=body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = ErrorOut.model_validate(response.json())
    assert problem.status == status
    assert problem.type == "about:blank"
    assert problem.detail == problem.message
    documented = shared_client.app.openapi()["paths"][template][method.lower()]["responses"]
    assert str(status) in documented, f"{method} {template} answers {status} undocumented"
