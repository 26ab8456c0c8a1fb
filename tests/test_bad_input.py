"""Bad input never ends in a traceback: a corpus of broken files and options, run through the
installed ``landbridge`` command in a subprocess (so output from C code and the interpreter's own
error printing is seen too).

Every case must exit with code 2, print no traceback, and say what is wrong in one line that
starts with ``error:`` (or, for an option the command-line parser refuses, its ``Error:`` line
under the usage hint). No case starts a Dask cluster or runs a simulation.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from landbridge.sweeps.run import CONNECT_TIMEOUT_S

SRC = Path(__file__).parents[1] / "src"

GOOD_SCENARIO = """\
name: t
supply:
  - {origin: Kostanay, commodity: wheat, tonnes: 2000000}
demand:
  - {market: Cai Mep, commodity: wheat}
"""

GOOD_SWEEP = """\
name: s
base: base.yaml
grid:
  supply_scale: [1.0]
"""


def _station() -> dict[str, object]:
    text = resources.files("landbridge.terminal").joinpath(
        "default_station.yaml").read_text("utf-8")
    data: dict[str, object] = yaml.safe_load(text)
    return data


def _station_with(change: Callable[[dict[str, object]], None]) -> str:
    data = _station()
    change(data)
    return yaml.safe_dump(data, sort_keys=False)


def _set(path: str, value: object) -> Callable[[dict[str, object]], None]:
    """Set ``trains.0.arrivals.per_year`` style paths in a parsed station."""

    def change(data: dict[str, object]) -> None:
        *parents, last = path.split(".")
        node: object = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]  # type: ignore[index]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value  # type: ignore[index]

    return change


def _tables(**change: Callable[[str], str | bytes]) -> tuple[tuple[str, str | bytes], ...]:
    """The bundled network tables as files under ``data/``, some changed."""
    out: list[tuple[str, str | bytes]] = []
    for item in resources.files("landbridge.data").iterdir():
        if item.name.endswith(".csv"):
            text = item.read_text(encoding="utf-8")
            edit = change.get(item.name.removesuffix(".csv"))
            out.append((f"data/{item.name}", text if edit is None else edit(text)))
    return tuple(out)


def _nested(depth: int) -> str:
    return "name: " + "[" * depth + "]" * depth + "\n"


def _bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(ord("b"), ord("j")):
        prev = chr(i - 1)
        lines.append(f"{chr(i)}: &{chr(i)} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Case:
    """``args`` of ``landbridge``; ``files`` written first (name -> text or bytes); the one
    error line must contain ``says``."""

    id: str
    args: tuple[str, ...]
    says: str
    files: tuple[tuple[str, str | bytes], ...] = ()


def _scenario(name: str, text: str | bytes, says: str, *extra: str) -> Case:
    return Case(name, ("allocate", "s.yaml", *extra), says, (("s.yaml", text),))


def _station_case(name: str, text: str | bytes, says: str) -> Case:
    return Case(name, ("simulate", "st.yaml", "--days", "2", "--replications", "2"), says,
                (("st.yaml", text),))


def _sweep(name: str, text: str, says: str, *extra: str) -> Case:
    return Case(name, ("sweep", "sw.yaml", *extra), says,
                (("base.yaml", GOOD_SCENARIO), ("sw.yaml", text)))


S = GOOD_SCENARIO
CASES = [
    # --- scenario files (allocate)
    _scenario("control-char", "name: t\x01\n" + S[8:], "control character '\\x01'"),
    _scenario("nul", S.replace("name: t", "name: t\x00"), "control character '\\x00'"),
    _scenario("escape", S.replace("Kostanay", "Kosta\x1bnay"), "line 3"),
    _scenario("nested-5000", _nested(5000), "nested deeper than"),
    _scenario("nested-40", _nested(40), "nested deeper than"),
    _scenario("supply-1e308", S.replace("2000000", "1e308"), "supply[0].tonnes"),
    _scenario("supply-1e306-float", S.replace("2000000", "1.0e+306"), "at most 1e+10"),
    _scenario("supply-huge", S.replace("2000000", "99999999999999"), "at most 1e+10"),
    _scenario("supply-inf", S.replace("2000000", ".inf"), "supply[0].tonnes"),
    _scenario("supply-nan", S.replace("2000000", ".nan"), "supply[0].tonnes"),
    _scenario("supply-negative", S.replace("2000000", "-5"), "greater than 0"),
    _scenario("supply-text", S.replace("2000000", "lots"), "supply[0].tonnes"),
    _scenario("supply-bool", S.replace("2000000", "yes"), "supply[0].tonnes"),
    _scenario("empty", "", "must be a mapping"),
    _scenario("only-comment", "# nothing\n", "must be a mapping"),
    _scenario("a-list", "- 1\n- 2\n", "must be a mapping"),
    _scenario("binary", bytes(range(256)) * 4, "not UTF-8"),
    _scenario("latin-1", S.replace("name: t", "name: café").encode("latin-1"), "not UTF-8"),
    _scenario("too-large", "name: t\n" + "# padding\n" * 120_000, "larger than"),
    _scenario("yaml-syntax", "name: [t\nsupply: x\n", "not valid YAML"),
    _scenario("tab-indent", "name: t\nsupply:\n\t- x\n", "not valid YAML"),
    _scenario("python-tag", "name: !!python/object/apply:os.system ['true']\n",
              "not valid YAML"),
    _scenario("alias-bomb", _bomb(), "aliases (*name) are expanded"),
    _scenario("alias-bomb-in-avoid", _bomb().replace("a: &a", "x: &a") + S + "avoid: [*i]\n",
              "aliases (*name) are expanded"),
    _scenario("unknown-cargo", S.replace("commodity: wheat, tonnes", "commodity: caviar, tonnes"),
              "unknown commodity 'caviar'"),
    _scenario("unknown-place", S.replace("Kostanay", "Atlantis"), "unknown place 'Atlantis'"),
    _scenario("unknown-key", S + "colour: red\n", "unknown key 'colour'"),
    _scenario("units-a-list", S + "units: [container]\n", "units"),
    _scenario("capacity-negative", S + "capacity: [{element: Dostyk, tonnes_per_year: -1}]\n",
              "capacity[0].tonnes_per_year"),
    _scenario("closure-days-1e9", S + "closures: [{element: Dostyk, days: 1e9}]\n",
              "closures[0].days"),
    _scenario("multiplier-1e308", S + "multipliers: {tariff: {rail: 1.0e+308}}\n",
              "multipliers.tariff.rail"),
    _scenario("multiplier-zero", S + "multipliers: {speed: {rail: 0}}\n",
              "multipliers.speed.rail"),
    _scenario("price-huge", S.replace("commodity: wheat}", "commodity: wheat, price: 1e300}"),
              "demand[0].price"),
    _scenario("two-problems", S.replace("Kostanay", "Atlantis").replace("Cai Mep", "Narnia"),
              "2 problems"),
    Case("missing-file", ("allocate", "nope.yaml"), "cannot read it"),
    Case("folder-as-file", ("allocate", "."), "is a folder"),
    Case("diff-bad", ("allocate", "s.yaml", "--diff", "d.yaml"), "control character",
         (("s.yaml", S), ("d.yaml", "name: \x07\n"))),
    # --- the network tables (--data)
    Case("data-is-a-file", ("places", "--data", "s.yaml"), "is not a folder",
         (("s.yaml", S),)),
    Case("data-missing", ("route", "Kostanay", "Cai Mep", "--data", "nowhere"),
         "is not a folder"),
    Case("data-nul-in-table", ("places", "--data", "data"), "places.csv, line 1: holds the "
         "control character '\\x00'", _tables(places=lambda text: text.replace("\n", "\x00\n", 2))),
    Case("data-latin-1-table", ("places", "--data", "data"), "links.csv, line 2: not UTF-8",
         _tables(links=lambda text: text.replace("\n", "\n\xe9", 1).encode("latin-1",
                                                                            "replace"))),
    # --- station files and options (simulate)
    Case("station-dev-zero", ("simulate", "/dev/zero"), "larger than"),
    _station_case("station-control-char", "name: st\x02\n", "control character"),
    _station_case("station-nested", _nested(5000), "nested deeper than"),
    _station_case("station-per-year-1e7",
                  _station_with(_set("trains.0.arrivals.per_year", 10_000_000)),
                  "trains[0].arrivals.per_year"),
    _station_case("station-headway-tiny",
                  _station_with(_set("trains.1.arrivals.every_hours", 1e-9)),
                  "trains[1].arrivals.every_hours"),
    _station_case("station-wagons-1e9", _station_with(_set("trains.0.wagons", 10**9)),
                  "trains[0].wagons"),
    _station_case("station-positions-negative",
                  _station_with(_set("unloading.0.positions", -2)), "unloading[0].positions"),
    _station_case("station-rate-text", _station_with(_set("berths.0.rate_t_per_hour", "fast")),
                  "berths[0].rate_t_per_hour"),
    _station_case("station-seasonal-huge",
                  _station_with(_set("trains.0.arrivals.seasonal.0", 1e300)),
                  "seasonal[0]"),
    _station_case("station-unknown-cargo", _station_with(_set("silos.0.commodity", "caviar")),
                  "unknown commodity 'caviar'"),
    _station_case("station-empty", "", "must be a mapping"),
    Case("days-inf", ("simulate", "--days", "inf"), "days must be from 1"),
    Case("days-1e9", ("simulate", "--days", "1e9"), "days must be from 1"),
    Case("days-denormal", ("simulate", "--days", "5e-324"), "days must be from 1"),
    Case("days-nan", ("simulate", "--days", "nan"), "days must be from 1"),
    Case("days-negative", ("simulate", "--days", "-3"), "days must be from 1"),
    Case("warmup-too-long", ("simulate", "--days", "10", "--warmup-days", "20"), "warm-up"),
    Case("replications-one", ("simulate", "--replications", "1"), "replications must be"),
    Case("replications-huge", ("simulate", "--replications", "10000000"), "replications must"),
    Case("simulate-seed-negative", ("simulate", "--seed", "-1"), "--seed"),
    Case("plot-unwritable", ("simulate", "--days", "2", "--plot", "/proc/landbridge-plots"),
         "cannot write to /proc/landbridge-plots"),
    Case("plot-is-a-file", ("simulate", "--days", "2", "--plot", "s.yaml"), "cannot write to",
         (("s.yaml", S),)),
    Case("sizing-values-text", ("simulate-sizing", "--values", "one,two"), "--values"),
    Case("sizing-berths-1e308", ("simulate-sizing", "--values", "1e308", "--days", "2"),
         "berths[0].count"),
    Case("sizing-unknown-param", ("simulate-sizing", "--param", "cranes"), "sizing parameter"),
    # --- sweep files (checked whole before anything runs)
    _sweep("sweep-values-text", GOOD_SWEEP.replace("[1.0]", '"abc"'), "grid.supply_scale"),
    _sweep("sweep-value-text-item", GOOD_SWEEP.replace("[1.0]", "[1.0, lots]"),
           "grid.supply_scale[1]"),
    _sweep("sweep-scale-negative", GOOD_SWEEP.replace("[1.0]", "[-2]"), "at least 0"),
    _sweep("sweep-samples-text", GOOD_SWEEP + "reliability: [{origin: Kostanay, destination: "
           "Cai Mep, samples: abc}]\n", "reliability[0].samples"),
    _sweep("sweep-samples-few", GOOD_SWEEP + "reliability: [{origin: Kostanay, destination: "
           "Cai Mep, samples: 10}]\n", "from 100 to 1,000,000"),
    _sweep("sweep-samples-huge", GOOD_SWEEP + "reliability: [{origin: Kostanay, destination: "
           "Cai Mep, samples: 1e12}]\n", "reliability[0].samples"),
    _sweep("sweep-reliability-cargo", GOOD_SWEEP + "reliability: [{origin: Kostanay, "
           "destination: Cai Mep, commodity: caviar}]\n", "unknown commodity"),
    _sweep("sweep-draws-negative", "name: s\nbase: base.yaml\nrandom: {draws: -5, params: "
           "{supply_scale: {uniform: [0.5, 1.5]}}}\n", "random.draws"),
    _sweep("sweep-seed-text", "name: s\nbase: base.yaml\nrandom: {draws: 5, seed: x, params: "
           "{supply_scale: {uniform: [0.5, 1.5]}}}\n", "random.seed"),
    _sweep("sweep-uniform-reversed", "name: s\nbase: base.yaml\nrandom: {draws: 5, params: "
           "{supply_scale: {uniform: [2, 1]}}}\n", "low end"),
    _sweep("sweep-distribution-a-number", "name: s\nbase: base.yaml\nrandom: {draws: 5, "
           "params: {supply_scale: {normal: 3}}}\n", "two numbers"),
    _sweep("sweep-too-many-variants", "name: s\nbase: base.yaml\ngrid:\n"
           + "".join(f"  {k}: [{', '.join(['1'] * 200)}]\n"
                     for k in ("supply_scale", "demand_scale", "tariff:rail")),
           "combinations"),
    _sweep("sweep-unknown-param", GOOD_SWEEP.replace("supply_scale", "wind_speed"),
           "unknown parameter"),
    _sweep("sweep-base-missing", GOOD_SWEEP.replace("base.yaml", "gone.yaml"), "cannot read"),
    _sweep("sweep-base-a-list", GOOD_SWEEP.replace("base.yaml", "[a, b]"), "base"),
    _sweep("sweep-output-txt", GOOD_SWEEP + "output: out.txt\n", "must end in .parquet"),
    _sweep("sweep-control-char", GOOD_SWEEP.replace("name: s", "name: s\x1b"),
           "control character"),
    _sweep("sweep-workers-zero", GOOD_SWEEP, "--workers", "--workers", "0"),
    _sweep("sweep-output-unwritable", GOOD_SWEEP, "cannot write to /proc/landbridge.csv",
           "--output", "/proc/landbridge.csv"),
    # --- exports
    Case("export-geojson-unwritable", ("network", "export", "--geojson", "/proc/lb.json"),
         "cannot write to /proc/lb.json"),
    Case("export-graphml-no-folder", ("network", "export", "--graphml", "no/such/x.graphml"),
         "cannot write to no/such/x.graphml"),
    Case("export-nothing", ("network", "export"), "--geojson"),
    # --- the service (each refused before it listens)
    Case("serve-job-timeout-inf", ("serve", "--job-timeout", "inf"), "--job-timeout"),
    Case("serve-port-huge", ("serve", "--port", "99999"), "--port"),
    Case("serve-db-garbage", ("serve", "--db", "g.sqlite3"), "cannot open the database",
         (("g.sqlite3", bytes(range(256)) * 20),)),
    Case("serve-db-folder", ("serve", "--db", "."), "cannot open the database"),
    Case("serve-db-unknown-scheme", ("serve", "--db", "mysql://x"), "unsupported database"),
    # --- routes
    Case("route-seed-negative", ("route", "Kostanay", "Cai Mep", "--seed", "-1"), "--seed"),
    Case("route-seed-text", ("route", "Kostanay", "Cai Mep", "--seed", "abc"), "--seed"),
    Case("route-unknown-place", ("route", "Atlantis", "Cai Mep"), "unknown place"),
    Case("route-samples-huge", ("route", "Kostanay", "Cai Mep", "--samples", "10000000000"),
         "samples"),
    Case("route-max-days-nan", ("route", "Kostanay", "Cai Mep", "--max-days", "nan"),
         "max-days"),
    Case("compare-seed-negative", ("compare", "Kostanay", "Cai Mep", "--seed", "-7"), "--seed"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _landbridge() -> str:
    """The installed console script next to this interpreter (or on the PATH)."""
    beside = Path(sys.executable).with_name("landbridge")
    found = str(beside) if beside.exists() else shutil.which("landbridge")
    if found is None:
        pytest.skip("the landbridge console script is not installed")
    return found


#: A bound against a hung process, as in the suite's other subprocess tests; a case mostly
#: starts up (13 s, four at once, on a loaded machine; a sweep that tries a scheduler, 42 s).
_HANG_S = 600


def _run(args: tuple[str, ...], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])]), "COLUMNS": "200"}
    return subprocess.run([_landbridge(), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, errors="replace", timeout=_HANG_S, check=False)


def _assert_refused(result: subprocess.CompletedProcess[str], says: str) -> None:
    both = result.stdout + result.stderr
    assert "Traceback" not in both, both
    assert result.returncode == 2, both
    errors = [line for line in result.stderr.splitlines()
              if line.lower().startswith("error:")]
    assert len(errors) == 1, result.stderr
    others = [line for line in result.stderr.splitlines() if line.strip() and line not in errors]
    # only the parser's usage hint, or the list under "error: FILE has N problems:"
    assert all(line.startswith(("Usage:", "Try ", "  - ", "  ... and")) for line in others), (
        result.stderr)
    assert says in errors[0], errors[0]


def _write(case: Case, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in case.files:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every case run once, four at a time (each is a short process that mostly starts up)."""
    root = tmp_path_factory.mktemp("bad-input")
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {case.id: pool.submit(_run, case.args, _write(case, root / case.id))
                   for case in CASES}
        return {key: future.result() for key, future in futures.items()}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_one_line_and_exit_2(case: Case, outcomes: dict[str, Any]) -> None:
    _assert_refused(outcomes[case.id], case.says)


def test_unreachable_scheduler_fails_fast_and_clearly(tmp_path: Path) -> None:
    """Nothing listens on the port: a clear message after the short connect timeout (the
    message names it; the process's own run time, mostly its start, is not asserted)."""
    (tmp_path / "base.yaml").write_text(GOOD_SCENARIO, encoding="utf-8")
    (tmp_path / "sw.yaml").write_text(GOOD_SWEEP, encoding="utf-8")
    address = f"tcp://127.0.0.1:{_free_port()}"
    result = _run(("sweep", "sw.yaml", "--json", "--scheduler", address), tmp_path)
    _assert_refused(result, f"cannot reach the Dask scheduler at '{address}' within "
                            f"{CONNECT_TIMEOUT_S:g} s")


def test_the_corpus_is_large_enough() -> None:
    """The issue asks for at least the 206-input audit's failing kinds; count kept visible."""
    assert len(CASES) + 1 >= 80
