"""`landbridge serve`: the web service (REST API and map page) on this machine."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from landbridge.cli._common import EXIT_USER_ERROR, app, friendly


def _safe(url: str) -> str:
    """A database URL without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@app.command()
@friendly
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it on this "
                                      "machine, 0.0.0.0 opens it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    db: Annotated[str | None, typer.Option(
        "--db", help="Database for saved scenarios, plans and jobs: a file path (SQLite) or a "
        "URL (postgresql+psycopg://USER:PASSWORD@HOST/DB, needs the postgres extra). Default: "
        "landbridge.sqlite3 in your user data folder.", show_default=False)] = None,
    cors_origin: Annotated[list[str] | None, typer.Option(
        "--cors-origin", help="Let pages from this origin (https://host:port) call the API; "
        "repeat for several. Off by default.", show_default=False)] = None,
    job_timeout: Annotated[float, typer.Option(
        "--job-timeout", help="Seconds a long job (allocation, simulation, matrix) may run.",
        min=1, max=86_400)] = 600.0,
    log_level: Annotated[str, typer.Option(help="critical, error, warning, info or debug.")]
        = "info",
    workers: Annotated[int | None, typer.Option(
        "--workers", help="Processes that answer route and comparison questions, each keeping "
        "its compiled graphs; 0 answers them in the service's own process. Default: one per "
        "core.", min=0, show_default=False)] = None,
) -> None:
    """Start the web service: open http://HOST:PORT/ for the map page, /docs for the API.

    Saved plans, scenarios and job results are kept in the database and survive a restart."""
    import uvicorn

    from landbridge.api import Settings, create_app
    from landbridge.api.settings import database_url, default_database_path

    try:
        url = database_url(db)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--db") from exc
    settings = Settings(db_url=url, cors_origins=tuple(cors_origin or ()),
                        job_timeout_s=job_timeout)
    if workers is not None:
        settings = replace(settings, planner_workers=workers)
    from sqlalchemy.exc import SQLAlchemyError

    try:
        application = create_app(settings)
    except ModuleNotFoundError as exc:  # postgresql+psycopg without the driver installed
        typer.echo(f"error: {exc}; for PostgreSQL run: pip install 'landbridge[postgres]'",
                   err=True)
        raise typer.Exit(EXIT_USER_ERROR) from exc
    except SQLAlchemyError as exc:
        typer.echo(f"error: cannot open the database {_safe(url)}: {exc.__class__.__name__}: "
                   f"{str(exc).splitlines()[0]}", err=True)
        raise typer.Exit(EXIT_USER_ERROR) from exc
    where = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    shown = host if host not in ("0.0.0.0", "::") else "localhost"
    typer.echo(f"landbridge: http://{shown}:{port}/ (API docs at /docs); database: "
               f"{where or _safe(url)}"
               + (" (default)" if db is None and where == default_database_path() else ""),
               err=True)
    uvicorn.run(application, host=host, port=port, log_level=log_level.lower())
