"""Routes a forwarder would accept: markets as people name them, "via" as a handling stop, no
absurd alternatives, and a default order by generalised cost."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landbridge.errors import CargoNotHandledError, NoRouteError, UnknownPlaceError
from landbridge.model.places import PlaceKind, Role
from landbridge.network.network import Network
from landbridge.planning import RouteRequest, compare_origins, plan_routes
from landbridge.planning.results import Route, RoutePlan
from landbridge.planning.sensible import BOUNDS


def plan(**kwargs: object) -> RoutePlan:
    kwargs.setdefault("samples", 500)
    return plan_routes(RouteRequest(**kwargs))  # type: ignore[arg-type]


def countries_in_order(route: Route) -> list[str]:
    """The countries a route runs through, in order, crossings left out."""
    out: list[str] = []
    for place in route.via:
        if place.kind is PlaceKind.BORDER:
            continue
        if not out or out[-1] != place.country:
            out.append(place.country)
    return out


def handled_at(route: Route, place_id: str) -> bool:
    return any(leg.mode == "transfer" and leg.start.id == place_id for leg in route.legs)


# --- markets and gateways as people name them ---------------------------------------------


def test_wheat_to_ho_chi_minh_city_answers_and_names_the_terminal() -> None:
    result = plan(origin="Kostanay", destination="Ho Chi Minh City", commodity="wheat")
    assert result.destination.name == "Ho Chi Minh City"
    assert {p.id for p in result.destination.members} == {"VNSGN", "VNCMT"}
    for route in result.routes:
        assert route.end.id in {"VNSGN", "VNCMT"}
        assert route.unit in {"bulk", "container"}
        if route.unit == "bulk":
            assert route.end.id == "VNCMT"  # Cat Lai takes no bulk
    assert result.to_dict()["routes"][0]["terminal"]["id"] == result.best.end.id


def test_a_country_is_its_markets() -> None:
    result = plan(origin="Kostanay", destination="Vietnam", commodity="wheat")
    assert {p.country for p in result.destination.members} == {"VN"}
    assert all(route.end.country == "VN" for route in result.routes)


def test_china_is_the_country_not_the_logistics_base(network: Network) -> None:
    area = network.area("China", role=Role.MARKET)
    assert area.kind.value == "country"
    assert all(p.country == "CN" for p in area.members)


def test_a_single_terminal_still_means_that_terminal() -> None:
    result = plan(origin="Kostanay", destination="Cai Mep", commodity="wheat")
    assert [p.id for p in result.destination.members] == ["VNCMT"]


def test_unknown_area_or_country_suggests_the_closest() -> None:
    with pytest.raises(UnknownPlaceError, match="Vietnam"):
        plan(origin="Kostanay", destination="Vietnamm")
    with pytest.raises(UnknownPlaceError, match="Ho Chi Minh City"):
        plan(origin="Kostanay", destination="Ho Chi Min City")


def test_an_area_none_of_whose_terminals_takes_the_cargo_says_so_per_terminal() -> None:
    with pytest.raises(CargoNotHandledError) as caught:
        plan(origin="Zhezkazgan", destination="Ho Chi Minh City", commodity="ore")
    assert len(caught.value.refusals) == 2


# --- via means the cargo is handled there ---------------------------------------------------


@pytest.mark.parametrize(("origin", "destination", "commodity"), [
    ("Astana", "Haiphong", "wheat"),
    ("Kostanay", "Ho Chi Minh City", "wheat"),
    ("Almaty", "Vietnam", "wheat"),
])
def test_every_route_via_lianyungang_is_handled_there(origin: str, destination: str,
                                                       commodity: str) -> None:
    result = plan(origin=origin, destination=destination, commodity=commodity,
                  via="Lianyungang")
    for route in result.routes:
        assert handled_at(route, "CNLYG"), route.summary
        assert sum(leg.mode == "sea" for leg in route.legs) <= 1


def test_via_the_destination_itself_is_satisfied() -> None:
    result = plan(origin="Zhezkazgan", destination="Lianyungang", commodity="ore",
                  via="Lianyungang")
    for route in result.routes:
        assert not any(leg.mode == "sea" for leg in route.legs), route.summary


def test_no_route_handled_at_a_via_place_says_so() -> None:
    with pytest.raises(NoRouteError, match="handled at") as caught:
        plan(origin="Kostanay", destination="Cai Mep", via="Singapore")  # ships do not call
    assert caught.value.field == "via"


# --- what a forwarder would list ------------------------------------------------------------


@pytest.mark.parametrize(("origin", "destination", "commodity"), [
    ("Kostanay", "Lianyungang", "wheat"),
    ("Almaty", "Lianyungang", "wheat"),
    ("Tashkent", "Shanghai", "cotton"),
    ("Zhezkazgan", "Lianyungang", "ore"),
])
def test_a_chinese_port_is_reached_by_rail_first(origin: str, destination: str,
                                                  commodity: str) -> None:
    result = plan(origin=origin, destination=destination, commodity=commodity)
    assert result.objective == "generalised"
    assert not any(leg.mode == "sea" for leg in result.best.legs), result.best.summary
    for route in result.routes:  # no coastal voyage between Chinese ports either
        assert not any(leg.mode == "sea" and leg.start.country == leg.end.country
                       for leg in route.legs), route.summary


def test_no_alternative_is_absurdly_long_or_worse_on_everything() -> None:
    result = plan(origin="Kalama", destination="Cai Mep", commodity="wheat")
    shortest = min(r.distance_km for r in result.routes)
    for route in result.routes:
        assert route.distance_km <= BOUNDS.max_detour * shortest
        assert "St. Petersburg" not in route.corridor


def test_default_order_is_generalised_cost_and_says_so() -> None:
    result = plan(origin="Kostanay", destination="Ho Chi Minh City", commodity="wheat")
    costs = [r.generalised_usd_per_t for r in result.routes]
    assert costs == sorted(costs)
    assert "generalised cost" in result.order
    assert result.value_of_time == pytest.approx(191 * 0.006)  # 0.6% of USD 191/t a day


def test_default_shipment_is_one_consignment_of_the_unit() -> None:
    result = plan(origin="Kostanay", destination="Ho Chi Minh City", commodity="wheat",
                  unit="container")
    assert result.tonnes is None
    assert result.best.tonnes == 20
    assert "container" in result.best.consignment
    bulk = plan(origin="Kostanay", destination="Cai Mep", commodity="wheat", unit="bulk")
    assert "block train" in bulk.best.consignment
    assert bulk.to_dict()["routes"][0]["shipment_cost_usd"] == pytest.approx(
        bulk.best.cost_usd_per_t * bulk.best.tonnes, abs=1)


@pytest.fixture(scope="module")
def triples(network: Network) -> list[tuple[str, str, str]]:
    origins = [p.id for p in network.with_role(Role.ORIGIN)]
    markets = [p.id for p in network.with_role(Role.MARKET)]
    return [(o, m, c) for o in origins for m in markets for c in network.commodities
            if o != m]


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_route_visits_a_place_twice_or_re_enters_a_country(
        data: st.DataObject, triples: list[tuple[str, str, str]]) -> None:
    origin, market, commodity = data.draw(st.sampled_from(triples))
    try:
        result = plan(origin=origin, destination=market, commodity=commodity, samples=200)
    except NoRouteError:
        return
    for route in result.routes:
        ids = [p.id for p in route.via]
        assert len(ids) == len(set(ids)), route.summary
        order = countries_in_order(route)
        assert len(order) == len(set(order)), (route.summary, order)
        assert sum(leg.mode == "sea" for leg in route.legs) <= 1


# --- comparing across units -----------------------------------------------------------------


def test_compare_mixes_units_and_drops_no_origin() -> None:
    result = compare_origins("Ho Chi Minh City", ["Kostanay", "Kwinana"], commodity="wheat",
                             unit="container", samples=500)
    rows = {row.origin.name: row for row in result.rows}
    assert set(rows) == {"Kostanay", "Kwinana"}
    kostanay, kwinana = rows["Kostanay"].route, rows["Kwinana"].route
    assert kostanay is not None and kostanay.unit == "container"
    assert kwinana is not None and kwinana.unit == "bulk"
    assert rows["Kwinana"].note == "Kwinana cannot load container"


def test_compare_via_routes_inland_origins_through_the_place_only() -> None:
    """The CGTN comparison: Kazakh wheat via the Lianyungang base against competitors, who
    sail direct from their ports (their rows say so)."""
    result = compare_origins("Ho Chi Minh City", ["Kostanay", "Kwinana", "Kalama"],
                             commodity="wheat", unit="container", via="Lianyungang",
                             samples=500)
    rows = {row.origin.name: row for row in result.rows}
    kostanay = rows["Kostanay"].route
    assert kostanay is not None and handled_at(kostanay, "CNLYG")
    assert rows["Kostanay"].note is None
    for name in ("Kwinana", "Kalama"):
        route = rows[name].route
        assert route is not None and not handled_at(route, "CNLYG")
        assert rows[name].note == (f"competitor port: sails direct, not via Lianyungang; "
                                   f"{name} cannot load container")


def test_compare_row_without_a_route_says_why() -> None:
    result = compare_origins("Ho Chi Minh City", ["Almaty", "Kwinana"], commodity="cotton",
                             samples=500)
    rows = {row.origin.name: row for row in result.rows}
    assert rows["Almaty"].route is not None
    assert rows["Kwinana"].route is None and "cannot load" in (rows["Kwinana"].reason or "")
    assert result.answered
