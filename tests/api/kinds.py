"""Job kinds for the tests: slow, failing and crashing jobs (module level, so a worker
process can import them)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from landbridge.api.jobs import JobKind, Progress
from landbridge.errors import NoRouteError


class Nap(BaseModel):
    seconds: float = Field(1.0, ge=0, le=120)
    steps: int = Field(10, ge=1, le=1000)
    #: a file: after its first step the nap waits until the test creates it, so the test sees
    #: the job running, however slow the machine
    gate: str = ""


@dataclass(frozen=True)
class Slept:
    seconds: float
    steps: int

    def to_dict(self) -> dict[str, object]:
        return {"slept_s": self.seconds, "steps": self.steps}


def _wait_for(gate: str) -> None:
    """Return once the file ``gate`` exists (at once for ``""``, no gate)."""
    while gate and not Path(gate).exists():
        time.sleep(0.02)


def run_nap(params: Nap, progress: Progress) -> Slept:
    for step in range(params.steps):
        time.sleep(params.seconds / params.steps)
        progress((step + 1) / params.steps, f"step {step + 1} of {params.steps}")
        if step == 0:
            _wait_for(params.gate)
    return Slept(params.seconds, params.steps)


def run_no_route(params: Nap, progress: Progress) -> Slept:
    raise NoRouteError("no route for this test: Dostyk is closed")


def run_crash(params: Nap, progress: Progress) -> Slept:
    os._exit(3)


def run_hog(params: Nap, progress: Progress) -> Slept:
    """Hold ``steps`` MB at once (a job that needs more memory than it may have)."""
    block = bytearray(params.steps * 2**20)
    progress(1.0, f"holding {len(block)} bytes")
    return Slept(params.seconds, params.steps)


class Logged(BaseModel):
    log: str
    first_s: float = Field(120.0, ge=0, le=600)
    again_s: float = Field(0.0, ge=0, le=600)
    #: a file: the first run also waits until the test creates it before it naps
    gate: str = ""


def run_logged(params: Logged, progress: Progress) -> Slept:
    """Write ``start PID`` to the log, nap (long the first time, to be killed from outside,
    short when run again), then ``done PID``."""
    path = Path(params.log)
    first = not path.exists() or "start" not in path.read_text()
    with path.open("a") as log:
        log.write(f"start {os.getpid()}\n")
    progress(0.0, f"pid {os.getpid()}")
    if first:
        _wait_for(params.gate)
    seconds = params.first_s if first else params.again_s
    time.sleep(seconds)
    with path.open("a") as log:
        log.write(f"done {os.getpid()}\n")
    return Slept(seconds, 1)


NAP = JobKind(name="nap", params=Nap, run=run_nap, title="Sleep, reporting progress")
NO_ROUTE = JobKind(name="no-route", params=Nap, run=run_no_route, title="Fail as the planner does")
CRASH = JobKind(name="crash", params=Nap, run=run_crash, title="Die without a word")
HOG = JobKind(name="hog", params=Nap, run=run_hog, title="Hold a lot of memory")
LOGGED = JobKind(name="logged", params=Logged, run=run_logged, title="Log each start and end")


def kinds(*extra: JobKind[Nap]) -> dict[str, JobKind[object]]:
    """The service's own kinds plus these."""
    from landbridge.api.jobkinds import JOB_KINDS

    return {k.name: k for k in (*JOB_KINDS, *extra)}
