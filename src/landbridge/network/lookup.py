"""Finding places by id, name or alias, forgiving case, accents, punctuation and old names."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping

from landbridge.errors import UnknownPlaceError
from landbridge.model.places import Place, PlaceKind

__all__ = ["PlaceIndex", "normalize_name"]

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
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("ı", "i").replace("ł", "l").replace("'", "").replace("’", "")
    spaced = "".join(ch if ch.isalnum() else " " for ch in plain)
    return " ".join(spaced.split())


class PlaceIndex:
    """An index of places by normalised id, name and alias."""

    __slots__ = ("_by_id", "_by_key", "_keys")

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
        hit = self._by_id.get(query.strip().casefold())
        if hit is not None:
            return hit
        hits = self._by_key.get(normalize_name(query))
        if hits:
            return hits[0]
        raise UnknownPlaceError(query, [p.name for p in self.suggest(query)])

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
