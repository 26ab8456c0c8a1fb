"""What a cold ``landbridge`` process imports: only what its command needs.

Each command runs through the console script's entry point in a fresh interpreter (with the
disk cache filled by an earlier process, as after a first run), which then reports the
modules it loaded. A module listed here is one the command can do without; importing it would
cost every cold start its import time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import landbridge
from landbridge.cache import CACHE_DIR_VARIABLE

_PROBE = """
import sys
from landbridge.cli import main

sys.argv = ["landbridge", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""

#: Libraries no command below needs: the sea network's (read once into the disk cache), the
#: fallback search's, the tables' and the output's of other commands, and pydantic (typer's
#: conversion of option values, which the CLI does itself for plain values).
_NEVER = ("searoute", "networkx", "scipy", "pandas", "matplotlib", "fastapi", "dask",
          "pydantic", "landbridge.network.validate", "landbridge.api")

_ROUTE = ["route", "Kostanay", "Cai Mep", "--cargo", "wheat", "--samples", "500", "--json"]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a process that finds the disk cache filled."""
    source = str(Path(landbridge.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH")) if p)
    environ = {**os.environ, CACHE_DIR_VARIABLE: str(tmp_path_factory.mktemp("cache")),
               "PYTHONPATH": path}
    _modules(_ROUTE, environ)  # the first run fills the cache
    return environ


def _modules(argv: list[str], env: dict[str, str]) -> set[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], env=env, capture_output=True,
                          text=True, check=True)
    return set(done.stderr.split())


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if name in modules]


def test_a_cold_route_imports_neither_the_sea_search_nor_the_checks_nor_rich(
        env: dict[str, str]) -> None:
    modules = _modules(_ROUTE, env)
    assert "landbridge.planning.routes" in modules  # the probe ran the route
    assert _loaded(modules, (*_NEVER, "rich", "yaml", "simpy", "landbridge.terminal",
                             "landbridge.scenario.load", "landbridge.planning.batch",
                             "landbridge.planning.compare", "landbridge.cli.simulate")) == []


def test_simulate_imports_no_network_or_planner(env: dict[str, str]) -> None:
    short = ["simulate", "--days", "5", "--replications", "2", "--json"]
    assert "yaml" in _modules(short, env)  # the first run parses the bundled station
    modules = _modules(short, env)
    assert "simpy" in modules
    assert _loaded(modules, (*_NEVER, "rich", "yaml", "landbridge.network",
                             "landbridge.planning", "landbridge.routing",
                             "landbridge.cli.routes")) == []


def test_help_imports_no_numpy(env: dict[str, str]) -> None:
    modules = _modules(["--help"], env)
    assert _loaded(modules, (*_NEVER, "numpy", "rich", "landbridge.network")) == []
