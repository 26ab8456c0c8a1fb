"""Turning failures into clear 4xx answers that name the field, in one shape: RFC 9457
problem details, ``application/problem+json`` (:class:`~landbridge.api.schemas.ErrorOut`);
and the OpenAPI schema that documents them for every operation."""

from __future__ import annotations

import http
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from landbridge.errors import (
    CargoNotHandledError,
    InvalidOptionError,
    LandbridgeError,
    NoRouteError,
    ScenarioError,
    UnknownPlaceError,
)

__all__ = [
    "PROBLEM_JSON",
    "ApiError",
    "document_problems",
    "error_response",
    "field_of",
    "install_handlers",
    "problem",
]

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

#: The planner's field names (as its errors carry them) to the request's field names, where
#: they differ.
_OPTION_FIELDS = {"cargo": "commodity", "passage": "avoid", "avoid item": "avoid",
                  "within": "within_days"}


class ApiError(Exception):
    """An answer other than 2xx that an endpoint gives on purpose."""

    def __init__(self, status: int, error: str, message: str, *, field: str | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.field = field
        self.headers = dict(headers or {})


def problem(status: int, error: str, message: str, *, field: str | None = None,
            suggestions: Sequence[str] = (), errors: Sequence[Mapping[str, Any]] = (),
            instance: str | None = None) -> dict[str, Any]:
    """The RFC 9457 body of a failure (see :class:`~landbridge.api.schemas.ErrorOut`)."""
    found = list(errors)
    if not found and field is not None:
        found = [{"loc": ["body", field], "msg": message, "type": error}]
    return {"type": "about:blank", "title": http.HTTPStatus(status).phrase, "status": status,
            "detail": message, "instance": instance, "error": error, "message": message,
            "field": field, "suggestions": list(suggestions), "errors": found}


def error_response(status: int, error: str, message: str, *, field: str | None = None,
                   suggestions: Sequence[str] = (), errors: Sequence[Mapping[str, Any]] = (),
                   headers: Mapping[str, str] | None = None,
                   instance: str | None = None) -> JSONResponse:
    body = problem(status, error, message, field=field, suggestions=suggestions,
                   errors=errors, instance=instance)
    return JSONResponse(body, status_code=status, headers=dict(headers or {}),
                        media_type=PROBLEM_JSON)


def field_of(exc: LandbridgeError, request_fields: Mapping[str, object]) -> str | None:
    """Which field of a request an error from the planner is about, if one can tell."""
    if isinstance(exc, UnknownPlaceError):
        for name, value in request_fields.items():
            values = value if isinstance(value, list | tuple) else [value]
            if exc.query in values:
                return name
        return None
    if isinstance(exc, InvalidOptionError):
        return _OPTION_FIELDS.get(exc.what, exc.what)
    if isinstance(exc, NoRouteError) and exc.field is not None:
        return _OPTION_FIELDS.get(exc.field, exc.field)
    return None


def landbridge_error(exc: LandbridgeError, request_fields: Mapping[str, object]) -> JSONResponse:
    """The 4xx answer to an error the planner raised for a request."""
    where = field_of(exc, request_fields)
    if isinstance(exc, UnknownPlaceError):
        return error_response(422, "unknown_place", str(exc), field=where,
                              suggestions=exc.suggestions)
    if isinstance(exc, InvalidOptionError):
        return error_response(422, "invalid_option", str(exc), field=where,
                              suggestions=exc.choices)
    if isinstance(exc, CargoNotHandledError):
        return error_response(422, "cargo_not_handled", str(exc), field=where,
                              suggestions=exc.suggestions)
    if isinstance(exc, NoRouteError):
        return error_response(422, "no_route", str(exc), field=where,
                              suggestions=exc.suggestions)
    if isinstance(exc, ScenarioError):
        return error_response(422, "invalid_scenario", str(exc), field=where or "scenario")
    return error_response(422, "invalid_request", str(exc), field=where)


def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for error in exc.errors():
        errors.append({k: v for k, v in error.items() if k not in ("input", "url")})
    detail = jsonable_encoder(errors)
    parts = []
    first_field: str | None = None
    for error in detail:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
        name = ".".join(loc)
        first_field = first_field or (loc[0] if loc else None)
        parts.append(f"{name}: {error.get('msg', 'invalid')}" if name else
                     str(error.get("msg", "invalid")))
    message = "; ".join(parts) or "the request is not valid"
    return error_response(422, "invalid_request", message, field=first_field, errors=detail,
                          instance=request.url.path)


def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.error, exc.message, field=exc.field,
                          headers=exc.headers, instance=request.url.path)


def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    names = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
    return error_response(exc.status_code, names.get(exc.status_code, "http_error"),
                          str(exc.detail), headers=exc.headers, instance=request.url.path)


#: Seconds a client is asked to wait after a 503 for a busy database.
RETRY_AFTER_S = 2


def _database(request: Request, exc: Exception) -> JSONResponse:
    """The database is locked by another writer past the busy timeout, or unreachable: 503
    with Retry-After, the request may be repeated as it is."""
    reason = str(getattr(exc, "orig", exc)).splitlines()[0] if str(exc) else ""
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, reason)
    busy = "lock" in reason.lower()  # SQLite: database is locked; PostgreSQL: lock timeout
    return error_response(
        503, "database_busy" if busy else "database_unavailable",
        "the database is busy (another writer holds its lock); try again shortly" if busy else
        "the database cannot be reached; try again shortly",
        headers={"retry-after": str(RETRY_AFTER_S)})


def _internal(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal", "internal error; the service log has the details",
                          instance=request.url.path)


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(OperationalError, _database)
    app.add_exception_handler(Exception, _internal)


#: Statuses any operation can answer, whatever it declares: a bug (500), and for operations
#: that take a body, one that is not JSON (400) or over the size limit (413, from the
#: middleware).
_ALWAYS = {"500": "A bug in the service; the service log has the details."}
_WITH_BODY = {"400": "The request body is not valid JSON.",
              "413": "The request body is over the service's size limit."}


def document_problems(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """An ``app.openapi`` that documents every error answer as it is sent.

    FastAPI files the error models an endpoint declares under ``application/json`` and adds its
    own 422 shape (``HTTPValidationError``), which this service never sends. Here every 4xx and
    5xx response of every operation is ``application/problem+json`` with the
    :class:`~landbridge.api.schemas.ErrorOut` schema, and 500 (and 413 where a body is read)
    are listed for every operation.
    """
    from fastapi.openapi.utils import get_openapi

    from landbridge.api.schemas import ErrorOut

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version,
                             description=app.description, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.model_json_schema(
            ref_template="#/components/schemas/{model}")
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        ref = {"$ref": "#/components/schemas/ErrorOut"}
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                extra = {**_ALWAYS, **(_WITH_BODY if "requestBody" in operation else {})}
                for status, description in extra.items():
                    responses.setdefault(status, {"description": description})
                for status, response in responses.items():
                    if status.isdigit() and int(status) >= 400:
                        response["content"] = {PROBLEM_JSON: {"schema": ref}}
                        if response.get("description") in (None, "", "Validation Error"):
                            response["description"] = http.HTTPStatus(int(status)).phrase
        app.openapi_schema = schema
        return schema

    return openapi
