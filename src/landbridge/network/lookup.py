"""Finding places by id, name or alias, forgiving case, accents, punctuation and old names."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping

from landbridge.errors import UnknownPlaceError
from landbridge.model.areas import Area, AreaKind
from landbridge.model.countries import COUNTRY_ALIASES, COUNTRY_NAMES
from landbridge.model.places import Place, PlaceKind, Role

__all__ = ["AreaIndex", "PlaceIndex", "country_code", "normalize_name"]

#: Match ranks of :meth:`PlaceIndex.find`: an id or a full name beats an area of the same
#: name; a part of a name ("Dostyk" of "Dostyk–Alashankou") or an alias does not.
_EXACT_RANK = 1

_KIND_RANK = {
    PlaceKind.CITY: 0,
    PlaceKind.PORT: 1,
    PlaceKind.DRY_PORT: 2,
    PlaceKind.LOGISTICS_CENTRE: 3,
    PlaceKind.BORDER: 4,
    PlaceKind.JUNCTION: 5,
    PlaceKind.STATION: 6,
    PlaceKind.REGION: 7,
}


def normalize_name(text: str) -> str:
    """Fold a name for matching: no case, no accents, punctuation as spaces.

    Examples
    --------
    >>> normalize_name("  Ürümqi ")
    'urumqi'
    >>> normalize_name("Ho Chi Minh City (Cat Lai)")
    'ho chi minh city cat lai'
    >>> normalize_name("Alma-Ata")
    'alma ata'
    """
    # casefold after the compatibility decomposition too: it can turn a styled letter into an
    # upper-case one ("𝗔" -> "A"), which a second pass would fold
    decomposed = unicodedata.normalize("NFKD", text.casefold()).casefold()
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("ı", "i").replace("ł", "l").replace("'", "").replace("’", "")
    spaced = "".join(ch if ch.isalnum() else " " for ch in plain)
    return " ".join(spaced.split())


class PlaceIndex:
    """An index of places by normalised id, name and alias."""

    __slots__ = ("_by_id", "_by_key", "_keys", "_rank")

    def __init__(self, places: Iterable[Place]) -> None:
        self._by_id: dict[str, Place] = {}
        by_key: dict[str, list[tuple[int, Place]]] = {}
        for place in places:
            self._by_id[place.id.casefold()] = place
            by_key.setdefault(normalize_name(place.id), []).append((0, place))
            by_key.setdefault(normalize_name(place.name), []).append((1, place))
            for part in _name_parts(place.name):
                by_key.setdefault(normalize_name(part), []).append((2, place))
            for alias in place.aliases:
                by_key.setdefault(normalize_name(alias), []).append((3, place))
        self._rank = {(key, place.id): rank for key, hits in by_key.items()
                      for rank, place in sorted(hits, key=lambda h: -h[0])}
        self._by_key: Mapping[str, tuple[Place, ...]] = {
            key: tuple(_ranked(hits)) for key, hits in by_key.items()
        }
        self._keys = tuple(self._by_key)

    def get(self, query: str) -> Place:
        """The place named ``query``.

        Raises
        ------
        UnknownPlaceError
            If nothing matches; the error suggests the closest names.
        """
        found = self.find(query)
        if found is not None:
            return found[1]
        raise UnknownPlaceError(query, [p.name for p in self.suggest(query)])

    def find(self, query: str) -> tuple[int, Place] | None:
        """The best place for ``query`` and how it matched (0 id, 1 name, 2 part of a name,
        3 alias), or None."""
        hit = self._by_id.get(query.strip().casefold())
        if hit is not None:
            return 0, hit
        key = normalize_name(query)
        hits = self._by_key.get(key)
        if hits:
            return self._rank[(key, hits[0].id)], hits[0]
        return None

    def suggest(self, query: str, *, limit: int = 3) -> list[Place]:
        """Places whose names come closest to ``query``, best first."""
        key = normalize_name(query)
        close = difflib.get_close_matches(key, self._keys, n=limit * 3, cutoff=0.6)
        if not close and key:
            close = [k for k in self._keys if key in k or k in key][: limit * 3]
        out: list[Place] = []
        for match in close:
            for place in self._by_key[match]:
                if place not in out:
                    out.append(place)
        return out[:limit]

    def search(self, query: str, *, limit: int = 20) -> list[Place]:
        """Places matching ``query`` exactly, by substring, or closely, best first."""
        key = normalize_name(query)
        if not key:
            return []
        out: list[Place] = list(self._by_key.get(key, ()))
        for k in self._keys:
            if key in k:
                out.extend(p for p in self._by_key[k] if p not in out)
        out.extend(p for p in self.suggest(query, limit=limit) if p not in out)
        return out[:limit]


def _name_parts(name: str) -> list[str]:
    """Shorter forms of a name: without its parenthesis, and each side of an en dash
    ("Dostyk–Alashankou" is found as "Dostyk" and as "Alashankou")."""
    base = name.split("(")[0].strip()
    parts = [base] if base != name else []
    if "–" in base:
        parts.extend(side.strip() for side in base.split("–"))
    return [p for p in parts if p]


def _ranked(hits: list[tuple[int, Place]]) -> list[Place]:
    hits.sort(key=lambda h: (h[0], _KIND_RANK[h[1].kind], h[1].id))
    seen: list[Place] = []
    for _, place in hits:
        if place not in seen:
            seen.append(place)
    return seen


def country_code(text: str) -> str | None:
    """The ISO 3166 alpha-2 code of a country named by code, name or common alias.

    Examples
    --------
    >>> country_code("Viet Nam"), country_code("kz"), country_code("Kostanay")
    ('VN', 'KZ', None)
    """
    if text.strip().upper() in COUNTRY_NAMES:
        return text.strip().upper()
    key = normalize_name(text)
    for code, name in COUNTRY_NAMES.items():
        if normalize_name(name) == key:
            return code
    return COUNTRY_ALIASES.get(key)


class AreaIndex:
    """Resolves what a user names (a place, a city area, a country) to an :class:`Area`."""

    __slots__ = ("_all", "_areas", "_by_key", "_places")

    def __init__(self, places: PlaceIndex, all_places: Iterable[Place],
                 areas: Iterable[Area]) -> None:
        self._places = places
        self._areas = tuple(areas)
        self._by_key: dict[str, Area] = {}
        for area in self._areas:
            for name in (area.id, area.name, *area.aliases):
                self._by_key.setdefault(normalize_name(name), area)
        self._all = tuple(all_places)

    @property
    def areas(self) -> tuple[Area, ...]:
        """The named city areas (``areas.csv``)."""
        return self._areas

    def search(self, query: str | None = None) -> list[Area]:
        """City areas, and countries with origins or markets, whose name contains ``query``
        (all if None): what a user may name besides a single place. A country's members are
        its origins and markets.

        Examples
        --------
        >>> from landbridge.network.load import load_network
        >>> [a.name for a in load_network().area_index.search("viet")]
        ['Vietnam']
        """
        key = normalize_name(query) if query else ""
        codes = sorted({p.country for p in self._all if p.roles & {Role.ORIGIN, Role.MARKET}})
        countries = []
        for code in codes:
            members = tuple(p for p in self._all if p.country == code
                            and p.roles & {Role.ORIGIN, Role.MARKET})
            countries.append(Area(id=code, name=COUNTRY_NAMES.get(code, code),
                                  kind=AreaKind.COUNTRY, members=members))
        return [a for a in (*self._areas, *countries)
                if not key or any(key in normalize_name(n) for n in (a.id, a.name, *a.aliases))]

    def country(self, code: str, *, role: Role | None = None) -> Area:
        """The places of a country that play ``role`` (every place if None)."""
        members = tuple(p for p in self._all if p.country == code
                        and (role is None or role in p.roles))
        return Area(id=code, name=COUNTRY_NAMES.get(code, code), kind=AreaKind.COUNTRY,
                    members=members)

    def get(self, query: str, *, role: Role | None = None) -> Area:
        """The area ``query`` names. A place's id or full name wins; then a city area; then a
        country (its places with ``role``); then a part of a place's name or an alias.

        Raises
        ------
        UnknownPlaceError
            If nothing matches; the error suggests the closest places and areas.
        """
        found = self._places.find(query)
        if found is not None and found[0] <= _EXACT_RANK:
            return Area.of(found[1])
        area = self._by_key.get(normalize_name(query))
        if area is not None:
            return area
        code = country_code(query)
        if code is not None:
            return self.country(code, role=role)
        if found is not None:
            return Area.of(found[1])
        key = normalize_name(query)
        names = [*self._by_key, *(normalize_name(n) for n in COUNTRY_NAMES.values())]
        close = difflib.get_close_matches(key, names, n=2, cutoff=0.7)
        suggestions = [p.name for p in self._places.suggest(query)]
        for match in close:
            area = self._by_key.get(match)
            label = area.name if area else next(
                n for n in COUNTRY_NAMES.values() if normalize_name(n) == match)
            if label not in suggestions:
                suggestions.insert(0, label)
        raise UnknownPlaceError(query, suggestions[:3])
