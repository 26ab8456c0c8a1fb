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


def _echo(text: str) -> bytes:
    return text.encode()


def _die() -> bytes:
    import os

    os._exit(3)


def test_each_question_gets_its_own_answer_even_when_one_is_given_up() -> None:
    import asyncio
    import functools

    from landbridge.api.planners import Outcome, PlannerPool

    async def ask() -> tuple[list[Outcome], Outcome]:
        pool = PlannerPool(1)
        pool.start()
        try:
            given_up = asyncio.ensure_future(pool.run(functools.partial(_echo, "dropped"), {}))
            await asyncio.sleep(0)  # sent to the worker, then given up on (as a time limit does)
            given_up.cancel()
            answers = await asyncio.gather(*(pool.run(functools.partial(_echo, str(i)), {})
                                             for i in range(5)))
            last = await pool.run(functools.partial(_echo, "last"), {})
        finally:
            pool.shutdown()
        return answers, last

    answers, last = asyncio.run(ask())
    assert answers == [Outcome(200, str(i).encode()) for i in range(5)]
    assert last == Outcome(200, b"last")


def test_a_planner_process_that_dies_is_answered_as_a_failure_and_replaced() -> None:
    import asyncio
    import functools

    from landbridge.api.planners import Outcome, PlannerPool

    async def ask() -> tuple[Outcome, Outcome]:
        pool = PlannerPool(1)
        pool.start()
        try:
            died = await pool.run(_die, {})
            after = await pool.run(functools.partial(_echo, "after"), {})
        finally:
            pool.shutdown()
        return died, after

    died, after = asyncio.run(ask())
    assert died.status == 500 and died.crash is not None and "exit code 3" in died.crash
    with pytest.raises(RuntimeError, match="planner process failed"):
        died.raise_api_error()
    assert after == Outcome(200, b"after")
