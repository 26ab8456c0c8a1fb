"""`landbridge catchment`, `gateways` and `break-even` on the bundled data, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run([sys.executable, "-m", "landbridge", *args], capture_output=True,
                          text=True, env=env, check=False, timeout=600)


def test_catchment_json_is_one_object_with_the_uzbek_share() -> None:
    done = _run("catchment", "Lianyungang", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["gateway"] == "Lianyungang"
    # the base year carries cited Uzbek cotton, so the share is a number, not "n/a"
    assert 0.0 < data["uzbekistan_share_of_sco"] < 1.0
    assert data["by_country"]["UZ"] > 0
    counts = data["counts"]
    assert counts["won"] == counts["beat_rival"] + counts["only_route"]
    assert counts["won"] + counts["lost"] == counts["flows"] == len(data["flows"])
    assert data["flows"] and all(0.0 <= f["share"] <= 1.0 for f in data["flows"])


def test_gateways_json_is_one_object_and_full_gateways_stay_within_capacity() -> None:
    done = _run("gateways", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    for g in data["gateways"]:
        if g["capacity_t"] is not None:
            assert g["scope_tonnes"] <= g["capacity_t"] + 1


def test_break_even_prints_the_sentence() -> None:
    done = _run("break-even", "Lianyungang", "Tashkent", "Haiphong", "--cargo", "cotton",
                "--lever", "handling", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["sentence"].startswith("Lianyungang")


@pytest.mark.parametrize(("args", "flag"), [(("catchment", "Lianyungang", "--scale", "-1"),
                                             "--scale"),
                                            (("break-even", "Lianyungang", "Tashkent",
                                              "Haiphong", "--lever", "magic"), "--lever")])
def test_errors_name_the_flag_without_a_traceback(args: tuple[str, ...], flag: str) -> None:
    done = _run(*args)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {flag}")
    assert "Traceback" not in done.stderr
