"""Sea legs over searoute's maritime network: ports sit on it, passages close as they should."""

from __future__ import annotations

import math

import pytest

from landbridge.model.modes import Passage
from landbridge.model.places import Waters
from landbridge.network.geo import great_circle_km
from landbridge.network.network import Network
from landbridge.network.sea import sea_network


def test_every_ocean_port_is_near_the_sea_lanes(network: Network) -> None:
    for place in network.places.values():
        if place.waters is Waters.OCEAN:
            _, km = sea_network().snap(place)
            assert km < 150, f"{place.name} is {km:.0f} km from the maritime network"


def test_voyages_are_no_shorter_than_the_great_circle(network: Network) -> None:
    ports = [p for p in network.places.values() if p.waters is Waters.OCEAN]
    matrix = sea_network().distances(ports)
    for i, a in enumerate(ports):
        for j, b in enumerate(ports):
            if i != j:
                assert matrix[i, j] + 1 >= great_circle_km(a.lat, a.lon, b.lat, b.lon)


def test_known_distance_lianyungang_to_cat_lai(network: Network) -> None:
    ports = [network.place("Lianyungang"), network.place("Cat Lai")]
    km = sea_network().distances(ports)[0, 1]
    # searoute.searoute() itself gives 3,565 km between these ports; ours adds the port approaches
    assert 3_400 < km < 3_800


@pytest.mark.parametrize(("closed", "must_avoid"), [
    (Passage.BAB_EL_MANDEB, "bab-el-mandeb"), (Passage.SUEZ, "suez"),
])
def test_closing_a_passage_reroutes(network: Network, closed: Passage, must_avoid: str) -> None:
    ports = [network.place("Novorossiysk"), network.place("Cai Mep")]
    sea = sea_network()
    open_leg = sea.leg(ports, ports[0], ports[1])
    shut_leg = sea.leg(ports, ports[0], ports[1], closed=frozenset({closed}))
    assert open_leg is not None
    assert shut_leg is not None
    assert closed in open_leg.passages
    assert closed not in shut_leg.passages
    assert shut_leg.distance_km > open_leg.distance_km
    assert must_avoid == closed.value


def test_closing_the_bosporus_cuts_the_black_sea_off(network: Network) -> None:
    ports = [network.place("Novorossiysk"), network.place("Cai Mep")]
    assert sea_network().leg(ports, ports[0], ports[1],
                             closed=frozenset({Passage.BOSPORUS})) is None
    assert math.isinf(sea_network().distances(
        ports, closed=frozenset({Passage.BOSPORUS}))[0, 1])


# Published sailing distances (nautical miles) our sea legs should reproduce.
PUBLISHED = [
    # Notteboom, Pallis & Rodrigue, "Port Economics, Management and Policy", page "Routing
    # Options between Shanghai, Rotterdam and New York" (about 10,600 nm via Suez, 13,800 nm
    # via the Cape of Good Hope)
    ("Shanghai", "Rotterdam", frozenset(), 10_600, 0.03),
    ("Shanghai", "Rotterdam", frozenset({Passage.SUEZ}), 13_800, 0.04),
    # a cruise ship's published leg distances (agretirednomads.blogspot.com, April 2013): a
    # weaker source, so a wider band; Phu My stands for Cai Mep (same river mouth)
    ("Laem Chabang", "Singapore", frozenset(), 802, 0.05),
    ("Cai Mep", "Laem Chabang", frozenset(), 607, 0.05),
]


@pytest.mark.parametrize(("a", "b", "closed", "nm", "tolerance"), PUBLISHED)
def test_sea_legs_match_published_distances(
    network: Network, a: str, b: str, closed: frozenset[Passage], nm: float, tolerance: float
) -> None:
    ports = [network.place(a), network.place(b)]
    ours = sea_network().distances(ports, closed=closed)[0, 1] / 1.852
    assert ours == pytest.approx(nm, rel=tolerance)
