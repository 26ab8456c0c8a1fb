"""Shared fixtures: the bundled network, and a writable copy of its tables to break."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import pytest

import landbridge
from landbridge.network.network import Network


@pytest.fixture(scope="session", autouse=True)
def _bundled_data_only() -> Iterator[None]:
    """Tests run on the bundled data even where the shell sets LANDBRIDGE_DATA_OVERLAY."""
    from landbridge.data.overlay import OVERLAY_ENV

    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(OVERLAY_ENV, raising=False)
        yield


@pytest.fixture(scope="session")
def network() -> Network:
    return landbridge.load_network()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled tables in a temporary folder."""
    target = tmp_path / "data"
    target.mkdir()
    for item in resources.files("landbridge.data").iterdir():
        if item.name.endswith(".csv"):
            (target / item.name).write_text(item.read_text(encoding="utf-8"), encoding="utf-8")
    return target


EditRow = Callable[[str, Callable[[list[dict[str, str]]], None]], int]


@pytest.fixture
def edit_table(data_copy: Path) -> EditRow:
    """Edit a table of ``data_copy`` in place; returns the number of rows written."""

    def edit(name: str, change: Callable[[list[dict[str, str]]], None]) -> int:
        path = data_copy / name
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = list(reader.fieldnames or [])
            rows = list(reader)
        change(rows)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(rows)
        return len(rows)

    return edit


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target)
