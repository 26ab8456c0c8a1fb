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
        for field, end in (("from", service.a), ("to", service.b), ("via", service.via)):
            if end and end not in places:
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


#: A state of the reachability search: a place and the mode the cargo arrived by (None at the
#: origin, free to leave by any mode).
_State = tuple[str, Mode | None]
#: The open sea: every ocean port that handles the cargo sails to it, and it reaches every such
#: port, so that the search grows with the number of ports rather than with its square.
_OPEN_SEA: _State = ("~open sea", None)


class _Moves:
    """Where the cargo can go next from each state, for one cargo class.

    A transfer that lifts the cargo (break of gauge, rail to ship) needs a place that handles
    the class; all ocean ports that handle it are joined by sea.
    """

    def __init__(self, places: dict[str, Place], links: list[Link], cargo: CargoClass) -> None:
        self.places = places
        self.cargo = cargo
        self.adjacency: dict[str, list[tuple[str, Mode]]] = {}
        for link in links:
            self.adjacency.setdefault(link.a, []).append((link.b, link.mode))
            self.adjacency.setdefault(link.b, []).append((link.a, link.mode))
        self.ocean_ports = [p.id for p in places.values()
                            if p.waters is Waters.OCEAN and cargo in p.handles]

    def after(self, state: _State) -> list[_State]:
        if state == _OPEN_SEA:
            return [(port, Mode.SEA) for port in self.ocean_ports]
        here, arrived = state
        place = self.places[here]
        cargo = self.cargo
        out: list[_State] = []
        for there, mode in self.adjacency.get(here, ()):
            lifts = arrived is not None and transfer_handles_cargo(arrived, mode)
            if lifts and cargo not in place.handles:
                continue
            if mode is Mode.SEA and cargo not in self.places[there].handles:
                continue
            out.append((there, mode))
        # a port sails to every other port; through the open sea it also reaches itself,
        # which changes nothing: with two ports or more, the other port sails back to it
        if (place.waters is Waters.OCEAN and cargo in place.handles
                and len(self.ocean_ports) >= 2):
            out.append(_OPEN_SEA)
        return out

    def market(self, state: _State) -> str | None:
        """The market at ``state``, if the place is one that takes the cargo."""
        if state == _OPEN_SEA:
            return None
        place = self.places[state[0]]
        return place.id if Role.MARKET in place.roles and self.cargo in place.handles else None


def reachable_markets(
    places: dict[str, Place], links: list[Link], origin: str, cargo: CargoClass
) -> set[str]:
    """Markets that ``cargo`` can reach from ``origin`` over the network's topology.

    A transfer that lifts the cargo (break of gauge, rail to ship) needs a place that handles
    the class; all ocean ports that handle it are joined by sea.
    """
    if cargo not in places[origin].handles:
        return set()
    moves = _Moves(places, links, cargo)
    queue: deque[_State] = deque([(origin, None)])
    seen: set[_State] = {(origin, None)}
    markets: set[str] = set()
    while queue:
        state = queue.popleft()
        market = moves.market(state)
        if market is not None and market != origin:
            markets.add(market)
        for after in moves.after(state):
            if after not in seen:
                seen.add(after)
                queue.append(after)
    return markets


def _origins_without_market(places: dict[str, Place], links: list[Link], origins: list[str],
                            cargo: CargoClass) -> list[str]:
    """The ``origins`` (handling ``cargo``) from which it reaches no market but themselves.

    One search for all origins, in time linear in the network: the states every origin
    reaches, then, backwards from the markets, up to two markets that each state reaches (two
    distinct ones tell whether one is not the origin itself).
    """
    moves = _Moves(places, links, cargo)
    before: dict[_State, list[_State]] = {}
    starts = [(origin, None) for origin in origins]
    seen: set[_State] = set(starts)
    queue: deque[_State] = deque(starts)
    while queue:
        state = queue.popleft()
        for after in moves.after(state):
            before.setdefault(after, []).append(state)
            if after not in seen:
                seen.add(after)
                queue.append(after)
    reach: dict[_State, list[str]] = {}
    for state in seen:
        market = moves.market(state)
        if market is not None:
            reach[state] = [market]
            queue.append(state)
    while queue:
        state = queue.popleft()
        found = reach[state]
        for prior in before.get(state, ()):
            known = reach.setdefault(prior, [])
            grew = False
            for market in found:
                if len(known) < 2 and market not in known:
                    known.append(market)
                    grew = True
            if grew:
                queue.append(prior)
    return [origin for origin in origins
            if not any(m != origin for m in reach.get((origin, None), ()))]


def _check_reachability(places: dict[str, Place], links: list[Link], line_of: dict[str, int],
                        problems: list[Problem]) -> None:
    origins = [p for p in places.values() if Role.ORIGIN in p.roles]
    stuck: set[tuple[str, CargoClass]] = set()
    for cargo in sorted({c for p in origins for c in p.handles}):
        handling = [p.id for p in origins if cargo in p.handles]
        stuck.update((o, cargo) for o in _origins_without_market(places, links, handling, cargo))
    for place in origins:
        for cargo in sorted(place.handles):
            if (place.id, cargo) in stuck:
                problems.append(Problem("places.csv", line_of[place.id], "handles",
                                        f"{place.name} cannot reach any market with "
                                        f"{cargo.value} cargo"))
