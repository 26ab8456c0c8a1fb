"""Record the golden answers that speed work must not change: route plans and an allocation.

The answers are written to ``tests/data/golden_answers.json``; ``tests/test_golden_answers.py``
recomputes them and compares within a relative tolerance of 1e-6. Regenerate the file only when
an answer is meant to change (new data, a new planner rule), never to make a speed change pass.

Run: python benchmarks/record_golden.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden_answers.json"
SCENARIO = ROOT / "examples" / "scenarios" / "base.yaml"

#: Seeded route questions across the corridors, units, areas, via and closures.
QUESTIONS: tuple[dict[str, Any], ...] = (
    {"origin": "Kostanay", "destination": "Ho Chi Minh City", "commodity": "wheat"},
    {"origin": "Almaty", "destination": "Lianyungang", "commodity": "wheat"},
    {"origin": "Tashkent", "destination": "Shanghai", "commodity": "cotton"},
    {"origin": "Kalama", "destination": "Cai Mep", "commodity": "wheat"},
    {"origin": "Astana", "destination": "Haiphong", "commodity": "wheat", "via": "Lianyungang"},
    {"origin": "Kostanay", "destination": "Cai Mep", "commodity": "wheat", "unit": "container",
     "objective": "fastest"},
    {"origin": "Astana", "destination": "Rotterdam", "commodity": "wheat", "avoid": ("Suez",)},
    {"origin": "Kostanay", "destination": "Rotterdam", "commodity": "wheat",
     "avoid": ("Russia",)},
    {"origin": "Almaty", "destination": "Bandar Abbas", "commodity": "wheat",
     "objective": "cheapest"},
    {"origin": "Astana", "destination": "Poti", "commodity": "flour", "max_days": 40},
)
SAMPLES = 2000
SEED = 7


def _route(route: Any) -> dict[str, Any]:
    return {
        "corridor": route.corridor,
        "summary": route.summary,
        "unit": route.unit,
        "origin_terminal": route.start.id,
        "terminal": route.end.id,
        "via": [p.id for p in route.via],
        "distance_km": route.distance_km,
        "days": {"mean": route.days.mean, "p50": route.days.p50, "p90": route.days.p90,
                 "p95": route.days.p95},
        "cost_usd_per_t": route.cost_usd_per_t,
        "freight_usd_per_t": route.freight_usd_per_t,
        "co2e_wtw": route.co2e_wtw,
        "pareto": route.pareto,
        "passages": sorted({p for leg in route.legs for p in leg.passages}),
        # each sea leg's track: its point count and coordinate sums (a cheap fingerprint)
        "sea_tracks": [[len(leg.track), sum(x for x, _ in leg.track), sum(y for _, y in leg.track)]
                       for leg in route.legs if leg.mode == "sea"],
    }


def answers() -> dict[str, Any]:
    """The answers as plain JSON values: one entry per question, then the allocation."""
    from landbridge.errors import LandbridgeError
    from landbridge.flows import allocate
    from landbridge.network.load import load_network
    from landbridge.planning import RouteRequest, plan_routes
    from landbridge.scenario import load_scenario

    network = load_network()
    plans: list[dict[str, Any]] = []
    for question in QUESTIONS:
        request = RouteRequest(**question, samples=SAMPLES, seed=SEED)
        try:
            plan = plan_routes(request, network=network)
        except LandbridgeError as exc:
            plans.append({"question": _jsonable(question),
                          "error": {"type": type(exc).__name__, "message": str(exc)}})
            continue
        plans.append({"question": _jsonable(question),
                      "routes": [_route(r) for r in plan.routes]})
    allocation = allocate(load_scenario(SCENARIO, network=network), network=network)
    corridors = [{"commodity": c, "corridor": k, "tonnes": t}
                 for (c, k), t in sorted(allocation.corridor_totals().items())]
    return {
        "samples": SAMPLES,
        "seed": SEED,
        "plans": plans,
        "allocation": {"scenario": str(SCENARIO.relative_to(ROOT)),
                       "total_cost_usd": allocation.total_cost_usd,
                       "delivered_t": allocation.delivered_t,
                       "corridors": corridors},
    }


def _jsonable(question: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in question.items()}


def main() -> None:
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps(answers(), indent=1, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
