"""`landbridge simulate` and `simulate-sizing` through the CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

import landbridge.cli.simulate  # noqa: F401  (registers the commands)
from landbridge.cli import app
from landbridge.terminal import parse_station

from .conftest import small_dict

runner = CliRunner()
SHORT = ["--days", "60", "--replications", "2"]


def test_simulate_json_has_the_documented_shape() -> None:
    result = runner.invoke(app, ["simulate", *SHORT, "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["replications"] == 2 and out["days"] == 60 and out["seed"] == 3
    assert out["throughput_t_per_year"]["mean"] > 0
    assert {"trains", "ships", "stores", "resources", "delays", "port_dwell_h",
            "bottleneck"} <= set(out)
    again = runner.invoke(app, ["simulate", *SHORT, "--seed", "3", "--json"])
    assert json.loads(again.stdout) == out


def test_simulate_prints_readable_tables() -> None:
    result = runner.invoke(app, ["simulate", *SHORT], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for words in ("Lianyungang", "Trains", "Ships", "grain berth", "silo wheat",
                  "bottleneck", "Where the queue forms"):
        assert words in result.stdout


def test_simulate_writes_plots(tmp_path: Path) -> None:
    result = runner.invoke(app, ["simulate", *SHORT, "--plot", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    plots = json.loads(result.stdout)["plots"]
    assert [Path(p).name for p in plots] == ["store_levels.png", "queues.png"]
    assert all(Path(p).stat().st_size > 0 for p in plots)


def test_simulate_reads_a_station_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(small_dict(), sort_keys=False), encoding="utf-8")
    result = runner.invoke(app, ["simulate", str(path), *SHORT, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["station"] == "small test station"


def test_bad_station_is_a_one_line_error(tmp_path: Path) -> None:
    data = small_dict()
    data["unloading"][0]["rate_t_per_hour"] = -5
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = runner.invoke(app, ["simulate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: bad.yaml, line ")
    assert "field 'unloading[0].rate_t_per_hour': must be > 0; got -5" in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_one_replication_is_refused() -> None:
    result = runner.invoke(app, ["simulate", "--replications", "1"])
    assert result.exit_code == 2
    assert "replications must be from 2" in result.stderr


def test_show_default_prints_the_bundled_station() -> None:
    result = runner.invoke(app, ["simulate", "--show-default"])
    assert result.exit_code == 0
    assert parse_station(result.stdout).name.startswith("Lianyungang")


def test_sizing_table_and_json() -> None:
    args = ["simulate-sizing", "--param", "berths", "--values", "1,2", *SHORT]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "bottleneck" in result.stdout and "grain berth" in result.stdout
    out = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert [row["value"] for row in out["rows"]] == [1, 2]
    assert out["unit"] == "count"


def test_sizing_bad_requests_exit_2() -> None:
    bad_param = runner.invoke(app, ["simulate-sizing", "--param", "cranes", "--values", "1"])
    assert bad_param.exit_code == 2
    assert "unknown sizing parameter 'cranes'" in bad_param.stderr
    bad_values = runner.invoke(app, ["simulate-sizing", "--values", "one,two"])
    assert bad_values.exit_code == 2
    assert "comma-separated list of numbers" in bad_values.stderr


def test_help_documents_the_options() -> None:
    result = runner.invoke(app, ["simulate", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for option in ("--days", "--replications", "--seed", "--json", "--plot", "--warmup-days"):
        assert option in result.stdout
    sizing = runner.invoke(app, ["simulate-sizing", "--help"], env={"COLUMNS": "200"})
    assert "silo_capacity" in sizing.stdout and "--values" in sizing.stdout
