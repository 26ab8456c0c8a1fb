"""The example scenarios installed with the package, read-only, for the page's Scenarios view.

The files are chosen from a fixed allow-list (:data:`EXAMPLES`): a request picks an entry by
name and never builds a path. They are package data (``landbridge/examples/*.yaml``, read with
:mod:`importlib.resources`), so ``pip install .`` has them; ``examples/scenarios/`` of a source
checkout links to the same files for the command line.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel

from landbridge.api.problems import ApiError
from landbridge.api.schemas import ErrorOut

__all__ = ["EXAMPLES", "ExampleOut", "examples_dir", "router"]

router = APIRouter(prefix="/api", tags=["examples"])

#: name -> (file in landbridge/examples, what it is). Scenarios only: the sweep files
#: (``examples/scenarios/sweep_*.yaml``) are not scenarios and are not installed.
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


def examples_dir() -> Traversable | None:
    """The installed example scenarios (``landbridge/examples``), or None if the package was
    built without them."""
    folder = files("landbridge") / "examples"
    return folder if folder.is_dir() else None


def _path(name: str) -> Traversable | None:
    folder = examples_dir()
    if folder is None or name not in EXAMPLES:
        return None
    path = folder / EXAMPLES[name][0]
    return path if path.is_file() else None


@router.get("/examples")
def list_examples() -> list[ExampleOut]:
    """The example scenarios installed with the package."""
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
