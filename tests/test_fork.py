"""Work shared among forked processes: the same answers in the same order as the plain loop,
a child's error raised here, and no child left behind."""

from __future__ import annotations

import os
import subprocess
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


def _elsewhere(request: pytest.FixtureRequest) -> bool:
    """Make sure a test that needs a forked child to run items gets one: fork_map runs alone
    while another thread runs (an earlier test's, e.g. the portal schemathesis leaves open), so
    the test then runs in a fresh interpreter and passes only if it passes there. True if it
    ran there (the caller returns); skips on one core."""
    if usable_cores() < 2:
        pytest.skip("one core: the work stays in this process")
    if threading.active_count() == 1:
        return False
    assert not os.environ.get(_FRESH), "a thread runs even in a fresh interpreter"
    done = subprocess.run([sys.executable, "-m", "pytest", request.node.nodeid,
                           "-p", "no:cacheprovider"], cwd=request.config.rootpath,
                          env={**os.environ, _FRESH: "1"}, capture_output=True, text=True,
                          check=False, timeout=_HANG_S)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout, done.stdout
    return True


#: Set in the fresh interpreter a test re-runs in (see _elsewhere).
_FRESH = "LANDBRIDGE_FORK_TEST_FRESH"
#: A bound against a hung process, as in the suite's other subprocess tests.
_HANG_S = 600


#: This test process (the children forked from it have other ids).
PARENT = os.getpid()


@needs_fork
def test_each_process_takes_items_until_none_is_left(
        forked: list[int], request: pytest.FixtureRequest) -> None:
    """Every item runs once, here or in a child, and a process held up takes fewer: here the
    first item waits until a child has run one (whichever the child takes first)."""
    if _elsewhere(request):
        return
    read_end, write_end = os.pipe()
    waited: list[int] = []

    def run(x: int) -> tuple[int, int]:
        if os.getpid() != PARENT:
            os.write(write_end, b".")
        elif not waited:
            waited.append(x)
            os.read(read_end, 1)
        return x, os.getpid()

    try:
        ran = fork_map(run, range(6), processes=2)
    finally:
        os.close(read_end)
        os.close(write_end)
    assert [x for x, _ in ran] == list(range(6))
    assert {pid for _, pid in ran} == {PARENT, *forked} and len(forked) == 1
    assert all(_reaped(pid) for pid in forked)


@needs_fork
def test_the_work_stays_here_while_another_thread_runs() -> None:
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:  # a child would inherit the thread's locks as they are: the work stays here
        assert fork_map(lambda _: os.getpid(), range(4), processes=2) == [os.getpid()] * 4
    finally:
        release.set()
        waiting.join()


@needs_fork
def test_the_items_of_a_failed_child_run_again_here(
        forked: list[int], request: pytest.FixtureRequest) -> None:
    """A child dies in the first item it takes (after telling this process, whose first item
    waits for that): its items run here, and the answer is the loop's."""
    if _elsewhere(request):
        return
    read_end, write_end = os.pipe()
    waited: list[int] = []

    def run(x: int) -> int:
        if os.getpid() != PARENT:
            os.write(write_end, b".")
            sys.exit(3)
        if not waited:
            waited.append(x)
            os.read(read_end, 1)
        return -x

    try:
        assert fork_map(run, range(5), processes=2) == [0, -1, -2, -3, -4]
    finally:
        os.close(read_end)
        os.close(write_end)
    assert len(forked) == 1 and _reaped(forked[0])


def _bad_item(x: int) -> int:
    if x == 5:
        raise ValueError(f"bad item {x}")
    return x


@needs_fork
def test_an_error_is_raised_as_the_loop_raises_it(forked: list[int]) -> None:
    with pytest.raises(ValueError, match="bad item 5"):  # here, or in a child and again here
        fork_map(_bad_item, [0, 1, 2, 3, 4, 5, 6], processes=2)
    assert all(_reaped(pid) for pid in forked)


def _interrupted_here_blocked_there(x: int) -> int:
    if os.getpid() == PARENT:
        raise KeyboardInterrupt
    read_end, _ = os.pipe()
    os.read(read_end, 1)  # never returns: only a kill ends this child
    return x


@needs_fork
def test_an_interrupt_here_kills_the_children(
        forked: list[int], request: pytest.FixtureRequest) -> None:
    if _elsewhere(request):
        return
    with pytest.raises(KeyboardInterrupt):
        fork_map(_interrupted_here_blocked_there, [0, 1, 2], processes=2)
    assert len(forked) == 1 and all(_reaped(pid) for pid in forked)
