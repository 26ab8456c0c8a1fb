"""The Lianyungang bulk port dwell in hub_operations.csv is what the station twin gives."""

from __future__ import annotations

import pytest

from landbridge.model.cargo import Unit
from landbridge.model.operations import Operation
from landbridge.network.network import Network
from landbridge.terminal import load_station, port_dwell, simulate


def test_lianyungang_bulk_dwell_is_the_simulated_one(network: Network) -> None:
    row = next(op for op in network.operations if op.place == "CNLYG"
               and op.operation is Operation.RAIL_TO_SHIP and op.unit is Unit.BULK)
    mean, p90 = port_dwell(simulate(load_station(), days=365, replications=10, seed=0), "bulk")
    assert row.hours_mean == pytest.approx(mean, abs=0.1)
    assert row.hours_p90 == pytest.approx(p90, abs=0.1)
    assert "landbridge simulate" in row.source
