"""`validate`: observations through the planner, model values, errors and the summary."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landbridge.cli import app
from landbridge.errors import DataError, NetworkDataError
from landbridge.model.modes import RailService
from landbridge.planning.request import RouteRequest
from landbridge.planning.routes import plan_routes
from landbridge.validation import (
    BUNDLED_OBSERVATIONS,
    Family,
    Quantity,
    load_observations,
    validate,
)
from landbridge.validation.measure import pieces_of
from landbridge.validation.report import request_of
from tests.validation.conftest import FIXTURE, WriteObservations

#: The share of the bundled observations whose model value must lie in the published range:
#: the level reached (48 of 81 = 0.593, Dec 2026, with three China <-> Southeast Asia liner times;
#: 46 of 78 with the war-risk premium at Novorossiysk, 45 before it, 35 of 61 = 0.574 before
#: the 2022-2025 rows; issue 10 asks for 0.85), so that a change that makes the model worse
#: fails here. Raise it as the model improves.
VALIDATION_FLOOR = 0.59

BUNDLED_PRESENT = resources.files("landbridge.data").joinpath(BUNDLED_OBSERVATIONS).is_file()


def _by_id(report):  # type: ignore[no-untyped-def]
    return {row.observation.id: row for row in report.rows}


def test_loads_the_test_table_as_typed_records() -> None:
    observations = load_observations(FIXTURE)
    assert len(observations) == 6
    first = observations[0]
    assert first.family is Family.CHINA_PORTS_SEA
    assert first.quantity is Quantity.DISTANCE_KM
    assert first.segment == ("Lanzhou", "Lianyungang")
    assert (first.low, first.value, first.high, first.year) == (1640, 1726, 1812, 2020)
    assert first.file == str(FIXTURE) and first.line == 2
    assert observations[2].via == "Dostyk"


def test_bad_rows_name_file_line_and_field(write_observations: WriteObservations) -> None:
    good = {"id": "a", "family": "iran", "quantity": "days", "origin": "Almaty",
            "destination": "Tashkent", "cargo": "wheat", "value": 5, "low": 4, "high": 6,
            "source": "estimate: test"}
    path = write_observations([
        good,
        {**good, "id": "b", "family": "south"},
        {**good, "id": "c", "low": 7, "quantity": "hours"},
        {**good, "id": "d", "source": "", "segment_from": "Almaty"},
        {**good, "id": "a", "year": "2024.5"},
    ])
    with pytest.raises(NetworkDataError) as info:
        load_observations(path)
    messages = {str(p) for p in info.value.problems}
    at = str(path)
    assert f"{at}, line 3, field 'family': 'south' is not one of china_central_asia, " \
           "china_ports_sea, middle_corridor, northern, iran, competitor_ocean" in messages
    assert f"{at}, line 4, field 'low': 7 is above the value 5" in messages
    assert any(m.startswith(f"{at}, line 4, field 'quantity': 'hours'") for m in messages)
    assert any(m.startswith(f"{at}, line 5, field 'source': is empty") for m in messages)
    assert f"{at}, line 5, field 'segment_to': give both ends of the segment, or neither " \
           "for the whole route" in messages
    assert f"{at}, line 6, field 'year': 2024.5 is not a whole year" in messages
    assert f"{at}, line 6, field 'id': 'a' repeats the id of line 2" in messages


def test_missing_columns_and_files_are_clear(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="file not found"):
        load_observations(tmp_path / "none.csv")
    (tmp_path / "short.csv").write_text("id,family\n", encoding="utf-8")
    with pytest.raises(NetworkDataError, match="field 'quantity': is missing"):
        load_observations(tmp_path / "short.csv")


def test_a_consignment_decides_the_train(  # type: ignore[no-untyped-def]
        network, write_observations: WriteObservations) -> None:
    # the same bulk question, once as one consignment (a block train) and once as 600 t
    # (wagonload, remarshalled in yards): the smaller lot rides the slower train
    row = {"family": "china_central_asia", "quantity": "days", "origin": "Kostanay",
           "destination": "Xi'an", "cargo": "wheat", "unit": "bulk", "via": "KZ-DOSTYK",
           "segment_from": "KZ-DOSTYK", "segment_to": "Lanzhou", "value": 7, "low": 5,
           "high": 9, "source": "estimate: test"}
    path = write_observations([{**row, "id": "block"}, {**row, "id": "lot", "tonnes": 600}])
    block, lot = load_observations(path)
    assert (block.tonnes, lot.tonnes) == (None, 600.0)
    rows = _by_id(validate((block, lot), network=network))
    assert rows["lot"].model > rows["block"].model
    assert rows["lot"].to_dict()["tonnes"] == 600.0
    lot_plan = plan_routes(request_of(lot), network=network)
    assert lot_plan.best.service == RailService.WAGONLOAD.describe
    block_plan = plan_routes(request_of(block), network=network)
    assert block_plan.best.service == RailService.BLOCK.describe


def test_a_consignment_must_be_positive(write_observations: WriteObservations) -> None:
    path = write_observations([{"id": "zero", "family": "iran", "quantity": "days",
                                "origin": "Almaty", "destination": "Tashkent", "cargo": "wheat",
                                "tonnes": 0, "value": 5, "low": 4, "high": 6,
                                "source": "estimate: test"}])
    with pytest.raises(NetworkDataError, match="field 'tonnes': 0 is not a positive consignment"):
        load_observations(path)


@pytest.mark.skipif(BUNDLED_PRESENT, reason="the bundled observations table is present")
def test_missing_bundled_table_says_so() -> None:
    with pytest.raises(DataError, match="bundled observations table is not in this version"):
        load_observations()


def test_validate_the_test_table(network) -> None:  # type: ignore[no-untyped-def]
    report = validate(load_observations(FIXTURE), network=network)
    rows = _by_id(report)
    # golden: the bundled link distances (Longhai chainage 1,759 km incl. the 33 km offset)
    assert rows["longhai-km"].model == pytest.approx(1759.0)
    assert rows["longhai-km"].within
    assert rows["lanxin-km"].model == pytest.approx(1904.0)
    assert rows["lanxin-km"].percent_error == pytest.approx(0.0)
    unanswered = rows["bulk-catlai"]
    assert unanswered.model is None and not unanswered.within
    assert "cannot unload wheat as bulk" in unanswered.message
    assert report.overall.count == 6
    assert report.share_within == sum(r.within for r in report.rows) / 6
    families = [s.family for s in report.by_family]
    assert families == ["china_central_asia", "china_ports_sea", "middle_corridor"]
    assert sum(s.count for s in report.by_family) == 6
    # the same rows grouped by kind of figure and by the figure's year
    assert [(s.family, s.count) for s in report.by_quantity] == [("days", 4), ("distance", 2)]
    assert [(s.family, s.count) for s in report.by_period] == [("2022 on", 1),
                                                               ("before 2022", 5)]
    for groups in (report.by_family, report.by_quantity, report.by_period):
        assert sum(s.within for s in groups) == report.overall.within
    payload = report.to_dict()
    assert payload["summary"]["count"] == 6
    assert payload["by_quantity"][1] == report.by_quantity[1].to_dict("quantity")
    assert payload["by_quantity"][1]["quantity"] == "distance"
    assert payload["by_period"][0]["period"] == "2022 on"
    assert payload["observations"][5]["message"] == unanswered.message


def test_segment_rules(network) -> None:  # type: ignore[no-untyped-def]
    """A segment A..B sums the movements from A to B and the operations between them; A..A is
    the hub operations at A; the whole route's pieces add up to the route."""
    report = validate(load_observations(FIXTURE), network=network)
    rows = _by_id(report)
    route = plan_routes(RouteRequest(origin="Almaty", destination="Lianyungang",
                                     commodity="wheat", unit="container", via="Dostyk"),
                        network=network).best
    at_dostyk = [leg.hours for leg in route.legs
                 if leg.mode == "transfer" and leg.start.id == "KZ-DOSTYK"]
    assert at_dostyk
    assert rows["dostyk-dwell"].model == pytest.approx(sum(at_dostyk) / 24.0)
    pieces = pieces_of(route, network)
    assert sum(p.distance_km for p in pieces) == pytest.approx(route.distance_km)
    assert sum(p.hours for p in pieces) == pytest.approx(sum(leg.hours for leg in route.legs))
    assert sum(p.cost_usd_per_t for p in pieces) == pytest.approx(route.freight_usd_per_t)


def test_a_merged_rail_leg_splits_at_the_places_it_passes(  # type: ignore[no-untyped-def]
        network, write_observations: WriteObservations) -> None:
    """Urumqi-Lianyungang is one rail leg through Lanzhou: its two parts add up to the whole,
    and a segment from the origin to the destination is the whole run."""
    base = {"family": "china_ports_sea", "quantity": "distance_km", "origin": "Urumqi",
            "destination": "Lianyungang", "cargo": "wheat", "unit": "container",
            "value": 3000, "low": 1, "high": 1e6, "source": "estimate: test"}
    path = write_observations([
        {**base, "id": "whole"},
        {**base, "id": "ends", "segment_from": "Urumqi", "segment_to": "Lianyungang"},
        {**base, "id": "west", "segment_from": "Urumqi", "segment_to": "Lanzhou"},
        {**base, "id": "east", "segment_from": "Lanzhou", "segment_to": "Lianyungang"},
        {**base, "id": "days-west", "quantity": "days", "segment_from": "Urumqi",
         "segment_to": "Lanzhou"},
        {**base, "id": "days-east", "quantity": "days", "segment_from": "Lanzhou",
         "segment_to": "Lianyungang"},
    ])
    rows = _by_id(validate(load_observations(path), network=network))
    assert rows["ends"].model == pytest.approx(rows["whole"].model)
    assert rows["west"].model + rows["east"].model == pytest.approx(rows["whole"].model)
    # one speed on the run: time splits like distance
    assert rows["days-west"].model / rows["days-east"].model == pytest.approx(
        rows["west"].model / rows["east"].model)


def test_a_segment_starting_with_a_sailing_counts_from_the_departure(  # type: ignore[no-untyped-def]
        network, write_observations: WriteObservations) -> None:
    """A liner's transit time runs from its departure: a segment that starts with the sailing
    leaves out the wait for it (half the interval between sailings, weekly by default), as it
    leaves out the loading; a wait for a ship further on is part of the run."""
    from landbridge.costing.rates import Rates
    from landbridge.model.cargo import Unit

    base = {"family": "china_ports_sea", "quantity": "days", "cargo": "general",
            "unit": "container", "value": 7, "low": 1, "high": 100, "source": "estimate: test"}
    path = write_observations([
        {**base, "id": "sailing", "origin": "Cat Lai", "destination": "Shanghai",
         "segment_from": "Cat Lai", "segment_to": "Shanghai"},
        {**base, "id": "journey", "origin": "Almaty", "destination": "Cai Mep",
         "via": "Lianyungang", "segment_from": "Almaty", "segment_to": "Cai Mep"},
    ])
    rows = _by_id(validate(load_observations(path), network=network))
    rates = Rates(network, Unit.CONTAINER)
    sailing = rows["sailing"]
    plan = plan_routes(request_of(sailing.observation), network=network)
    (sea,) = [leg for leg in plan.best.legs if leg.mode == "sea"]
    wait, _ = rates.liner_wait_hours(sea.start.id, sea.end.id)
    assert wait == pytest.approx(84.0)  # a weekly loop
    assert sailing.model == pytest.approx((sea.hours - wait) / 24.0)
    knots = network.parameter("liner_knots") * 1.852
    assert sailing.model == pytest.approx(
        sea.distance_km / knots * network.parameter("liner_detour_factor") / 24.0)
    # the sailing from Lianyungang is inside the journey: its wait stays in
    journey = rows["journey"]
    plan = plan_routes(request_of(journey.observation), network=network)
    pieces = pieces_of(plan.best, network)
    assert journey.model == pytest.approx(sum(p.hours for p in pieces[1:-1]) / 24.0)
    assert any(p.departure_wait_hours > 0 for p in pieces)


def test_container_freight_per_teu_and_feu(  # type: ignore[no-untyped-def]
        network, write_observations: WriteObservations) -> None:
    base = {"family": "china_ports_sea", "origin": "Almaty", "destination": "Lianyungang",
            "cargo": "wheat", "unit": "container", "value": 1000, "low": 1, "high": 1e6,
            "source": "estimate: test"}
    path = write_observations([
        {**base, "id": "t", "quantity": "freight_usd_per_t"},
        {**base, "id": "teu", "quantity": "freight_usd_per_teu"},
        {**base, "id": "feu", "quantity": "freight_usd_per_feu"},
        {**base, "id": "off", "quantity": "days", "segment_from": "Tashkent",
         "segment_to": "Lianyungang", "via": "Dostyk"},
        {**base, "id": "detour", "quantity": "days", "segment_from": "Tashkent",
         "segment_to": "Lianyungang"},
    ])
    rows = _by_id(validate(load_observations(path), network=network))
    per_teu = rows["t"].model * network.parameter("container_t_per_teu")
    assert rows["teu"].model == pytest.approx(per_teu)
    assert rows["feu"].model == pytest.approx(2 * per_teu)
    assert rows["off"].model is None
    assert "does not run from Tashkent to Lianyungang" in rows["off"].message
    # no listed route passes Tashkent: there is no such segment to measure, and the row says so
    assert rows["detour"].model is None
    assert "Tashkent" in rows["detour"].message


runner = CliRunner()


def test_cli_validate_json_and_family_filter() -> None:
    result = runner.invoke(app, ["validate", "--observations", str(FIXTURE), "--family",
                                 "middle_corridor", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [o["id"] for o in payload["observations"]] == ["kuryk-baku"]
    assert payload["by_family"][0]["family"] == "middle_corridor"


def test_cli_validate_table() -> None:
    result = runner.invoke(app, ["validate", "--observations", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "longhai-km" in result.stdout and "summary" in result.stdout
    for heading in ("by corridor family", "by kind of figure", "by year of the figure",
                    "before 2022"):
        assert heading in result.stdout
    assert "cannot unload wheat as bulk" in result.stdout


def test_cli_validate_bad_family_is_a_clear_error() -> None:
    result = runner.invoke(app, ["validate", "--observations", str(FIXTURE), "--family", "x"])
    assert result.exit_code == 2
    assert "unknown family 'x'" in result.stderr


@pytest.mark.skipif(not BUNDLED_PRESENT, reason="the bundled observations table is not there yet")
def test_bundled_observations_stay_within_their_published_range(network) -> None:  # type: ignore[no-untyped-def]
    report = validate(network=network)
    assert report.rows, "the bundled table is empty"
    assert {s.family for s in report.by_family} == {f.value for f in Family}
    assert report.share_within >= VALIDATION_FLOOR, json.dumps(
        [s.to_dict() for s in (*report.by_family, report.overall)], indent=1)
