"""Parsing closed choices (Enums) case-insensitively at the boundary."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeVar

from landbridge.errors import InvalidOptionError

E = TypeVar("E", bound=enum.Enum)


def _fold(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def parse_choice(
    kind: type[E], value: str | E, *, what: str, aliases: Mapping[str, E] | None = None
) -> E:
    """Return the member of ``kind`` named by ``value``, ignoring case, spaces and punctuation.

    Examples
    --------
    >>> from landbridge.model.modes import Mode
    >>> parse_choice(Mode, "Rail-1520", what="mode")
    <Mode.RAIL_1520: 'rail_1520'>
    """
    if isinstance(value, kind):
        return value
    key = _fold(str(value))
    for member in kind:
        if key in (_fold(str(member.value)), _fold(member.name)):
            return member
    for alias, member in (aliases or {}).items():
        if key == _fold(alias):
            return member
    raise InvalidOptionError(what, str(value), [str(m.value) for m in kind])
