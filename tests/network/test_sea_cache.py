"""The sea tables kept on disk: the same answers as a fresh search, rebuilt when a key changes
or an entry is damaged, and a process that finds them imports neither searoute nor networkx
(nor scipy: its route searches run in Python when scipy is not loaded)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import landbridge
from landbridge.cache import CACHE_DIR_VARIABLE
from landbridge.model.modes import Passage
from landbridge.network.network import Network
from landbridge.network.sea import SeaNetwork, _path, sea_network
from landbridge.routing.graph import sea_ports

_CLOSURES = [frozenset(), frozenset({Passage.SUEZ}), frozenset({Passage.BOSPORUS}),
             frozenset({Passage.MALACCA, Passage.SUNDA})]


@pytest.mark.parametrize("closed", _CLOSURES)
def test_table_passages_are_those_of_the_walked_voyage(network: Network,
                                                       closed: frozenset[Passage]) -> None:
    sea = sea_network()
    ports = sea_ports(network)
    table = sea.table(ports, closed=closed)
    edge_passage = sea._edge_passage
    for i, j in itertools.permutations(range(len(ports)), 2):
        if not np.isfinite(table.distance_km[i, j]):
            continue
        nodes = _path(table, i, j)
        walked = {edge_passage.get((min(x, y), max(x, y))) for x, y in itertools.pairwise(nodes)}
        assert table.passages(i, j) == frozenset(p for p in walked if p is not None)


def test_a_stored_table_gives_the_same_voyages(network: Network, tmp_path: Path) -> None:
    ports = sea_ports(network)[:8]
    closed = frozenset({Passage.SUEZ})
    first = SeaNetwork.from_searoute(cache=tmp_path)
    fresh = first.table(ports, closed=closed)
    assert len(list(tmp_path.glob("sea-*.npz"))) == 1
    again = SeaNetwork.from_searoute(cache=tmp_path)
    stored = again.table(ports, closed=closed)
    assert stored.ports == fresh.ports
    assert np.array_equal(stored.distance_km, fresh.distance_km)
    assert np.array_equal(stored.passage_mask, fresh.passage_mask)
    a, b = ports[0], ports[5]
    assert again.leg(ports, a, b, closed=closed) == first.leg(ports, a, b, closed=closed)


def test_another_passage_set_or_port_set_is_another_entry(network: Network,
                                                          tmp_path: Path) -> None:
    sea = SeaNetwork.from_searoute(cache=tmp_path)
    ports = sea_ports(network)
    sea.table(ports[:5])
    sea.table(ports[:5], closed=frozenset({Passage.SUEZ}))
    sea.table(ports[:6])
    assert len(list(tmp_path.glob("sea-*.npz"))) == 3


def test_a_damaged_entry_is_rebuilt(network: Network, tmp_path: Path) -> None:
    ports = sea_ports(network)[:5]
    expected = SeaNetwork.from_searoute(cache=tmp_path).table(ports).distance_km
    for entry in tmp_path.glob("*.npz"):
        entry.write_bytes(b"not an archive")
    rebuilt = SeaNetwork.from_searoute(cache=tmp_path).table(ports).distance_km
    assert np.array_equal(rebuilt, expected)
    assert SeaNetwork.from_searoute(cache=tmp_path).table(ports).ports == tuple(
        p.id for p in ports)


def test_an_unwritable_cache_only_costs_time(network: Network, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache directory should be")
    ports = sea_ports(network)[:4]
    table = SeaNetwork.from_searoute(cache=blocked / "cache").table(ports)
    assert table.distance_km.shape == (4, 4)


_PROBE = """
import sys
from landbridge.planning import RouteRequest, plan_routes
plan = plan_routes(RouteRequest(origin="Kostanay", destination="Cai Mep", commodity="wheat",
                                samples=200))
assert plan.routes and any(leg.track for leg in plan.best.legs if leg.mode == "sea")
print(" ".join(m for m in ("searoute", "networkx", "scipy") if m in sys.modules))
"""


def test_a_process_that_finds_the_cache_imports_no_searoute_networkx_or_scipy(
        tmp_path: Path) -> None:
    source = str(Path(landbridge.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, CACHE_DIR_VARIABLE: str(tmp_path), "PYTHONPATH": path}
    first = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                           text=True, check=True)
    assert "searoute" in first.stdout.split()  # the first process reads searoute's network
    second = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                            text=True, check=True)
    assert second.stdout.split() == []
