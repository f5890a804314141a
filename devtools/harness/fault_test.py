"""Fault test: PostgreSQL stops under a load of page reads and comment posts, then returns.

Runs the portal under gunicorn on a throwaway database (devtools/harness/), stops the database
for a few seconds while clients read pages and representatives post comments, starts it again
and loads on. Passes when every answer was 200, 302 or 503, every 503 came within 2 s, pages
were served again within 5 s of the database's return by the same gunicorn workers, and every
comment the portal confirmed is in the database. `make fault-test` runs it.

Knobs (environment): FAULT_READERS (5), FAULT_WRITERS (3), FAULT_DOWN_SECONDS (6),
FAULT_STOP_MODE (immediate; or fast), FAULT_BEFORE_SECONDS (8), FAULT_AFTER_SECONDS (12).
"""

import sys
import time

from devtools.harness.clients import Load, percentile, status_counts, table
from devtools.harness.server import Workplace, log, setting

ALLOWED = {200, 302, 503}
RECOVERY_LIMIT = 5.0
UNAVAILABLE_LIMIT = 2.0


def main() -> int:
    readers = setting("FAULT_READERS", 5)
    writers = setting("FAULT_WRITERS", 3)
    down_for = setting("FAULT_DOWN_SECONDS", 6.0)
    before = setting("FAULT_BEFORE_SECONDS", 8.0)
    after = setting("FAULT_AFTER_SECONDS", 12.0)
    mode = "fast" if setting("FAULT_STOP_MODE", "immediate") == "fast" else "immediate"

    # Each worker has a thread for every client, as gunicorn hands a worker any number of
    # kept-alive connections: no request queues behind another, so the time measured is the
    # portal's own, which is what the 2 s limit is about.
    threads = readers + writers
    with Workplace("oppnasoc-fault-", workers=2, threads=threads) as work:
        log(f"Throwaway PostgreSQL in {work.folder}, port {work.database.port}")
        work.database.create()
        log("Migrating, loading the demo content and the representatives")
        site = work.portal.prepare(representatives=writers)
        work.portal.start()
        workers = work.portal.worker_pids()
        log(f"gunicorn on port {work.portal.port}, workers {sorted(workers)}")
        load = Load(work.portal.port, site, readers=readers, writers=writers, post_share=0.2)
        load.start()
        log(f"{readers} readers and {writers} representatives at work")
        time.sleep(before)
        log(f"Stopping PostgreSQL ({mode}) for {down_for:g} s")
        down_at = time.monotonic()
        work.database.stop(mode)
        time.sleep(down_for)
        work.database.start()
        up_at = time.monotonic()
        log("PostgreSQL is up again")
        time.sleep(after)
        load.stop()
        stored = load.stored_comments(work.database)
        restarted = workers - work.portal.worker_pids()
    return report(load, down_at, up_at, stored, restarted)


def report(load: Load, down_at: float, up_at: float, stored: dict, restarted: set) -> int:
    results = load.results
    failures = []

    counts = status_counts(results)
    rows = [("status", "reads", "posts", "all")]
    for status in sorted(counts):
        label = status or "no answer"
        reads = sum(1 for r in results if r.status == status and r.kind == "read")
        posts = sum(1 for r in results if r.status == status and r.kind == "post")
        rows.append((label, reads, posts, counts[status]))
    print("\nAnswers\n" + table(rows))
    unexpected = [r for r in results if r.status not in ALLOWED]
    if unexpected:
        failures.append(f"{len(unexpected)} answers other than 200, 302 or 503")
        for r in unexpected[:10]:
            print(f"  {r.status or r.error} for {r.path}")

    unavailable = [r for r in results if r.status == 503]
    if not unavailable:
        failures.append("no 503 at all: the database's stop was not noticed")
    slowest = max((r.seconds for r in unavailable), default=0.0)
    if slowest > UNAVAILABLE_LIMIT:
        failures.append(f"a 503 took {slowest:.2f} s, over {UNAVAILABLE_LIMIT:g} s")

    served = [r.ended for r in results if r.status in (200, 302) and r.ended > up_at]
    recovery = min(served) - up_at if served else float("inf")
    if recovery > RECOVERY_LIMIT:
        failures.append(f"pages served again {recovery:.2f} s after the database, not within 5 s")
    late = [r for r in results if r.status == 503 and r.started > up_at + RECOVERY_LIMIT]
    if late:
        failures.append(f"{len(late)} answers were 503 more than 5 s after the database returned")
    if restarted:
        failures.append(f"gunicorn workers were restarted: {sorted(restarted)}")

    confirmed = {r.comment: r.body for r in results if r.comment is not None}
    lost = [pk for pk, body in confirmed.items() if stored.get(pk) != body]
    if lost:
        failures.append(f"{len(lost)} confirmed comments are not in the database: {lost[:10]}")
    if not confirmed:
        failures.append("no comment was confirmed: the posts did not work")
    unconfirmed = len(set(stored) - set(confirmed))

    during = [r for r in results if down_at <= r.started <= up_at]
    print(
        "\n"
        + table(
            [
                ("measure", "value"),
                ("database down (s)", f"{up_at - down_at:.1f}"),
                ("requests while down", len(during)),
                ("slowest 503 (s)", f"{slowest:.2f}"),
                ("p95 of 503s (s)", f"{percentile([r.seconds for r in unavailable], 0.95):.2f}"),
                ("first page after the database (s)", f"{recovery:.2f}"),
                ("gunicorn workers restarted", len(restarted)),
                ("comments confirmed", len(confirmed)),
                ("confirmed and stored", len(confirmed) - len(lost)),
                ("stored, answered 503 (not confirmed)", unconfirmed),
                ("requests sent again on a new connection", load.retries),
            ]
        )
    )
    if failures:
        print("\nFAULT TEST FAILED:\n- " + "\n- ".join(failures))
        return 1
    print("\nFault test passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
