"""Every ``--json`` prints exactly one strict JSON object on stdout, and nothing else.

The commands run as a program would run them: the installed ``landbridge`` console script in a
subprocess, so output written by C code (a solver's banner) or by worker processes is caught,
which typer's in-process runner cannot see. Strict JSON: no ``NaN`` or ``Infinity``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main

from landbridge.cli import app

ROOT = Path(__file__).parents[1]
SCENARIOS = ROOT / "examples" / "scenarios"
SCRIPT = Path(sys.executable).parent / "landbridge"

#: One quick invocation per command that has ``--json`` (``{tmp}``: a fresh folder).
JSON_COMMANDS: dict[str, list[str]] = {
    "route": ["route", "Kostanay", "Ho Chi Minh City", "--cargo", "wheat", "--unit",
              "container", "--tonnes", "5000", "--within", "45", "--samples", "200"],
    "compare": ["compare", "--to", "Cai Mep", "--from", "Kostanay", "--from", "Novorossiysk",
                "--price", "260", "--samples", "200"],
    "places": ["places", "kost"],
    "chain": ["chain", "--from", "Kostanay", "--to", "Ho Chi Minh City", "--output", "flour",
              "--at", "Kostanay"],
    "process": ["process", "--from", "Kostanay", "--to", "Ho Chi Minh City", "--at",
                "Kostanay"],
    "allocate": ["allocate", str(SCENARIOS / "base.yaml")],
    "sweep": ["sweep", str(SCENARIOS / "sweep_dostyk.yaml"), "--workers", "1", "--limit", "1",
              "--output", "{tmp}/sweep.csv"],
    "simulate": ["simulate", "--days", "20", "--replications", "2"],
    "simulate-sizing": ["simulate-sizing", "--days", "20", "--replications", "2",
                        "--values", "1,2"],
    "network info": ["network", "info"],
    "validate": ["validate", "--observations", str(ROOT / "tests" / "validation" / "data" /
                                                   "observations.csv")],
    "calibrate": ["calibrate", str(ROOT / "tests" / "validation" / "data" / "observations.csv"),
                  "--params", "dwell", "--out", "{tmp}/overlay"],
    "catchment": ["catchment", "Dostyk", "--cargo", "wheat", "--market", "Tashkent",
                  "--scenario", str(SCENARIOS / "base.yaml"), "--volumes", "demand"],
    "gateways": ["gateways", "--scenario", str(SCENARIOS / "demo.yaml")],
    "break-even": ["break-even", "Lianyungang", "Tashkent", "Haiphong", "--cargo", "cotton",
                   "--lever", "handling"],
}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"not strict JSON: {name}")


def strict_object(text: str) -> dict[str, Any]:
    """Parse ``text`` as one JSON object, refusing NaN and Infinity."""
    value = json.loads(text, parse_constant=_reject_constant)
    assert isinstance(value, dict), f"a JSON {type(value).__name__}, not an object"
    return value


def run(*args: str, program: tuple[str, ...] = (str(SCRIPT),)) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*program, *args], capture_output=True, text=True, check=False,
                          cwd=ROOT, timeout=600)


def json_commands(command: Any, prefix: str = "") -> set[str]:
    """The names of every (sub)command under ``command`` that has a ``--json`` option.

    Duck-typed (a group has ``commands``): typer vendors its own click in recent versions.
    """
    found: set[str] = set()
    for name, sub in getattr(command, "commands", {}).items():
        found |= json_commands(sub, f"{prefix}{name} ")
    if any("--json" in getattr(p, "opts", ()) for p in command.params):
        found.add(prefix.strip())
    return found


def test_every_json_command_is_covered() -> None:
    assert json_commands(typer.main.get_command(app)) == set(JSON_COMMANDS)


def test_the_console_script_is_installed() -> None:
    assert SCRIPT.is_file(), f"no console script at {SCRIPT}: install the package first"


@pytest.mark.parametrize("name", sorted(JSON_COMMANDS))
def test_json_is_one_strict_object_on_stdout(name: str, tmp_path: Path) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in JSON_COMMANDS[name]]
    done = run(*args, "--json")
    assert done.returncode == 0, done.stderr
    strict_object(done.stdout)
    assert "Traceback" not in done.stderr


def test_a_huge_shipment_is_refused_not_written_as_infinity() -> None:
    done = run("route", "Kostanay", "Ho Chi Minh City", "--unit", "container",
               "--tonnes", "1e308", "--samples", "200", "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "--tonnes" in done.stderr
    assert "Traceback" not in done.stderr


def test_python_dash_m_runs_the_same_command() -> None:
    done = run("places", "kost", "--json", program=(sys.executable, "-m", "landbridge"))
    assert done.returncode == 0, done.stderr
    assert strict_object(done.stdout)["places"]


def test_version_prints_the_package_version() -> None:
    from landbridge import __version__

    done = run("--version", program=(sys.executable, "-m", "landbridge"))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"landbridge {__version__}\n"


@pytest.mark.parametrize("number", [float("inf"), float("-inf"), float("nan")])
def test_a_number_json_cannot_carry_is_an_error_not_output(
        number: float, capsys: pytest.CaptureFixture[str]) -> None:
    from landbridge.cli._common import EXIT_USER_ERROR, print_json

    with pytest.raises(typer.Exit) as exit_:
        print_json({"cost": number})
    assert exit_.value.exit_code == EXIT_USER_ERROR
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: ")
