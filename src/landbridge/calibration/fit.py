"""Fitting table rows to observations (scipy's bounded least squares) and writing the overlay.

The residual of an observation is the model's relative error, (model - published) / published;
an observation the planner cannot answer at some trial counts as 100% off. Each free parameter
is a factor on one table row (:mod:`landbridge.calibration.parameters`) bounded to a band
around the bundled value (:data:`RELATIVE_BAND`; the tables give no published ranges for these
rows yet). A small pull towards the bundled value keeps a parameter that the observations do
not pin down where it was. Each observation keeps the route it takes under the starting data
when the rows that may matter are chosen; the fit itself re-plans every trial.
"""

from __future__ import annotations

import datetime
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from landbridge.calibration.parameters import GROUPS, ParameterGroup, RowScale, rows_of, scaled
from landbridge.data import Table
from landbridge.data.overlay import apply_overlay, overlay_from_env, read_overlay, row_key
from landbridge.errors import InvalidOptionError
from landbridge.model._choices import parse_choice
from landbridge.network.load import network_from_tables, read_tables
from landbridge.network.network import Network
from landbridge.planning.routes import plan_routes
from landbridge.validation.observations import Observation
from landbridge.validation.report import ValidationReport, ValidationRow, observe, request_of

__all__ = ["RELATIVE_BAND", "Calibration", "FittedRow", "calibrate", "write_overlay"]

log = logging.getLogger(__name__)

#: Each factor stays within [0.5, 2] of the starting value: wide enough for the gaps issue 10
#: reports (speeds off by 2-4x are split between speed and dwell), narrow enough to stay physical.
RELATIVE_BAND = (0.5, 2.0)
#: Weight of the pull towards the starting value (residual = weight x log factor); small
#: against a 1% relative error, so it only decides what the observations leave open.
REGULARIZATION = 1e-3
#: Trial factor that shows whether a row moves any observed value at all.
SENSITIVITY_FACTOR = 1.2
#: Relative step of the finite-difference Jacobian: large enough to rise above the 6-digit
#: rounding of written numbers and the float32 Monte Carlo draws.
JACOBIAN_STEP = 1e-3
#: Residual of an observation the planner cannot answer at a trial.
UNANSWERED_RESIDUAL = 1.0
#: Cap on residual evaluations of the least-squares solver.
MAX_EVALUATIONS = 60


@dataclass(frozen=True, slots=True, kw_only=True)
class FittedRow:
    """One free parameter's outcome: the factor and the row's numbers before and after."""

    scale: RowScale
    factor: float
    before: Mapping[str, str]
    after: Mapping[str, str]

    @property
    def changed(self) -> bool:
        return dict(self.before) != dict(self.after)

    def to_dict(self) -> dict[str, object]:
        return {"group": self.scale.group.value, "table": self.scale.table,
                "key": list(self.scale.key), "factor": round(self.factor, 6),
                "before": dict(self.before), "after": dict(self.after)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Calibration:
    """The fit: every free parameter, the validation before and after, and the overlay tables
    (only changed rows, each citing the calibration; plus the rows of the overlay it started
    from, so that the written overlay stands on its own)."""

    rows: tuple[FittedRow, ...]
    before: ValidationReport
    after: ValidationReport
    overlay: Mapping[str, Table]
    cost_before: float
    cost_after: float
    message: str

    def to_dict(self) -> dict[str, object]:
        pairs = zip(self.before.rows, self.after.rows, strict=True)
        return {
            "parameters": [r.to_dict() for r in self.rows],
            "observations": [
                {"id": b.observation.id, "published": b.observation.value,
                 "before": _round(b.model, 3), "after": _round(a.model, 3),
                 "percent_error_before": _round(b.percent_error, 2),
                 "percent_error_after": _round(a.percent_error, 2),
                 "within_before": b.within, "within_after": a.within}
                for b, a in pairs],
            "summary": {"before": self.before.overall.to_dict(),
                        "after": self.after.overall.to_dict(),
                        "cost_before": round(self.cost_before, 6),
                        "cost_after": round(self.cost_after, 6), "solver": self.message},
            "overlay_tables": sorted(self.overlay),
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


class _Fit:
    """The least-squares problem: free rows, the observations each one moves, residuals."""

    def __init__(self, tables: Mapping[str, Table], observations: Sequence[Observation],
                 scales: Sequence[RowScale], moves: Sequence[Sequence[int]]) -> None:
        self.tables = tables
        self.observations = observations
        self.scales = scales
        self.moves = moves
        self.active = sorted({i for m in moves for i in m})
        self.groups = _disjoint_groups(moves)
        self._last: tuple[tuple[float, ...], dict[int, float | None]] | None = None

    def network(self, x: Iterable[float]) -> Network:
        return network_from_tables(scaled(self.tables, self.scales, x), check=False)

    def models(self, x: Iterable[float], which: Iterable[int]) -> dict[int, float | None]:
        network = self.network(x)
        return {i: observe(self.observations[i], network).model for i in which}

    def _residual(self, i: int, model: float | None) -> float:
        if model is None:
            return UNANSWERED_RESIDUAL
        return (model - self.observations[i].value) / self.observations[i].value

    def residuals(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        models = self.models(x, self.active)
        self._last = (tuple(x), models)
        data = [self._residual(i, models[i]) for i in self.active]
        return np.array([*data, *(REGULARIZATION * np.log(x))])

    def jacobian(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Forward differences; rows that move disjoint observations are stepped together
        (one network and one plan per observation serve all of them)."""
        if self._last is None or self._last[0] != tuple(x):
            self.residuals(x)
        assert self._last is not None
        base = self._last[1]
        row_of = {i: r for r, i in enumerate(self.active)}
        jac = np.zeros((len(self.active) + len(x), len(x)))
        high = RELATIVE_BAND[1]
        steps = np.where(x * (1 + JACOBIAN_STEP) > high, -JACOBIAN_STEP, JACOBIAN_STEP) * x
        for group in self.groups:
            trial = x.copy()
            trial[group] += steps[group]
            models = self.models(trial, [i for k in group for i in self.moves[k]])
            for k in group:
                for i in self.moves[k]:
                    jac[row_of[i], k] = (self._residual(i, models[i])
                                         - self._residual(i, base[i])) / steps[k]
        jac[len(self.active):, :] = np.diag(REGULARIZATION / x)
        return jac


def _disjoint_groups(moves: Sequence[Sequence[int]]) -> list[list[int]]:
    """Parameters in groups whose members move no observation in common (greedy colouring)."""
    groups: list[tuple[list[int], set[int]]] = []
    for k, moved in enumerate(moves):
        for members, seen in groups:
            if seen.isdisjoint(moved):
                members.append(k)
                seen.update(moved)
                break
        else:
            groups.append(([k], set(moved)))
    return [members for members, _ in groups]


def _cost(rows: Sequence[ValidationRow]) -> float:
    """Half the sum of squared relative errors (scipy's cost), unanswered rows at 100%."""
    errors = [UNANSWERED_RESIDUAL if r.percent_error is None else r.percent_error / 100.0
              for r in rows]
    return 0.5 * float(sum(e * e for e in errors))


def calibrate(
    observations: Sequence[Observation],
    *,
    groups: Iterable[ParameterGroup | str] = tuple(ParameterGroup),
    directory: str | Path | None = None,
    overlay: str | Path | None = None,
    source: str = "observations",
    today: datetime.date | None = None,
) -> Calibration:
    """Fit the rows of ``groups`` that the observed routes use to ``observations``.

    ``directory`` and ``overlay`` say which data to start from (the bundled tables and the
    ``LANDBRIDGE_DATA_OVERLAY`` overlay by default); ``source`` names the observations in the
    overlay's citations ("calibrated from SOURCE (landbridge calibrate, DATE) | old source").

    Raises
    ------
    InvalidOptionError
        If a group is unknown, or no observation depends on the chosen groups.
    NetworkDataError
        If the starting data has a problem.
    """
    chosen = tuple(dict.fromkeys(parse_choice(ParameterGroup, g, what="parameter group")
                                 for g in groups))
    start_overlay = overlay_from_env() if overlay is None else Path(overlay)
    tables = read_tables(directory, overlay=start_overlay)
    network = network_from_tables(tables)
    before_rows = tuple(observe(o, network) for o in observations)
    scales, moves = _free_rows(tables, network, observations, before_rows, chosen)
    if not scales:
        raise InvalidOptionError(
            "parameter group", ", ".join(g.value for g in chosen), [g.value for g in GROUPS],
            message="no observation depends on the rows of "
                    f"{', '.join(g.value for g in chosen)}; choose other parameter groups "
                    "or add observations of the quantities they move")
    fit = _Fit(tables, observations, scales, moves)
    log.info("calibrating %d rows on %d observations", len(scales), len(fit.active))
    from scipy.optimize import least_squares

    low, high = RELATIVE_BAND
    result = least_squares(fit.residuals, np.ones(len(scales)), jac=fit.jacobian,
                           bounds=(np.full(len(scales), low), np.full(len(scales), high)),
                           method="trf", max_nfev=MAX_EVALUATIONS)
    factors = [float(f) for f in result.x]
    fitted_tables = scaled(tables, scales, factors)
    after_network = network_from_tables(fitted_tables)
    after_rows = tuple(observe(o, after_network) for o in observations)
    message = str(result.message)
    if _cost(after_rows) > _cost(before_rows):  # a route switch the fit could not see
        log.warning("the fitted rows fit worse than the starting ones; keeping the start")
        factors = [1.0] * len(scales)
        fitted_tables, after_rows = dict(tables), before_rows
        message += "; the fit did not improve on the starting data, which is kept"
    rows = tuple(_fitted(tables, fitted_tables, scale, factor)
                 for scale, factor in zip(scales, factors, strict=True))
    stamp = (today or datetime.date.today()).isoformat()
    return Calibration(
        rows=rows,
        before=ValidationReport(rows=before_rows),
        after=ValidationReport(rows=after_rows),
        overlay=_overlay_tables(rows, fitted_tables, start_overlay,
                                f"calibrated from {source} (landbridge calibrate, {stamp})"),
        cost_before=_cost(before_rows),
        cost_after=_cost(after_rows),
        message=message,
    )


def _free_rows(tables: Mapping[str, Table], network: Network,
               observations: Sequence[Observation], before: Sequence[ValidationRow],
               groups: Sequence[ParameterGroup]) -> tuple[list[RowScale], list[list[int]]]:
    """The rows that move at least one observed value, and which observations each moves."""
    candidates: dict[RowScale, list[int]] = {}
    for i, (o, row) in enumerate(zip(observations, before, strict=True)):
        if row.model is None:
            continue
        route = plan_routes(request_of(o), network=network).best
        places = {p.id for p in route.via}
        countries = {c for p in route.via for c in p.countries}
        for group in groups:
            if o.quantity not in GROUPS[group].quantities:
                continue
            for scale in rows_of(tables, group, places=places, countries=countries):
                candidates.setdefault(scale, []).append(i)
    scales, moves = [], []
    for scale, which in candidates.items():
        trial = network_from_tables(scaled(tables, [scale], [SENSITIVITY_FACTOR]), check=False)
        moved = [i for i in which
                 if not _same(observe(observations[i], trial).model, before[i].model)]
        if moved:
            scales.append(scale)
            moves.append(moved)
    return scales, moves


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _fitted(tables: Mapping[str, Table], fitted: Mapping[str, Table], scale: RowScale,
            factor: float) -> FittedRow:
    def numbers(table: Table) -> dict[str, str]:
        row = next(r for _, r in table if row_key(table, r) == scale.key)
        return {c: row[c] for c in scale.columns}

    return FittedRow(scale=scale, factor=factor, before=numbers(tables[scale.table]),
                     after=numbers(fitted[scale.table]))


def _overlay_tables(rows: Sequence[FittedRow], fitted: Mapping[str, Table],
                    start: Path | None, citation: str) -> dict[str, Table]:
    out: dict[str, Table] = dict(read_overlay(start)) if start is not None else {}
    for name in sorted({r.scale.table for r in rows if r.changed}):
        table = fitted[name]
        keys = {r.scale.key for r in rows if r.changed and r.scale.table == name}
        changed = tuple((line, {**row, "source": f"{citation} | {row['source']}"})
                        for line, row in table if row_key(table, row) in keys)
        new = Table(name, table.columns, changed)
        out[name] = apply_overlay(out[name], new) if name in out else new
    return out


def write_overlay(calibration: Calibration, folder: str | Path) -> tuple[Path, ...]:
    """Write the calibration's overlay tables into ``folder`` (created if needed); returns the
    files written. ``landbridge --data-overlay FOLDER ...`` then uses them."""
    import csv

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in sorted(calibration.overlay.items()):
        path = target / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, table.columns)
            writer.writeheader()
            writer.writerows(row for _, row in table)
        written.append(path)
    return tuple(written)
