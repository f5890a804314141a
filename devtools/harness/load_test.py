"""Load test: 100 clients for 2 minutes, 95% page reads and 5% comment posts.

Runs the portal under gunicorn with production settings on a throwaway database
(devtools/harness/). 80 clients read pages (home, meetings, a meeting, ideas, an idea,
search, a group; a tenth of them in English); 20 are representatives, logged in once, who
also post comments, so that 5% of all requests are posts. Prints the answers, the latency
percentiles and requests per second; fails on any answer other than 200 or 302 (so on any
5xx) and when the comments stored differ from the ones the portal confirmed.
`make load-test` runs it.

Knobs (environment): LOAD_CLIENTS (100), LOAD_SECONDS (120), LOAD_REPRESENTATIVES (20),
LOAD_WORKERS (4) and LOAD_THREADS (4) for gunicorn.
"""

import os
import re
import sys
import time

from devtools.harness.clients import Load, milliseconds, status_counts, table
from devtools.harness.server import Workplace, log, setting

POST_SHARE = 0.05
KINDS = [
    ("home", r"^/$"),
    ("meeting list", r"^/moten/$"),
    ("meeting", r"^/moten/\d+/"),
    ("idea list", r"^/ideer/$"),
    ("idea", r"^/ideer/[^/]+/$"),
    ("search", r"^/sok/"),
    ("group", r"^/grupper/"),
    ("comment post", r"/kommentarer/$"),
]


def main() -> int:
    clients = setting("LOAD_CLIENTS", 100)
    seconds = setting("LOAD_SECONDS", 120.0)
    writers = min(setting("LOAD_REPRESENTATIVES", 20), clients)
    workers = setting("LOAD_WORKERS", 4)
    threads = setting("LOAD_THREADS", 4)

    with Workplace("oppnasoc-load-", workers=workers, threads=threads) as work:
        log(f"Throwaway PostgreSQL in {work.folder}, port {work.database.port}")
        work.database.create()
        log("Migrating, loading the demo content and the representatives")
        site = work.portal.prepare(representatives=writers)
        work.portal.start()
        log(f"gunicorn on port {work.portal.port}: {workers} workers x {threads} threads")
        load = Load(
            work.portal.port,
            site,
            readers=clients - writers,
            writers=writers,
            post_share=POST_SHARE,
        )
        load.start()
        started = time.monotonic()
        log(f"{clients} clients ({writers} representatives) for {seconds:g} s")
        time.sleep(seconds)
        load.stop()
        elapsed = time.monotonic() - started
        stored = load.stored_comments(work.database)
    return report(load, elapsed, stored, clients, workers, threads)


def report(load: Load, elapsed: float, stored: dict, clients, workers, threads) -> int:
    results = load.results
    failures = []
    counts = status_counts(results)
    posts = [r for r in results if r.kind == "post"]

    rows = [("page", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms")]
    for name, pattern in KINDS:
        kind = [r.seconds for r in results if re.search(pattern, r.path.removeprefix("/en"))]
        rows.append((name, len(kind), *milliseconds(kind)))
    everything = [r.seconds for r in results]
    rows.append(("all", len(results), *milliseconds(everything)))
    print("\nLatency by page\n" + table(rows))

    print("\nAnswers\n" + table([("status", "count"), *sorted(counts.items())]))
    unexpected = [r for r in results if r.status not in (200, 302)]
    server_errors = sum(1 for r in results if r.status >= 500 or r.status == 0)
    if unexpected:
        failures.append(
            f"{len(unexpected)} answers other than 200 or 302, {server_errors} of them 5xx or none"
        )
        for r in unexpected[:10]:
            print(f"  {r.status or r.error} for {r.path}")

    confirmed = {r.comment: r.body for r in results if r.comment is not None}
    lost = [pk for pk, body in confirmed.items() if stored.get(pk) != body]
    if lost or len(stored) != len(confirmed):
        failures.append(
            f"{len(confirmed)} comments confirmed but {len(stored)} stored ({len(lost)} lost)"
        )

    p50, p95, p99, _ = milliseconds(everything)
    print(
        "\n"
        + table(
            [
                ("measure", "value"),
                ("clients", clients),
                ("gunicorn", f"{workers} workers x {threads} threads"),
                ("seconds", f"{elapsed:.0f}"),
                ("requests", len(results)),
                ("requests per second", f"{len(results) / elapsed:.1f}"),
                ("comment posts", f"{len(posts)} ({100 * len(posts) / max(len(results), 1):.1f}%)"),
                ("5xx or no answer", server_errors),
                ("comments confirmed", len(confirmed)),
                ("comments stored", len(stored)),
                ("latency p50 / p95 / p99 ms", f"{p50} / {p95} / {p99}"),
                ("requests sent again on a new connection", load.retries),
                ("machine load average (1 min)", f"{os.getloadavg()[0]:.1f}"),
            ]
        )
    )
    if failures:
        print("\nLOAD TEST FAILED:\n- " + "\n- ".join(failures))
        return 1
    print("\nLoad test passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
