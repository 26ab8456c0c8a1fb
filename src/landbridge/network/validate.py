"""Checks across tables: references, duplicates, plausible distances, reachable markets."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable

from landbridge.errors import Problem
from landbridge.model.cargo import Unit
from landbridge.model.links import Link
from landbridge.model.modes import Mode, RailService
from landbridge.model.operations import Operation
from landbridge.model.places import CargoClass, Place, PlaceKind, Role, Waters
from landbridge.network.geo import great_circle_km
from landbridge.network.load import REQUIRED_PARAMETERS, Parsed
from landbridge.network.lookup import normalize_name
from landbridge.network.transfers import transfer_handles_cargo

__all__ = ["cross_check", "reachable_markets"]

_ID = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}$|^[A-Z]{2}-[A-Z0-9-]+$")
#: Slack on "no shorter than the great circle": station coordinates are town coordinates.
_SHORT_SLACK_KM = 15.0
_MAX_CIRCUITY = 2.0


def cross_check(parsed: Parsed) -> list[Problem]:
    """Problems that only show across rows and tables."""
    problems: list[Problem] = []
    places = _check_places(parsed, problems)
    _check_links(parsed, places, problems)
    _check_references(parsed, places, problems)
    _check_defaults(parsed, problems)
    _check_areas(parsed, places, problems)
    if not problems:
        lines = {place.id: line for line, place in parsed.places}
        _check_reachability(places, [link for _, link in parsed.links], lines, problems)
    return problems


def _check_places(parsed: Parsed, problems: list[Problem]) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for line, place in parsed.places:
        if not _ID.match(place.id):
            problems.append(
                Problem("places.csv", line, "id", f"{place.id!r} is neither a UN/LOCODE "
                        "(CCXXX) nor a country-prefixed id (CC-NAME)")
            )
        if place.id in places:
            problems.append(Problem("places.csv", line, "id", f"duplicate id {place.id!r}"))
        elif place.id[:2] != place.country and place.kind is not PlaceKind.BORDER:
            problems.append(Problem("places.csv", line, "id",
                                    f"{place.id!r} does not start with its country "
                                    f"{place.country}"))
        places[place.id] = place
        if Role.ORIGIN in place.roles and not place.handles:
            problems.append(Problem("places.csv", line, "handles",
                                    "an origin must handle at least one cargo class"))
        if place.kind is PlaceKind.BORDER and not place.other_country:
            problems.append(Problem("places.csv", line, "other_country",
                                    "a border crossing must name the neighbouring country"))
    return places


def _check_links(parsed: Parsed, places: dict[str, Place], problems: list[Problem]) -> None:
    seen: set[tuple[frozenset[str], Mode]] = set()
    linked: set[str] = set()
    for line, link in parsed.links:
        missing = [end for end in (link.a, link.b) if end not in places]
        for end in missing:
            field = "from" if end == link.a else "to"
            problems.append(Problem("links.csv", line, field, _unknown(end)))
        if missing:
            continue
        if link.a == link.b:
            problems.append(Problem("links.csv", line, "to", "a link must join two places"))
            continue
        key = (frozenset((link.a, link.b)), link.mode)
        if key in seen:
            problems.append(Problem("links.csv", line, None,
                                    f"duplicate {link.mode.value} link {link.a}--{link.b}"))
        seen.add(key)
        linked.update((link.a, link.b))
        a, b = places[link.a], places[link.b]
        if not link.distance_km > 0:
            continue  # already reported by the row reader
        gc = great_circle_km(a.lat, a.lon, b.lat, b.lon)
        if link.distance_km + _SHORT_SLACK_KM < gc:
            problems.append(Problem("links.csv", line, "distance_km",
                                    f"{link.distance_km:g} km is shorter than the great circle "
                                    f"{gc:.0f} km between {a.name} and {b.name}"))
        elif link.distance_km > _MAX_CIRCUITY * gc + _SHORT_SLACK_KM and not link.note:
            problems.append(Problem("links.csv", line, "distance_km",
                                    f"{link.distance_km:g} km is more than twice the great circle "
                                    f"{gc:.0f} km; explain it in 'note'"))
    for line, place in parsed.places:
        if place.id not in linked and place.waters is not Waters.OCEAN:
            problems.append(Problem("places.csv", line, "id",
                                    f"{place.name} has no link and no sea access: nothing can "
                                    "leave it"))


def _check_references(parsed: Parsed, places: dict[str, Place], problems: list[Problem]) -> None:
    link_ids = {f"{link.a}--{link.b}" for _, link in parsed.links}
    link_ids |= {f"{link.b}--{link.a}" for _, link in parsed.links}
    for line, op in parsed.operations:
        if op.place is not None and op.place not in places:
            problems.append(Problem("hub_operations.csv", line, "place",
                                    _unknown(op.place)))
    for line, cap in parsed.capacities:
        if cap.element not in places and cap.element not in link_ids:
            problems.append(Problem("capacities.csv", line, "element",
                                    f"{cap.element!r} is neither a place id nor a link FROM--TO"))
    for line, service in parsed.services:
        for field, end in (("from", service.a), ("to", service.b)):
            if end not in places:
                problems.append(Problem("services.csv", line, field, _unknown(end)))
    _duplicates("commodities.csv", "id", ((line, c.id) for line, c in parsed.commodities),
                problems)
    _duplicates("parameters.csv", "key", ((line, p.key) for line, p in parsed.parameters),
                problems)
    _duplicates("emission_factors.csv", "key",
                ((line, f.key) for line, f in parsed.emission_factors), problems)
    _duplicates("hub_operations.csv", "place",
                ((line, f"{o.place or '*'}/{o.operation.value}/{o.unit or '*'}/{o.into or '*'}")
                 for line, o in parsed.operations), problems)
    _duplicates("speeds.csv", "service",
                ((line, f"{s.mode.value}/{s.country or '*'}/{s.service or '*'}")
                 for line, s in parsed.speeds), problems)


def _check_defaults(parsed: Parsed, problems: list[Problem]) -> None:
    """Every operation and unit, and every unit's rail tariff, needs a default row."""
    defaults = {(op.operation, op.unit) for _, op in parsed.operations if op.place is None}
    for operation in Operation:
        for unit in Unit:
            if (operation, unit) not in defaults and (operation, None) not in defaults:
                problems.append(Problem("hub_operations.csv", None, "place",
                                        f"no default ('*') row for {operation.value} / "
                                        f"{unit.value}"))
    tariff_defaults = {(t.mode, t.unit) for _, t in parsed.tariffs if t.country is None}
    for mode in ("rail", "ferry", "sea"):
        for unit in Unit:
            if (mode, unit) not in tariff_defaults:
                problems.append(Problem("tariffs.csv", None, "country",
                                        f"no default ('*') {mode} row for unit {unit.value}"))
    speed_defaults = {(sp.mode, sp.service) for _, sp in parsed.speeds if sp.country is None}
    for mode in (Mode.RAIL_1520, Mode.RAIL_1435):
        for service in RailService:
            if (mode, service) not in speed_defaults and (mode, None) not in speed_defaults:
                problems.append(Problem("speeds.csv", None, "country",
                                        f"no default ('*') {mode.value} row for "
                                        f"{service.value}"))
    have = {p.key for _, p in parsed.parameters}
    for key in REQUIRED_PARAMETERS:
        if key not in have:
            problems.append(Problem("parameters.csv", None, "key", f"missing parameter {key!r}"))
    vessel_units = {v.unit for _, v in parsed.vessels}
    for unit in (Unit.BULK, Unit.CONTAINER):
        if unit not in vessel_units:
            problems.append(Problem("vessels.csv", None, "unit", f"no vessel for {unit.value}"))


def _check_areas(parsed: Parsed, places: dict[str, Place], problems: list[Problem]) -> None:
    names = {normalize_name(p.name) for p in places.values()}
    seen: set[str] = set()
    for line, area in parsed.areas:
        if area.id in seen or area.id in places:
            problems.append(Problem("areas.csv", line, "id", f"duplicate id {area.id!r}"))
        seen.add(area.id)
        if normalize_name(area.name) in names:
            problems.append(Problem("areas.csv", line, "name",
                                    f"{area.name!r} is also a place's full name; a place's "
                                    "name must not hide an area"))
        for terminal in area.terminals:
            if terminal not in places:
                problems.append(Problem("areas.csv", line, "terminals", _unknown(terminal)))


def _duplicates(file: str, field: str, keys: Iterable[tuple[int, str]],
                problems: list[Problem]) -> None:
    seen: set[str] = set()
    for line, key in keys:
        if key in seen:
            problems.append(Problem(file, line, field, f"duplicate {field} {key!r}"))
        seen.add(key)


def _unknown(place_id: str) -> str:
    return f"unknown place id {place_id!r}" if place_id else "is empty"


def reachable_markets(
    places: dict[str, Place], links: list[Link], origin: str, cargo: CargoClass
) -> set[str]:
    """Markets that ``cargo`` can reach from ``origin`` over the network's topology.

    A transfer that lifts the cargo (break of gauge, rail to ship) needs a place that handles
    the class; all ocean ports that handle it are joined by sea.
    """
    adjacency: dict[str, list[tuple[str, Mode]]] = {}
    for link in links:
        adjacency.setdefault(link.a, []).append((link.b, link.mode))
        adjacency.setdefault(link.b, []).append((link.a, link.mode))
    ocean_ports = [p.id for p in places.values()
                   if p.waters is Waters.OCEAN and cargo in p.handles]
    start = places[origin]
    if cargo not in start.handles:
        return set()
    # state: (place, mode arrived by); None = at the origin, free to leave by any mode
    queue: deque[tuple[str, Mode | None]] = deque([(origin, None)])
    seen: set[tuple[str, Mode | None]] = {(origin, None)}
    markets: set[str] = set()
    while queue:
        here, arrived = queue.popleft()
        place = places[here]
        if here != origin and Role.MARKET in place.roles and cargo in place.handles:
            markets.add(here)
        moves: list[tuple[str, Mode]] = list(adjacency.get(here, ()))
        if place.waters is Waters.OCEAN and cargo in place.handles:
            moves.extend((port, Mode.SEA) for port in ocean_ports if port != here)
        for there, mode in moves:
            lifts = arrived is not None and transfer_handles_cargo(arrived, mode)
            if lifts and cargo not in place.handles:
                continue
            if mode is Mode.SEA and cargo not in places[there].handles:
                continue
            state = (there, mode)
            if state not in seen:
                seen.add(state)
                queue.append(state)
    return markets


def _check_reachability(places: dict[str, Place], links: list[Link], line_of: dict[str, int],
                        problems: list[Problem]) -> None:
    for place in places.values():
        if Role.ORIGIN not in place.roles:
            continue
        for cargo in sorted(place.handles):
            if not reachable_markets(places, links, place.id, cargo):
                problems.append(Problem("places.csv", line_of[place.id], "handles",
                                        f"{place.name} cannot reach any market with "
                                        f"{cargo.value} cargo"))
