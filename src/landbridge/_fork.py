"""Independent pieces of work shared among processes forked from this one.

:func:`fork_map` is ``[function(item) for item in items]`` with the items split among
``processes`` processes: this one and children forked from it, which start with everything
already imported and loaded and send their results back through a pipe (pickled). Results come
back in the order of ``items``, so the answer does not depend on the number of processes.

It runs in this process alone, as the plain loop, where forking is unavailable (not POSIX) or
unsafe (another thread is running: a child would inherit its locks, held), and when one process
is asked for or one core is usable. A child that fails has its share run again here, so an
error is raised as the loop would raise it. No child outlives the call: on an error or Ctrl-C
here the children are killed and reaped, and on Linux a child is killed by the kernel if this
process dies (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["die_with_parent", "fork_map", "usable_cores"]

T = TypeVar("T")
R = TypeVar("R")


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux; elsewhere nothing), and
    exit at once if the parent ``parent_pid`` is already gone."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1  # from <linux/prctl.h>
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)


def fork_map(function: Callable[[T], R], items: Sequence[T], *, processes: int) -> list[R]:
    """``[function(item) for item in items]``, the items shared among up to ``processes``
    processes (this one and forked children; never more than the items or the usable cores).

    Examples
    --------
    >>> fork_map(abs, [-3, 1, -2, 5], processes=2)
    [3, 1, 2, 5]
    """
    processes = min(processes, len(items), usable_cores())
    if processes <= 1 or not hasattr(os, "fork") or threading.active_count() > 1:
        return [function(item) for item in items]
    # contiguous shares, sizes differing by at most one; this process runs the first
    bounds = [len(items) * k // processes for k in range(processes + 1)]
    shares = [range(bounds[k], bounds[k + 1]) for k in range(processes)]
    results: list[R | None] = [None] * len(items)
    children: dict[int, tuple[int, range]] = {}  # pid: (read end of its pipe or -1, share)
    # The objects so far are left out of garbage collection while the children run: a
    # collection writes to every object it visits, and each page written is then copied,
    # in the child and here.
    gc.freeze()
    try:
        for share in shares[1:]:
            pid, read_end = _fork_child(function, [items[i] for i in share])
            children[pid] = (read_end, share)
        for i in shares[0]:
            results[i] = function(items[i])
        for pid, (read_end, share) in list(children.items()):
            children[pid] = (-1, share)
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            del children[pid]
            # a child that failed has its share run here, to raise its error as the loop would
            done: list[R] = (pickle.loads(data) if status == 0
                             else [function(items[i]) for i in share])
            for i, result in zip(share, done, strict=True):
                results[i] = result
    finally:
        gc.unfreeze()
        for pid, (read_end, _) in children.items():  # only on an error or an interrupt
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            if read_end >= 0:
                os.close(read_end)
    return results  # type: ignore[return-value]  # every slot is filled above


def _fork_child(function: Callable[[T], R], items: list[T]) -> tuple[int, int]:
    """Fork a child that sends ``[function(item) for item in items]`` pickled through a pipe;
    return its pid and the pipe's read end. The child exits with 0 only once all is sent."""
    parent = os.getpid()
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's cleanup or exit hooks
        try:
            os.close(read_end)
            die_with_parent(parent)
            data = pickle.dumps([function(item) for item in items],
                                protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            os._exit(0)
        finally:  # an error or an interrupt: the parent runs the share again or stops
            os._exit(1)
    os.close(write_end)
    return pid, read_end
