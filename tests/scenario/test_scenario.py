"""Scenario files: names resolve; every malformed file names its line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from landbridge.errors import ScenarioError
from landbridge.planning import RouteRequest, plan_routes
from landbridge.scenario import load_scenario, parse_scenario

EXAMPLES = Path(__file__).parents[2] / "examples" / "scenarios"

GOOD = """\
name: t
supply:
  - {origin: Kostanay, commodity: wheat, tonnes: 2_000_000}
demand:
  - {market: Cai Mep, commodity: wheat, tonnes: 1000000}
capacity:
  - {element: Dostyk, tonnes_per_year: 25000000}
  - {element: Kuryk -- Alat, tonnes_per_year: 5000000}
closures:
  - {element: Dostyk, days: 30}
avoid: [Red Sea]
multipliers: {tariff: {rail: 1.1, "rail:KZ": 0.9}}
"""


SCENARIOS = sorted(p for p in EXAMPLES.glob("*.yaml") if not p.name.startswith("sweep_"))
SWEEPS = sorted(EXAMPLES.glob("sweep_*.yaml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_example_scenarios_parse(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.supply
    assert scenario.demand


@pytest.mark.parametrize("path", SWEEPS, ids=lambda p: p.name)
def test_example_sweeps_parse(path: Path) -> None:
    from landbridge.sweeps import load_sweep

    spec = load_sweep(path)
    assert len(spec.variants) >= 10


def test_names_resolve_to_ids() -> None:
    s = parse_scenario(GOOD)
    assert s.supply[0].origin == "KZKSN"
    assert s.capacity[1].element.count("--") == 1
    assert s.closures[0].days == 30
    assert s.multipliers.factor("tariff", "rail", "KZ") == 0.9
    assert s.multipliers.factor("tariff", "rail", "CN") == 1.1


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message"),
    [
        ("tonnes: 2_000_000", "tonnes: -5", 3, "supply[0].tonnes",
         "must be a number greater than 0 and at most 1e+10; got -5"),
        ("Kostanay", "Kostanaj", 3, "supply[0].origin", "did you mean Kostanay"),
        ("Kuryk -- Alat", "Kuryk -- Poti", 8, "capacity[1].element", "no link joins Kuryk"),
        ("days: 30", "days: 400", 10, "closures[0].days", "at most 365"),
        ("closures:", "closure:", 9, "closure", "did you mean 'closures'"),
        ("commodity: wheat, tonnes: 2", "commodity: caviar, tonnes: 2", 3,
         "supply[0].commodity", "unknown commodity 'caviar'"),
        ('"rail:KZ"', "air", 12, "multipliers.tariff.air", "mode:COUNTRY"),
        ("- {market", "-{market: x", 5, None, "not valid YAML"),
    ],
)
def test_malformed_scenario_names_line_and_field(
    old: str, new: str, line: int, field: str | None, message: str
) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(GOOD.replace(old, new, 1), file="s.yaml")
    problem = info.value.problem
    assert (problem.file, problem.line, problem.field) == ("s.yaml", line, field)
    assert message in str(info.value)


def test_missing_demand_for_a_supplied_commodity() -> None:
    text = GOOD.replace("demand:", "  - {origin: Shymkent, commodity: flour, tonnes: 5}\n"
                                   "demand:")
    with pytest.raises(ScenarioError, match="no market buys flour"):
        parse_scenario(text)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read it"):
        load_scenario(tmp_path / "nope.yaml")


def test_planner_accepts_a_scenario() -> None:
    closed = parse_scenario(GOOD.replace("days: 30", "days: 365"))
    plan = plan_routes(RouteRequest(origin="Kostanay", destination="Ho Chi Minh City",
                                    unit="container", samples=500, scenario=closed))
    for route in plan.routes:
        assert "Dostyk" not in route.corridor
    dearer = parse_scenario(GOOD.replace('rail: 1.1, "rail:KZ": 0.9', "sea: 2"))
    base = plan_routes(RouteRequest(origin="Novorossiysk", destination="Cai Mep", samples=500))
    more = plan_routes(RouteRequest(origin="Novorossiysk", destination="Cai Mep", samples=500,
                                    scenario=dearer))
    assert more.best.cost_usd_per_t > base.best.cost_usd_per_t


def test_nested_aliases_do_not_blow_up() -> None:
    levels = ["a0: &a0 [1, 2, 3, 4, 5, 6, 7, 8]"]
    for i in range(1, 12):
        levels.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 8) + "]")
    text = "\n".join(levels) + "\nname: x\n"
    with pytest.raises(ScenarioError, match=r"over 100,000 values once its aliases"):
        parse_scenario(text)
