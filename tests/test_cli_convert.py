"""The command line's plain conversion of option values gives exactly what typer's gives.

``landbridge.cli._convert`` converts plain values (digits, decimals, text, paths) without
typer's pydantic adapters; here each kind of parameter the commands declare converts generated
values both ways, and the answers (value and type, or the error and its message) must agree.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
import typer.main
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer import _click
from typer._coercion import build_runtime_param
from typer.core import _TyperParameter

from landbridge.cli import app
from landbridge.cli._convert import _PlainParam

#: (command, parameter): one of each kind the commands declare.
_KINDS = [("simulate", "config"), ("simulate", "days"), ("simulate", "replications"),
          ("simulate", "seed"), ("route", "origin"), ("route", "avoid"), ("route", "samples"),
          ("route", "route_number"), ("serve", "port")]

_SPELLINGS = st.one_of(
    st.text(alphabet="0123456789.+-e_ ", max_size=12),
    st.text(max_size=8),
    st.integers(-10**20, 10**20).map(str),
    st.floats(allow_nan=True).map(str),
)


@functools.cache
def _group() -> typer.core.TyperGroup:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return group


def _parameter(command: str, name: str) -> tuple[_TyperParameter, _click.Context]:
    group = _group()
    cmd = group.commands[command]
    param = next(p for p in cmd.params if p.name == name)
    assert isinstance(param, _TyperParameter)
    return param, _click.Context(cmd)


def _outcome(convert: Any, value: Any, param: _TyperParameter, ctx: _click.Context) -> Any:
    try:
        result = convert._coerce_value(value, param=param, ctx=ctx)
    except _click.exceptions.ClickException as exc:
        return type(exc), exc.format_message()
    items = [type(item) for item in result] if isinstance(result, list) else None
    return type(result), repr(result), items  # repr: nan is not equal to itself


@pytest.mark.parametrize(("command", "name"), _KINDS)
@settings(deadline=None)  # the first adapters take pydantic's import: no time limit
@given(value=_SPELLINGS)
@example(value="0")
@example(value="007")
@example(value="65535")
@example(value="65536")
@example(value="1.5")
@example(value="1e3")
@example(value=" 3")
@example(value="-0")
@example(value="a\udcffb")
@example(value="a\x00b")
@example(value="")
@example(value="Cai Mep")
def test_a_plain_value_converts_as_typer_converts_it(command: str, name: str,
                                                      value: str) -> None:
    param, ctx = _parameter(command, name)
    d = param.type_descriptor
    plain = _PlainParam(parameter_info=d.parameter_info, annotation=d.annotation, descriptor=d)
    typers = build_runtime_param(d)
    if d.annotation == list[str]:
        assert _outcome(plain, (value, "x"), param, ctx) == _outcome(typers, (value, "x"),
                                                                      param, ctx)
    else:
        assert _outcome(plain, value, param, ctx) == _outcome(typers, value, param, ctx)


@pytest.mark.parametrize(("command", "name", "default"), [
    ("simulate", "days", 365.0), ("simulate", "seed", 0), ("route", "route_number", 0),
    ("route", "avoid", ()), ("serve", "port", 70_000)])
def test_a_default_converts_as_typer_converts_it(command: str, name: str, default: Any) -> None:
    param, ctx = _parameter(command, name)
    d = param.type_descriptor
    plain = _PlainParam(parameter_info=d.parameter_info, annotation=d.annotation, descriptor=d)
    assert _outcome(plain, default, param, ctx) == _outcome(build_runtime_param(d), default,
                                                            param, ctx)
