"""The bundled data tables (CSV, one cited row per record) and the reader that checks them.

Each table is a CSV file in this package. ``read_table`` returns its rows with their line
numbers; :class:`RowReader` converts fields and records a :class:`~landbridge.errors.Problem`
naming file, line and field for every value that is missing or malformed, so that a check can
report all problems at once. A data overlay (:mod:`landbridge.data.overlay`) replaces or adds
rows from a user's folder; each row then remembers the file it came from.
"""

from __future__ import annotations

import csv
import enum
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TypeVar

from landbridge.errors import DataError, Problem

__all__ = ["RowReader", "Table", "read_table"]

E = TypeVar("E", bound=enum.Enum)

ESTIMATE_PREFIX = "estimate:"


@dataclass(frozen=True, slots=True)
class Table:
    """The rows of one CSV file, each with the line it starts on.

    ``files`` names the file of each row when rows come from more than one (an overlay merged
    into a bundled table); empty means every row is from ``name``.
    """

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]
    files: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return iter(self.rows)

    def located(self) -> Iterator[tuple[str, int, dict[str, str]]]:
        """Each row with the file and line it comes from, for messages."""
        for index, (line, row) in enumerate(self.rows):
            yield (self.files[index] if self.files else self.name), line, row


def read_table(name: str, directory: Path | None = None) -> Table:
    """Read table ``name`` (e.g. ``"places.csv"``) from ``directory`` or the bundled data.

    Raises
    ------
    DataError
        If the folder or file is missing, the file is too large, not UTF-8 text or holds a
        control character, or a row has more fields than the header.
    """
    if directory is None:
        text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    else:
        from landbridge.userfile import MAX_TABLE_BYTES, read_text

        path = Path(directory) / name
        if not Path(directory).is_dir():
            raise DataError(Problem(str(directory), None, None, "is not a folder; give the "
                                    "folder that holds places.csv, links.csv and the others"))
        if not path.exists():
            raise DataError(Problem(name, None, None, f"file not found in {directory}"))
        text = read_text(path, kind=DataError, max_bytes=MAX_TABLE_BYTES, name=name)
    reader = csv.DictReader(io.StringIO(text))
    columns = tuple(reader.fieldnames or ())
    rows: list[tuple[int, dict[str, str]]] = []
    for record in reader:
        if None in record:
            raise DataError(Problem(name, reader.line_num, None, "more fields than the header"))
        if not any((v or "").strip() for v in record.values()):
            continue
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in record.items()}))
    return Table(name, columns, tuple(rows))


@dataclass
class RowReader:
    """Converts the fields of one row, recording a problem for each bad one."""

    file: str
    line: int
    row: dict[str, str]
    problems: list[Problem] = field(default_factory=list)

    def problem(self, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, self.line, column, message))

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.row.get(column, "")
        if required and not value:
            self.problem(column, "is empty")
        return value

    def number(
        self, column: str, *, minimum: float | None = 0.0, required: bool = True
    ) -> float:
        raw = self.row.get(column, "")
        if not raw:
            if required:
                self.problem(column, "is empty; give a number")
            return math.nan
        try:
            value = float(raw)
        except ValueError:
            self.problem(column, f"{raw!r} is not a number")
            return math.nan
        if not math.isfinite(value):
            self.problem(column, f"{raw!r} is not a finite number")
        elif minimum is not None and value < minimum:
            self.problem(column, f"{value:g} is below the minimum {minimum:g}")
        return value

    def choice(self, column: str, kind: type[E], *, required: bool = True) -> E | None:
        raw = self.row.get(column, "")
        if not raw:
            if required:
                self.problem(column, f"is empty; choose one of {_names(kind)}")
            return None
        for member in kind:
            if raw == member.value:
                return member
        self.problem(column, f"{raw!r} is not one of {_names(kind)}")
        return None

    def choices(self, column: str, kind: type[E]) -> frozenset[E]:
        out: set[E] = set()
        for part in _split(self.row.get(column, "")):
            member = next((m for m in kind if m.value == part), None)
            if member is None:
                self.problem(column, f"{part!r} is not one of {_names(kind)}")
            else:
                out.add(member)
        return frozenset(out)

    def names(self, column: str) -> tuple[str, ...]:
        return tuple(_split(self.row.get(column, "")))

    def source(self, column: str = "source") -> str:
        """The row's citation: a publisher/title/URL, or ``estimate: <basis>``."""
        value = self.row.get(column, "")
        if not value:
            self.problem(column, "is empty: every row must cite a source or 'estimate: <basis>'")
        elif value.lower().startswith("estimate") and (
            not value.lower().startswith(ESTIMATE_PREFIX)
            or not value[len(ESTIMATE_PREFIX) :].strip()
        ):
            self.problem(column, "an estimate must say what it is derived from: 'estimate: ...'")
        return value


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _names(kind: type[enum.Enum]) -> str:
    return ", ".join(str(m.value) for m in kind)
