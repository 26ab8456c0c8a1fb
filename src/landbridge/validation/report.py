"""Running observations through the planner: model value, error, pass/fail, and a summary.

Every observation becomes a :class:`RouteRequest` (origin, destination, cargo, unit, via,
avoid); the planner's best route gives the model value (:func:`model_value`). A request the
planner cannot answer is a row with its message, not a failure of the whole run.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from landbridge.errors import LandbridgeError
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.planning.request import RouteRequest
from landbridge.planning.routes import plan_routes
from landbridge.validation.measure import model_value
from landbridge.validation.observations import Family, Observation, Quantity, load_observations

__all__ = ["FamilySummary", "ValidationReport", "ValidationRow", "observe", "request_of",
           "validate"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidationRow:
    """One observation against the model: the model value, or why there is none."""

    observation: Observation
    model: float | None
    route: str = ""
    message: str = ""

    @property
    def error(self) -> float | None:
        """Model minus published value, in the quantity's unit."""
        return None if self.model is None else self.model - self.observation.value

    @property
    def percent_error(self) -> float | None:
        """The error as a percentage of the published value."""
        error = self.error
        return None if error is None else 100.0 * error / self.observation.value

    @property
    def within(self) -> bool:
        """Whether the model value lies in the published range (False without a value)."""
        return self.model is not None and self.observation.within(self.model)

    def to_dict(self) -> dict[str, object]:
        o = self.observation
        out: dict[str, object] = {
            "id": o.id, "family": o.family.value, "quantity": o.quantity.value,
            "origin": o.origin, "destination": o.destination, "cargo": o.cargo,
            "unit": o.unit, "via": o.via, "avoid": list(o.avoid),
            "segment": list(o.segment) if o.segment else None, "tonnes": o.tonnes,
            "published": {"value": o.value, "low": o.low, "high": o.high, "year": o.year,
                          "source": o.source},
            "model": None if self.model is None else round(self.model, 3),
            "error": None if self.error is None else round(self.error, 3),
            "percent_error": (None if self.percent_error is None
                              else round(self.percent_error, 2)),
            "within": self.within,
            "route": self.route,
        }
        if self.message:
            out["message"] = self.message
        return out


#: The bundled rates, speeds and dwell times are figures of these years and later
#: (docs/data.md): a row of an earlier year asks the model about a market it does not hold.
BASE_PERIOD_FROM = 2022


@dataclass(frozen=True, slots=True, kw_only=True)
class FamilySummary:
    """How one group of observations (a family, a quantity, a period, or all of them) fares:
    share within range, median |% error|."""

    family: str
    count: int
    within: int
    median_abs_percent_error: float | None

    @property
    def share_within(self) -> float:
        return self.within / self.count if self.count else 0.0

    def to_dict(self, key: str = "family") -> dict[str, object]:
        """The summary as JSON; ``key`` names the grouping ("family", "quantity", "period")."""
        median = self.median_abs_percent_error
        return {key: self.family, "count": self.count, "within": self.within,
                "share_within": round(self.share_within, 4),
                "median_abs_percent_error": None if median is None else round(median, 2)}


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidationReport:
    """Every observation's row, and the summary overall and by family."""

    rows: tuple[ValidationRow, ...]

    @property
    def overall(self) -> FamilySummary:
        return _summary("all", self.rows)

    @property
    def share_within(self) -> float:
        """Share of observations whose model value is in the published range (unanswered
        requests count as outside)."""
        return self.overall.share_within

    @property
    def by_family(self) -> tuple[FamilySummary, ...]:
        """One summary per family present, in the order of :class:`Family`."""
        return _grouped(self.rows, lambda r: r.observation.family.value,
                        order=[f.value for f in Family])

    @property
    def by_quantity(self) -> tuple[FamilySummary, ...]:
        """One summary per kind of figure present: days, distance, freight (per tonne, TEU
        and FEU together)."""
        return _grouped(self.rows, lambda r: _KINDS[r.observation.quantity],
                        order=tuple(dict.fromkeys(_KINDS.values())))

    @property
    def by_period(self) -> tuple[FamilySummary, ...]:
        """One summary per period of the published figure: the bundled data's years
        (:data:`BASE_PERIOD_FROM` on), earlier years, undated."""
        return _grouped(self.rows, lambda r: _period(r.observation.year), order=_PERIODS)

    def to_dict(self) -> dict[str, object]:
        return {"summary": self.overall.to_dict(),
                "by_family": [s.to_dict() for s in self.by_family],
                "by_quantity": [s.to_dict("quantity") for s in self.by_quantity],
                "by_period": [s.to_dict("period") for s in self.by_period],
                "observations": [r.to_dict() for r in self.rows]}


_KINDS: Mapping[Quantity, str] = {
    Quantity.DAYS: "days", Quantity.DISTANCE_KM: "distance",
    Quantity.FREIGHT_USD_PER_T: "freight", Quantity.FREIGHT_USD_PER_TEU: "freight",
    Quantity.FREIGHT_USD_PER_FEU: "freight"}
_PERIODS = (f"{BASE_PERIOD_FROM} on", f"before {BASE_PERIOD_FROM}", "undated")


def _period(year: int | None) -> str:
    """
    >>> _period(2024), _period(2015), _period(None)
    ('2022 on', 'before 2022', 'undated')
    """
    if year is None:
        return _PERIODS[2]
    return _PERIODS[0] if year >= BASE_PERIOD_FROM else _PERIODS[1]


def _grouped(rows: Sequence[ValidationRow], key: Callable[[ValidationRow], str], *,
             order: Sequence[str]) -> tuple[FamilySummary, ...]:
    groups: dict[str, list[ValidationRow]] = {}
    for r in rows:
        groups.setdefault(key(r), []).append(r)
    return tuple(_summary(label, groups[label]) for label in order if label in groups)


def _summary(label: str, rows: Sequence[ValidationRow]) -> FamilySummary:
    errors = [abs(r.percent_error) for r in rows if r.percent_error is not None]
    return FamilySummary(family=label, count=len(rows), within=sum(r.within for r in rows),
                         median_abs_percent_error=statistics.median(errors) if errors else None)


def request_of(observation: Observation) -> RouteRequest:
    """The planner question that reproduces ``observation`` (default objective and samples,
    so that the answer is the one ``landbridge route`` gives)."""
    return RouteRequest(origin=observation.origin, destination=observation.destination,
                        commodity=observation.cargo, unit=observation.unit, via=observation.via,
                        avoid=observation.avoid, tonnes=observation.tonnes)


def observe(observation: Observation, network: Network) -> ValidationRow:
    """One observation run through the planner on ``network``; a planner error becomes the
    row's message.

    The planner's best route answers; for a segment observation, the best listed route that
    passes the segment's places in order (a route that misses them has no such segment to
    measure; where the best route passes them the answer is the same).
    """
    try:
        plan = plan_routes(request_of(observation), network=network)
    except LandbridgeError as exc:
        return ValidationRow(observation=observation, model=None, message=str(exc))
    first_error: LandbridgeError | None = None
    for route in plan.routes:
        try:
            value = model_value(route, observation, network)
        except LandbridgeError as exc:
            first_error = first_error or exc
            continue
        return ValidationRow(observation=observation, model=value, route=route.summary)
    return ValidationRow(observation=observation, model=None, message=str(first_error))


def validate(observations: Iterable[Observation] | None = None, *,
             network: Network | None = None) -> ValidationReport:
    """Run every observation through the planner and compare with the published range.

    ``observations`` defaults to the bundled table, ``network`` to :func:`load_network`.

    Raises
    ------
    DataError
        If the default (bundled) observations table is missing or malformed.

    Examples
    --------
    >>> from landbridge.validation.observations import Family, Observation, Quantity
    >>> km = Observation(id="longhai", family=Family.CHINA_PORTS_SEA,
    ...                  quantity=Quantity.DISTANCE_KM, origin="Xi'an", destination="Lianyungang",
    ...                  cargo="wheat", unit="container", via=None, avoid=(), segment=None,
    ...                  value=1050.0, low=1000.0, high=1100.0, year=None, source="estimate: x")
    >>> report = validate([km])
    >>> report.rows[0].within, report.share_within
    (True, 1.0)
    """
    network = network or load_network()
    chosen = load_observations() if observations is None else tuple(observations)
    return ValidationReport(rows=tuple(observe(o, network) for o in chosen))
