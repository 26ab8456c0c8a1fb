"""The bundled example scenarios, read-only, for the page's Scenarios view.

The files are chosen from a fixed allow-list (:data:`EXAMPLES`): a request picks an entry by
name and never builds a path. They live in ``examples/scenarios/`` of a source checkout, outside
the Python package, so an installed wheel has none: the list is then empty and every name is a
404 (paste a scenario instead).
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel

from landbridge.api.problems import ApiError
from landbridge.api.schemas import ErrorOut

__all__ = ["EXAMPLES", "ExampleOut", "examples_dir", "router"]

router = APIRouter(prefix="/api", tags=["examples"])

#: name -> (file in examples/scenarios, what it is). Scenarios only: the sweep files
#: (``sweep_*.yaml``) are not scenarios and are not served.
EXAMPLES: dict[str, tuple[str, str]] = {
    "demo": ("demo.yaml", "Small demonstration: northern wheat and southern flour, "
                          "Termez-Hairatan limited"),
    "demo_no_russia": ("demo_no_russia.yaml", "The demonstration with Russia avoided"),
    "base": ("base.yaml", "Kazakh exports, 2023/24 base year, cited"),
}


class ExampleOut(BaseModel):
    name: str
    file: str
    description: str
    links: dict[str, str]


def examples_dir() -> FilePath | None:
    """``examples/scenarios`` of the source checkout this package runs from, or None when it
    is not there (an installed wheel)."""
    root = FilePath(__file__).resolve().parents[4]
    folder = root / "examples" / "scenarios"
    if (root / "pyproject.toml").is_file() and folder.is_dir():
        return folder
    return None


def _path(name: str) -> FilePath | None:
    folder = examples_dir()
    if folder is None or name not in EXAMPLES:
        return None
    path = folder / EXAMPLES[name][0]
    return path if path.is_file() else None


@router.get("/examples")
def list_examples() -> list[ExampleOut]:
    """The bundled example scenarios that are present (none from an installed wheel)."""
    return [ExampleOut(name=name, file=file, description=description,
                       links={"yaml": f"/api/examples/{name}"})
            for name, (file, description) in EXAMPLES.items() if _path(name) is not None]


@router.get("/examples/{name}", response_class=Response,
            responses={404: {"model": ErrorOut},
                       200: {"content": {"application/yaml": {}}}})
def get_example(name: Annotated[str, Path(max_length=40)]) -> Response:
    """One example scenario's YAML text, as in the file."""
    path = _path(name)
    if path is None:
        known = ", ".join(n for n in EXAMPLES if _path(n) is not None) or "none installed"
        raise ApiError(404, "not_found", f"no example scenario {name!r} (examples: {known})",
                       field="name")
    return Response(path.read_text(encoding="utf-8"), media_type="application/yaml",
                    headers={"cache-control": "no-cache"})
