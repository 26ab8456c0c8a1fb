"""What a route may avoid: places, countries (by name or ISO code) and sea passages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from landbridge.errors import InvalidOptionError, UnknownPlaceError
from landbridge.model._choices import parse_choice
from landbridge.model.modes import PASSAGE_ALIASES, Passage
from landbridge.network.lookup import country_code
from landbridge.network.network import Network

__all__ = ["Avoid", "parse_avoid"]


@dataclass(frozen=True, slots=True)
class Avoid:
    """``--avoid`` items sorted into the three kinds of thing a route can avoid."""

    places: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    passages: frozenset[Passage] = frozenset()


def parse_avoid(network: Network, items: Sequence[str]) -> Avoid:
    """Sort ``items`` into passages, countries and places (tried in that order).

    Raises
    ------
    UnknownPlaceError
        If an item is none of the three; the message suggests the closest place names.
    """
    places: set[str] = set()
    countries: set[str] = set()
    passages: set[Passage] = set()
    for item in items:
        try:
            passages.add(parse_choice(Passage, item, what="passage", aliases=PASSAGE_ALIASES))
            continue
        except InvalidOptionError:
            pass
        code = country_code(item)
        if code is not None:
            countries.add(code)
            continue
        try:
            places.add(network.place(item).id)
        except UnknownPlaceError as exc:
            passages_list = ", ".join(p.value for p in Passage)
            raise UnknownPlaceError(
                item, exc.suggestions
            ) from InvalidOptionError("avoid item", item, [passages_list])
    return Avoid(frozenset(places), frozenset(countries), frozenset(passages))
