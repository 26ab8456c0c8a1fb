"""Published observations the model answers to: one typed, cited record per CSV row.

Each row is a question the planner can answer (origin, destination, cargo, unit, via, avoid, and
optionally the part of the route to measure) with the published value, its range and source::

    id,family,quantity,origin,destination,cargo,unit,via,avoid,segment_from,segment_to,
    value,low,high,year,source,note

and optionally ``tonnes``, the consignment the source describes (it decides the train: below a
block train's load, bulk travels as wagonload). The bundled table is
``landbridge/data/observations.csv``; a user's own table has the same columns.
:func:`load_observations` reports every malformed field with its file and line.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from landbridge.data import RowReader, Table, read_table
from landbridge.errors import DataError, NetworkDataError, Problem
from landbridge.model._choices import parse_choice

__all__ = [
    "BUNDLED_OBSERVATIONS",
    "OBSERVATION_COLUMNS",
    "OPTIONAL_OBSERVATION_COLUMNS",
    "Family",
    "Observation",
    "Quantity",
    "load_observations",
    "select",
]

#: The file name of the bundled observations table in ``landbridge/data``.
BUNDLED_OBSERVATIONS = "observations.csv"

OBSERVATION_COLUMNS = (
    "id", "family", "quantity", "origin", "destination", "cargo", "unit", "via", "avoid",
    "segment_from", "segment_to", "value", "low", "high", "year", "source", "note",
)

#: Columns an observations table may add: the consignment size in tonnes.
OPTIONAL_OBSERVATION_COLUMNS = ("tonnes",)


class Family(enum.StrEnum):
    """The corridor family an observation belongs to (for the summary by family)."""

    CHINA_CENTRAL_ASIA = "china_central_asia"
    CHINA_PORTS_SEA = "china_ports_sea"
    MIDDLE_CORRIDOR = "middle_corridor"
    NORTHERN = "northern"
    IRAN = "iran"
    COMPETITOR_OCEAN = "competitor_ocean"


class Quantity(enum.StrEnum):
    """What was observed: a transit time, a distance or a freight rate."""

    DAYS = "days"
    DISTANCE_KM = "distance_km"
    FREIGHT_USD_PER_T = "freight_usd_per_t"
    FREIGHT_USD_PER_TEU = "freight_usd_per_teu"
    FREIGHT_USD_PER_FEU = "freight_usd_per_feu"


@dataclass(frozen=True, slots=True, kw_only=True)
class Observation:
    """One published figure and the planner question that reproduces it.

    ``segment`` is None for the whole route, or the two places that delimit the measured part
    (see :func:`landbridge.validation.measure.model_value`). ``tonnes`` is the consignment the
    source describes, or None for one consignment of the unit. ``low`` and ``high`` bound the
    published range. ``file`` and ``line`` say where the row was read.
    """

    id: str
    family: Family
    quantity: Quantity
    origin: str
    destination: str
    cargo: str
    unit: str | None
    via: str | None
    avoid: tuple[str, ...]
    segment: tuple[str, str] | None
    tonnes: float | None = None
    value: float
    low: float
    high: float
    year: int | None
    source: str
    note: str = ""
    file: str = ""
    line: int = 0

    def within(self, model: float) -> bool:
        """Whether a model value lies in the published range."""
        return self.low <= model <= self.high


def load_observations(path: str | Path | None = None) -> tuple[Observation, ...]:
    """The observations in the CSV file ``path``, or the bundled table by default.

    Raises
    ------
    DataError
        If the file is missing (for the bundled table: not shipped with this version).
    NetworkDataError
        If rows are malformed; ``problems`` lists every one with file, line and field.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.csv"
    >>> _ = path.write_text(",".join(OBSERVATION_COLUMNS) + "\\n"
    ...     "r1,china_central_asia,days,Almaty,Lianyungang,wheat,container,,,,,"
    ...     "9,8,12,2024,estimate: a test row,\\n")
    >>> (observation,) = load_observations(path)
    >>> observation.quantity, observation.within(10.0)
    (<Quantity.DAYS: 'days'>, True)
    """
    table = _read(path)
    problems = [Problem(table.name, 1, column, "is missing; an observations table has the "
                        f"columns {', '.join(OBSERVATION_COLUMNS)}")
                for column in OBSERVATION_COLUMNS if column not in table.columns]
    if problems:
        raise NetworkDataError(problems)
    out: list[Observation] = []
    seen: dict[str, int] = {}
    for file, line, row in table.located():
        reader = RowReader(file, line, row)
        observation = _observation(reader)
        if observation is not None and observation.id in seen:
            reader.problem("id", f"{observation.id!r} repeats the id of line "
                           f"{seen[observation.id]}")
        problems.extend(reader.problems)
        if observation is not None:
            seen.setdefault(observation.id, line)
            out.append(observation)
    if problems:
        raise NetworkDataError(problems)
    return tuple(out)


def _read(path: str | Path | None) -> Table:
    if path is None:
        bundled = resources.files("landbridge.data").joinpath(BUNDLED_OBSERVATIONS)
        if not bundled.is_file():
            raise DataError(Problem(BUNDLED_OBSERVATIONS, None, None,
                                    "the bundled observations table is not in this version of "
                                    "landbridge; give your own observations file"))
        return read_table(BUNDLED_OBSERVATIONS)
    file = Path(str(path))
    if not file.is_file():
        raise DataError(Problem(str(file), None, None, "file not found"))
    table = read_table(file.name, file.parent)
    return Table(str(file), table.columns, table.rows)


def _observation(r: RowReader) -> Observation | None:
    family = r.choice("family", Family)
    quantity = r.choice("quantity", Quantity)
    value, low, high = r.number("value"), r.number("low"), r.number("high")
    if value == 0:
        r.problem("value", "must be positive (errors are relative to it)")
    if low > value:
        r.problem("low", f"{low:g} is above the value {value:g}")
    if high < value:
        r.problem("high", f"{high:g} is below the value {value:g}")
    year = r.number("year", required=False)
    if not math.isnan(year) and year != int(year):
        r.problem("year", f"{year:g} is not a whole year")
    tonnes = r.number("tonnes", required=False)
    if tonnes == 0:
        r.problem("tonnes", f"{tonnes:g} is not a positive consignment")
    start, end = r.text("segment_from", required=False), r.text("segment_to", required=False)
    if bool(start) != bool(end):
        r.problem("segment_to" if start else "segment_from",
                  "give both ends of the segment, or neither for the whole route")
    source = r.source()
    if family is None or quantity is None:
        return None
    return Observation(
        id=r.text("id"),
        family=family,
        quantity=quantity,
        origin=r.text("origin"),
        destination=r.text("destination"),
        cargo=r.text("cargo"),
        unit=r.text("unit", required=False) or None,
        via=r.text("via", required=False) or None,
        avoid=r.names("avoid"),
        segment=(start, end) if start and end else None,
        tonnes=None if math.isnan(tonnes) else tonnes,
        value=value,
        low=low,
        high=high,
        year=None if math.isnan(year) else int(year),
        source=source,
        note=r.text("note", required=False),
        file=r.file,
        line=r.line,
    )


def select(observations: Iterable[Observation], families: Iterable[Family | str]) -> tuple[
        Observation, ...]:
    """The observations of the given families (all when ``families`` is empty).

    Raises
    ------
    InvalidOptionError
        If a family is not one of :class:`Family`.
    """
    wanted = {parse_choice(Family, f, what="family") for f in families}
    return tuple(o for o in observations if not wanted or o.family in wanted)
