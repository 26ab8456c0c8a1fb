"""Independent pieces of work shared among processes forked from this one.

:func:`fork_map` is ``[function(item) for item in items]`` with the items shared among
``processes`` processes: this one and children forked from it, which start with everything
already imported and loaded and send their results back through a pipe (pickled). The items are
handed out one at a time, to whichever process is free first (a :class:`_Counter` they share),
so a process slowed by other work on the machine takes fewer. Results come back in the order of
``items``, so the answer depends neither on the number of processes nor on who ran what.

It runs in this process alone, as the plain loop, where forking is unavailable (not POSIX) or
unsafe (another thread is running: a child would inherit its locks, held), and when one process
is asked for or one core is usable. The items of a child that fails are run again here, so an
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


class _Counter:
    """The next item to hand out, shared by this process and the children forked after it is
    made: a number in a nameless temporary file, read and advanced under a POSIX record lock.
    The kernel drops a process's lock when the process dies, so a child killed while holding
    it does not leave the others waiting."""

    def __init__(self) -> None:
        import tempfile

        self._fd, path = tempfile.mkstemp(prefix="landbridge-items-")
        os.unlink(path)  # nameless from now on: gone once the last process closes it
        os.pwrite(self._fd, bytes(8), 0)

    def take(self) -> int:
        """The next item's index (from 0; past the end once every item is handed out)."""
        import fcntl

        fd = self._fd
        fcntl.lockf(fd, fcntl.LOCK_EX)
        try:
            taken = int.from_bytes(os.pread(fd, 8, 0), "little")
            os.pwrite(fd, (taken + 1).to_bytes(8, "little"), 0)
        finally:
            fcntl.lockf(fd, fcntl.LOCK_UN)
        return taken

    def close(self) -> None:
        os.close(self._fd)


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
    try:
        counter = _Counter()
    except OSError:  # no temporary file to share (a full or read-only disk): the plain loop
        return [function(item) for item in items]
    results: list[R | None] = [None] * len(items)
    done = [False] * len(items)
    children: dict[int, int] = {}  # pid: read end of its pipe, or -1 once closed
    # The objects so far are left out of garbage collection while the children run: a
    # collection writes to every object it visits, and each page written is then copied,
    # in the child and here.
    gc.freeze()
    try:
        for _ in range(processes - 1):
            pid, read_end = _fork_child(function, items, counter)
            children[pid] = read_end
        for i, result in _take_and_run(function, items, counter):
            results[i], done[i] = result, True
        for pid, read_end in list(children.items()):
            children[pid] = -1
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            del children[pid]
            if status == 0:  # a child that failed sent nothing: its items are run below
                for i, result in pickle.loads(data):
                    results[i], done[i] = result, True
        for i in range(len(items)):  # a failed child's items, in order, as the loop runs them
            if not done[i]:
                results[i] = function(items[i])
    finally:
        gc.unfreeze()
        counter.close()
        for pid, read_end in children.items():  # only on an error or an interrupt
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            if read_end >= 0:
                os.close(read_end)
    return results  # type: ignore[return-value]  # every slot is filled above


def _take_and_run(function: Callable[[T], R], items: Sequence[T],
                  counter: _Counter) -> list[tuple[int, R]]:
    """``(index, function(item))`` for each item this process takes, until none is left."""
    ran: list[tuple[int, R]] = []
    while (i := counter.take()) < len(items):
        ran.append((i, function(items[i])))
    return ran


def _fork_child(function: Callable[[T], R], items: Sequence[T],
                counter: _Counter) -> tuple[int, int]:
    """Fork a child that takes items from ``counter`` and sends ``(index, function(item))`` for
    each, pickled, through a pipe; return its pid and the pipe's read end. The child exits with
    0 only once all is sent."""
    parent = os.getpid()
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's cleanup or exit hooks
        try:
            os.close(read_end)
            die_with_parent(parent)
            data = pickle.dumps(_take_and_run(function, items, counter),
                                protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            os._exit(0)
        finally:  # an error or an interrupt: the parent runs its items again or stops
            os._exit(1)
    os.close(write_end)
    return pid, read_end
