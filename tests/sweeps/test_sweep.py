"""Sweeps: a grid on a local Dask cluster, a failure that does not stop the rest, resuming."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from landbridge.cli import app
from landbridge.errors import ScenarioError
from landbridge.sweeps import completed_ids, load_sweep, run_sweep

BASE = """
name: small base
supply:
  - {origin: Kostanay, commodity: wheat, tonnes: 1000000}
  - {origin: Shymkent, commodity: flour, tonnes: 300000}
demand:
  - {market: Tashkent, commodity: wheat, tonnes: 400000}
  - {market: Mazar-i-Sharif, commodity: wheat}
  - {market: Mazar-i-Sharif, commodity: flour}
"""

SWEEP = """
name: small sweep
base: base.yaml
output: out.parquet
grid:
  capacity:Termez: [500000, 1000000, 2000000]
  demand_scale: [0.5, 1.0]
"""


@pytest.fixture
def sweep_dir(tmp_path: Path) -> Path:
    (tmp_path / "base.yaml").write_text(BASE)
    (tmp_path / "sweep.yaml").write_text(SWEEP)
    return tmp_path


def test_grid_runs_on_a_local_cluster_and_resumes(sweep_dir: Path) -> None:
    spec = load_sweep(sweep_dir / "sweep.yaml")
    assert len(spec.variants) == 6
    first = run_sweep(spec, workers=2, limit=2)
    assert (first.ran, first.skipped) == (2, 0)
    assert len(completed_ids(spec.output)) == 2
    second = run_sweep(spec, workers=2)  # restarted: the two done are skipped
    assert (second.ran, second.skipped, second.failed) == (4, 2, 0)
    frame = pd.read_parquet(spec.output)
    assert sorted(frame["scenario_id"]) == sorted(v.id for v in spec.variants)
    # more Termez capacity never delivers less nor strands more (same demand)
    full = frame[frame["param:demand_scale"] == 1.0].sort_values("param:capacity:Termez")
    delivered = full["delivered_t"].tolist()
    assert delivered == sorted(delivered)
    stranded = full["stranded_t"].tolist()
    assert stranded == sorted(stranded, reverse=True)
    assert (full["flow:UZ-TERMEZ"] <= full["param:capacity:Termez"] + 1e-3).all()
    third = run_sweep(spec, workers=1)
    assert third.ran == 0


def test_a_failed_variant_is_recorded_and_the_rest_run(sweep_dir: Path) -> None:
    # a 30-day closure of a crossing with no capacity in the data cannot be modelled
    (sweep_dir / "sweep.yaml").write_text(SWEEP.replace(
        "  demand_scale: [0.5, 1.0]", "  closure:Saryagash: [0, 30]").replace(
        "out.parquet", "out.csv"))
    base = (sweep_dir / "base.yaml").read_text()
    spec = load_sweep(sweep_dir / "sweep.yaml")
    report = run_sweep(spec, workers=1)
    frame = pd.read_csv(spec.output)
    assert report.ran == 6
    assert (frame["status"] == "ok").sum() + (frame["status"] == "error").sum() == 6
    assert base  # the base file is untouched
    assert report.failed == (frame["status"] == "error").sum()


def test_bad_sweep_file_names_line_and_field(sweep_dir: Path) -> None:
    (sweep_dir / "sweep.yaml").write_text(SWEEP.replace("capacity:Termez", "capacty:Termez"))
    with pytest.raises(ScenarioError) as info:
        load_sweep(sweep_dir / "sweep.yaml")
    assert info.value.problem.line == 6
    assert "unknown parameter 'capacty:Termez'" in str(info.value)


def test_sweep_cli(sweep_dir: Path) -> None:
    result = CliRunner().invoke(app, ["sweep", str(sweep_dir / "sweep.yaml"), "--workers", "1",
                                      "--output", str(sweep_dir / "cli.csv"), "--json"])
    assert result.exit_code == 0, result.output
    assert '"ran": 6' in result.stdout
    assert len(pd.read_csv(sweep_dir / "cli.csv")) == 6


def test_the_answers_do_not_depend_on_workers_or_chunks(sweep_dir: Path) -> None:
    # one worker or two, one variant per task or four: the same rows in the same order, and
    # the same as running the variants in this process
    from landbridge.sweeps import run_variants

    spec = load_sweep(sweep_dir / "sweep.yaml")
    frames = []
    for name, workers, chunk in (("one", 1, None), ("unbatched", 2, 1), ("batched", 2, 4)):
        out = sweep_dir / f"{name}.parquet"
        run_sweep(replace(spec, output=out), workers=workers, chunk=chunk)
        frames.append(pd.read_parquet(out))
    assert frames[0]["scenario_id"].tolist() == [v.id for v in spec.variants]
    for frame in frames[1:]:
        pd.testing.assert_frame_equal(frame, frames[0])
    here = pd.DataFrame(run_variants(spec.base, spec.variants, spec.reliability))
    pd.testing.assert_frame_equal(here.reindex(columns=frames[0].columns), frames[0],
                                  check_dtype=False)


def test_a_worker_is_warmed_once_per_sweep(sweep_dir: Path) -> None:
    from landbridge.sweeps import run

    spec = load_sweep(sweep_dir / "sweep.yaml")
    key = run.warm_key(spec.base, spec.reliability, None)
    run._warmed.discard(key)
    run.warm(spec.base, spec.reliability)
    assert key in run._warmed
    assert run.warm_key(replace(spec.base, name="other"), spec.reliability, None) != key


def test_the_workers_read_the_tables_the_sweep_was_read_against(sweep_dir: Path,
                                                               data_copy: Path) -> None:
    from landbridge.network.load import load_network
    from landbridge.sweeps import run_variants

    links = data_copy / "links.csv"
    links.write_text(links.read_text(encoding="utf-8").replace(
        "UZ-TERMEZ,AFMZR,rail_1520,85,", "UZ-TERMEZ,AFMZR,rail_1520,95,"), encoding="utf-8")
    spec = load_sweep(sweep_dir / "sweep.yaml", network=load_network(data_copy),
                      output=sweep_dir / "data.csv")
    run_sweep(spec, workers=1, data=data_copy)
    frame = pd.read_csv(spec.output)
    theirs = [r["total_cost_usd"] for r in run_variants(spec.base, spec.variants, (),
                                                        data=data_copy)]
    bundled = [r["total_cost_usd"] for r in run_variants(spec.base, spec.variants, ())]
    assert frame["total_cost_usd"].tolist() == pytest.approx(theirs, rel=1e-12)
    assert theirs != pytest.approx(bundled, rel=1e-6)  # a longer Termez-Mazar link costs more
