"""A gateway sweep: one lever at one gateway moved across values on a local Dask cluster, the
gateway's catchment reported for each, and the catchment section of a sweep file checked."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from landbridge.catchment import Logit, catchment
from landbridge.catchment.levers import Lever, LeverSetting
from landbridge.cli import app
from landbridge.errors import ScenarioError
from landbridge.network.load import load_network
from landbridge.sweeps import load_sweep, run_sweep

BASE = """
name: boxes to Southeast Asia
supply:
  - {origin: Almaty, commodity: general, tonnes: 100000}
  - {origin: Tashkent, commodity: general, tonnes: 50000}
demand:
  - {market: Haiphong, commodity: general, tonnes: 60000}
  - {market: Jakarta, commodity: general, tonnes: 90000}
"""

SWEEP = """
name: Lianyungang dwell
base: base.yaml
output: out.csv
grid:
  dwell:Lianyungang: [-12, 0, 12, 48]
catchment:
  - {gateway: Lianyungang, cargo: [general], volumes: demand, scale: 10}
"""

KEY = "Lianyungang/general"


@pytest.fixture
def sweep_dir(tmp_path: Path) -> Path:
    (tmp_path / "base.yaml").write_text(BASE)
    (tmp_path / "sweep.yaml").write_text(SWEEP)
    return tmp_path


def test_a_dwell_sweep_runs_on_dask_and_a_longer_dwell_never_wins_more(sweep_dir: Path) -> None:
    spec = load_sweep(sweep_dir / "sweep.yaml")
    assert len(spec.variants) == 4 and spec.catchment[0].gateway == "Lianyungang"
    report = run_sweep(spec, workers=1)
    assert (report.ran, report.failed) == (4, 0)
    frame = pd.read_csv(spec.output).sort_values("param:dwell:Lianyungang")
    tonnes = frame[f"gateway_t:{KEY}"].tolist()
    assert tonnes == sorted(tonnes, reverse=True) and tonnes[0] > tonnes[-1]
    assert frame[f"beat_rival:{KEY}"].tolist() == sorted(frame[f"beat_rival:{KEY}"],
                                                         reverse=True)
    flows = frame[[f"beat_rival:{KEY}", f"only_route:{KEY}", f"lost:{KEY}"]].sum(axis=1)
    assert flows.nunique() == 1  # the lever moves wins to losses, never the flows served
    assert frame[f"gateway_share:{KEY}"].between(0.0, 1.0).all()


def test_the_sweep_row_matches_the_catchment_with_the_same_lever(sweep_dir: Path) -> None:
    from landbridge.sweeps.run import run_variants

    spec = load_sweep(sweep_dir / "sweep.yaml")
    variant = next(v for v in spec.variants if v.params["dwell:Lianyungang"] == 12.0)
    (row,) = run_variants(spec.base, [variant], (), spec.catchment)
    network = load_network()
    name, ids = "Lianyungang", frozenset(network.area("Lianyungang").ids)
    direct = catchment("Lianyungang", cargo=["general"], scenario=spec.base, volumes="demand",
                       logit=Logit(scale_usd_per_t=10.0), network=network,
                       levers=[LeverSetting(lever=Lever.DWELL, gateway=name, place_ids=ids,
                                            value=12.0)])
    assert row[f"gateway_t:{KEY}"] == pytest.approx(direct.tonnes)
    assert row[f"beat_rival:{KEY}"] == direct.counts()["beat_rival"]


def test_a_dwell_cut_below_zero_stops_at_zero() -> None:
    network = load_network()
    ids = frozenset(network.area("Lianyungang").ids)
    far = catchment("Lianyungang", cargo=["general"], markets=["Haiphong"], network=network,
                    levers=[LeverSetting(lever=Lever.DWELL, gateway="Lianyungang",
                                         place_ids=ids, value=-10_000.0)])
    near = catchment("Lianyungang", cargo=["general"], markets=["Haiphong"], network=network,
                     levers=[LeverSetting(lever=Lever.DWELL, gateway="Lianyungang",
                                          place_ids=ids, value=-720.0)])
    assert [f.share for f in far.flows] == [f.share for f in near.flows]
    assert all(f.via is not None and f.via.days > 0 for f in far.flows)


@pytest.mark.parametrize(("line", "needle"), [
    ("  dwell:Nowhere: [1, 2]", "Nowhere"),
    ("  frequency:Lianyungang: [0, 2]", "frequency:Lianyungang"),
    ("  dwell:Lianyungang: [-1000, 0]", "dwell:Lianyungang"),
])
def test_bad_gateway_levers_name_line_and_field(sweep_dir: Path, line: str,
                                                needle: str) -> None:
    (sweep_dir / "sweep.yaml").write_text(SWEEP.replace("  dwell:Lianyungang: [-12, 0, 12, 48]",
                                                        line))
    with pytest.raises(ScenarioError) as info:
        load_sweep(sweep_dir / "sweep.yaml")
    assert info.value.problem.line == 6
    assert needle in str(info.value)


@pytest.mark.parametrize(("query", "needle"), [
    ("{gateway: Tashkent}", "not a gateway"),
    ("{gateway: Lianyungang, cargo: [caviar]}", "caviar"),
    ("{gateway: Lianyungang, volumes: gravity}", "gravity"),
    ("{gateway: Lianyungang, colour: red}", "colour"),
])
def test_a_bad_catchment_query_is_refused_before_anything_runs(sweep_dir: Path, query: str,
                                                               needle: str) -> None:
    (sweep_dir / "sweep.yaml").write_text(SWEEP.replace(
        "{gateway: Lianyungang, cargo: [general], volumes: demand, scale: 10}", query))
    with pytest.raises(ScenarioError) as info:
        load_sweep(sweep_dir / "sweep.yaml")
    assert needle in str(info.value)


def test_gateway_sweep_cli_prints_one_json_object(sweep_dir: Path) -> None:
    result = CliRunner().invoke(app, ["sweep", str(sweep_dir / "sweep.yaml"), "--workers", "1",
                                      "--output", str(sweep_dir / "cli.csv"), "--limit", "2",
                                      "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ran"] == 2
