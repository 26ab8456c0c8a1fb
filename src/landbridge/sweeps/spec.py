"""A sweep: one base scenario, many variants (a grid or random draws), optional reliability runs.

```yaml
name: Dostyk closures x Kuryk expansion
base: base.yaml                 # the scenario every variant starts from (relative to this file)
output: results/dostyk.parquet  # .parquet (a folder of parts) or .csv
grid:                           # every combination ...
  closure:Dostyk: [0, 30, 60]
  capacity:Kuryk: [4000000, 8000000]
random:                         # ... or random draws (not both)
  draws: 1000
  seed: 7
  params:
    closure:Dostyk: {uniform: [0, 120]}
    demand_scale: {normal: [1.0, 0.1]}
reliability:                    # Monte Carlo of route reliability in every variant
  - {origin: Kostanay, destination: Cai Mep, commodity: wheat, samples: 10000}
```

Parameters: ``closure:<element>`` (days), ``capacity:<element>`` or
``capacity:<element>:<scope>`` (tonnes per year), ``supply_scale``, ``demand_scale``,
``tariff:<mode>[:<country>]`` and ``speed:<mode>[:<country>]`` (multipliers), and
``avoid:<thing>`` (1 to avoid it, 0 not to).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path as FilePath
from typing import Any

from landbridge.errors import LandbridgeError, ScenarioError
from landbridge.network.avoid import parse_avoid
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.scenario.load import load_scenario, resolve_element
from landbridge.scenario.model import CapacityOverride, Closure, Multipliers, Scenario
from landbridge.scenario.yamltext import Located, Path, load_located, read_text

__all__ = ["ReliabilityQuery", "SweepSpec", "Variant", "apply_params", "load_sweep"]

_TOP = ("name", "base", "output", "grid", "random", "reliability")
_DISTRIBUTIONS = ("uniform", "normal", "choice")


@dataclass(frozen=True, slots=True, kw_only=True)
class ReliabilityQuery:
    origin: str
    destination: str
    commodity: str = "wheat"
    unit: str | None = None
    samples: int = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Variant:
    """One scenario of the sweep: its parameters and a stable id derived from them."""

    id: str
    params: Mapping[str, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class SweepSpec:
    name: str
    base: Scenario
    output: FilePath
    variants: tuple[Variant, ...]
    reliability: tuple[ReliabilityQuery, ...] = ()


def variant_id(params: Mapping[str, float]) -> str:
    """A short stable hash of the parameters: the key that lets a sweep resume."""
    text = json.dumps(sorted(params.items()), separators=(",", ":"))
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def _check_param(doc: Located, network: Network, name: str, path: Path) -> None:
    kind, _, rest = name.partition(":")
    try:
        if kind in ("supply_scale", "demand_scale") and not rest:
            return
        if kind == "closure" and rest:
            resolve_element(network, rest)
            return
        if kind == "capacity" and rest:
            element, _, scope = rest.partition(":") if "--" not in rest else (rest, "", "")
            resolve_element(network, element)
            if scope and scope not in ("all", "bulk", "container", "ferry"):
                raise doc.error(path, f"unknown capacity scope {scope!r}")
            return
        if kind in ("tariff", "speed") and rest:
            family = rest.split(":")[0]
            if family not in ("rail", "ferry", "sea", "road"):
                raise doc.error(path, f"unknown mode {family!r} in {name!r}")
            return
        if kind == "avoid" and rest:
            parse_avoid(network, [rest])
            return
    except ScenarioError:
        raise
    except LandbridgeError as exc:
        raise doc.error(path, str(exc)) from exc
    raise doc.error(path, f"unknown parameter {name!r}; use closure:<place>, "
                    "capacity:<place or A--B>[:scope], supply_scale, demand_scale, "
                    "tariff:<mode>[:CC], speed:<mode>[:CC] or avoid:<thing>")


def _values(doc: Located, value: Any, path: Path) -> list[float]:
    if not isinstance(value, list) or not value:
        raise doc.error(path, "must be a non-empty list of numbers")
    out = []
    for i, v in enumerate(value):
        try:
            x = float(v)
        except (TypeError, ValueError):
            x = math.nan
        if not math.isfinite(x):
            raise doc.error((*path, i), f"{v!r} is not a number")
        out.append(x)
    return out


def _draw(doc: Located, spec: Any, path: Path) -> tuple[str, list[float]]:
    if not isinstance(spec, Mapping) or len(spec) != 1:
        raise doc.error(path, "give one distribution: {uniform: [low, high]}, "
                        "{normal: [mean, sd]} or {choice: [values...]}")
    (kind, args), = spec.items()
    if kind not in _DISTRIBUTIONS:
        raise doc.error((*path, str(kind)), f"unknown distribution {kind!r}; use "
                        f"{', '.join(_DISTRIBUTIONS)}")
    values = _values(doc, args, (*path, str(kind)))
    if kind in ("uniform", "normal") and len(values) != 2:
        raise doc.error((*path, str(kind)), "needs exactly two numbers")
    return str(kind), values


def _sample(rng: Any, kind: str, args: list[float]) -> float:
    if kind == "uniform":
        return float(rng.uniform(args[0], args[1]))
    if kind == "normal":
        return float(rng.normal(args[0], args[1]))
    return float(args[int(rng.integers(len(args)))])


def load_sweep(path: str | FilePath, *, network: Network | None = None,
               output: str | FilePath | None = None) -> SweepSpec:
    """Read and check a sweep file; its base scenario path is relative to the file.

    Raises
    ------
    ScenarioError
        For the first problem, naming the file, line and field.
    """
    import numpy as np

    network = network or load_network()
    path = FilePath(path)
    doc = load_located(read_text(path), file=str(path))
    top = doc.data
    if not isinstance(top, Mapping):
        raise doc.error((), "a sweep file is a mapping with keys " + ", ".join(_TOP))
    for key in top:
        if key not in _TOP:
            raise doc.error((str(key),), f"unknown key '{key}'; allowed: {', '.join(_TOP)}")
    for key in ("name", "base"):
        if not top.get(key):
            raise doc.error((), f"'{key}' is required")
    base = load_scenario(path.parent / str(top["base"]), network=network)
    grid, draws = top.get("grid"), top.get("random")
    if (grid is None) == (draws is None):
        raise doc.error((), "give either 'grid' or 'random'")
    params_list: list[dict[str, float]] = []
    if grid is not None:
        if not isinstance(grid, Mapping) or not grid:
            raise doc.error(("grid",), "must map parameters to lists of values")
        names = [str(k) for k in grid]
        axes = []
        for name in names:
            _check_param(doc, network, name, ("grid", name))
            axes.append(_values(doc, grid[name], ("grid", name)))
        params_list = [dict(zip(names, combo, strict=True))
                       for combo in itertools.product(*axes)]
    else:
        if not isinstance(draws, Mapping):
            raise doc.error(("random",), "must have draws, seed and params")
        n = draws.get("draws")
        if not isinstance(n, int) or not 1 <= n <= 1_000_000:
            raise doc.error(("random", "draws"), "must be a whole number from 1 to 1,000,000")
        seed = draws.get("seed", 0)
        if not isinstance(seed, int):
            raise doc.error(("random", "seed"), "must be a whole number")
        params = draws.get("params")
        if not isinstance(params, Mapping) or not params:
            raise doc.error(("random", "params"), "must map parameters to distributions")
        specs = []
        for name, spec in params.items():
            _check_param(doc, network, str(name), ("random", "params", str(name)))
            specs.append((str(name), *_draw(doc, spec, ("random", "params", str(name)))))
        rng = np.random.default_rng(seed)
        params_list = [{name: _sample(rng, kind, args) for name, kind, args in specs}
                       for _ in range(n)]
    reliability = []
    for i, q in enumerate(top.get("reliability") or []):
        p: Path = ("reliability", i)
        if not isinstance(q, Mapping) or "origin" not in q or "destination" not in q:
            raise doc.error(p, "needs origin and destination")
        try:
            network.place(str(q["origin"]))
            network.place(str(q["destination"]))
        except LandbridgeError as exc:
            raise doc.error(p, str(exc)) from exc
        reliability.append(ReliabilityQuery(
            origin=str(q["origin"]), destination=str(q["destination"]),
            commodity=str(q.get("commodity", "wheat")),
            unit=None if q.get("unit") is None else str(q["unit"]),
            samples=int(q.get("samples", 10_000))))
    target = FilePath(output) if output else path.parent / str(
        top.get("output") or f"{path.stem}.parquet")
    if target.suffix not in (".parquet", ".csv"):
        raise doc.error(("output",), "must end in .parquet or .csv")
    variants = tuple(Variant(id=variant_id(p), params=p) for p in params_list)
    return SweepSpec(name=str(top["name"]), base=base, output=target, variants=variants,
                     reliability=tuple(reliability))


def apply_params(base: Scenario, params: Mapping[str, float], network: Network) -> Scenario:
    """The base scenario with a variant's parameters applied."""
    s = base
    closures = list(s.closures)
    capacity = list(s.capacity)
    tariff, speed = dict(s.multipliers.tariff), dict(s.multipliers.speed)
    avoid = list(s.avoid)
    for name, value in params.items():
        kind, _, rest = name.partition(":")
        if kind == "supply_scale":
            s = replace(s, supply=tuple(replace(r, tonnes=r.tonnes * value) for r in s.supply))
        elif kind == "demand_scale":
            s = replace(s, demand=tuple(
                replace(r, tonnes=None if r.tonnes is None else r.tonnes * value,
                        min_tonnes=r.min_tonnes * value) for r in s.demand))
        elif kind == "closure":
            element = resolve_element(network, rest)
            closures = [c for c in closures if c.element != element]
            if value > 0:
                closures.append(Closure(element=element, days=min(365.0, value)))
        elif kind == "capacity":
            element, _, scope = rest.partition(":") if "--" not in rest else (rest, "", "")
            element = resolve_element(network, element)
            scope = scope or "all"
            capacity = [c for c in capacity if (c.element, c.scope) != (element, scope)]
            capacity.append(CapacityOverride(element=element, scope=scope,
                                             tonnes_per_year=max(0.0, value)))
        elif kind in ("tariff", "speed"):
            (tariff if kind == "tariff" else speed)[rest] = max(1e-6, value)
        elif kind == "avoid" and value >= 0.5:
            avoid.append(rest)
    return replace(s, closures=tuple(closures), capacity=tuple(capacity), avoid=tuple(avoid),
                   multipliers=Multipliers(tariff=tariff, speed=speed),
                   name=f"{base.name} [{', '.join(f'{k}={v:g}' for k, v in params.items())}]")

