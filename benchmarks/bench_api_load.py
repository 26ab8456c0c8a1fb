"""Load on the route endpoint: N concurrent clients for a fixed time, on loopback only.

Starts the service (as `landbridge serve` does) in a child process on 127.0.0.1 with a
temporary database, then runs ``--clients`` concurrent clients for ``--seconds`` against
``POST /api/route`` and prints requests per second, latency percentiles, errors and the
machine. Bounded in count and time; it stops by itself. A benchmark, not a test: it asserts
nothing.

It also prints the CPU time the service spends per request (its process and its planner
processes, read from /proc on Linux) and what that implies on this machine: with ``S`` CPU
seconds per request on ``K`` cores, at most ``K / S`` requests per second are answered, and
``C`` clients that each wait for an answer before asking again wait at least ``C * S / K`` on
average, however the work is scheduled (Little's law). A latency goal at ``C`` clients is
physically possible only if ``S <= K * goal / C``.

With ``--mix distinct`` every request is a question not asked before (origin, market, cargo
and seed vary), so none is answered from the cache: this measures the planner under load, where
``varied`` (48 questions asked over and over) measures the answer cache. ``--workers`` sets the
service's planner processes (default: the service's own default, one per core).

Run: python benchmarks/bench_api_load.py [--clients 20] [--seconds 30]
     [--mix varied|same|distinct] [--no-cache] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from typing import Any

HOST = "127.0.0.1"  # loopback only, whatever the arguments
MAX_REQUESTS = 2_000_000  # a hard bound on the loop, beside the time limit

_SERVER = textwrap.dedent("""
    import sys
    import uvicorn
    from landbridge.api import Settings, create_app

    db, port, cache, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    extra = {} if workers == "default" else {"planner_workers": int(workers)}
    app = create_app(Settings(db_url=f"sqlite:///{db}", cache_entries=cache, **extra))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
""")


def _cpu_seconds(pid: int, *, descendants: bool = True) -> float | None:
    """CPU seconds (user and system) used so far by process ``pid`` and (unless told not to)
    its descendants now alive; None where /proc cannot tell (not Linux, or a process ended
    meanwhile)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    stack = [pid]
    try:
        while stack:
            current = stack.pop()
            with open(f"/proc/{current}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            if not descendants:
                break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as f:
                    stack.extend(int(child) for child in f.read().split())
    except (OSError, ValueError):
        return None
    return total


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _requests(mix: str) -> list[dict[str, Any]]:
    base = {"commodity": "wheat", "unit": "container", "tonnes": 5000}
    if mix == "same":
        return [{**base, "origin": "Kostanay", "destination": "Ho Chi Minh City"}]
    origins = ["Kostanay", "Astana", "Almaty", "Pavlodar", "Shymkent", "Karaganda"]
    markets = ["Ho Chi Minh City", "Cai Mep", "Haiphong", "Busan", "Port Klang",
               "Istanbul", "Rotterdam", "Bandar Abbas"]
    if mix == "varied":
        return [{**base, "origin": o, "destination": m} for o in origins for m in markets]
    # distinct: every cargo too, and (below) a new seed for every request
    return [{"commodity": c, "origin": o, "destination": m} for o in origins for m in markets
            for c in ("wheat", "barley", "flour", "cotton")]


class _Connection:
    """One keep-alive HTTP/1.1 connection with a minimal client: a load generator must cost
    much less than the service it measures, and a full client (httpx) on the same two cores
    was the bottleneck."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> _Connection:
        reader, writer = await asyncio.open_connection(HOST, port)
        return cls(reader, writer)

    async def send(self, raw: bytes) -> tuple[int, bool]:
        """Send a prepared request; returns the status and whether the answer came from the
        service's cache."""
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        hit = False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"x-landbridge-cache":
                hit = value.strip() == b"hit"
        await self.reader.readexactly(length)
        return status, hit

    def close(self) -> None:
        self.writer.close()


def _prepared(port: int, body: dict[str, Any]) -> bytes:
    data = json.dumps(body).encode()
    return (f"POST /api/route HTTP/1.1\r\nhost: {HOST}:{port}\r\n"
            f"content-type: application/json\r\naccept-encoding: gzip\r\n"
            f"content-length: {len(data)}\r\n\r\n").encode() + data


async def _wait_up(port: int, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    raw = f"GET /api/health HTTP/1.1\r\nhost: {HOST}:{port}\r\n\r\n".encode()
    while time.monotonic() < deadline:
        try:
            connection = await _Connection.open(port)
            status, _ = await connection.send(raw)
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("the service did not start")


async def _run(port: int, clients: int, seconds: float, mix: str, server_pid: int) -> None:
    await _wait_up(port)
    warm = await _Connection.open(port)
    prepared = []
    bodies = []
    for body in _requests(mix):  # warm up: compile each graph once, keep what answers
        raw = _prepared(port, body)
        status, _ = await warm.send(raw)
        if status == 200:
            prepared.append(raw)
            bodies.append(body)
    warm.close()
    if mix == "distinct":
        print(f"requests: {len(bodies)} questions, each asked with a new seed every time "
              "(no two requests alike), gzip accepted (as a browser does)")
    else:
        print(f"requests: {len(prepared)} distinct route question(s), mix={mix}, "
              "gzip accepted (as a browser does)")
    latencies: list[float] = []
    errors: dict[str, int] = {}
    hits = 0
    sent = 0
    deadline = time.monotonic() + seconds

    async def worker(index: int) -> None:
        nonlocal hits, sent
        connection = await _Connection.open(port)
        i = index
        while time.monotonic() < deadline and sent < MAX_REQUESTS:
            sent += 1
            if mix == "distinct":
                raw = _prepared(port, {**bodies[i % len(bodies)], "seed": 1 + sent})
            else:
                raw = prepared[i % len(prepared)]
            i += clients
            start = time.perf_counter()
            try:
                status, hit = await connection.send(raw)
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                connection.close()
                connection = await _Connection.open(port)
                continue
            latencies.append(time.perf_counter() - start)
            if status != 200:
                errors[str(status)] = errors.get(str(status), 0) + 1
            hits += hit
        connection.close()

    began = time.monotonic()
    cpu_before = _cpu_seconds(server_pid)
    own_before = _cpu_seconds(server_pid, descendants=False)
    await asyncio.gather(*(worker(i) for i in range(clients)))
    cpu_after = _cpu_seconds(server_pid)
    own_after = _cpu_seconds(server_pid, descendants=False)
    elapsed = time.monotonic() - began
    if not latencies:
        raise SystemExit("no request completed")
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    print(f"clients={clients} duration={elapsed:.1f} s requests={len(ms)} "
          f"rps={len(ms) / elapsed:.1f}")
    print(f"latency ms: p50={q[49]:.1f} p95={q[94]:.1f} p99={q[98]:.1f} max={ms[-1]:.1f} "
          f"mean={statistics.fmean(ms):.1f}")
    print(f"errors: {sum(errors.values())} {errors or ''}".rstrip())
    print(f"answer cache hits: {hits} of {len(ms)}")
    if cpu_before is not None and cpu_after is not None:
        per = (cpu_after - cpu_before) / len(ms)
        cores = os.cpu_count() or 1
        print(f"service CPU per request: {per * 1000:.1f} ms (its process and its planner "
              f"processes); on {cores} cores at most {cores / per:.0f} req/s, so {clients} "
              f"clients wait at least {clients * per / cores * 1000:.0f} ms on average; "
              f"load average {os.getloadavg()[0]:.1f} (other work on the machine)")
    if own_before is not None and own_after is not None:
        print(f"  of which the service's own process (HTTP, the event loop, handing questions "
              f"to the planners): {(own_after - own_before) / len(ms) * 1000:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--mix", choices=["varied", "same", "distinct"], default="varied")
    parser.add_argument("--workers", default="default",
                        help="the service's planner processes (0: in its own process)")
    parser.add_argument("--no-cache", action="store_true",
                        help="turn the service's answer cache off: every request is planned")
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 0 < args.seconds <= 300:
        raise SystemExit("keep it bounded: 1-200 clients, at most 300 s")

    import numpy as np

    import landbridge

    print(f"machine: {platform.machine()} {platform.processor() or ''} cores={os.cpu_count()} "
          f"python={platform.python_version()} numpy={np.__version__} "
          f"landbridge={landbridge.__version__} {platform.platform()}")
    port = _free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen(
            [sys.executable, "-c", _SERVER, os.path.join(folder, "bench.sqlite3"), str(port),
             "0" if args.no_cache else "512", args.workers])
        try:
            print(f"service: http://{HOST}:{port} (one uvicorn process, planner processes: "
                  f"{args.workers}), answer cache {'off' if args.no_cache else 'on'}")
            asyncio.run(_run(port, args.clients, args.seconds, args.mix, server.pid))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
