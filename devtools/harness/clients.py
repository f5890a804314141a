"""Visitors of the portal under test: HTTP clients in threads that read pages and post comments,
and the figures of their answers."""

import http.client
import itertools
import random
import re
import secrets
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from devtools.harness.server import Database

# Comments the harness posts start with this, followed by the run's id.
MARKER = "Lasttest"
SEARCH_TERMS = ["boende", "stöd", "missbruk", "anhöriga", "tandvård", "ekonomiskt bistånd"]


@dataclass
class Site:
    """What the clients visit, and the representatives who post."""

    representatives: list[dict]
    ideas: list[str]
    meetings: list[str]
    groups: list[str]
    password: str


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


class Client:
    """One visitor: a kept-alive HTTP connection and a cookie jar, as a browser has."""

    def __init__(self, port: int, timeout: float = 30, address: str | None = None):
        self.port, self.timeout = port, timeout
        # The visitor's address as the proxy in front of the portal would pass it on.
        self.address = address
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.retries = 0

    def request(self, method: str, path: str, form: dict | None = None) -> Answer:
        headers = {}
        if self.address:
            headers["X-Forwarded-For"] = self.address
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

    def stored_comments(self, database: "Database") -> dict[int, str]:
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


def milliseconds(seconds: list[float]) -> tuple:
    """p50, p95, p99 and the largest of `seconds`, in whole milliseconds."""
    return tuple(
        round(1000 * value)
        for value in (
            percentile(seconds, 0.50),
            percentile(seconds, 0.95),
            percentile(seconds, 0.99),
            max(seconds, default=0.0),
        )
    )


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
