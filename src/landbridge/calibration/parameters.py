"""What calibration may change: groups of table rows, each row scaled by one factor.

A free parameter is one row of a table (``speeds.csv`` rail_1520/KZ, ``hub_operations.csv``
Lianyungang/rail_to_ship/bulk ...) whose numbers are multiplied by a factor; only rows that the
observed routes use become free parameters, so that their number stays small. Scaling works on
the raw tables and the network is rebuilt from them, so the fitted numbers are exactly those the
written overlay holds.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from landbridge.data import Table
from landbridge.data.overlay import row_key
from landbridge.validation.observations import Quantity

__all__ = ["GROUPS", "GroupSpec", "ParameterGroup", "RowScale", "format_number", "rows_of",
           "scaled"]

#: Significant digits of a calibrated number written to a table.
SIGNIFICANT_DIGITS = 6

_WILDCARDS = ("", "*")


class ParameterGroup(enum.StrEnum):
    """The groups of numbers ``landbridge calibrate`` can fit."""

    SPEEDS = "speeds"
    DWELL = "dwell"
    TARIFFS = "tariffs"
    SAILING = "sailing"


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupSpec:
    """Where a group's numbers live: the table, the columns scaled together, the column that
    says where a row applies (a country or a place; empty or ``*`` means everywhere; no column:
    everywhere), the quantities it can move, and (if not every row of the table) the keys of
    its rows."""

    table: str
    columns: tuple[str, ...]
    scope: str
    quantities: frozenset[Quantity]
    keys: frozenset[str] = frozenset()


_FREIGHT = frozenset({Quantity.FREIGHT_USD_PER_T, Quantity.FREIGHT_USD_PER_TEU,
                      Quantity.FREIGHT_USD_PER_FEU})

#: What each group scales. Dwell scales the 90th percentile with the mean (same spread).
GROUPS: Mapping[ParameterGroup, GroupSpec] = {
    ParameterGroup.SPEEDS: GroupSpec(table="speeds.csv", columns=("km_per_day",),
                                     scope="country", quantities=frozenset({Quantity.DAYS})),
    ParameterGroup.DWELL: GroupSpec(table="hub_operations.csv",
                                    columns=("hours_mean", "hours_p90"), scope="place",
                                    quantities=frozenset({Quantity.DAYS})),
    ParameterGroup.TARIFFS: GroupSpec(table="tariffs.csv", columns=("usd_per_tkm",),
                                      scope="country", quantities=_FREIGHT),
    # the speed bulk carriers sail at and the container liners' effective speed; they time
    # voyages and do not price them
    ParameterGroup.SAILING: GroupSpec(table="parameters.csv", columns=("value",), scope="",
                                      quantities=frozenset({Quantity.DAYS}),
                                      keys=frozenset({"bulk_operating_knots", "liner_knots"})),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class RowScale:
    """One free parameter: the factor on one row's ``columns``."""

    group: ParameterGroup
    table: str
    key: tuple[str, ...]
    columns: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.table.removesuffix('.csv')} {'/'.join(self.key)}"


def rows_of(tables: Mapping[str, Table], group: ParameterGroup, *, places: set[str],
            countries: set[str]) -> list[RowScale]:
    """The rows of ``group`` that can apply on a route through ``places`` (ids) in
    ``countries``: a superset of those it uses, to be narrowed by their effect."""
    spec = GROUPS[group]
    table = tables[spec.table]
    scope = places if spec.scope == "place" else countries
    out = []
    for _, row in table:
        key = row_key(table, row)
        where = row.get(spec.scope, "")
        applies = (where in _WILDCARDS or where in scope) and (
            not spec.keys or key[0] in spec.keys)
        if applies and any(_number(row.get(c, "")) for c in spec.columns):
            out.append(RowScale(group=group, table=spec.table, key=key, columns=spec.columns))
    return out


def scaled(tables: Mapping[str, Table], scales: Sequence[RowScale],
           factors: Iterable[float]) -> dict[str, Table]:
    """``tables`` with each scaled row's columns multiplied by its factor (written with
    :data:`SIGNIFICANT_DIGITS`); the other rows and tables are shared, not copied."""
    out = dict(tables)
    by_table: dict[str, dict[tuple[str, ...], float]] = {}
    for scale, factor in zip(scales, factors, strict=True):
        by_table.setdefault(scale.table, {})[scale.key] = float(factor)
    for name, changes in by_table.items():
        table = tables[name]
        columns = next(s.columns for s in scales if s.table == name)
        rows = []
        for line, row in table.rows:
            change = changes.get(row_key(table, row))
            if change is not None:
                row = {**row, **{c: format_number(_number(row[c]) * change) for c in columns}}
            rows.append((line, row))
        out[name] = Table(table.name, table.columns, tuple(rows), table.files)
    return out


def format_number(value: float) -> str:
    """A calibrated number as written to a table.

    Examples
    --------
    >>> format_number(249.6 * 0.7), format_number(0.00571 * 1.25)
    ('174.72', '0.0071375')
    """
    return f"{value:.{SIGNIFICANT_DIGITS}g}"


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0
