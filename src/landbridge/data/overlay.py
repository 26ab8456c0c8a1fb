"""Data overlays: a folder of CSV files that replace or add rows of the bundled tables.

An overlay holds only what changed. Each file has the name and the columns of a bundled table
(``speeds.csv``, ``hub_operations.csv`` ...); a row whose key (the columns in :data:`TABLE_KEYS`)
matches a bundled row replaces it in place, any other row is added at the end. Overlay rows are
checked like bundled ones (every number cites its source), and messages name the overlay file
and line. ``landbridge calibrate`` writes overlays; any command reads one (the
``LANDBRIDGE_DATA_OVERLAY`` environment variable, or the command line's overlay option).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from landbridge.data import Table, read_table
from landbridge.errors import DataError, NetworkDataError, Problem

__all__ = [
    "OVERLAY_ENV",
    "TABLE_KEYS",
    "apply_overlay",
    "overlay_from_env",
    "read_overlay",
    "row_key",
    "table_key",
]

#: The environment variable naming an overlay folder, read when no overlay is given.
OVERLAY_ENV = "LANDBRIDGE_DATA_OVERLAY"

#: The columns that identify a row of each table: an overlay row with the same values replaces
#: the bundled row. A declared column that a table does not have (yet) is left out of its key,
#: so a column can be declared here before it is added to the table (``service`` in speeds).
TABLE_KEYS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "places.csv": ("id",),
    "links.csv": ("from", "to", "mode"),
    "hub_operations.csv": ("place", "operation", "unit", "into"),
    "commodities.csv": ("id",),
    "tariffs.csv": ("mode", "country", "unit"),
    "speeds.csv": ("mode", "country", "service"),
    "emission_factors.csv": ("key",),
    "capacities.csv": ("element", "scope"),
    "services.csv": ("from", "to", "mode", "service"),
    "vessels.csv": ("unit", "vessel_class"),
    "parameters.csv": ("key",),
    "market_prices.csv": ("commodity", "market", "basis", "date"),
    "areas.csv": ("id",),
})


#: Columns added to a bundled table after overlays were first written: an overlay may leave
#: them out, and its rows read them as empty (a service with no named crossing).
OPTIONAL_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "services.csv": ("via",),
})


def table_key(table: Table) -> tuple[str, ...]:
    """The key columns of ``table``: those declared in :data:`TABLE_KEYS` that it has."""
    return tuple(c for c in TABLE_KEYS[table.name] if c in table.columns)


def row_key(table: Table, row: Mapping[str, str]) -> tuple[str, ...]:
    """The key of ``row`` in ``table``.

    Examples
    --------
    >>> speeds = read_table("speeds.csv")
    >>> row_key(speeds, {"mode": "rail_1520", "country": "KZ", "service": "block",
    ...                  "km_per_day": "1"})
    ('rail_1520', 'KZ', 'block')
    """
    return tuple(row.get(c, "") for c in table_key(table))


def overlay_from_env() -> Path | None:
    """The overlay folder named by ``LANDBRIDGE_DATA_OVERLAY``, or None if it is unset or empty."""
    value = os.environ.get(OVERLAY_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else None


def read_overlay(directory: str | Path) -> dict[str, Table]:
    """The tables of the overlay folder ``directory``, by file name; checked, not yet merged.

    Raises
    ------
    DataError
        If the folder is missing, or a file is not a bundled table's name, lacks one of its
        columns or has an extra one, or repeats a key; every problem is listed with file,
        line and field.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise DataError(Problem(str(folder), None, None,
                                "the data overlay is not a folder; give a folder of CSV files"))
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for path in sorted(folder.glob("*.csv")):
        if path.name not in TABLE_KEYS:
            problems.append(Problem(str(path), None, None,
                                    "not a landbridge table; name the file after one of: "
                                    + ", ".join(TABLE_KEYS)))
            continue
        table = read_table(path.name, folder)
        table = Table(table.name, table.columns, table.rows, (str(path),) * len(table.rows))
        problems.extend(_check(table, read_table(path.name), str(path)))
        tables[path.name] = table
    if problems:
        raise NetworkDataError(problems)
    return tables


def _check(table: Table, bundled: Table, file: str) -> list[Problem]:
    optional = OPTIONAL_COLUMNS.get(table.name, ())
    problems = [Problem(file, 1, column, "is missing; an overlay has the bundled table's columns")
                for column in bundled.columns
                if column not in table.columns and column not in optional]
    problems += [Problem(file, 1, column, "is not a column of the bundled table")
                 for column in table.columns if column not in bundled.columns]
    if problems:
        return problems
    seen: dict[tuple[str, ...], int] = {}
    for line, row in table:
        key = row_key(table, row)  # required key fields are checked when the row is parsed
        if key in seen:
            problems.append(Problem(file, line, None, f"repeats the key of line {seen[key]} "
                                    f"({', '.join(key)})"))
        seen.setdefault(key, line)
    return problems


def apply_overlay(base: Table, overlay: Table) -> Table:
    """``base`` with each overlay row replacing the base row of the same key, or added.

    Examples
    --------
    >>> base = Table("parameters.csv", ("key", "value"), ((2, {"key": "a", "value": "1"}),))
    >>> top = Table("parameters.csv", ("key", "value"),
    ...             ((2, {"key": "a", "value": "5"}), (3, {"key": "b", "value": "7"})),
    ...             ("mine.csv", "mine.csv"))
    >>> [(file, row["value"]) for file, _, row in apply_overlay(base, top).located()]
    [('mine.csv', '5'), ('mine.csv', '7')]
    """
    index = {row_key(base, row): i for i, (_, row) in enumerate(base.rows)}
    rows = list(base.rows)
    files = [base.name] * len(rows) if not base.files else list(base.files)
    for file, line, row in overlay.located():
        ordered = {column: row.get(column, "") for column in base.columns}
        at = index.get(row_key(base, row))
        if at is None:
            index[row_key(base, row)] = len(rows)
            rows.append((line, ordered))
            files.append(file)
        else:
            rows[at] = (line, ordered)
            files[at] = file
    return Table(base.name, base.columns, tuple(rows), tuple(files))
