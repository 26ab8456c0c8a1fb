"""The hand-solvable network of the flow tests, reused: two crossings from A to M.

    A (origin, KZ) --100 km-- B1 (border, cap 60 t) --100 km-- M (market, UZ)
    A              --150 km-- B2 (border, no cap)   --150 km-- M

Rail 0.01 USD/tkm at 600 km/day; loading 1, border 2, unloading 1 USD/t, 1 h each; wheat's value
of time 200 USD/t x 0.6%/day = 1.2 USD/t-day = 0.05 USD/t-h. So via B1: freight 6 USD/t in 11 h,
generalised 6.55; via B2: 7 USD/t in 15 h, generalised 7.75.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from landbridge.network.load import load_network
from landbridge.network.network import Network
from tests.flows.conftest import tiny_network  # noqa: F401  (the fixture, re-exported)


@pytest.fixture
def tiny(tiny_network: Path) -> Network:  # noqa: F811
    return load_network(tiny_network)
