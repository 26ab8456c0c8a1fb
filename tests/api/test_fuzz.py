"""Generated requests, valid and not: the service answers each with 2xx or a 4xx in the
documented shape, never a 5xx."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import Client

PLACES = ["Kostanay", "Astana", "Almaty", "Ho Chi Minh City", "Cai Mep", "Kwinana", "Saigon",
          "Lianyungang", "Dostyk", "Novorossiysk", "Rotterdam", "Tehran", "Busan", "KZALA",
          "Nur-Sultan", "Kalama"]
AVOID = ["Russia", "RU", "Iran", "China", "Red Sea", "suez", "Dostyk", "Malacca", "Bosporus"]

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3),
    max_leaves=6)
place = st.one_of(*[st.sampled_from(PLACES)] * 6, st.text(max_size=20))
number = st.one_of(*[st.floats(min_value=0.5, max_value=1e6)] * 4,
                   st.floats(min_value=-10, max_value=1e7), st.integers(-5, 10**7))


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the field's own kind of value, sometimes anything at all."""
    return st.one_of(*[strategy] * 9, junk)


sane_route_bodies = st.fixed_dictionaries({  # well formed: they reach the planner
    "origin": st.sampled_from(PLACES),
    "destination": st.sampled_from(PLACES),
}, optional={
    "commodity": st.sampled_from(["wheat", "barley", "corn", "flour", "cotton", "ore", "mutton",
                                  "general"]),
    "unit": st.sampled_from(["bulk", "container", "reefer", None]),
    "tonnes": st.floats(min_value=0.5, max_value=1e6),
    "objective": st.sampled_from(["fastest", "cheapest", "greenest", "balanced"]),
    "value_of_time": st.floats(min_value=0, max_value=100) | st.none(),
    "avoid": st.lists(st.sampled_from(AVOID), max_size=2),
    "via": st.sampled_from(PLACES) | st.none(),
    "max_days": st.floats(min_value=1, max_value=120) | st.none(),
    "samples": st.integers(100, 2000),
    "seed": st.integers(0, 2**32 - 1),
    "price": st.floats(min_value=0, max_value=1000) | st.none(),
    "alternatives": st.integers(1, 12),
})
messy_route_bodies = st.fixed_dictionaries({}, optional={
    "origin": _maybe(place),
    "destination": _maybe(place),
    "commodity": _maybe(st.sampled_from(["wheat", "barley", "ore", "mutton", "cotton", "x"])),
    "unit": _maybe(st.sampled_from(["bulk", "container", "reefer", None, "BULK"])),
    "tonnes": _maybe(number),
    "objective": _maybe(st.sampled_from(["fastest", "cheapest", "greenest", "balanced", "?"])),
    "value_of_time": _maybe(number),
    "avoid": _maybe(st.lists(st.sampled_from(AVOID) | st.text(max_size=8), max_size=2)),
    "via": _maybe(place | st.none()),
    "max_days": _maybe(number),
    "samples": _maybe(st.integers(0, 3000)),
    "seed": _maybe(st.integers(-3, 2**33)),
    "price": _maybe(number),
    "alternatives": _maybe(st.integers(-1, 15)),
    "extra": junk,
})
route_bodies = sane_route_bodies | messy_route_bodies

compare_bodies = st.fixed_dictionaries({
    "market": _maybe(st.sampled_from(PLACES)),
    "origins": _maybe(st.lists(st.sampled_from(PLACES), min_size=1, max_size=4)),
}, optional={
    "commodity": _maybe(st.sampled_from(["wheat", "ore", "y"])),
    "unit": _maybe(st.sampled_from(["bulk", "container", None])),
    "price": _maybe(number),
    "avoid": _maybe(st.lists(st.sampled_from(AVOID), max_size=2)),
    "samples": _maybe(st.integers(90, 2000)),
    "seed": _maybe(st.integers(0, 2**32 - 1) | st.integers(-3, 2**33)),
})

FUZZ = settings(max_examples=250, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


def _check(response: Any) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert body["message"] and "error" in body


def _post(client: Client, path: str, body: Any) -> Any:
    raw = json.dumps(body)  # NaN and Infinity included, as a careless client would send
    return client.post(path, content=raw, headers={"content-type": "application/json"})


@FUZZ
@given(body=route_bodies)
def test_route_never_fails_with_5xx(shared_client: Client, body: dict[str, Any]) -> None:
    _check(_post(shared_client, "/api/route", body))


@settings(FUZZ, max_examples=100)
@given(body=compare_bodies)
def test_compare_never_fails_with_5xx(shared_client: Client, body: dict[str, Any]) -> None:
    _check(_post(shared_client, "/api/compare", body))


@settings(FUZZ, max_examples=60)
@given(body=junk | st.fixed_dictionaries({"name": st.text(max_size=30),
                                          "yaml": st.text(max_size=300)}))
def test_scenarios_never_fail_with_5xx(shared_client: Client, body: Any) -> None:
    _check(_post(shared_client, "/api/scenarios", body))


@settings(FUZZ, max_examples=60)
@given(query=st.text(max_size=120), limit=st.integers(-2, 600) | st.text(max_size=3))
def test_place_lookups_never_fail_with_5xx(shared_client: Client, query: str,
                                           limit: Any) -> None:
    _check(shared_client.get("/api/places", params={"q": query, "limit": limit}))
    _check(shared_client.get("/api/places/" + quote(query.strip() or "x", safe="")))


@settings(FUZZ, max_examples=40)
@given(body=junk | st.fixed_dictionaries({}, optional={
    "origins": st.lists(place, max_size=2), "markets": st.lists(place, max_size=2),
    "objective": st.sampled_from(["fastest", "wrong"]), "unit": junk}))
def test_job_parameters_never_fail_with_5xx(shared_client: Client, body: Any) -> None:
    response = _post(shared_client, "/api/jobs/matrix", body)
    _check(response)
    if response.status_code == 202:  # a valid matrix job: let it go, it is cheap
        shared_client.delete(f"/api/jobs/{response.json()['id']}")

