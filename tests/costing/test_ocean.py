"""The bulk voyage estimate and container lane rates (costing/ocean.py), piece by piece."""

from __future__ import annotations

from pathlib import Path

import pytest

from landbridge.costing.ocean import (
    DEFAULT_BULK_CLASS,
    KNOT_KM_PER_H,
    Charge,
    bulk_voyage,
    container_usd_per_teu,
    lane_vessel_class,
    ocean_tables,
)
from landbridge.costing.rates import Rates
from landbridge.errors import NetworkDataError
from landbridge.model.cargo import Unit
from landbridge.model.modes import Passage
from landbridge.model.places import CargoClass
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.routing.graph import EdgeKind, GraphKey, compile_graph
from tests.conftest import EditRow


@pytest.mark.parametrize(("origin", "destination", "expected"), [
    ("CNLYG", "VNHPH", "handysize"),   # Haiphong's river channel limits the lane
    ("VNHPH", "CNLYG", "handysize"),
    ("CNLYG", "VNCMT", "panamax"),     # both take panamaxes
    ("USKAM", "JPYOK", "panamax"),
    ("RUNVS", "TRMER", "supramax"),    # Mersin has no row: the default
    (None, None, DEFAULT_BULK_CLASS),
])
def test_a_lane_takes_the_smaller_of_its_port_limits(origin: str | None,
                                                     destination: str | None,
                                                     expected: str) -> None:
    assert lane_vessel_class(origin, destination) == expected


def test_the_parts_add_up_and_commission_is_its_share_of_freight(network: Network) -> None:
    leg = bulk_voyage(network, 12_899, origin="RUNVS", destination="VNCMT",
                      passages={Passage.SUEZ, Passage.BOSPORUS, Passage.MALACCA})
    parts = (leg.hire_usd + leg.fuel_usd + leg.port_calls_usd + leg.passages_usd
             + leg.war_risk_usd)
    assert leg.war_risk_usd > 0  # Novorossiysk is in the war-risk listed area
    assert leg.commission_usd == pytest.approx(
        network.parameter("bulk_commission_share") * (parts + leg.commission_usd))
    assert leg.usd_per_t * leg.parcel_t == pytest.approx(parts + leg.commission_usd)


@pytest.mark.parametrize(("origin", "destination", "calls"), [
    ("RUNVS", "VNCMT", 1),   # loads at Novorossiysk
    ("TRMER", "RUNVS", 1),   # discharges there
    ("UAODS", "VNCMT", 0),   # Odesa has no row (no level published, only an upper bound)
    ("CNLYG", "VNCMT", 0),
])
def test_a_call_in_a_war_risk_area_pays_its_share_of_the_hull_value(
        network: Network, origin: str, destination: str, calls: int) -> None:
    tables = ocean_tables()
    leg = bulk_voyage(network, 5_000, origin=origin, destination=destination)
    premium = tables.war_risk_share.get("RUNVS", 0.0) * tables.class_hull_value_usd[
        leg.vessel_class]
    assert leg.war_risk_usd == pytest.approx(calls * premium)
    assert tables.war_risk_share["RUNVS"] == pytest.approx(0.00275)  # Marsh, 2024-25 level
    # the premium is freight like any other part: commission is charged on it too
    assert leg.usd_per_t * leg.parcel_t == pytest.approx(leg.total_usd)


def test_only_tolled_passages_add_a_toll(network: Network) -> None:
    charges = ocean_tables().charges
    plain = bulk_voyage(network, 10_000, origin="RUNVS", destination="VNCMT")
    malacca = bulk_voyage(network, 10_000, origin="RUNVS", destination="VNCMT",
                          passages={Passage.MALACCA, Passage.BAB_EL_MANDEB})
    suez = bulk_voyage(network, 10_000, origin="RUNVS", destination="VNCMT",
                       passages={Passage.SUEZ, Passage.BOSPORUS})
    assert malacca.usd_per_t == plain.usd_per_t
    tolls = charges[(Charge.SUEZ, "panamax")] + charges[(Charge.TURKISH_STRAITS, "panamax")]
    assert suez.passages_usd == pytest.approx(tolls)
    assert suez.usd_per_t > plain.usd_per_t


def test_a_port_caps_the_parcel(network: Network) -> None:
    pnw = bulk_voyage(network, 8_000, origin="USKAM", destination="JPYOK")
    open_lane = bulk_voyage(network, 8_000, origin="CNLYG", destination="VNCMT")
    assert pnw.parcel_t == ocean_tables().port_parcel_t["USKAM"] < open_lane.parcel_t


@pytest.mark.parametrize(("origin", "destination"), [("CNLYG", "VNCMT"), ("CNLYG", "VNHPH")])
def test_freight_grows_with_distance(network: Network, origin: str, destination: str) -> None:
    costs = [bulk_voyage(network, km, origin=origin, destination=destination).usd_per_t
             for km in (500, 2_000, 8_000, 20_000)]
    assert costs == sorted(costs)
    assert costs[0] > 0


def test_a_handysize_lane_costs_more_per_tonne_than_a_panamax_lane(network: Network) -> None:
    small = bulk_voyage(network, 3_600, origin="CNLYG", destination="VNHPH")
    large = bulk_voyage(network, 3_600, origin="CNLYG", destination="VNCMT")
    assert small.usd_per_t > large.usd_per_t


def test_bulk_distance_must_be_finite(network: Network) -> None:
    with pytest.raises(ValueError, match="finite"):
        bulk_voyage(network, float("nan"))


def test_container_lanes_use_the_published_rate_else_the_fit(network: Network) -> None:
    assert container_usd_per_teu(network, 4_091, origin="CNSHA",
                                 destination="SGSIN") == ocean_tables().container_lanes[
                                     ("CNSHA", "SGSIN")]
    fitted = (network.parameter("container_usd_per_teu_fixed")
              + network.parameter("container_usd_per_teu_km") * 3_000)
    assert container_usd_per_teu(network, 3_000, origin="CNLYG",
                                 destination="VNSGN") == pytest.approx(fitted)
    # a published lane is one-way: the backhaul keeps the fit
    assert container_usd_per_teu(network, 4_091, origin="SGSIN", destination="CNSHA") == (
        pytest.approx(network.parameter("container_usd_per_teu_fixed")
                      + network.parameter("container_usd_per_teu_km") * 4_091))


@pytest.mark.parametrize(("origin", "destination", "vessel_class"), [
    ("RUNVS", "VNCMT", "panamax"),     # quoted at 14 kn
    ("RUNVS", "TRMER", "supramax"),    # quoted at 13.5 kn
    ("CNLYG", "VNHPH", "handysize"),
])
def test_a_bulk_carrier_sails_at_the_fleet_speed_and_is_priced_at_its_quoted_one(
        network: Network, origin: str, destination: str, vessel_class: str) -> None:
    operating = network.parameter("bulk_operating_knots")
    quoted = next(v for v in network.vessels if v.vessel_class == vessel_class).speed_knots
    assert operating < quoted
    figures = Rates(network, Unit.BULK).ocean(3_000, origin=origin, destination=destination)
    assert figures.hours_mean == pytest.approx(3_000 / (operating * KNOT_KM_PER_H))
    assert figures.hours_p90 == pytest.approx(
        figures.hours_mean * network.parameter("moving_time_p90_ratio"))
    voyage = bulk_voyage(network, 3_000, origin=origin, destination=destination)
    assert voyage.vessel_class == vessel_class
    assert figures.cost == pytest.approx(voyage.usd_per_t)


def test_a_slower_fleet_lengthens_bulk_voyages_and_leaves_their_price(
        network: Network, edit_table: EditRow, data_copy: Path) -> None:
    def slower(rows: list[dict[str, str]]) -> None:
        next(r for r in rows if r["key"] == "bulk_operating_knots")["value"] = "9"

    before = Rates(network, Unit.BULK).ocean(9_000, origin="RUNVS", destination="VNCMT")
    edit_table("parameters.csv", slower)
    after = Rates(load_network(data_copy), Unit.BULK).ocean(
        9_000, origin="RUNVS", destination="VNCMT")
    assert after.hours_mean == pytest.approx(9_000 / (9 * KNOT_KM_PER_H))
    assert after.hours_mean > before.hours_mean
    assert after.cost == before.cost


def test_rates_ocean_converts_boxes_to_tonnes(network: Network) -> None:
    rates = Rates(network, Unit.CONTAINER)
    figures = rates.ocean(4_091, origin="CNSHA", destination="SGSIN")
    assert figures.cost == pytest.approx(
        ocean_tables().container_lanes[("CNSHA", "SGSIN")]
        / network.parameter("container_t_per_teu"))
    reefer = Rates(network, Unit.REEFER).ocean(4_091, origin="CNSHA", destination="SGSIN")
    assert reefer.cost == pytest.approx(figures.cost * network.parameter("reefer_sea_factor"))


def test_sea_edges_know_their_passages_and_pay_their_tolls(network: Network) -> None:
    graph = compile_graph(network, GraphKey(cargo=CargoClass.BULK_GRAIN, unit=Unit.BULK))
    edges = {(e.a, e.b): e for e in graph.edges if e.kind is EdgeKind.SEA}
    black_sea = edges[("RUNVS", "VNCMT")]
    assert {Passage.SUEZ, Passage.BOSPORUS} <= black_sea.passages
    expected = bulk_voyage(network, black_sea.distance_km, origin="RUNVS", destination="VNCMT",
                           passages=black_sea.passages)
    assert black_sea.figures.cost == pytest.approx(expected.usd_per_t)
    assert edges[("CNLYG", "VNCMT")].passages == frozenset()


def test_a_broken_ocean_table_reports_every_problem(edit_table: EditRow,
                                                    data_copy: Path) -> None:
    def damage(rows: list[dict[str, str]]) -> None:
        rows[0]["max_bulk_class"] = "capesize"
        rows[1]["source"] = ""

    edit_table("port_limits.csv", damage)
    with pytest.raises(NetworkDataError) as caught:
        ocean_tables(data_copy)
    fields = sorted(p.field or "" for p in caught.value.problems)
    assert fields == ["max_bulk_class", "source"]


def test_a_war_risk_share_that_is_not_a_share_is_refused(edit_table: EditRow,
                                                         data_copy: Path) -> None:
    def damage(rows: list[dict[str, str]]) -> None:
        rows[0]["hull_share"] = "1.5"

    edit_table("war_risk_ports.csv", damage)
    with pytest.raises(NetworkDataError) as caught:
        ocean_tables(data_copy)
    assert [p.field for p in caught.value.problems] == ["hull_share"]
    assert "not a share of the hull value" in str(caught.value)
