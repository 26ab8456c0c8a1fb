"""The reachability check, linear in the network, agrees with a plain search from each origin
in which every ocean port sails to every other (the definition)."""

from __future__ import annotations

from collections import deque

from hypothesis import given, settings
from hypothesis import strategies as st

from landbridge.model.links import Link
from landbridge.model.modes import Mode
from landbridge.model.places import CargoClass, Place, Role, Waters
from landbridge.network.network import Network
from landbridge.network.transfers import transfer_handles_cargo
from landbridge.network.validate import _origins_without_market, reachable_markets


def _by_definition(places: dict[str, Place], links: list[Link], origin: str,
                   cargo: CargoClass) -> set[str]:
    adjacency: dict[str, list[tuple[str, Mode]]] = {}
    for link in links:
        adjacency.setdefault(link.a, []).append((link.b, link.mode))
        adjacency.setdefault(link.b, []).append((link.a, link.mode))
    ports = [p.id for p in places.values() if p.waters is Waters.OCEAN and cargo in p.handles]
    if cargo not in places[origin].handles:
        return set()
    queue: deque[tuple[str, Mode | None]] = deque([(origin, None)])
    seen = {(origin, None)}
    markets: set[str] = set()
    while queue:
        here, arrived = queue.popleft()
        place = places[here]
        if here != origin and Role.MARKET in place.roles and cargo in place.handles:
            markets.add(here)
        moves = list(adjacency.get(here, ()))
        if place.waters is Waters.OCEAN and cargo in place.handles:
            moves.extend((port, Mode.SEA) for port in ports if port != here)
        for there, mode in moves:
            lifts = arrived is not None and transfer_handles_cargo(arrived, mode)
            if lifts and cargo not in place.handles:
                continue
            if mode is Mode.SEA and cargo not in places[there].handles:
                continue
            if (there, mode) not in seen:
                seen.add((there, mode))
                queue.append((there, mode))
    return markets


def _agree(places: dict[str, Place], links: list[Link]) -> None:
    origins = [p for p in places.values() if Role.ORIGIN in p.roles]
    for cargo in CargoClass:
        handling = [p.id for p in origins if cargo in p.handles]
        stuck = set(_origins_without_market(places, links, handling, cargo))
        for origin in handling:
            expected = _by_definition(places, links, origin, cargo)
            assert reachable_markets(places, links, origin, cargo) == expected
            assert (origin in stuck) == (not expected), (origin, cargo)


def test_the_bundled_network_agrees(network: Network) -> None:
    _agree(dict(network.places), list(network.links))


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_thinned_network_agrees(network: Network, data: st.DataObject) -> None:
    links = list(network.links)
    keep = data.draw(st.lists(st.booleans(), min_size=len(links), max_size=len(links)))
    places = dict(network.places)
    ports = sorted(p.id for p in places.values() if p.waters is Waters.OCEAN)
    closed = data.draw(st.sets(st.sampled_from(ports), max_size=len(ports)))
    for pid in closed:  # a port that no longer handles anything: fewer ports at sea
        places[pid] = Place(**{**{f: getattr(places[pid], f) for f in Place.__dataclass_fields__},
                               "handles": frozenset()})
    _agree(places, [link for link, k in zip(links, keep, strict=True) if k])
