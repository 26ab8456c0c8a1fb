"""The service's configuration: one frozen value object passed to :func:`create_app`."""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from landbridge.api.jobs import JobKind

__all__ = ["Settings", "database_url", "default_database_path"]

_URL_SCHEMES = ("sqlite", "postgresql")


def default_database_path() -> Path:
    """Where the service keeps its SQLite database when no ``--db`` is given.

    ``$XDG_DATA_HOME/landbridge`` (``~/.local/share/landbridge``) on Linux,
    ``~/Library/Application Support/landbridge`` on macOS, ``%LOCALAPPDATA%\\landbridge``
    on Windows.
    """
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "landbridge" / "landbridge.sqlite3"


def database_url(db: str | Path | None) -> str:
    """A SQLAlchemy URL from what the user typed: a file path (SQLite) or a URL.

    Examples
    --------
    >>> database_url("/tmp/lb.sqlite3")
    'sqlite:////tmp/lb.sqlite3'
    >>> database_url("postgresql+psycopg://lb@db.example/landbridge")
    'postgresql+psycopg://lb@db.example/landbridge'
    >>> database_url("mysql://x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unsupported database URL 'mysql://x': use a file path (SQLite), ...
    """
    if db is None:
        return f"sqlite:///{default_database_path()}"
    text = str(db)
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    scheme = text.split("://", 1)[0].split("+", 1)[0].lower()
    if scheme not in _URL_SCHEMES:
        raise ValueError(f"unsupported database URL {text!r}: use a file path (SQLite), "
                         "sqlite:///PATH or postgresql+psycopg://USER@HOST/DB")
    return text


def _default_kinds() -> Mapping[str, JobKind[Any]]:
    from landbridge.api.jobkinds import JOB_KINDS

    return {kind.name: kind for kind in JOB_KINDS}


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """How one instance of the service runs.

    Parameters
    ----------
    db_url
        SQLAlchemy URL of the database for saved scenarios, plans and jobs: SQLite by default
        (see :func:`default_database_path`), ``postgresql+psycopg://...`` for a shared one.
    cors_origins
        Origins allowed to call the API from a browser page served elsewhere; none by default
        (CORS off).
    max_body_bytes
        Largest request body accepted; larger ones get 413.
    max_scenario_bytes
        Largest scenario YAML accepted.
    max_samples
        Most Monte Carlo samples per route a request may ask for.
    max_alternatives
        Most corridors (routes) a route request may ask for.
    max_origins
        Most origins in one comparison.
    request_timeout_s
        A route or comparison that takes longer gets 504 (run it as a job instead).
    job_timeout_s
        A job still running after this long is stopped and marked failed.
    job_workers
        Jobs run at once, each in its own process.
    max_queued_jobs
        Jobs waiting or running at once; more get 429.
    db_busy_timeout_s
        How long a database write waits for a lock held elsewhere before the request gets
        503 with Retry-After (other requests, /api/health among them, carry on meanwhile).
    job_memory_mb
        Address space (MB) each job's worker process may use; a job that needs more fails
        with error_type memory. A worker that has imported the planner and simulator takes
        about 500 MB of address space (measured, VmPeak).
    job_heartbeat_s
        How often this instance renews the leases of its jobs in the database and looks for
        cancel requests made through other instances sharing it.
    job_lease_s
        A job whose instance has not renewed its lease for this long (the instance was killed)
        is taken over and run again by another instance; longer than ``job_heartbeat_s``
        (three times it by default).
    cache_entries
        Route and comparison answers kept in memory (the planner is deterministic for a given
        request and seed); 0 turns the cache off.
    job_kinds
        The kinds of job the service runs, by name (default:
        :data:`~landbridge.api.jobkinds.JOB_KINDS`).
    planner_workers
        Processes that answer route and comparison questions, each keeping its compiled graphs
        (default: one per core); 0 answers them in a thread of the service's own process.
    """

    db_url: str = field(default_factory=lambda: database_url(None))
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 256 * 1024
    max_scenario_bytes: int = 64 * 1024
    max_samples: int = 50_000
    max_alternatives: int = 12
    max_origins: int = 24
    request_timeout_s: float = 30.0
    job_timeout_s: float = 600.0
    job_workers: int = 2
    max_queued_jobs: int = 16
    job_memory_mb: int = 2048
    db_busy_timeout_s: float = 5.0
    job_heartbeat_s: float = 5.0
    job_lease_s: float = 15.0
    cache_entries: int = 512
    job_kinds: Mapping[str, JobKind[Any]] = field(default_factory=_default_kinds)
    planner_workers: int = field(default_factory=lambda: os.cpu_count() or 1)

    def __post_init__(self) -> None:
        positive = {
            "max_body_bytes": self.max_body_bytes,
            "max_scenario_bytes": self.max_scenario_bytes,
            "max_samples": self.max_samples,
            "max_alternatives": self.max_alternatives,
            "max_origins": self.max_origins,
            "request_timeout_s": self.request_timeout_s,
            "job_timeout_s": self.job_timeout_s,
            "job_workers": self.job_workers,
            "max_queued_jobs": self.max_queued_jobs,
            "job_memory_mb": self.job_memory_mb,
            "db_busy_timeout_s": self.db_busy_timeout_s,
            "job_heartbeat_s": self.job_heartbeat_s,
            "job_lease_s": self.job_lease_s,
        }
        for name, value in positive.items():
            if not (value > 0 and math.isfinite(value)):
                raise ValueError(f"Settings.{name} must be positive and finite (got {value})")
        if self.job_lease_s <= self.job_heartbeat_s:
            raise ValueError(f"Settings.job_lease_s ({self.job_lease_s:g}) must be longer than "
                             f"Settings.job_heartbeat_s ({self.job_heartbeat_s:g})")
        if self.planner_workers < 0:
            raise ValueError(f"Settings.planner_workers must not be negative "
                             f"(got {self.planner_workers})")
        if self.cache_entries < 0:
            raise ValueError(f"Settings.cache_entries must not be negative "
                             f"(got {self.cache_entries})")
        if self.max_samples < 100:
            raise ValueError("Settings.max_samples must be at least 100 (the planner's minimum)")
