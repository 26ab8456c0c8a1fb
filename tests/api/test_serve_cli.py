"""`landbridge serve`: options become settings, bad databases are clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

import landbridge.cli.serve  # noqa: F401  registers the command
from landbridge.api.settings import database_url, default_database_path
from landbridge.cli import app

runner = CliRunner()


def test_serve_help_documents_the_options() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--db", "--cors-origin", "--job-timeout"):
        assert option in result.output


def test_serve_runs_the_app_with_the_options(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    db = tmp_path / "lb.sqlite3"
    result = runner.invoke(app, ["serve", "--port", "8123", "--db", str(db),
                                 "--cors-origin", "https://example.org"])
    assert result.exit_code == 0, result.output
    (call,) = calls
    assert (call["host"], call["port"]) == ("127.0.0.1", 8123)
    settings = call["app"].state.service.settings
    assert settings.db_url == f"sqlite:///{db}"
    assert settings.cors_origins == ("https://example.org",)
    assert db.exists()
    assert "http://127.0.0.1:8123/" in result.stderr


@pytest.mark.parametrize("db", ["mysql://u@h/x", "postgresql+psycopg://u:secret@127.0.0.1:9/x"])
def test_serve_reports_a_database_it_cannot_use(monkeypatch: pytest.MonkeyPatch,
                                                db: str) -> None:
    monkeypatch.setattr(uvicorn, "run", lambda *_, **__: pytest.fail("must not start"))
    result = runner.invoke(app, ["serve", "--db", db])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "secret" not in result.output


def test_default_database_is_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_database_path() == tmp_path / "landbridge" / "landbridge.sqlite3"
    assert database_url(None) == f"sqlite:///{tmp_path}/landbridge/landbridge.sqlite3"
