"""The model's Servers against simpy.Resource: the same grants in the same order, also when
many things happen at one instant (whole-hour times), with customers who give up waiting."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from landbridge.terminal._stores import Servers

#: (arrival hour, hours held, hours it waits before giving up or None), all whole hours so
#: that arrivals, releases and give-ups coincide.
Customer = tuple[int, int, int | None]
Log = list[tuple[str, int, float]]
customers = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 3),
                               st.none() | st.integers(0, 3)), min_size=1, max_size=14)


def _run(env: simpy.Environment, people: list[Customer],
         customer: Callable[[int, int, int, int | None], Generator[Any]],
         busy: Callable[[], int], log: Log) -> Log:
    """Run ``people`` through ``customer`` for 20 hours, logging how many servers are busy at
    every whole hour beside what the customers log."""

    def clock() -> Generator[Any]:
        while True:
            log.append(("busy", busy(), env.now))
            yield env.timeout(1)

    env.process(clock())
    for i, person in enumerate(people):
        env.process(customer(i, *person))
    env.run(until=20)
    return log


def _log_with_simpy(count: int, people: list[Customer]) -> list[tuple[str, int, float]]:
    env = simpy.Environment()
    servers = simpy.Resource(env, count)
    log: list[tuple[str, int, float]] = []

    def customer(i: int, arrive: int, hold: int, patience: int | None) -> Generator[Any]:
        yield env.timeout(arrive)
        request = servers.request()
        if patience is None:
            yield request
        else:
            yield request | env.timeout(patience)
            if not request.triggered:
                request.cancel()
                log.append(("gave up", i, env.now))
                return
        log.append(("in", i, env.now))
        yield env.timeout(hold)
        servers.release(request)
        log.append(("out", i, env.now))

    return _run(env, people, customer, lambda: len(servers.users), log)


def _log_with_servers(count: int, people: list[Customer]) -> list[tuple[str, int, float]]:
    env = simpy.Environment()
    servers = Servers(env, count)
    log: list[tuple[str, int, float]] = []

    def customer(i: int, arrive: int, hold: int, patience: int | None) -> Generator[Any]:
        yield env.timeout(arrive)
        request = servers.request()
        if request is not None:
            if patience is None:
                yield request
            else:
                yield request | env.timeout(patience)
                if not request.triggered:
                    servers.cancel(request)
                    log.append(("gave up", i, env.now))
                    return
        log.append(("in", i, env.now))
        yield env.timeout(hold)
        servers.release()
        log.append(("out", i, env.now))

    return _run(env, people, customer, lambda: servers.users, log)


@settings(max_examples=200, deadline=None)
@given(count=st.integers(1, 3), people=customers)
def test_servers_grant_as_simpy_resource_grants(count: int, people: list[Customer]) -> None:
    assert _log_with_servers(count, people) == _log_with_simpy(count, people)
