"""Option values converted without pydantic where the conversion is plain.

typer converts every value of every parameter through a pydantic ``TypeAdapter`` that it builds
when the command line is parsed; importing pydantic and building the first adapter costs a cold
command about 0.1 s (a third of ``landbridge simulate``), and no command of ours needs pydantic
otherwise. :class:`PlainGroup` converts the values whose conversion is plain itself, giving
exactly what typer's adapters give (``tests/test_cli_convert.py`` checks the two against each
other on generated values):

* a ``str`` (or a list of them) as it is;
* an ``int`` written in ASCII digits, or an ``int`` default, within the option's bounds;
* a ``float`` written as ASCII digits with an optional decimal part, or a ``float`` default;
* a ``Path`` from a string, through typer's own path checks.

Anything else (a value typer rejects, a bound crossed, ``1e3``, ``+5``, a parser or a clamp)
goes through typer's own conversion, so its messages and exit codes are typer's. A missing value
(``None``) needs no conversion: typer passes it on as it is, here without building an adapter.

This leans on typer's internals (0.29: each parameter's ``RuntimeParam``, built on first use);
``landbridge.cli._common`` falls back to typer's own group when they are not there.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer import _click
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import TyperGroup, _TyperParameter

__all__ = ["PlainGroup"]

#: Whole numbers typer's adapter surely reads as int() does: ASCII digits, no sign, no leading
#: zero, at most 18 of them.
_INT = re.compile(r"0|[1-9][0-9]{0,17}")
#: Decimals typer's adapter reads as the same float as float() does (both round correctly).
_FLOAT = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")


class _NotPlainError(Exception):
    """The value is not plain: typer's own conversion takes it."""


def _plain(descriptor: TypeDescriptor, value: Any, param: _TyperParameter,
           ctx: _click.Context) -> Any:
    """``value`` converted as typer's adapter converts it, or :class:`_NotPlainError`."""
    kind, info = descriptor.annotation, descriptor.parameter_info
    if info.parser is not None or info.clamp or descriptor.file_annotation is not None:
        raise _NotPlainError
    if kind is str:
        return _text(value)
    if kind == list[str] and isinstance(value, tuple):
        return [_text(item) for item in value]
    if kind is int:
        number = value if type(value) is int else _parsed(_INT, int, value)
        if (info.min is not None and number < info.min) or (info.max is not None
                                                             and number > info.max):
            raise _NotPlainError
        return number
    if kind is float and info.min is None and info.max is None:
        return value if type(value) is float else _parsed(_FLOAT, float, value)
    if kind is Path and info.path_type is None:
        # typer's path checks, handed a Path so that they need no adapter to make one; an
        # error is left for typer to raise with the words the user typed
        try:
            return coerce_cli_path(Path(_text(value)), info, path_type=Path, param=param, ctx=ctx)
        except (_click.exceptions.BadParameter, ValueError):  # ValueError: a NUL in it
            raise _NotPlainError from None
    raise _NotPlainError


def _text(value: Any) -> str:
    if type(value) is not str:
        raise _NotPlainError
    return value


def _parsed(pattern: re.Pattern[str], kind: type[Any], value: Any) -> Any:
    if type(value) is not str or not pattern.fullmatch(value):
        raise _NotPlainError
    return kind(value)


@dataclass(frozen=True)
class _PlainParam(RuntimeParam):
    """A parameter's conversion: the plain one, else typer's (built on first need)."""

    descriptor: TypeDescriptor

    @functools.cached_property
    def _typer(self) -> RuntimeParam:
        return build_runtime_param(self.descriptor)

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: _click.Context) -> Any:
        try:
            return _plain(self.descriptor, value, param, ctx)
        except _NotPlainError:
            return self._typer._coerce_value(value, param=param, ctx=ctx)


def _convert_plainly(command: _click.Command, ctx: _click.Context) -> None:
    """Give each parameter of ``command`` and of its subcommands (their ``--help`` too, made
    for the help option names of ``ctx``, which subcommands inherit) the plain conversion."""
    for param in command.get_params(ctx):
        if isinstance(param, _TyperParameter) and param._runtime_param is None:
            d = param.type_descriptor
            param._runtime_param = _PlainParam(parameter_info=d.parameter_info,
                                               annotation=d.annotation, descriptor=d)
    for sub in getattr(command, "commands", {}).values():
        _convert_plainly(sub, ctx)


class PlainGroup(TyperGroup):
    """typer's group, converting plain values without pydantic (see the module docstring)."""

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        _convert_plainly(self, ctx)
        return super().parse_args(ctx, args)
