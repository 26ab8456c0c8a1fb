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
catchment:                      # a gateway's catchment in every variant (a gateway sweep)
  - {gateway: Lianyungang, cargo: [cotton], volumes: demand, scale: 10}
```

Parameters: ``closure:<element>`` (days), ``capacity:<element>`` or
``capacity:<element>:<scope>`` (tonnes per year), ``supply_scale``, ``demand_scale``,
``tariff:<mode>[:<country>]`` and ``speed:<mode>[:<country>]`` (multipliers), and
``avoid:<thing>`` (1 to avoid it, 0 not to). Gateway levers, seen by the catchments only (the
allocation does not change with them): ``dwell:<gateway>`` (hours added to every gateway
operation there; negative: less), ``handling:<gateway>`` (USD/t added the same way) and
``frequency:<gateway>`` (sailings a week on every liner lane leaving it).
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

from landbridge.catchment.analysis import gateway_place
from landbridge.catchment.levers import RANGE, SHIFT_RANGE, Lever, LeverSetting
from landbridge.errors import DataError, LandbridgeError
from landbridge.model._choices import parse_choice
from landbridge.model.cargo import Unit
from landbridge.model.costs import CAPACITY_SCOPES, TARIFF_MODES
from landbridge.network.avoid import parse_avoid
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.scenario.load import (
    MAX_FACTOR,
    MAX_TONNES,
    MIN_FACTOR,
    load_scenario,
    resolve_element,
)
from landbridge.scenario.model import CapacityOverride, Closure, Multipliers, Scenario
from landbridge.userfile import (
    Located,
    Path,
    check_count,
    check_keys,
    check_number,
    load_located,
    read_text,
)

__all__ = ["CatchmentQuery", "ReliabilityQuery", "SweepSpec", "Variant", "apply_params",
           "gateway_levers", "load_sweep"]

_TOP = ("name", "base", "output", "grid", "random", "reliability", "catchment")
#: Gateway levers a sweep may vary (``tariff`` is the scenario multiplier ``tariff:rail:CC``).
_LEVERS = ("dwell", "handling", "frequency")
_DISTRIBUTIONS = ("uniform", "normal", "choice")
#: Most variants one sweep file may ask for.
MAX_VARIANTS = 1_000_000
#: Monte Carlo samples of one reliability query: the planner's range.
MIN_SAMPLES, MAX_SAMPLES = 100, 1_000_000
#: Largest supply or demand scale factor.
MAX_SCALE = 1_000.0
#: Seeds are whole numbers from 0 (numpy's generators take no negative seed).
MAX_SEED = 2**63 - 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ReliabilityQuery:
    origin: str
    destination: str
    commodity: str = "wheat"
    unit: str | None = None
    samples: int = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class CatchmentQuery:
    """A gateway whose catchment every variant reports (see :func:`landbridge.catchment.catchment`):
    its tonnes, its share of the flows it can serve, and the flows it wins."""

    gateway: str
    cargo: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()
    volumes: str = "allocation"
    scale_usd_per_t: float | None = None


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
    catchment: tuple[CatchmentQuery, ...] = ()


def variant_id(params: Mapping[str, float]) -> str:
    """A short stable hash of the parameters: the key that lets a sweep resume."""
    text = json.dumps(sorted(params.items()), separators=(",", ":"))
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def _param_bounds(doc: Located, network: Network, name: str, path: Path) -> tuple[float, float]:
    """Check the parameter ``name`` and return the range its values must lie in."""
    kind, _, rest = name.partition(":")
    try:
        if kind in ("supply_scale", "demand_scale") and not rest:
            return 0.0, MAX_SCALE
        if kind == "closure" and rest:
            resolve_element(network, rest)
            return 0.0, 365.0
        if kind == "capacity" and rest:
            element, _, scope = rest.partition(":") if "--" not in rest else (rest, "", "")
            resolve_element(network, element)
            if scope and scope not in CAPACITY_SCOPES:
                raise doc.error(path, f"unknown capacity scope {scope!r}; use "
                                f"{', '.join(CAPACITY_SCOPES)}")
            return 0.0, MAX_TONNES
        if kind in ("tariff", "speed") and rest:
            family = rest.split(":")[0]
            if family not in TARIFF_MODES:
                raise doc.error(path, f"unknown mode {family!r} in {name!r}; use "
                                f"{', '.join(TARIFF_MODES)}")
            return MIN_FACTOR, MAX_FACTOR
        if kind == "avoid" and rest:
            parse_avoid(network, [rest])
            return 0.0, 1.0
        if kind in _LEVERS and rest:
            gateway_place(network, rest)
            lever = Lever(kind)
            return RANGE[lever] if lever is Lever.FREQUENCY else SHIFT_RANGE[lever]
    except DataError:
        raise
    except LandbridgeError as exc:
        raise doc.error(path, str(exc)) from exc
    raise doc.error(path, f"unknown parameter {name!r}; use closure:<place>, "
                    "capacity:<place or A--B>[:scope], supply_scale, demand_scale, "
                    "tariff:<mode>[:CC], speed:<mode>[:CC], avoid:<thing>, "
                    "dwell:<gateway>, handling:<gateway> or frequency:<gateway>")


def _values(doc: Located, value: Any, path: Path, bounds: tuple[float, float]) -> list[float]:
    if not isinstance(value, list) or not value:
        raise doc.error(path, "must be a non-empty list of numbers")
    if len(value) > MAX_VARIANTS:
        raise doc.error(path, f"more than {MAX_VARIANTS:,} values")
    low, high = bounds
    return [check_number(doc, v, (*path, i), minimum=low, maximum=high)
            for i, v in enumerate(value)]


def _draw(doc: Located, spec: Any, path: Path,
          bounds: tuple[float, float]) -> tuple[str, list[float]]:
    if not isinstance(spec, Mapping) or len(spec) != 1:
        raise doc.error(path, "give one distribution: {uniform: [low, high]}, "
                        "{normal: [mean, sd]} or {choice: [values...]}")
    (kind, args), = spec.items()
    where = (*path, str(kind))
    if kind not in _DISTRIBUTIONS:
        raise doc.error(where, f"unknown distribution {kind!r}; use {', '.join(_DISTRIBUTIONS)}")
    if kind in ("uniform", "normal") and (not isinstance(args, list) or len(args) != 2):
        raise doc.error(where, "needs exactly two numbers")
    if kind == "normal":  # draws outside the range are clamped to it
        low, high = bounds
        return "normal", [check_number(doc, args[0], (*where, 0), minimum=low, maximum=high),
                          check_number(doc, args[1], (*where, 1), maximum=high - low)]
    values = _values(doc, args, where, bounds)
    if kind == "uniform" and values[0] > values[1]:
        raise doc.error(where, f"the low end {values[0]:g} is above the high end {values[1]:g}")
    return str(kind), values


def _sample(rng: Any, kind: str, args: list[float]) -> float:
    if kind == "uniform":
        return float(rng.uniform(args[0], args[1]))
    if kind == "normal":
        return float(rng.normal(args[0], args[1]))
    return float(args[int(rng.integers(len(args)))])


def _text(doc: Located, value: Any, path: Path) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value):
        raise doc.error(path, "must be a name or a path (text)")
    return str(value)


def load_sweep(path: str | FilePath, *, network: Network | None = None,
               output: str | FilePath | None = None) -> SweepSpec:
    """Read and check a sweep file, every variant included, before anything runs; its base
    scenario path is relative to the file.

    Raises
    ------
    ScenarioError
        Listing every problem found, each naming the file, line and field.
    """
    import numpy as np

    network = network or load_network()
    path = FilePath(path)
    doc = load_located(read_text(path), file=str(path))
    top = check_keys(doc, doc.data, (), _TOP, ("name", "base"),
                     describe="name, base, output, grid or random, reliability")
    name = _text(doc, top["name"], ("name",))
    base = load_scenario(path.parent / _text(doc, top["base"], ("base",)), network=network)
    grid, draws = top.get("grid"), top.get("random")
    if (grid is None) == (draws is None):
        raise doc.error((), "give either 'grid' or 'random'")
    params_list: list[dict[str, float]] = []
    if grid is not None:
        if not isinstance(grid, Mapping) or not grid:
            raise doc.error(("grid",), "must map parameters to lists of values")
        names = [str(k) for k in grid]
        axes: list[list[float]] = []
        for key in names:
            with doc.collect():
                bounds = _param_bounds(doc, network, key, ("grid", key))
                axes.append(_values(doc, grid[key], ("grid", key), bounds))
        doc.raise_found()
        if math.prod(len(axis) for axis in axes) > MAX_VARIANTS:
            raise doc.error(("grid",), f"{math.prod(len(a) for a in axes):,} combinations; "
                            f"a sweep runs at most {MAX_VARIANTS:,} variants")
        params_list = [dict(zip(names, combo, strict=True))
                       for combo in itertools.product(*axes)]
    else:
        random = check_keys(doc, draws, ("random",), ("draws", "seed", "params"),
                            ("draws", "params"))
        n = check_count(doc, random["draws"], ("random", "draws"), maximum=MAX_VARIANTS)
        seed = check_count(doc, random.get("seed", 0), ("random", "seed"), minimum=0,
                           maximum=MAX_SEED)
        params = random["params"]
        if not isinstance(params, Mapping) or not params:
            raise doc.error(("random", "params"), "must map parameters to distributions")
        specs = []
        for key, spec in params.items():
            where: Path = ("random", "params", str(key))
            with doc.collect():
                bounds = _param_bounds(doc, network, str(key), where)
                specs.append((str(key), bounds, *_draw(doc, spec, where, bounds)))
        doc.raise_found()
        rng = np.random.default_rng(seed)
        params_list = [{key: min(high, max(low, _sample(rng, kind, args)))
                        for key, (low, high), kind, args in specs} for _ in range(n)]
    reliability = []
    for i, q in enumerate(top.get("reliability") or []):
        with doc.collect():
            reliability.append(_reliability(doc, network, q, ("reliability", i)))
    catchments = []
    for i, q in enumerate(top.get("catchment") or []):
        with doc.collect():
            catchments.append(_catchment(doc, network, q, ("catchment", i)))
    target = FilePath(output) if output else path.parent / (
        _text(doc, top["output"], ("output",)) if top.get("output") else f"{path.stem}.parquet")
    if target.suffix not in (".parquet", ".csv"):
        doc.found.append(doc.problem(("output",), "must end in .parquet or .csv"))
    doc.raise_found()
    variants = tuple(Variant(id=variant_id(p), params=p) for p in params_list)
    return SweepSpec(name=name, base=base, output=target, variants=variants,
                     reliability=tuple(reliability), catchment=tuple(catchments))


def _names(doc: Located, value: Any, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(_text(doc, v, (*path, i)) for i, v in enumerate(items))


def _catchment(doc: Located, network: Network, value: Any, path: Path) -> CatchmentQuery:
    """One gateway catchment query, its gateway, cargo, markets and options checked."""
    from landbridge.catchment.volumes import parse_basis
    from landbridge.model.places import Role

    q = check_keys(doc, value, path, ("gateway", "cargo", "markets", "volumes", "scale"),
                   ("gateway",))
    gateway = _text(doc, q["gateway"], (*path, "gateway"))
    cargo = _names(doc, q.get("cargo"), (*path, "cargo"))
    markets = _names(doc, q.get("markets"), (*path, "markets"))
    scale = None
    if q.get("scale") is not None:
        scale = check_number(doc, q["scale"], (*path, "scale"), maximum=1000.0)
    try:
        gateway_place(network, gateway)
        volumes = parse_basis(str(q.get("volumes", "allocation"))).value
        for name in cargo:
            if name.strip().lower() not in network.commodities:
                raise doc.error((*path, "cargo"), f"unknown commodity {name!r}; choose one "
                                f"of: {', '.join(sorted(network.commodities))}")
        for market in markets:
            network.area(market, role=Role.MARKET)
    except DataError:
        raise
    except LandbridgeError as exc:
        raise doc.error(path, str(exc)) from exc
    return CatchmentQuery(gateway=gateway, cargo=tuple(c.strip().lower() for c in cargo),
                          markets=markets, volumes=volumes, scale_usd_per_t=scale)


def gateway_levers(params: Mapping[str, float], network: Network) -> tuple[LeverSetting, ...]:
    """The gateway levers among a variant's parameters (``dwell:``, ``handling:``,
    ``frequency:``), as the catchment takes them."""
    out = []
    for name, value in params.items():
        kind, _, rest = name.partition(":")
        if kind in _LEVERS:
            gateway, ids = gateway_place(network, rest)
            out.append(LeverSetting(lever=Lever(kind), gateway=gateway, place_ids=ids,
                                    value=value))
    return tuple(out)


def _reliability(doc: Located, network: Network, value: Any, path: Path) -> ReliabilityQuery:
    """One route-reliability query, its places, commodity, unit and sample count checked."""
    q = check_keys(doc, value, path, ("origin", "destination", "commodity", "unit", "samples"),
                   ("origin", "destination"))
    for key in ("origin", "destination"):
        try:
            network.place(str(q[key]))
        except LandbridgeError as exc:
            raise doc.error((*path, key), str(exc)) from exc
    commodity = str(q.get("commodity", "wheat")).strip().lower()
    if commodity not in network.commodities:
        raise doc.error((*path, "commodity"), f"unknown commodity {commodity!r}; choose one "
                        f"of: {', '.join(sorted(network.commodities))}")
    unit = None
    if q.get("unit") is not None:
        try:
            unit = parse_choice(Unit, str(q["unit"]), what="unit").value
        except LandbridgeError as exc:
            raise doc.error((*path, "unit"), str(exc)) from exc
    return ReliabilityQuery(
        origin=str(q["origin"]), destination=str(q["destination"]), commodity=commodity,
        unit=unit, samples=check_count(doc, q.get("samples", 10_000), (*path, "samples"),
                                       minimum=MIN_SAMPLES, maximum=MAX_SAMPLES))


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

