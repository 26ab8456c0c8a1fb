"""Work shared among forked processes: the same answers in the same order as the plain loop,
a child's error raised here, and no child left behind."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from landbridge._fork import fork_map, usable_cores

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def _children() -> set[int]:
    """The process ids of this process's children (Linux /proc), or nothing elsewhere."""
    tasks = Path(f"/proc/{os.getpid()}/task")
    if not tasks.exists():
        return set()
    return {int(pid) for task in tasks.iterdir()
            for pid in (task / "children").read_text().split()}


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
def test_a_failed_share_runs_again_here_and_an_error_is_raised_as_the_loop_raises_it() -> None:
    before = _children()  # (earlier tests may have left processes of their own)
    assert fork_map(_fails_in_the_child, [0, 1, 2, 3], processes=2) == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="bad item 5"):
        fork_map(_fails_in_the_child, [0, 1, 2, 3, 4, 5], processes=2)
    assert _children() <= before


def _interrupted_here_blocked_there(x: int) -> int:
    if x == 0:
        raise KeyboardInterrupt
    read_end, _ = os.pipe()
    os.read(read_end, 1)  # never returns: only a kill ends this child
    return x


@needs_fork
def test_an_interrupt_here_kills_the_children() -> None:
    if usable_cores() < 2:
        pytest.skip("one core: no children")
    before = _children()
    with pytest.raises(KeyboardInterrupt):
        fork_map(_interrupted_here_blocked_there, [0, 1], processes=2)
    assert _children() <= before
