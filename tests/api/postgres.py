"""A throw-away PostgreSQL server for the tests, started in a temporary folder when the machine
has one installed (``pg_ctl`` on the path, or Debian's ``/usr/lib/postgresql/*/bin``) and the
``psycopg`` driver; otherwise the tests that need it are skipped, saying why."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return debian[-1].parent if debian else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def postgres_url() -> Iterator[str]:
    """Start PostgreSQL with its data in a new temporary folder; yield its SQLAlchemy URL;
    stop it and remove the folder."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("PostgreSQL test skipped: the psycopg driver is not installed "
                    "(pip install 'landbridge[postgres]')")
    bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        pytest.skip("PostgreSQL test skipped: no pg_ctl/initdb on this machine")
    prefix: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: run it as its own user
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("PostgreSQL test skipped: running as root and there is no "
                        "'postgres' user to run the server as")
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("PostgreSQL test skipped: running as root without runuser")
        prefix = [runuser, "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="landbridge-pg-"))  # not under pytest's 0700 folders
    if prefix:
        os.chown(folder, user.pw_uid, user.pw_gid)
    data, port = folder / "data", _free_port()
    try:
        _run([*prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", "lb", "--auth=trust",
              "-E", "UTF8"])
        _run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"),
              "-w", "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start"])
        yield f"postgresql+psycopg://lb@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{command[-1] if command[-1] == 'start' else command[0]} failed: "
                           f"{done.stdout}{done.stderr}")
