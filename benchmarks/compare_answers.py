"""Whether two source trees give the same answers, byte for byte, to a few hundred varied
route questions (``landbridge route ... --json``): origins, markets, cargo, unit, objective,
via, avoid, max days, alternatives, tonnes, seed and samples.

Each tree answers every question in one process of its own (through the CLI's app, so the
bytes are those ``landbridge route ... --json`` prints, with its exit code); the answers are
compared by exact equality. For speed work, which must change no answer.

Run: python benchmarks/compare_answers.py OTHER/src [--questions 300] [--seed 14]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "src"

_ANSWER = """
import json, sys
from typer.testing import CliRunner
from landbridge.cli import app
runner = CliRunner()
out = []
for argv in json.load(open(sys.argv[1])):
    result = runner.invoke(app, ["route", *argv])
    out.append([result.exit_code, result.stdout, result.stderr])
json.dump(out, open(sys.argv[2], "w"))
"""

_CARGO = ["wheat", "barley", "corn", "flour", "cotton", "ore", "mutton", "general"]
#: the units each cargo may travel in (a unit it may not is asked now and then, for the refusal)
_UNITS = {"wheat": ["bulk", "container"], "barley": ["bulk", "container"],
          "corn": ["bulk", "container"], "flour": ["bulk", "container"], "cotton": ["container"],
          "ore": ["bulk"], "mutton": ["reefer"], "general": ["container"]}
#: gateways a route may be asked to pass through (and, now and then, any place)
_VIA = ["Aktau", "Dostyk–Alashankou", "Altynkol–Khorgos", "Lianyungang", "Poti", "Baku",
        "Bandar Abbas", "Saryagash–Keles", "Turkmenbashi", "Brest–Małaszewicze", "Kuryk"]
_OBJECTIVES = ["generalised", "generalised", "cheapest", "fastest", "greenest"]
_AVOID = ["RU", "IR", "suez", "malacca", "Red Sea", "CN", "Aktau", "hormuz", "TM", "AZ"]


#: what a terminal must handle to take each cargo (one of)
_HANDLES = {"wheat": {"bulk", "container"}, "barley": {"bulk", "container"},
            "corn": {"bulk", "container"}, "flour": {"bulk", "container"},
            "cotton": {"container"}, "ore": {"ore"}, "mutton": {"reefer"},
            "general": {"container"}}

_Place = tuple[str, set[str]]


def _places() -> tuple[list[_Place], list[_Place], list[str]]:
    """The origins and the markets (name, what they handle), and every place's name."""
    origins, markets, every = [], [], []
    with (SOURCE / "landbridge" / "data" / "places.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            every.append(row["name"])
            roles = row["roles"].split(";")
            place = (row["name"], set(row["handles"].split(";")))
            if "origin" in roles:
                origins.append(place)
            if "market" in roles:
                markets.append(place)
    return origins, markets, every


def _pick(rng: random.Random, places: list[_Place], cargo: str) -> str:
    """A place, one that handles ``cargo`` nine times in ten."""
    fit = [name for name, handles in places if handles & _HANDLES[cargo]]
    if fit and rng.random() < 0.9:
        return rng.choice(fit)
    return rng.choice(places)[0]


def questions(count: int, seed: int) -> list[list[str]]:
    """``count`` varied argument lists for ``landbridge route``, the same for the same seed."""
    rng = random.Random(seed)
    origins, markets, every = _places()
    wide = ["Ho Chi Minh City", "Vietnam", "Indonesia", "China"]
    out: list[list[str]] = [["Kostanay", "Cai Mep", "--cargo", "wheat", "--json"]]
    while len(out) < count:
        cargo = rng.choice(_CARGO)
        market = rng.choice(wide) if rng.random() < 0.1 else _pick(rng, markets, cargo)
        argv = [_pick(rng, origins, cargo), market, "--cargo", cargo]
        unit = rng.choice([None, None, *_UNITS[cargo]])
        if rng.random() < 0.03:
            unit = rng.choice(["bulk", "container", "reefer"])
        if unit:
            argv += ["--unit", unit]
        argv += ["--objective", rng.choice(_OBJECTIVES)]
        for a in rng.sample(_AVOID, rng.choice([0, 0, 0, 1, 1, 2])):
            argv += ["--avoid", a]
        if rng.random() < 0.12:
            argv += ["--via", rng.choice(_VIA if rng.random() < 0.8 else every)]
        if rng.random() < 0.2:
            argv += ["--max-days", str(rng.choice([20, 30, 40, 50, 70]))]
        if rng.random() < 0.3:
            argv += ["--alternatives", str(rng.choice([1, 2, 3, 5, 12]))]
        if rng.random() < 0.25:
            argv += ["--tonnes", str(rng.choice([25, 500, 3000, 25000, 60000]))]
        if rng.random() < 0.3:
            argv += ["--seed", str(rng.randrange(5))]
        if rng.random() < 0.15:
            argv += ["--samples", str(rng.choice([500, 1000, 2000, 10000, 30000]))]
        if rng.random() < 0.15:
            argv += ["--within", str(rng.choice([25, 35, 45]))]
        if rng.random() < 0.1:
            argv += ["--price", "260"]
        if rng.random() < 0.1:
            argv += ["--value-of-time", str(rng.choice([0.5, 3.0]))]
        out.append([*argv, "--json"])
    return out


def _answers(source: Path, asked: Path, cache: Path) -> list[list[object]]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        into = Path(f.name)
    env = {**os.environ, "PYTHONPATH": str(source), "LANDBRIDGE_CACHE_DIR": str(cache),
           "COLUMNS": "200"}
    subprocess.run([sys.executable, "-c", _ANSWER, str(asked), str(into)], env=env,
                   check=True)
    answers: list[list[object]] = json.loads(into.read_text(encoding="utf-8"))
    into.unlink()
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other tree's src folder")
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    asked = questions(args.questions, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "questions.json"
        path.write_text(json.dumps(asked), encoding="utf-8")
        ours = _answers(SOURCE, path, Path(tmp) / "now")
        theirs = _answers(args.other.resolve(), path, Path(tmp) / "other")
    same = sum(a == b for a, b in zip(ours, theirs, strict=True))
    routed = sum(a[0] == 0 for a in ours)
    routes = sum(len(json.loads(str(a[1]))["routes"]) for a in ours if a[0] == 0)
    digest = hashlib.sha256(json.dumps(ours).encode()).hexdigest()[:16]
    print(f"{len(asked)} questions: {routed} answered with routes ({routes} routes), "
          f"{len(asked) - routed} refused; {same} identical to the byte, "
          f"{len(asked) - same} different; answers sha256 {digest}")
    for argv, a, b in zip(asked, ours, theirs, strict=True):
        if a != b:
            print("differs:", " ".join(argv))
    if same != len(asked):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
