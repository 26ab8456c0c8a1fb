"""The PNG charts are written and are real images."""

from __future__ import annotations

from pathlib import Path

from landbridge.terminal import load_station, plot_report, simulate

PNG = b"\x89PNG\r\n\x1a\n"


def test_plots_are_non_empty_pngs(tmp_path: Path) -> None:
    report = simulate(load_station(), days=90, replications=2, seed=1)
    paths = plot_report(report, tmp_path / "charts")
    assert [p.name for p in paths] == ["store_levels.png", "queues.png"]
    for path in paths:
        data = path.read_bytes()
        assert data.startswith(PNG)
        assert len(data) > 10_000
