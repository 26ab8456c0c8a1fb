"""How far the base allocation's destination split is from the published export split.

Runs the allocation of a scenario (default examples/scenarios/base.yaml), sums the tonnes each
importing country receives per commodity, and compares the shares with the published split in
examples/scenarios/published_export_split.csv. The distance is the total variation distance:
half the sum of the absolute share differences, 0 when the splits agree and 1 when they share
nothing. Countries that buy in the published split but have no market in the scenario count with
a model share of 0. Prints figures; asserts nothing.

Run: python benchmarks/export_split.py [SCENARIO] [--published CSV] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "scenarios"
BASE = EXAMPLES / "base.yaml"
PUBLISHED = EXAMPLES / "published_export_split.csv"


def published_split(path: Path = PUBLISHED) -> dict[str, dict[str, float]]:
    """Published tonnes per commodity and importing country (ISO code) from the cited CSV."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out[row["commodity"]][row["country"]] = float(row["tonnes"])
    return dict(out)


def allocated_split(scenario_path: Path = BASE) -> dict[str, dict[str, float]]:
    """Allocated tonnes per commodity and country of the market the flow ends at."""
    from landbridge import load_network
    from landbridge.flows import allocate
    from landbridge.scenario import load_scenario

    network = load_network()
    allocation = allocate(load_scenario(scenario_path, network=network), network=network)
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for flow in allocation.flows:
        out[flow.commodity][network.place(flow.market).country] += flow.tonnes
    return {c: dict(by_country) for c, by_country in out.items()}


def shares(tonnes: dict[str, float]) -> dict[str, float]:
    total = sum(tonnes.values())
    return {k: v / total for k, v in tonnes.items()} if total > 0 else {}


def total_variation(p: dict[str, float], q: dict[str, float]) -> float:
    """Half the sum of absolute differences of two share vectors over the union of their keys."""
    return 0.5 * sum(abs(p.get(k, 0.0) - q.get(k, 0.0)) for k in set(p) | set(q))


def compare(scenario_path: Path = BASE, published_path: Path = PUBLISHED) -> dict[str, object]:
    """Per commodity in the published file: both splits (shares) and their distance."""
    published = published_split(published_path)
    allocated = allocated_split(scenario_path)
    result: dict[str, object] = {}
    for commodity, pub_tonnes in published.items():
        model_tonnes = allocated.get(commodity, {})
        p, q = shares(pub_tonnes), shares(model_tonnes)
        result[commodity] = {
            "published_t": pub_tonnes, "model_t": model_tonnes,
            "published_share": p, "model_share": q,
            "total_variation": total_variation(p, q) if q else 1.0,
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", type=Path, default=BASE)
    parser.add_argument("--published", type=Path, default=PUBLISHED)
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    args = parser.parse_args()
    result = compare(args.scenario, args.published)
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
        return
    for commodity, r in result.items():
        assert isinstance(r, dict)
        p, q = r["published_share"], r["model_share"]
        print(f"{commodity}: total variation distance {r['total_variation']:.3f}")
        print(f"  {'country':8} {'published':>10} {'model':>10} {'model t':>12}")
        for k in sorted(set(p) | set(q), key=lambda k: -max(p.get(k, 0), q.get(k, 0))):
            print(f"  {k:8} {p.get(k, 0):10.1%} {q.get(k, 0):10.1%} "
                  f"{r['model_t'].get(k, 0):12,.0f}")


if __name__ == "__main__":
    main()
