"""`make bench`: serve the portal as in production on benchmark data and measure its key pages.

1. Uses a database of its own: BENCH_DATABASE_URL, else the embedded PostgreSQL's database
   `oppnasoc_bench`. Migrates it and fills it with `manage.py bench_data --scale BENCH_SCALE`
   (default 1.0) unless it already holds benchmark data of that scale.
2. Counts the SQL queries of one anonymous request to each page with Django's test client and
   every cache cleared (CaptureQueriesContext), with the response's size, plain and gzipped.
3. Serves the portal with gunicorn and production's settings file (oppnasoc/gunicorn.conf.py:
   each worker readied before it answers; its log in var/bench-gunicorn.log), DEBUG off, a fresh
   SECRET_KEY and collected static files, on a free local port, and drives it with wrk, 8
   connections, one page at a time: 2 s of warm-up, then BENCH_SECONDS (default 10) measured.
4. Crawls the API's first BENCH_CRAWL_PAGES pages of ideas, five at a time, and reads the
   workers' peak memory.
5. Serves the portal again with one worker and the page cache off (`PAGE_CACHE_SECONDS=0`) and
   asks for every page of devtools/benchmark/key_pages.py's `cold_pages()` and
   `search_pages()` one request at a time (devtools/benchmark/cold.py): what a cache miss costs.
   With BENCH_SCALES (for example `0.1,1.0`) it measures the cold pages at each scale, each in
   a database of its own and served by a worker of its own, the scales' requests in turn, and
   compares their medians.
6. Prints the tables, the workers' peak memory, what a first visit to the home page transfers,
   whether each target of issues #7 and #13 holds, and the machine's speed (a Python loop).

The benchmark runs with production settings plus DEVTOOLS=true: the embedded database, the data
loader and the floor view are development tools. `scripts/bench` runs this module.

Settings (environment): BENCH_DATABASE_URL, BENCH_SCALE, BENCH_SCALES, BENCH_SEED (1),
BENCH_SECONDS (10), BENCH_FLOOR_PATH (/bench/floor/, a minimal view behind the whole middleware
stack), BENCH_WORKERS (5), BENCH_THREADS (1), BENCH_CONNECTIONS (8), BENCH_COLD_REQUESTS (30),
BENCH_CRAWL_PAGES (600).
"""

import gzip
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
WARMUP_SECONDS = 2
FLOOR_RATIO = 0.5
MAX_QUERIES = 10
MAX_WORKER_MB = 200
MAX_FIRST_VISIT_KB = 100

# What the servers log: a line per request, as in production.
GUNICORN_LOG = ROOT / "var" / "bench-gunicorn.log"
# wrk's report of each run, as one line that _wrk() reads.
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_summary.lua"


def main() -> int:
    subprocess.run([ROOT / "scripts" / "ensure-wrk"], check=True)
    scales = [x.strip() for x in os.getenv("BENCH_SCALES", "").split(",") if x.strip()]
    scale = max(scales, key=float) if scales else os.getenv("BENCH_SCALE", "1.0")
    other_scales = [x for x in scales if float(x) != float(scale)]
    cold_requests = int(os.getenv("BENCH_COLD_REQUESTS", "30"))
    crawl_pages = int(os.getenv("BENCH_CRAWL_PAGES", "600"))
    seconds = int(os.getenv("BENCH_SECONDS", "10"))
    floor_path = os.getenv("BENCH_FLOOR_PATH", "/bench/floor/")
    workers = int(os.getenv("BENCH_WORKERS", "5"))
    threads = int(os.getenv("BENCH_THREADS", "1"))
    connections = int(os.getenv("BENCH_CONNECTIONS", "8"))
    _production_environment()

    # Importing the settings starts (or joins) the embedded PostgreSQL and keeps it up for the
    # commands and the server below.
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "oppnasoc.settings"
    import django

    django.setup()
    from django.db import connection

    from devtools.benchmark.cold import print_cold_table, print_cold_targets, print_growth
    from devtools.benchmark.key_pages import KeyPage, cold_pages, cost, key_pages, search_pages

    print(f"Benchmark database: {connection.settings_dict['NAME']}", flush=True)
    _manage("migrate", "--no-input", "--verbosity", "0")
    _manage("bench_data", "--scale", scale, "--seed", os.getenv("BENCH_SEED", "1"), "--if-needed")
    _manage("collectstatic", "--no-input", "--verbosity", "0")
    _manage("build_exports", "--verbosity", "0")

    floor = KeyPage("floor", floor_path)
    pages = [floor, *key_pages()]
    costs = {}
    cold = [floor, *cold_pages(), *search_pages()]
    for page in [*pages, *cold]:
        if page.path in costs:
            continue
        cost(page.path)  # the first request warms the process up
        costs[page.path] = cost(page.path)
        if costs[page.path].status != 200:
            hint = " (set BENCH_FLOOR_PATH to a minimal view)" if page is floor else ""
            print(f"{page.path} answers {costs[page.path].status}{hint}.", file=sys.stderr)
            return 1
    connection.close()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(port, workers, threads)
    try:
        _wait_for(base + floor_path)
        print(
            f"gunicorn on {base}: {workers} workers × {threads} thread(s); wrk with "
            f"{connections} connections, {WARMUP_SECONDS} s warm-up, {seconds} s measured "
            "for each page.",
            flush=True,
        )
        results = {}
        for page in pages:
            _wrk(base + page.path, WRK_SCRIPT, connections, WARMUP_SECONDS)
            _drain(port)
            results[page.path] = _wrk(base + page.path, WRK_SCRIPT, connections, seconds)
            waited = _drain(port)
            print(
                f"  {page.name}: {results[page.path]['rps']:.1f} requests/s"
                + (f" (then {waited:.0f} s to finish what wrk left)" if waited >= 1 else ""),
                flush=True,
            )
        _crawl(base, crawl_pages)
        peak_mb = max(_peak_kb(pid) for pid in _children(server.pid)) / 1024
        first_visit = _first_visit(base)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    envs, pages_at = {scale: dict(os.environ)}, {scale: cold}
    for other in other_scales:
        env = _scale_environment(other)
        _manage("migrate", "--no-input", "--verbosity", "0", env=env)
        _manage("bench_data", "--scale", other, "--seed", os.getenv("BENCH_SEED", "1"),
                "--if-needed", env=env)  # fmt: skip
        _manage("build_exports", "--verbosity", "0", env=env)
        print(f"Scale {other}: {env.get('DATABASE_URL') or env['EMBEDDED_DB_NAME']}")
        envs[other] = env
        pages_at[other] = [cold[0], *_pages_of(env, KeyPage)]  # the floor, then its pages
    print(
        f"Cold, scale {', '.join(envs)}: one worker each, page cache off, {cold_requests} "
        "requests a page" + (", the scales in turn." if other_scales else "."),
        flush=True,
    )
    loop_before = _loop_seconds()
    cold_results = _measure_cold(pages_at, cold_requests, envs)
    loop_after = _loop_seconds()

    print()
    _print_table(pages, results, costs, results[floor_path]["rps"])
    print()
    print_cold_table(cold, cold_results[scale], costs)
    if other_scales:
        print()
        print_growth(cold, cold_results)
    print()
    print(
        f"Peak memory of a gunicorn worker (VmHWM), after crawling {crawl_pages} pages of "
        f"/api/ideas/: {peak_mb:.0f} MB"
    )
    print(
        "First visit to the home page: "
        + ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in first_visit["parts"])
        + f"; {first_visit['total'] / 1024:.1f} KB in all, compressed"
    )
    print(
        "Without JavaScript the home page shows "
        f"{first_visit['links']} links to meetings and ideas in its HTML."
    )
    print()
    _print_targets(pages, results, costs, results[floor_path]["rps"], peak_mb, first_visit)
    print()
    print_cold_targets(cold, cold_results, scale)
    print(
        "The machine's speed, for comparing tables: a Python loop of 10 million additions took "
        f"{loop_before:.2f} s before the cold measurement and {loop_after:.2f} s after it."
    )
    return 0


def _production_environment() -> None:
    if url := os.getenv("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["EMBEDDED_DB_NAME"] = "oppnasoc_bench"
    os.environ.update(
        # Production settings (a SECRET_KEY of their own) with the development tools.
        DEVTOOLS="true",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        BENCH_FLOOR_VIEW="true",
        # The open-data files of the benchmark's database, apart from the development ones.
        EXPORTS_ROOT=str(ROOT / "var" / "bench-exports"),
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        # wrk's connections all come from 127.0.0.1: the benchmark measures the pages, and
        # the per-visitor limits would answer it 429.
        RATE_LIMIT_SEARCH="0",
        RATE_LIMIT_API="0",
        RATE_LIMIT_DOWNLOADS="0",
        RATE_LIMIT_PAGES="0",
        EXPENSIVE_AT_ONCE="0",
    )


def _manage(*args: str, env: dict | None = None) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True, env=env)


def _scale_environment(scale: str) -> dict:
    """The environment of a database of its own for `scale`: `<name>_s<scale>` beside the
    benchmark database (made when missing), and export files of its own."""
    env = dict(os.environ)
    suffix = "_s" + scale.replace(".", "_")
    if url := os.getenv("BENCH_DATABASE_URL"):
        import psycopg
        from psycopg import sql

        base, _, name = url.rpartition("/")
        env["DATABASE_URL"] = f"{base}/{name}{suffix}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name + suffix]
            ).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name + suffix)))
    else:
        env["EMBEDDED_DB_NAME"] = "oppnasoc_bench" + suffix
    env["EXPORTS_ROOT"] = str(ROOT / "var" / f"bench-exports{suffix}")
    return env


def _serve(port: int, workers: int, threads: int, env: dict | None = None) -> subprocess.Popen:
    """gunicorn with production's settings file: each worker readied before it answers
    (portal/warmup.py) and a JSON line logged per request, into GUNICORN_LOG."""
    GUNICORN_LOG.parent.mkdir(exist_ok=True)
    with GUNICORN_LOG.open("a") as log:
        return subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "--config", "oppnasoc/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
             "--timeout", "120"],
            cwd=ROOT, env=env, stdout=log, stderr=log,
        )  # fmt: skip


def _measure_cold(pages_at: dict[str, list], requests: int, envs: dict[str, dict]) -> dict:
    """Each page's cold cost at each scale (scale → its pages, in the same order, and its
    environment): one request at a time to one worker a scale with the page cache off, the
    scales' requests in turn. Scale → page name → Cold."""
    from devtools.benchmark.cold import measure

    servers, bases = [], {}
    try:
        for scale, env in envs.items():
            port = _free_port()
            bases[scale] = f"http://127.0.0.1:{port}"
            servers.append(_serve(port, 1, 1, {**env, "PAGE_CACHE_SECONDS": "0"}))
        for base in bases.values():
            _wait_for(base + os.getenv("BENCH_FLOOR_PATH", "/bench/floor/"))
        results: dict[str, dict] = {scale: {} for scale in envs}
        first = next(iter(pages_at))
        for number, page in enumerate(pages_at[first]):
            urls = {scale: bases[scale] + pages_at[scale][number].path for scale in envs}
            for scale, cold in measure(urls, requests, first_byte=page.first_byte).items():
                results[scale][page.name] = cold
        return results
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)


def _loop_seconds() -> float:
    """The machine's speed as a number: how long a loop of 10 million additions takes."""
    started = time.perf_counter()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.perf_counter() - started


def _pages_of(env: dict, key_page) -> list:
    """The cold and search pages of another scale's database, in the order of this one's."""
    listed = subprocess.run(
        [PYTHON, "-m", "devtools.benchmark.list_pages"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [key_page(**page) for page in json.loads(listed.stdout.splitlines()[-1])]


def _crawl(base: str, pages: int) -> None:
    """What a scraper does: every page of the API's ideas, five at a time."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(number: int) -> None:
        try:
            _fetch_plain(f"{base}/api/ideas/?page={number}")
        except urllib.error.HTTPError as error:  # past the last page: 404
            if error.code != 404:
                raise

    with ThreadPoolExecutor(5) as pool:
        list(pool.map(fetch, range(1, pages + 1)))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=60).read()
            return
        except OSError:  # not listening yet, or a worker still starting
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _wrk(url: str, script: Path, connections: int, seconds: int) -> dict:
    run = subprocess.run(
        ["wrk", "--threads", "2", "--connections", str(connections), "--duration", f"{seconds}s",
         "--timeout", "30s", "--script", script, url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = re.search(r"^BENCH (.*)$", run.stdout, re.MULTILINE)
    if not found:
        raise RuntimeError(f"wrk printed no summary for {url}:\n{run.stdout}{run.stderr}")
    values = {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", found[1])}
    values["rps"] = values["requests"] / (values["duration_us"] / 1e6)
    return values


def _drain(port: int) -> float:
    """Waits until the server has answered every request wrk left in flight when it stopped.

    A gunicorn worker finishes a request whose client has gone, so without this the next page
    would be measured while the workers still work on the last one. Open connections to the
    port (established, or closed by wrk but not yet by the worker) are in /proc/net/tcp.
    """
    started = time.monotonic()
    local = f"0100007F:{port:04X}"
    busy = {"01", "03", "08"}  # ESTABLISHED, SYN_RECV, CLOSE_WAIT
    while True:
        rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
        if not any(r.split()[1] == local and r.split()[3] in busy for r in rows):
            return time.monotonic() - started
        time.sleep(0.2)


def _children(pid: int) -> list[int]:
    """The gunicorn workers: the processes whose parent is the master."""
    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            workers.append(int(stat.parent.name))
    return workers


def _peak_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)[1])


def _fetch(url: str) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read(), dict(response.headers)


def _first_visit(base: str) -> dict:
    """The home page and everything it loads, each as compressed as it would travel.

    Static files are counted as WhiteNoise serves them (brotli or gzip); the HTML as gzip
    would send it when the server does not compress it itself (a proxy in front does).
    """
    html, headers = _fetch(base + "/")
    if headers.get("Content-Encoding"):
        parts = [("HTML", len(html))]
        html = _fetch_plain(base + "/")
    else:
        parts = [("HTML", len(gzip.compress(html)))]
    text = html.decode()
    urls = re.findall(r'<(?:script|img)\b[^>]*\bsrc="([^"]+)"', text)
    for tag in re.findall(r"<link\b[^>]*>", text):
        rel = re.search(r'\brel="([^"]+)"', tag)
        href = re.search(r'\bhref="([^"]+)"', tag)
        if rel and href and set(rel[1].split()) & {"stylesheet", "icon", "preload", "manifest"}:
            urls.append(href[1])
    seen = set()
    while urls:
        url = urls.pop(0)
        if url in seen or not url.startswith("/") or url.startswith("//"):
            continue
        seen.add(url)
        body, _headers = _fetch(base + url)
        parts.append((url.rsplit("/", 1)[-1], len(body)))
        if url.endswith(".css"):  # fonts and images the stylesheet needs
            css = _fetch_plain(base + url).decode()
            for found in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
                if not found.startswith("data:"):
                    urls.append(
                        found if found.startswith("/") else url.rsplit("/", 1)[0] + "/" + found
                    )
    main = re.search(r"<main\b.*?</main>", text, re.DOTALL)
    links = len(re.findall(r'href="/(?:moten|ideer)/[^"]+', main[0])) if main else 0
    return {"parts": parts, "total": sum(size for _name, size in parts), "links": links}


def _fetch_plain(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


def _print_table(pages, results, costs, floor_rps: float) -> None:
    header = (f"{'page':<18} {'path':<38} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} "
              f"{'×floor':>6} {'queries':>7} {'bytes':>9} {'gzip':>7}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for page in pages:
        r, c = results[page.path], costs[page.path]
        if r["requests"]:
            latencies = " ".join(f"{r[p] / 1000:>7.1f}" for p in ("p50_us", "p95_us", "p99_us"))
        else:
            latencies = f"{'none finished':>23}"
        errors = f"  (errors: {r['non2xx']} non-2xx, {r['errors']} failed)"
        print(
            f"{page.name:<18} {page.path:<38} {r['rps']:>7.1f} {latencies} "
            f"{r['rps'] / floor_rps:>6.3f} {c.queries:>7} {c.size:>9,} {c.gzip_size:>7,}"
            + (errors if r["non2xx"] or r["errors"] else "")
        )
    print("Latencies in milliseconds; queries of one request with every cache cleared.")


def _print_targets(pages, results, costs, floor_rps, peak_mb, first_visit) -> None:
    from devtools.benchmark.cold import check

    key = pages[1:]
    print("Targets of issue #7, section 3:")
    check(
        f"requests/s at least {FLOOR_RATIO} of the floor's",
        [p.name for p in key if results[p.path]["rps"] < FLOOR_RATIO * floor_rps],
    )
    check(
        "p95 at most 50 ms (search at most 100 ms)",
        [
            p.name
            for p in key
            if not results[p.path]["requests"] or results[p.path]["p95_us"] > p.p95_target_ms * 1000
        ],
    )
    check(
        f"at most {MAX_QUERIES} SQL queries a page",
        [p.name for p in key if costs[p.path].queries > MAX_QUERIES],
    )
    check(
        f"a worker's peak memory at most {MAX_WORKER_MB} MB",
        [f"{peak_mb:.0f} MB"] if peak_mb > MAX_WORKER_MB else [],
    )
    heavy = first_visit["total"] > MAX_FIRST_VISIT_KB * 1024
    check(
        f"first visit to the home page at most {MAX_FIRST_VISIT_KB} KB, works without JS",
        ([f"{first_visit['total'] / 1024:.0f} KB"] if heavy else [])
        + (["no content without JavaScript"] if not first_visit["links"] else []),
    )


if __name__ == "__main__":
    sys.exit(main())
