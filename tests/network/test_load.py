"""The bundled network loads, is complete, and every row is cited."""

from __future__ import annotations

import math

import pytest

import landbridge
from landbridge.data import read_table
from landbridge.model.modes import Mode
from landbridge.model.places import CargoClass, PlaceKind, Role, Waters
from landbridge.network.load import TABLES, check_network
from landbridge.network.network import Network

REQUIRED_PLACES = [
    # origins
    "Kostanay", "Petropavl", "Kokshetau", "Astana", "Pavlodar", "Karaganda", "Aktobe", "Oral",
    "Semey", "Almaty", "Taraz", "Shymkent", "Kyzylorda", "Atyrau", "Tashkent", "Bishkek",
    "Dushanbe", "Ashgabat",
    # junctions
    "Aktogay", "Moyynty", "Zhezkazgan", "Beyneu", "Shalkar", "Arys", "Zhetygen", "Saryagash",
    "Mangyshlak", "Zhanaozen", "Bolashak",
    # crossings
    "Dostyk", "Altynkol", "Sarakhs", "Akhalkalaki", "Brest",
    # China
    "Urumqi", "Jinghe", "Lanzhou", "Xi'an", "Zhengzhou", "Xuzhou", "Lianyungang", "Qingdao",
    "Tianjin", "Shanghai",
    # Caspian, Caucasus, Black Sea, south, Europe
    "Aktau", "Kuryk", "Alat", "Turkmenbashi", "Tbilisi", "Poti", "Batumi", "Kars", "Constanta",
    "Istanbul", "Mersin", "Novorossiysk", "Bandar Abbas", "Duisburg", "Rotterdam", "Hamburg",
    "St. Petersburg", "Ust-Luga",
    # markets
    "Haiphong", "Cat Lai", "Cai Mep", "Laem Chabang", "Jakarta", "Surabaya", "Manila",
    "Port Klang", "Singapore", "Chittagong", "Busan", "Mazar-i-Sharif",
    # competitors
    "Kwinana", "Newcastle", "Port Kembla", "Kalama", "Portland", "Houston", "Vancouver",
]


def test_bundled_network_passes_its_own_checks() -> None:
    assert check_network() == []


def test_load_is_cached_and_read_only(network: Network) -> None:
    assert landbridge.load_network() is network
    with pytest.raises(TypeError):
        network.places["XX-NEW"] = network.places[next(iter(network.places))]  # type: ignore[index]


@pytest.mark.parametrize("name", REQUIRED_PLACES)
def test_required_place_is_present(network: Network, name: str) -> None:
    assert network.place(name)


@pytest.mark.parametrize("table", TABLES)
def test_every_row_cites_a_source(table: str) -> None:
    rows = read_table(table).rows
    assert rows, f"{table} is empty"
    for line, row in rows:
        source = row["source"]
        assert source, f"{table} line {line} has no source"
        if source.lower().startswith("estimate"):
            assert source.lower().startswith("estimate:") and len(source) > len("estimate: x")


def test_every_link_is_at_least_the_great_circle(network: Network) -> None:
    from landbridge.network.geo import great_circle_km

    for link in network.links:
        a, b = network.places[link.a], network.places[link.b]
        assert link.distance_km + 15 >= great_circle_km(a.lat, a.lon, b.lat, b.lon), link.id


def test_gauge_breaks_are_where_the_gauges_meet(network: Network) -> None:
    for name in ("Dostyk", "Altynkol", "Brest"):
        place = network.place(name)
        modes = {link.mode for link in network.links_of(place.id)}
        assert {Mode.RAIL_1520, Mode.RAIL_1435} <= modes, name
        assert place.kind is PlaceKind.BORDER


def test_ports_say_which_waters(network: Network) -> None:
    for place in network.places.values():
        if place.kind is PlaceKind.PORT:
            assert place.waters is not None, place.id
    assert network.place("Aktau").waters is Waters.CASPIAN
    assert network.place("Lianyungang").waters is Waters.OCEAN


def test_roles_cover_origins_markets_and_competitors(network: Network) -> None:
    assert len(network.with_role(Role.ORIGIN)) >= 18
    assert len(network.with_role(Role.MARKET)) >= 15
    competitors = {p.country for p in network.with_role(Role.COMPETITOR)}
    assert {"AU", "US", "CA", "RU", "RO"} <= competitors


def test_mutton_is_reefer_only_and_wheat_can_be_containerised(network: Network) -> None:
    mutton, wheat = network.commodities["mutton"], network.commodities["wheat"]
    assert mutton.cargo_class() is CargoClass.REEFER
    assert {u.value for u in mutton.units} == {"reefer"}
    assert {u.value for u in wheat.units} >= {"bulk", "container"}


def test_numbers_are_finite(network: Network) -> None:
    for place in network.places.values():
        assert math.isfinite(place.lat) and math.isfinite(place.lon)
    for op in network.operations:
        assert op.hours_p90 >= op.hours_mean >= 0
