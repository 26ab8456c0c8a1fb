"""Planner processes answer exactly as the service's own thread does: answers, planner errors
worded for the field, over-limit refusals, and the cache in front of both."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Serve

_QUESTIONS: list[tuple[str, dict[str, Any]]] = [
    ("/api/route", {"origin": "Kostanay", "destination": "Cai Mep", "samples": 500}),
    ("/api/route", {"origin": "Kostanaj", "destination": "Cai Mep"}),  # unknown place
    ("/api/route", {"origin": "Kostanay", "destination": "Cai Mep", "max_days": 2}),  # no route
    ("/api/route", {"origin": "Kostanay", "destination": "Cai Mep", "samples": 50_001}),
    ("/api/compare", {"market": "Cai Mep", "origins": ["Kostanay", "Almaty"],
                      "samples": 500}),
]


def test_planner_processes_answer_as_the_thread_does(service: Serve) -> None:
    with service(planner_workers=0) as thread_client:
        expected = [thread_client.post(url, json=body) for url, body in _QUESTIONS]
    with service(planner_workers=1) as pooled:
        assert pooled.app.state.service.planners is not None
        answers = [pooled.post(url, json=body) for url, body in _QUESTIONS]
        again = pooled.post(_QUESTIONS[0][0], json=_QUESTIONS[0][1])
    for want, got in zip(expected, answers, strict=True):
        assert got.status_code == want.status_code, got.text
        assert got.json() == want.json()
        assert got.headers["content-type"] == want.headers["content-type"]
    assert answers[0].headers["x-landbridge-cache"] == "miss"
    assert again.headers["x-landbridge-cache"] == "hit"
    assert again.content == answers[0].content


def test_a_service_uses_every_core_by_default() -> None:
    import os

    from landbridge.api import Settings

    assert Settings(db_url="sqlite://").planner_workers == (os.cpu_count() or 1)
    with pytest.raises(ValueError, match="planner_workers"):
        Settings(db_url="sqlite://", planner_workers=-1)
