"""Route plans and an allocation against answers recorded before the speed work began.

Speed work changes no answer: every number within a relative 1e-6 of the recorded one, every
name and id the same. The answers are recorded by ``benchmarks/record_golden.py``; when data or
planner rules change on purpose, that script regenerates ``tests/data/golden_answers.json``.
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from typing import Any

import pytest

_ROOT = Path(__file__).resolve().parent.parent
_RTOL = 1e-6


def _recorder() -> Any:
    spec = importlib.util.spec_from_file_location(
        "record_golden", _ROOT / "benchmarks" / "record_golden.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _differences(expected: Any, actual: Any, where: str = "") -> list[str]:
    if isinstance(expected, float) or isinstance(actual, float):
        if not (isinstance(expected, int | float) and isinstance(actual, int | float)):
            return [f"{where}: {expected!r} != {actual!r}"]
        if math.isclose(expected, actual, rel_tol=_RTOL, abs_tol=1e-9):
            return []
        return [f"{where}: {expected!r} != {actual!r}"]
    if isinstance(expected, dict) and isinstance(actual, dict):
        if expected.keys() != actual.keys():
            return [f"{where}: keys {sorted(expected)} != {sorted(actual)}"]
        return [d for k in expected for d in _differences(expected[k], actual[k], f"{where}.{k}")]
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{where}: {len(expected)} items != {len(actual)}"]
        return [d for i, (e, a) in enumerate(zip(expected, actual, strict=True))
                for d in _differences(e, a, f"{where}[{i}]")]
    return [] if expected == actual else [f"{where}: {expected!r} != {actual!r}"]


@pytest.fixture(scope="module")
def computed() -> dict[str, Any]:
    return _recorder().answers()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    text = (_ROOT / "tests" / "data" / "golden_answers.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def test_route_plans_match_the_golden_answers(computed: dict[str, Any],
                                              golden: dict[str, Any]) -> None:
    assert _differences(golden["plans"], computed["plans"], "plans") == []


def test_allocation_matches_the_golden_answer(computed: dict[str, Any],
                                              golden: dict[str, Any]) -> None:
    assert _differences(golden["allocation"], computed["allocation"], "allocation") == []


def test_the_comparison_sees_a_change_beyond_the_tolerance() -> None:
    assert _differences({"a": [1.0, "x"]}, {"a": [1.0 + 1e-9, "x"]}) == []
    assert _differences({"a": [1.0, "x"]}, {"a": [1.00001, "x"]}) != []
    assert _differences({"a": [1.0, "x"]}, {"a": [1.0, "y"]}) != []
