"""Work shared among forked processes: the same answers in the same order as the plain loop,
a child's error raised here, and no child left behind."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from landbridge._fork import fork_map, usable_cores

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the children fork_map forks during the test (other tests' processes and
    threads are not looked at)."""
    import landbridge._fork as module

    pids: list[int] = []
    real_fork = os.fork

    def recording_fork() -> int:
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(module.os, "fork", recording_fork)
    return pids


def _reaped(pid: int) -> bool:
    """Whether child ``pid`` has ended and been waited for (no process, not even a zombie)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@needs_fork
@pytest.mark.parametrize("processes", [1, 2, 3, 8])
def test_results_come_back_in_order(processes: int) -> None:
    items = list(range(-7, 6))
    assert fork_map(lambda x: (x, os.getpid() > 0, x * x), items, processes=processes) == [
        (x, True, x * x) for x in items]


@needs_fork
def test_the_work_runs_in_children_unless_another_thread_runs() -> None:
    if usable_cores() < 2:
        pytest.skip("one core: the work stays in this process")
    pids = fork_map(lambda _: os.getpid(), range(4), processes=2)
    if threading.active_count() == 1:  # (an earlier test may have left a thread behind)
        assert pids[0] == pids[1] == os.getpid() and pids[2] == pids[3] != os.getpid()
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:  # a child would inherit the thread's locks as they are: the work stays here
        assert fork_map(lambda _: os.getpid(), range(4), processes=2) == [os.getpid()] * 4
    finally:
        release.set()
        waiting.join()


#: This test process (the children forked from it have other ids).
PARENT = os.getpid()


def _fails_in_the_child(x: int) -> int:
    if x == 3 and os.getpid() != PARENT:
        sys.exit(3)  # dies in the child; run again here, it succeeds
    if x == 5:
        raise ValueError(f"bad item {x}")
    return x


@needs_fork
def test_a_failed_share_runs_again_here_and_an_error_is_raised_as_the_loop_raises_it(
        forked: list[int]) -> None:
    assert fork_map(_fails_in_the_child, [0, 1, 2, 3], processes=2) == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="bad item 5"):
        fork_map(_fails_in_the_child, [0, 1, 2, 3, 4, 5], processes=2)
    assert forked or threading.active_count() > 1  # children ran unless a thread was running
    assert all(_reaped(pid) for pid in forked)


def _interrupted_here_blocked_there(x: int) -> int:
    if x == 0:
        raise KeyboardInterrupt
    read_end, _ = os.pipe()
    os.read(read_end, 1)  # never returns: only a kill ends this child
    return x


@needs_fork
def test_an_interrupt_here_kills_the_children(forked: list[int]) -> None:
    if usable_cores() < 2:
        pytest.skip("one core: no children")
    with pytest.raises(KeyboardInterrupt):
        fork_map(_interrupted_here_blocked_there, [0, 1], processes=2)
    assert forked or threading.active_count() > 1
    assert all(_reaped(pid) for pid in forked)
